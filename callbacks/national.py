"""National view: changing the domain recolours the map without resending geometry."""

from __future__ import annotations

from dash import Dash, Input, Output, Patch

from dashboard.context import AtlasContext
from dashboard.figures import area_customdata
from dashboard.views import national_areas, national_caption, national_summary
from layouts.ids import Id


def recolour_map(ctx: AtlasContext, domain: str) -> tuple[Patch, str]:
    """Patch z, hover data and title of the national map for ``domain``; new text summary."""
    areas = national_areas(ctx, domain)
    caption = national_caption(ctx, domain)
    patch = Patch()
    patch["data"][0]["z"] = areas["decile"].tolist()
    patch["data"][0]["customdata"] = area_customdata(areas)
    patch["layout"]["title"]["text"] = caption.title_html
    return patch, national_summary(areas, domain)


def register(app: Dash, ctx: AtlasContext) -> None:
    """Wire the national-view callbacks."""

    @app.callback(
        Output(Id.MAP, "figure"),
        Output(Id.MAP_SUMMARY, "children"),
        Input(Id.DOMAIN, "value"),
        prevent_initial_call=True,
    )
    def on_domain(domain: str):
        return recolour_map(ctx, domain)
