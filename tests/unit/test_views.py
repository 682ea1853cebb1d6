import pandas as pd
import pytest

from dashboard.analysis.filters import apply_filters, describe_filters
from dashboard.analysis.metrics import pair_counts, per_10k
from dashboard.core.view_state import DEFAULT, ViewState
from dashboard.views.atlas import national_areas
from dashboard.views.locality import locality_cards
from dashboard.views.provision import heatmap_counts, intersection_counts


def frame(rows):
    return pd.DataFrame(rows, columns=["intervention_id", "locality_code", "types",
                                       "determinants", "populations", "provider_type"])


SMALL = frame([
    ("a", "E06000009", ["befriending"], ["social_isolation", "caring"], ["older_adults"], "nhs"),
    ("b", "E06000009", ["peer_support", "befriending"], ["social_isolation"],
     ["minority_ethnic", "women"], "voluntary"),
    ("c", "E08000025", ["food_security"], ["food_insecurity"],
     ["minority_ethnic", "lgbtq", "young_adults"], "voluntary"),
])


def test_pair_counts_counts_each_intervention_once_per_pair():
    counts = pair_counts(SMALL, "determinants", "types",
                         ["social_isolation", "caring", "housing"], ["befriending", "peer_support"])
    assert counts.loc["social_isolation", "befriending"] == 2
    assert counts.loc["social_isolation", "peer_support"] == 1
    assert counts.loc["caring", "befriending"] == 1
    assert counts.loc["housing"].sum() == 0          # empty rows are kept


def test_apply_filters_any_within_a_filter_all_across_filters():
    assert list(apply_filters(SMALL, {"types": ("peer_support", "food_security")})
                ["intervention_id"]) == ["b", "c"]
    both = apply_filters(SMALL, {"types": ("befriending",), "provider": ("voluntary",)})
    assert list(both["intervention_id"]) == ["b"]
    assert len(apply_filters(SMALL, {})) == 3


def test_describe_filters_in_plain_english(codelists):
    text = describe_filters({"determinants": ("housing", "caring")}, codelists)
    assert text == "Determinant: Housing and homelessness or Caring responsibilities"
    assert describe_filters({}, codelists) == "All interventions (no filters)"


@pytest.mark.parametrize(("count", "adults", "expected"),
                         [(5, 50_000, 1.0), (0, 10_000, 0.0), (3, 0, None), (3, None, None)])
def test_per_10k_handles_zero_and_unknown_adults(count, adults, expected):
    assert per_10k(count, adults) == expected


def test_intersection_counts_two_or_more_identity_groups(atlas_context):
    table = intersection_counts(atlas_context, SMALL)
    counts = dict(zip(table["label"], table["count"], strict=True))
    assert counts["Women + Minority-ethnic people"] == 1
    assert counts["Young adults + Minority-ethnic people + LGBTQ+ people"] == 1
    assert counts["Men + Minority-ethnic people"] == 0          # watched, shown at zero
    assert "Older adults" not in counts                            # one group is not a combination


def test_national_areas_use_published_ranks(atlas_context):
    areas = national_areas(atlas_context, atlas_context.dataset.interventions, "imd", "rank")
    blackpool = areas.set_index("code").loc["E06000009"]
    assert blackpool["rank"] == 1 and blackpool["decile"] == blackpool["colour_class"] == 1
    assert blackpool["hover_0"] == "Rank of average score: 1 of 296"
    sizes = areas["decile"].value_counts()
    assert set(sizes.index) == set(range(1, 11)) and set(sizes) <= {29, 30}
    share = national_areas(atlas_context, atlas_context.dataset.interventions, "imd", "share")
    published = atlas_context.geography.lads.loc["E08000025", "iod25_imd_prop_lsoa_top10"]
    birmingham = share.set_index("code").loc["E08000025"]
    assert birmingham["share"] == pytest.approx(published * 100)
    assert birmingham["hover_0"].startswith(
        f"LSOAs in England's most deprived 10%: {published * 100:.1f}% (rank ")


def test_heatmap_counts_keep_empty_structural_determinants(atlas_context):
    counts = heatmap_counts(atlas_context, "determinant_type",
                            atlas_context.dataset.interventions, [])
    for code in ("welfare_system", "air_quality", "urban_decay", "climate", "media",
                 "political_structures"):
        assert code in counts.index and counts.loc[code].sum() == 0


def test_locality_cards_match_published_figures(atlas_context):
    cards = {c.label: c for c in locality_cards(atlas_context, "E08000025",
                                                atlas_context.dataset.interventions)}
    lads = atlas_context.geography.lads
    assert cards["Rank of average IMD score"].value == \
        f"{int(lads.loc['E08000025', 'iod25_imd_rank_avg_score'])} of 296"
    mapped = int((atlas_context.dataset.interventions["locality_code"] == "E08000025").sum())
    assert cards["Interventions mapped"].value == str(mapped)
    adults = int(lads.loc["E08000025", "c21_adults_16plus"])
    assert cards["Interventions per 10,000 adults"].value == f"{mapped * 10_000 / adults:.1f}"


def test_filters_default_state_has_none():
    assert DEFAULT.active_filters == {}
    assert ViewState().with_filters(types=["befriending"]).active_filters == {
        "types": ("befriending",)}


def test_dataset_text_is_escaped_in_figures(atlas_context):
    from dataclasses import replace

    from dashboard.views.locality import locality_map

    rows = atlas_context.dataset.interventions.copy()
    first = rows.index[(rows["locality_code"] == "E06000009") & rows["latitude"].notna()][0]
    rows.loc[first, "name"] = "<b>bold</b><a href='javascript:alert(1)'>x</a>"
    meta = replace(atlas_context.dataset.meta, name="<i>Evil</i> dataset")
    context = replace(atlas_context, dataset=replace(atlas_context.dataset, meta=meta,
                                                     interventions=rows))
    figure = locality_map(context, "E06000009", ViewState(locality="E06000009"), rows).figure
    texts = list(figure.data[1].text)
    assert "&lt;b&gt;bold&lt;/b&gt;&lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt;" in texts
    footer = " ".join(a.text for a in figure.layout.annotations)
    assert "&lt;i&gt;Evil&lt;/i&gt; dataset" in footer
    assert "<i>" not in figure.layout.title.text + footer
