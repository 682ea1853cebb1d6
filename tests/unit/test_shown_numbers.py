"""Numbers and words the atlas shows, checked against counts computed here from the raw files.

The raw IoD2025 and lookup files are read directly (not through the prepared artefacts or the
views), so a slicing or ordering mistake in the views cannot hide itself.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pandas as pd
import pytest

from dashboard.analysis.dataset import dataset_from_rows
from dashboard.context import view_of_url
from dashboard.core.settings import Settings
from dashboard.core.view_state import DEFAULT, ViewState
from dashboard.exports.files import ExportError, export_file
from dashboard.figures.maps import SHARE_CLASSES
from dashboard.ingest.validation import validate_file
from dashboard.views.atlas import national_areas, national_caption, national_chart
from dashboard.views.common import locality_options
from dashboard.views.locality import locality_map, locality_page, lsoa_areas
from dashboard.views.parts import build_part, part_table, parts_of
from layouts.locality import locality_values

RAW = Settings.from_env().raw_dir
DAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def raw_lsoas() -> pd.DataFrame:
    iod = pd.read_csv(RAW / "imd" / "iod2025_domains_scores_ranks_deciles_lsoa21.csv",
                      dtype={"lsoa21_code": str})
    lookup = pd.read_csv(RAW / "lookups" / "lsoa21_ward24_lad24_england_wales.csv", dtype=str)
    return iod.merge(lookup, on="lsoa21_code")


@pytest.fixture(scope="module")
def raw_lads() -> pd.DataFrame:
    return pd.read_csv(RAW / "imd" / "iod2025_lad24_summaries.csv")


# Alt text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "domain"), [("E06000009", "imd"), ("E06000009", "income"),
                                               ("E08000025", "imd")])
def test_lsoa_map_alt_text_counts_deciles_as_published(atlas_context, raw_lsoas, code, domain):
    column = "IMD_decile" if domain == "imd" else "Income_decile"
    mine = raw_lsoas[raw_lsoas["lad24_code"] == code][column]
    summary = locality_map(atlas_context, code, replace(DEFAULT, locality=code, domain=domain),
                           atlas_context.dataset.interventions).summary
    assert f": {len(mine)} LSOAs." in summary
    assert f"{(mine == 1).sum()} in decile 1 (England's most deprived 10%)" in summary
    assert f"{mine.between(1, 3).sum()} in deciles 1-3" in summary
    assert f"{mine.between(8, 10).sum()} in deciles 8-10" in summary


def test_blackpool_alt_text_is_not_the_old_slice(atlas_context, raw_lsoas):
    mine = raw_lsoas[raw_lsoas["lad24_code"] == "E06000009"]["IMD_decile"]
    summary = locality_map(atlas_context, "E06000009", replace(DEFAULT, locality="E06000009"),
                           atlas_context.dataset.interventions).summary
    # at filing it said "38 in decile 1, 21 in deciles 1-3": deciles 2-3 counted as 1-3
    assert mine.between(1, 3).sum() >= (mine == 1).sum()
    assert f"{mine.between(1, 3).sum()} in deciles 1-3" in summary


@pytest.mark.parametrize("measure", ["rank", "score", "share"])
def test_national_alt_text_lists_the_most_deprived_by_published_rank(atlas_context, raw_lads,
                                                                     measure):
    rank_column = {"rank": "imd_rank_of_average_score", "score": "imd_rank_of_average_score",
                   "share": "imd_rank_of_proportion_of_lso_as_in_most_deprived_10_percent_nationally"}
    names = raw_lads.set_index("lad24_code")["lad24_name"]
    ranks = raw_lads.set_index("lad24_code")[rank_column[measure]].sort_values(kind="stable")
    first_five = [names[c] for c in ranks.index[:5]]
    summary = national_chart(atlas_context, replace(DEFAULT, measure=measure)).summary
    listed = summary.split("Most deprived: ")[1].split(". Districts with")[0]
    positions = [listed.index(name) for name in first_five]
    assert positions == sorted(positions)  # in rank order, not alphabetical
    if measure != "share":
        assert "Middlesbrough" in first_five and first_five[0] == "Blackpool"


# Hover, titles and classes follow the measure ---------------------------------------------


def test_map_hover_and_title_follow_the_measure(atlas_context, raw_lads):
    row = raw_lads.set_index("lad24_code").loc["E06000009"]
    by_measure = {m: national_areas(atlas_context, atlas_context.dataset.interventions, "imd", m)
                  .set_index("code").loc["E06000009"] for m in ("rank", "score", "share")}
    assert by_measure["rank"]["hover_0"] == "Rank of average score: 1 of 296"
    assert by_measure["score"]["hover_0"] == (
        f"Average score: {row['imd_average_score']:.3f} (rank 1 of 296)")
    share = row["imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally"] * 100
    assert by_measure["share"]["hover_0"].startswith(
        f"LSOAs in England's most deprived 10%: {share:.1f}% (rank ")
    assert by_measure["share"]["hover_1"].startswith("Class: ")
    titles = {m: national_caption(atlas_context, replace(DEFAULT, measure=m)).title
              for m in ("rank", "score", "share")}
    assert titles["share"].endswith("share of each district's LSOAs in England's most deprived 10%")
    assert "lsoas" not in " ".join(titles.values())
    assert titles["score"].endswith("average score of each district")


def test_share_classes_put_ties_at_zero_in_their_own_class(atlas_context, raw_lads):
    share = raw_lads.set_index("lad24_code")[
        "imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally"] * 100
    areas = national_areas(atlas_context, atlas_context.dataset.interventions, "imd", "share")
    classes = areas.set_index("code")["colour_class"]
    zero = share[share == 0].index
    assert len(zero) > 50                        # many districts tie at 0%
    assert (classes.loc[zero] == 7).all()         # all of them in "0%", none elsewhere
    assert (classes.drop(zero) < 7).all()
    assert SHARE_CLASSES.labels[6] == "0%"
    top = share[share >= 40].index
    assert (classes.loc[top] == 1).all()
    caption = national_caption(atlas_context, replace(DEFAULT, measure="share"), areas)
    assert f"0%: {len(zero)} districts with no LSOA in England's most deprived 10%" in " ".join(
        caption.notes)
    figure = national_chart(atlas_context, replace(DEFAULT, measure="share")).figure
    assert list(figure.data[0].colorbar.ticktext) == list(SHARE_CLASSES.labels)


def test_lsoa_hover_names_the_ward(atlas_context, raw_lsoas):
    areas = lsoa_areas(atlas_context, "E06000009", "imd").set_index("code")
    raw = raw_lsoas.set_index("lsoa21_code")
    for code in areas.index[:5]:
        ward, name = raw.loc[code, "ward24_name"], raw.loc[code, "lsoa21_name"]
        assert areas.loc[code, "name"] == f"{ward} ward ({name})".replace("&", "&amp;")
    figure = locality_map(atlas_context, "E06000009", replace(DEFAULT, locality="E06000009"),
                          atlas_context.dataset.interventions).figure
    assert "ward (Blackpool" in figure.data[0].text[0]


# Shares -------------------------------------------------------------------------------------


def test_shares_toggle_shows_shares_with_their_denominator(atlas_context):
    counts = part_table(atlas_context, DEFAULT, "determinant_type")
    total = int(counts["interventions"].sum())
    shown = build_part(atlas_context, replace(DEFAULT, shares=True), "determinant_type")
    cells = [t for row in shown.figure.data[0].text for t in row if t != "–"]
    assert cells and all(t.endswith("%") for t in cells)
    assert f"of all {total:,} counts in the table" in " ".join(shown.caption.notes)


# Exports of the numbers -------------------------------------------------------------------


VIEWS = [DEFAULT, replace(DEFAULT, measure="share"), replace(DEFAULT, locality="E06000009"),
         replace(DEFAULT, page="gaps"), replace(DEFAULT, page="compare",
                                                 compare=("E06000009", "E08000025"))]


@pytest.mark.parametrize("state", VIEWS, ids=lambda s: s.current_page + s.measure)
def test_every_csv_parses_with_comment_lines_skipped(atlas_context, state):
    for key in parts_of(state):
        export = export_file(atlas_context, None, state, key, "social", "csv", "http://x/#v,1",
                             DAY, credit="Made by us, with care")
        table = pd.read_csv(io.BytesIO(export.content), comment="#", encoding="utf-8-sig")
        expected = part_table(atlas_context, state, key)
        assert list(table.columns) == list(expected.columns), key
        assert len(table) == len(expected), key
        text = export.content.decode("utf-8-sig")
        assert "# Made by us, with care" in text and '"#' not in text


def test_map_csv_carries_numeric_score_rank_decile_and_counts(atlas_context, raw_lads):
    export = export_file(atlas_context, None, DEFAULT, "map", "social", "csv", "/", DAY)
    table = pd.read_csv(io.BytesIO(export.content), comment="#", encoding="utf-8-sig")
    for column in ("average_score", "rank_of_average_score", "decile_of_rank",
                   "share_of_lsoas_in_most_deprived_10pc", "rank_of_share", "interventions"):
        assert pd.api.types.is_numeric_dtype(table[column]), column
    raw = raw_lads.set_index("lad24_code")
    blackpool = table.set_index("LAD24CD").loc["E06000009"]
    assert blackpool["average_score"] == pytest.approx(raw.loc["E06000009", "imd_average_score"])
    assert blackpool["rank_of_average_score"] == 1 and blackpool["decile_of_rank"] == 1
    lsoa = export_file(atlas_context, None, replace(DEFAULT, locality="E06000009"), "map",
                       "social", "csv", "/", DAY)
    lsoas = pd.read_csv(io.BytesIO(lsoa.content), comment="#", encoding="utf-8-sig")
    assert {"ward_2024", "score", "rank_of_33755", "decile"} <= set(lsoas.columns)
    assert pd.api.types.is_numeric_dtype(lsoas["rank_of_33755"])


def test_credit_line_too_long_is_a_sentence(atlas_context):
    with pytest.raises(ExportError, match="keep it to 120 or fewer"):
        export_file(atlas_context, None, DEFAULT, "map", "social", "csv", "/", DAY,
                    credit="x" * 121)


# A locality with no interventions ---------------------------------------------------------


def test_locality_without_interventions_shows_one_message_and_its_need(atlas_context):
    state = replace(DEFAULT, locality="E07000240")
    page = locality_page(atlas_context, state)
    assert page.empty and "No interventions for St Albans (E07000240)" in page.empty
    assert page.need.caption.title == "St Albans: need by determinant"
    assert page.need.figure.data[0].type == "bar" and len(page.need.figure.data[0].y) >= 8
    assert all(note is None for _, _, note in page.priorities)  # said once, on the page
    values = locality_values(page)
    assert values["provision_row"] == values["provision_column"] == {"display": "none"}
    assert "St Albans" in page.title and values["empty"] is not None  # the title: with the page
    # the need side is still there: the map and the cards
    assert locality_map(atlas_context, "E07000240", state,
                        atlas_context.dataset.interventions).figure.data[0].z is not None
    shown = locality_values(locality_page(atlas_context, replace(DEFAULT, locality="E06000009")))
    assert shown["provision_row"] == {} and shown["empty"] is None


# Words --------------------------------------------------------------------------------------


def test_plurals_are_right(atlas_context):
    rows = atlas_context.dataset.interventions
    one = rows[rows["locality_code"] == "E06000009"].head(1)
    context = replace(atlas_context, dataset=dataset_from_rows(atlas_context.dataset.meta, one))
    labels = [o["label"] for o in locality_options(context) if o["value"] == "E06000009"]
    assert labels == ["Blackpool (E06000009) – 1 intervention"]
    state = replace(DEFAULT, locality="E06000009")
    summary = locality_map(context, "E06000009", state, context.dataset.interventions).summary
    assert "of the 1 intervention shown" in summary
    assert "Across the 1 locality" in build_part(context, replace(DEFAULT, page="gaps"),
                                                 "gaps").summary


# District codes changed by boundary orders ------------------------------------------------


@pytest.mark.parametrize(("old", "current", "name"), [
    ("E07000100", "E07000240", "St Albans"), ("E08000020", "E08000037", "Gateshead"),
    ("E06000048", "E06000057", "Northumberland"), ("E07000104", "E07000241", "Welwyn Hatfield"),
    ("E07000097", "E07000242", "East Hertfordshire"), ("E07000101", "E07000243", "Stevenage")])
def test_old_district_codes_are_recoded_with_a_note(atlas_context, old, current, name):
    state, notes = view_of_url(atlas_context, f"/locality/{old}", "")
    assert state.locality == current
    assert len(notes) == 1 and "ONS Code History Database" in notes[0]
    assert f"showing {name} ({current})" in notes[0]


def test_validator_recodes_st_albans_and_gateshead_with_a_warning(codelists, localities, tmp_path):
    path = tmp_path / "mapping.csv"
    path.write_text(
        "intervention_id,name,provider,locality_code,types,determinants,populations\n"
        "A1,Club,Prov,E07000100,befriending,social_isolation,older_adults\n"
        "A2,Cafe,Prov,E08000020,befriending,social_isolation,older_adults\n", encoding="utf-8")
    report = validate_file(path, codelists, localities)
    assert report.rows_accepted == 2 and not report.errors
    assert list(report.accepted["locality_code"]) == ["E07000240", "E08000037"]
    messages = [w.message for w in report.warnings if w.column == "locality_code"]
    assert len(messages) == 2 and all("recoded to" in m for m in messages)


def test_plain_view_state_has_no_notes(atlas_context):
    assert view_of_url(atlas_context, "/locality/E07000240", "") == (
        ViewState(locality="E07000240"), [])
