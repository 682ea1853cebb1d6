"""A locality's context: similar areas, change since 2019, mental-health need, over time."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.core.areas import NEIGHBOUR_KINDS
from dashboard.core.formatting import format_rate
from dashboard.views.change import LocalityChange
from dashboard.views.locality_context import HealthNeed, LocalityContext
from dashboard.views.monitoring import Monitoring
from dashboard.views.similar import SimilarAreas
from layouts.components import HIDDEN, alert, figure_with_text, radio_group, simple_table
from layouts.ids import Id


def _scrolling(table, tall: bool = False) -> html.Div:
    """A table that scrolls sideways on a phone (and down, when ``tall``), not the page."""
    return html.Div(table, className="table-responsive" + (" context-tall" if tall else ""),
                    tabIndex=0)


def _card(title: str, body: list, **kwargs) -> dbc.Card:
    return dbc.Card(dbc.CardBody([html.H3(title, className="h5"), *body]), className="mb-3",
                    **kwargs)


def context_section(similar: str = "global") -> html.Section:
    """The context cards under a locality page, the neighbours' kind ``similar`` chosen.

    Filled by their callback once the page's map is drawn (``callbacks/locality_context.py``).
    """
    history_choice = html.Div([
        dbc.Row([
            dbc.Col([html.Label("Compare version", htmlFor=Id.HISTORY_FROM,
                                className="form-label small mb-1"),
                     dcc.Dropdown(id=Id.HISTORY_FROM, clearable=False, searchable=False)], md=4),
            dbc.Col([html.Label("with version", htmlFor=Id.HISTORY_TO,
                                className="form-label small mb-1"),
                     dcc.Dropdown(id=Id.HISTORY_TO, clearable=False, searchable=False)], md=4),
        ], className="mb-2"),
    ], id=Id.HISTORY_CHOICE, style=HIDDEN)
    return html.Section(
        [
            dcc.Store(id=Id.CONTEXT_KEY), dcc.Store(id=Id.HISTORY_PICKED),
            dcc.Store(id=Id.HISTORY_ASKED),
            _card("Similar areas", [
                radio_group(Id.SIMILAR_KIND, NEIGHBOUR_KINDS, similar,
                            "Nearest neighbours by (ONS statistical nearest neighbours)"),
                html.Div(id=Id.SIMILAR_PANEL, **{"aria-live": "polite"})]),
            dbc.Row([
                dbc.Col(_card("Change since 2019", [html.Div(id=Id.CHANGE_PANEL)]), xl=6),
                dbc.Col(_card("Mental-health need (ONS Health Index)",
                              [html.Div(id=Id.HEALTH_PANEL)]), xl=6),
            ]),
            _card("Over time: what changed between versions",
                  [history_choice, html.Div(id=Id.HISTORY_PANEL, **{"aria-live": "polite"})]),
        ],
        id=Id.CONTEXT_SECTION, **{"aria-label": "Locality context"},
    )


def similar_view(panel: SimilarAreas | None) -> list:
    """The similar-areas table, where the locality stands, the gap classes and the preset."""
    if panel is None:
        return [alert("Statistical neighbours are not available on this server.")]
    header = ("Nearest", "District", "IMD rank (of 296)", "Decile", "Interventions",
              "Per 10,000 adults", "High need, no provision", "High need, low provision")
    rows = []
    for row in panel.rows:
        coded = row.interventions > 0
        rows.append(html.Tr([
            html.Td("This locality" if row.position == 0 else str(row.position)),
            html.Td(html.Strong(row.name) if row.position == 0 else dcc.Link(row.name,
                                                                             href=row.link)),
            html.Td(str(row.rank)), html.Td(str(row.decile)),
            html.Td(str(row.interventions) if coded else "none coded"),
            html.Td(format_rate(row.per_10k) if coded else "–"),
            html.Td("–" if row.no_provision is None else str(row.no_provision)),
            html.Td("–" if row.low_provision is None else str(row.low_provision)),
        ], className="table-active" if row.position == 0 else None))
    table = dbc.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
                       html.Tbody(rows)], size="sm", striped=True, responsive=True,
                      className="mb-2 small")
    out: list = [html.H4(panel.title, className="h6"), table,
                 html.Ul([html.Li(s) for s in panel.standing], className="small mb-2"),
                 dcc.Link(f"Compare {panel.rows[0].name} and its {len(panel.rows) - 1} nearest "
                          "neighbours side by side", href=panel.compare_link,
                          className="btn btn-sm btn-outline-primary mb-2")]
    if panel.classes is not None:
        out.append(figure_with_text("Gap classes side by side (areas with coded interventions)",
                                    panel.classes.figure, panel.classes.summary))
    notes = [panel.cluster, panel.skipped, panel.source]
    out.append(html.Div([html.P(n, className="small text-muted mb-1") for n in notes if n]))
    return out


def change_view(change: LocalityChange | None) -> list:
    """Rank and decile in 2019 and 2025 by domain, the watch flag and the caveats."""
    if change is None:
        return [alert("The IoD2019 comparison is not available on this server.")]
    out: list = [html.P(change.headline, className="mb-2")]
    if change.watch:
        out.append(alert("Picked out: among the most deprived fifth of districts in 2025 and "
                         "getting relatively more deprived (10 or more places since 2019).",
                         "warning"))
    out.append(_scrolling(simple_table(
        ("Domain", "Rank 2019", "Rank 2025", "Decile 2019", "Decile 2025",
         "Places more deprived"),
        [(label, r19, r25, d19, d25, f"{moved:+d}" if moved else "0")
         for label, r19, r25, d19, d25, moved in change.rows])))
    notes = [change.merged, "Ranks of average score among the 296 districts of 2024 (1 = most "
             "deprived); + means more deprived relative to other districts.", change.caveat]
    out.append(html.Div([html.P(n, className="small text-muted mb-1 mt-2") for n in notes if n]))
    return out


def health_view(health: HealthNeed | None) -> list:
    """The Health Index need rows with their caveats, and what still has no indicator."""
    if health is None:
        return [alert("The Health Index is not available on this server.")]
    return [
        _scrolling(simple_table(("Provision for", "Need indicator", "Index", "Need percentile",
                                 "Interventions", "Class"), health.rows)),
        html.P(health.caveat, className="small text-muted mt-2 mb-1"),
        html.P(f"Still without a need indicator: {health.without}. Their provision is counted "
               "but not classed.", className="small text-muted mb-0"),
    ]


def history_view(panel: Monitoring) -> dict[str, Any]:
    """The over-time panel's content, version choices and their visibility."""
    if panel.message:
        return {"content": [alert(panel.message)], "choice": HIDDEN, "options": [],
                "from": None, "to": None}
    options = [{"label": label, "value": number} for number, label in panel.versions]
    changes = (_scrolling(simple_table(("Change", "Intervention", "Provider", "What changed"),
                                       panel.changes), tall=True) if panel.changes
               else html.P("No intervention of this locality changed.", className="small"))
    cells = (_scrolling(simple_table(("Determinant", "Before", "After", "Change"),
                                     [(d, b, a, f"{c:+d}") for d, b, a, c in panel.cells]))
             if panel.cells else None)
    content = [html.Ul([html.Li(s) for s in panel.summary], className="small"), changes,
               html.H4("Provision by determinant", className="h6 mt-3") if cells else None,
               cells,
               dbc.Row([
                   dbc.Col(figure_with_text("Provision over time", panel.provision.figure,
                                            panel.provision.summary), xl=6),
                   dbc.Col(figure_with_text("Outcomes and evaluation over time",
                                            panel.evaluation.figure, panel.evaluation.summary),
                           xl=6),
               ], className="mt-3")]
    return {"content": content, "choice": {}, "options": options, "from": panel.chosen[0],
            "to": panel.chosen[1]}


def context_values(page: LocalityContext | None) -> dict[str, Any]:
    """The values the context callback's outputs show (hidden off locality pages)."""
    if page is None:
        return {"style": HIDDEN, "similar": None, "change": None, "health": None,
                "history": None, "choice": HIDDEN, "from_options": [], "to_options": [],
                "from": None, "to": None}
    history = history_view(page.monitoring)
    return {"style": {}, "similar": similar_view(page.similar),
            "change": change_view(page.change), "health": health_view(page.health),
            "history": history["content"], "choice": history["choice"],
            "from_options": history["options"], "to_options": history["options"],
            "from": history["from"], "to": history["to"]}
