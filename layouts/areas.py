"""The areas panel: local authorities, Sub-ICB locations or ICBs, and the districts of one area."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.core.areas import LEVELS
from dashboard.views.areas import AreaPanel
from layouts.components import HIDDEN, radio_group
from layouts.ids import Id


def area_section(level: str = "lad", values: dict[str, Any] | None = None) -> html.Section:
    """The level switch (its value lives in the URL as ``areas=``) and the drill-down panel.

    ``values``: what :func:`area_values` gives for the view the section is built for.
    """
    values = values or {"style": {}, "focus": None}
    return html.Section(
        dbc.Card(dbc.CardBody([
            radio_group(Id.AREA_LEVEL, LEVELS, level,
                        "Areas (map, locality heatmap and gap analysis)"),
            html.Div(values["focus"], id=Id.AREA_FOCUS, **{"aria-live": "polite"}),
        ]), className="mt-3"),
        id=Id.AREA_PANEL, style=values["style"], **{"aria-label": "Areas"},
    )


def area_values(panel: AreaPanel) -> dict[str, Any]:
    """Style and content of the areas panel."""
    if not panel.visible:
        return {"style": HIDDEN, "focus": None}
    content: list = [html.P(panel.note, className="small text-muted mb-2")]
    if panel.focus:
        label, href = panel.back
        content = [
            html.H3(panel.focus, className="h6 mb-1"),
            dcc.Link(f"← {label}", href=href, className="small d-inline-block mb-2"),
            html.Div(dbc.Table([
                html.Thead(html.Tr([html.Th(h, scope="col") for h in (
                    "District", "Residents in this area", "IMD rank", "Interventions",
                    "Per 10,000 adults")])),
                html.Tbody([html.Tr([html.Td(dcc.Link(name, href=link)), html.Td(share),
                                     html.Td(rank), html.Td(count), html.Td(rate)])
                            for name, link, share, rank, count, rate in panel.rows]),
            ], size="sm", striped=True, className="mb-1 small"), className="area-districts",
                tabIndex=0, **{"aria-label": "Districts of this area"}),
            *content,
        ]
    return {"style": {}, "focus": content}
