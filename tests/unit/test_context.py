"""Context features: levels, drill, change since 2019, neighbours, Health Index, search, citation.

Expected numbers are computed here from the raw files in ``data/raw`` (not from the prepared
artefacts the code reads), or by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis.areas import area_assignment, level_dataset, level_geography
from dashboard.analysis.change import change_class, change_table
from dashboard.analysis.gaps import Thresholds, classify
from dashboard.analysis.history import version_changes, version_figures
from dashboard.analysis.mh_need import health_gap_table, health_need
from dashboard.context import scoped, view_of_url
from dashboard.core.context_state import map_click
from dashboard.core.view_state import state_from_dict, state_to_dict, state_to_url
from dashboard.views.atlas import national_areas
from dashboard.views.citation import citation
from dashboard.views.search import fold, search_options, within
from dashboard.views.similar import nearest, similar_areas


@pytest.fixture(scope="module")
def raw(settings):
    return settings.raw_dir


def test_context_state_round_trips_through_the_url(atlas_context):
    state, notes = view_of_url(atlas_context, "/locality/E06000009",
                               "?similar=economic&ward=E05015186&from=3&to=1&service=X-1")
    assert notes == []
    assert (state.similar, state.ward, state.versions, state.service) == (
        "economic", "E05015186", (1, 3), "X-1")
    assert state_from_dict(state_to_dict(state)) == state
    path, query = state_to_url(state)
    assert path == "/locality/E06000009"
    assert view_of_url(atlas_context, path, query)[0] == state


def test_context_state_drops_what_does_not_fit_with_a_note(atlas_context):
    state, notes = view_of_url(atlas_context, "/", "?areas=icb&map=hex&measure=change&focus=E99")
    assert (state.area_level, state.map_mode, state.measure, state.focus) == (
        "icb", "map", "rank", None)
    assert len(notes) == 3
    state, notes = view_of_url(atlas_context, "/locality/E08000025", "?ward=E05015186")
    assert state.ward is None and "not in this locality" in notes[0]


def test_map_click_opens_a_district_or_drills_into_an_nhs_area():
    assert map_click("E06000009") == {"locality": "E06000009"}
    assert map_click("E54000048") == {"areas": "lad", "focus": "E54000048"}


def test_icb_level_ranks_and_deciles_are_among_42(atlas_context):
    state, _ = view_of_url(atlas_context, "/", "?areas=icb")
    atlas = scoped(atlas_context, state)
    areas = national_areas(atlas, atlas.dataset.interventions, "imd", "rank").set_index("code")
    published = pd.read_csv(atlas_context.settings.raw_dir / "imd" /
                            "iod2025_icb24_summaries.csv").set_index("icb24_code")
    assert len(areas) == 42
    rank = published.at["E54000048", "imd_rank_of_average_score"]
    assert areas.at["E54000048", "rank"] == rank
    assert "8 of 42" in areas.at["E54000048", "hover_0"] and rank == 8
    assert areas.at["E54000048", "decile"] == (rank - 1) * 10 // 42 + 1
    assert areas["interventions"].sum() == len(atlas_context.dataset.interventions)


def test_interventions_in_a_split_district_follow_their_location(atlas_context, raw):
    """East Suffolk is split between two ICBs: Lowestoft is in Norfolk and Waveney's."""
    rows = atlas_context.dataset.interventions.head(3).copy()
    rows["intervention_id"] = ["A", "B", "C"]
    rows["locality_code"] = "E07000244"
    rows["latitude"] = [52.4745, 51.9617, np.nan]   # Lowestoft, Felixstowe, no point
    rows["longitude"] = [1.7502, 1.3510, np.nan]
    from dashboard.analysis.dataset import make_dataset
    dataset = make_dataset(atlas_context.dataset.meta, rows, atlas_context.dataset.report,
                           atlas_context.cache)
    icb = area_assignment(dataset, atlas_context.geography, "icb").tolist()
    lookup = pd.read_csv(raw / "lookups" / "lsoa21_sicbl24_icb24_england.csv")
    wards = pd.read_csv(raw / "lookups" / "lsoa21_ward24_lad24_england_wales.csv")
    population = pd.read_csv(raw / "census" / "census2021_ts007a_age6_lsoa21_ew.csv")
    east_suffolk = (wards[wards["lad24_code"] == "E07000244"]
                    .merge(lookup, on="lsoa21_code").merge(population, on="lsoa21_code"))
    best = east_suffolk.groupby("icb24_code")["total_residents"].sum().idxmax()
    assert icb[0] == "E54000022"  # Norfolk and Waveney
    assert icb[1] == "E54000023"  # Suffolk and North East Essex
    assert icb[2] == best         # no point: most of the district's residents


def test_level_geography_of_sub_icb_locations(atlas_context):
    geography = level_geography(atlas_context.geography, "sicbl")
    assert len(geography.lads) == 106 == geography.ranked_of
    assert len(geography.lad_geojson["features"]) == 106
    assert geography.lads["c21_pct_unpaid_carers"].isna().all()  # no indicator at this level
    dataset = level_dataset(atlas_context.dataset, atlas_context.geography, "sicbl")
    assert set(dataset.interventions["locality_code"]) <= set(geography.lads.index)


def test_change_since_2019_against_file_10(atlas_context, raw):
    lads = atlas_context.geography.lads
    table = change_table(lads, atlas_context.geography.districts.table)
    file10 = pd.read_csv(raw / "imd" / "iod2019_file10_lad19_summaries_all_sheets.csv")
    file10 = file10.set_index("Local Authority District code (2019)")
    # Hartlepool keeps its code: its 2019 rank among 296 counts districts with a higher score.
    scores = atlas_context.geography.districts.table["iod19_imd_avg_score"]
    hartlepool = file10.at["E06000001", "IMD - Average score"]
    assert table.at["E06000001", "rank_2019"] == (scores > hartlepool).sum() + 1
    published = pd.read_csv(raw / "imd" / "iod2025_lad24_summaries.csv").set_index("lad24_code")
    assert table.at["E06000001", "rank_2025"] == published.at["E06000001",
                                                              "imd_rank_of_average_score"]
    assert (table["change"] == table["rank_2019"] - table["rank_2025"]).all()
    watch = table[table["watch"]]
    assert (watch["decile_2025"] <= 2).all() and (watch["change"] >= 10).all()
    assert table.loc["E06000063", "merged"]


@pytest.mark.parametrize(("change", "expected"), [(45, 1), (30, 1), (29, 2), (10, 2), (9, 3),
                                                  (0, 3), (-9, 3), (-10, 4), (-29, 4), (-30, 5)])
def test_change_class_boundaries(change, expected):
    assert change_class(change) == expected


def test_nearest_neighbours_skip_non_english_authorities(atlas_context, raw):
    raw_table = pd.read_csv(raw / "lookups" / "ons_demographic_neighbours_2025.csv",
                            encoding="utf-8-sig", dtype=str).set_index("AREACD")
    listed = raw_table.loc["E06000009"].tolist()
    english = [c for c in listed if c.startswith("E")][:5]
    chosen, skipped = nearest(atlas_context, "E06000009", "demographic")
    assert chosen == english
    assert len(skipped) == listed.index(english[-1]) - 4  # the non-English ones before


def test_similar_areas_panel_and_compare_preset(atlas_context):
    state, _ = view_of_url(atlas_context, "/locality/E06000009", "?similar=economic")
    panel = similar_areas(atlas_context, state)
    codes = [r.code for r in panel.rows]
    assert codes[0] == "E06000009" and len(codes) == 6
    assert panel.compare_link.startswith("/compare?codes=" + ",".join(codes))
    hastings = next(r for r in panel.rows if r.code == "E07000062")
    n = int((atlas_context.dataset.interventions["locality_code"] == "E07000062").sum())
    adults = atlas_context.geography.lads.at["E07000062", "c21_adults_16plus"]
    assert hastings.interventions == n
    assert hastings.per_10k == pytest.approx(n * 10_000 / adults)
    uncoded = [r for r in panel.rows if not r.interventions]
    assert all(r.no_provision is None for r in uncoded)
    assert "most deprived of these 6 areas" in panel.standing[0]
    compare, _ = view_of_url(atlas_context, "/compare", panel.compare_link.split("?")[1])
    assert compare.compare == tuple(codes)


def test_health_index_need_and_gap_rows(atlas_context, raw):
    context = atlas_context.geography.districts.table
    need = health_need(context)
    raw_index = pd.read_csv(raw / "health" / "ons_health_index_subdomains_lad21_england.csv")
    blackpool = raw_index[(raw_index["lad21_code"] == "E06000009") & (raw_index["year"] == 2021)]
    value = float(blackpool["Mental health"].iloc[0])
    values = context["hi_mental_health"].dropna()
    rank = (values < value).sum() + ((values == value).sum() + 1) / 2
    n = len(values)
    assert need.at["E06000009", "existing_mh_percentile"] == pytest.approx(100 * (n - rank) / (n - 1))
    rows = atlas_context.dataset.interventions
    table = health_gap_table(atlas_context.geography.lads, context, rows, ["E06000009"],
                             Thresholds()).set_index("target")
    mine = rows[rows["locality_code"] == "E06000009"]
    count = int(mine["populations"].map(lambda p: "existing_mh" in p).sum())
    assert table.at["existing_mh", "interventions"] == count
    adults = atlas_context.geography.lads.at["E06000009", "c21_adults_16plus"]
    rate = count * 10_000 / adults
    assert table.at["existing_mh", "gap_class"] == classify(
        table.at["existing_mh", "need_percentile"], count, rate, 100 * count / len(mine),
        Thresholds())
    assert np.isnan(need.at["E09000001", "existing_mh_percentile"])


def test_version_changes_added_removed_recoded_edited():
    base = pd.DataFrame({
        "intervention_id": ["a", "b", "c"], "name": ["A", "B", "C"], "provider": ["p"] * 3,
        "locality_code": ["L1", "L1", "L2"],
        "determinants": [["housing"], ["caring"], ["housing"]],
        "types": [["befriending"]] * 3, "populations": [["all_adults"]] * 3,
        "social_model": [[]] * 3, "outcomes_measured": ["no"] * 3,
        "evaluation_level": ["none"] * 3})
    later = base.iloc[1:].copy()
    later.at[1, "determinants"] = ["caring", "housing"]
    later.at[2, "outcomes_measured"] = "yes"
    later = pd.concat([later, base.iloc[[0]].assign(intervention_id="d", name="D")])
    changes = version_changes(base, later, ["housing", "caring"])
    assert changes.added == ("d",) and changes.removed == ("a",)
    assert changes.recoded == {"b": ("determinants",)}
    assert changes.edited == {"c": ("outcomes_measured",)}
    cells = changes.cells.set_index(["locality", "determinant"])
    # L1 housing: a before; b (recoded) and d after. Nothing else moved.
    assert cells.to_dict("index") == {("L1", "housing"): {"before": 1, "after": 2, "change": 1}}
    local = version_changes(base, later, ["housing", "caring"], locality="L1")
    assert local.cells.set_index(["locality", "determinant"]).at[("L1", "housing"), "after"] == 2
    figures = version_figures(later, ["housing", "caring"])
    assert figures == {"interventions": 3, "determinants": {"housing": 3, "caring": 1},
                       "outcomes_measured": 1, "evaluated": 0}


@pytest.mark.parametrize(("a", "b", "limit", "expected"), [
    ("blackpool", "blakpool", 1, True), ("blackpool", "lbackpool", 1, True),
    ("anchorsholme", "anchorsolme", 2, True), ("hull", "hill", 1, True),
    ("hull", "bell", 1, False), ("leeds", "leicester", 2, False)])
def test_search_words_within_edits(a, b, limit, expected):
    assert within(a, b, limit) is expected


def test_search_forgives_case_accents_and_typos(atlas_context):
    state = view_of_url(atlas_context, "/", "")[0]
    assert fold("  Côte-d'Azur  ") == "cote d azur"
    for query in ("blackpool", "BLAKPOOL", "Blàckpool"):
        assert search_options(atlas_context, state, query)[0]["value"] == "/locality/E06000009"
    ward = search_options(atlas_context, state, "anchorsolme")[0]
    assert ward["value"] == "/locality/E06000009?ward=E05015186"
    assert ward["label"].startswith("Ward: Anchorsholme")
    icb = search_options(atlas_context, state, "lancashire south cumbria icb")[0]
    assert icb["value"] == "/?focus=E54000048"
    service = search_options(atlas_context, state, "wellbeing walks")[0]
    assert service["label"].startswith("Service: Illustrative: Wellbeing walks")
    assert "service=" in service["value"]
    assert search_options(atlas_context, state, "b") == []


def test_citation_pins_the_version_and_names_sources(atlas_context):
    state, _ = view_of_url(atlas_context, "/locality/E06000009", "")
    text = citation(atlas_context, state, "https://atlas.example.org/", dt.date(2026, 12, 2))
    assert text.startswith("Blackpool (E06000009). Community mental-health provision atlas")
    assert "version 1.0.0 (illustrative data" in text
    assert "English Indices of Deprivation 2025, MHCLG" in text
    assert "Viewed 2 December 2026. https://atlas.example.org/locality/E06000009" in text
    live = replace(state, dataset="workshop-map", revision=4)
    assert text != citation(atlas_context, live, "https://a.org", dt.date(2026, 12, 2))
    assert citation(atlas_context, live, "https://a.org", dt.date(2026, 12, 2)).endswith(
        "/locality/E06000009?dataset=workshop-map%404")


def test_map_captions_name_their_sources_and_scope(atlas_context):
    from dashboard.views.atlas import national_chart

    state, _ = view_of_url(atlas_context, "/", "?areas=sicbl")
    chart = national_chart(scoped(atlas_context, state), state)
    assert "Deciles of the rank of average score among 106 Sub-ICB locations" in chart.caption.notes[0]
    assert any("Sub-ICB location to ICB lookup" in s and "OS data" in s
               for s in chart.caption.sources)
    state, _ = view_of_url(atlas_context, "/", "?measure=change")
    chart = national_chart(scoped(atlas_context, state), state)
    assert chart.caption.sources[0].startswith("Source: English Indices of Deprivation 2025 and "
                                               "2019")
    assert "Ranks are relative" in chart.caption.notes[0]
    watched = chart.figure.data[0].marker.line.width
    table = change_table(atlas_context.geography.lads, atlas_context.geography.districts.table)
    assert sum(w > 1 for w in watched) == int(table["watch"].sum()) > 0
