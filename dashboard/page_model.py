"""Values the atlas page is built from (figures, sentences, facts); no Dash here."""

from __future__ import annotations

from typing import Any

from dashboard.context import AtlasContext
from dashboard.figures import deprivation_choropleth, provision_heatmap
from dashboard.iod import BOUNDARY_SOURCE, CENSUS_SOURCE, DOMAINS, HEX_SOURCE, IOD_SOURCE
from dashboard.views import (
    LEVEL_ORDER,
    determinant_summary,
    determinant_type_caption,
    determinant_type_counts,
    national_areas,
    national_caption,
    national_summary,
)

DEFAULT_DOMAIN = "imd"


def national_page(ctx: AtlasContext, domain: str = DEFAULT_DOMAIN) -> dict[str, Any]:
    """Keyword arguments of ``layouts.page.build_layout`` for the national view."""
    meta = ctx.dataset.meta
    areas = national_areas(ctx, domain)
    counts = determinant_type_counts(ctx, ctx.dataset.interventions)
    determinants = ctx.codelists["determinants"]
    report = ctx.dataset.report
    return {
        "title": "Community mental-health provision atlas",
        "dataset_label": f"{meta.name}, version {meta.version}"
        + (" (illustrative)" if meta.illustrative else ""),
        "notice": meta.notice.removeprefix("Illustrative data:").strip()
        if meta.illustrative
        else None,
        "domain_options": [{"label": d.label, "value": d.key} for d in DOMAINS],
        "domain": domain,
        "map_figure": deprivation_choropleth(
            areas, ctx.geography.lad_geojson, national_caption(ctx, domain),
            rank_label="Rank of average score",
        ),
        "map_summary": national_summary(areas, domain),
        "heatmap_figure": provision_heatmap(
            counts,
            determinant_type_caption(ctx),
            row_labels=determinants.labels,
            col_labels=ctx.codelists["types"].labels,
            row_groups=determinants.groups,
            group_order=LEVEL_ORDER,
        ),
        "heatmap_summary": determinant_summary(ctx, counts),
        "dataset_facts": [
            ("Dataset", f"{meta.name} (version {meta.version})"),
            ("Interventions", f"{report.rows_accepted} accepted of {report.rows_total} rows"),
            ("Localities", str(ctx.dataset.interventions["locality_code"].nunique())),
            ("Code lists", f"{ctx.codelists.name}, version {ctx.codelists.version}"),
        ],
        "sources": [IOD_SOURCE, BOUNDARY_SOURCE, HEX_SOURCE, CENSUS_SOURCE, meta.caption],
    }
