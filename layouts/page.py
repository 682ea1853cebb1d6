"""The atlas page: component trees only, built from values computed elsewhere."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.ingest.template import TEMPLATE_CSV_URL, TEMPLATE_XLSX_URL
from dashboard.views.common import Chart
from dashboard.views.page import SECTIONS, Navigation
from layouts.citation import footer_block
from layouts.code import code_section
from layouts.compare import compare_section, methods_section
from layouts.components import HIDDEN, radio_group
from layouts.editor import editor_section
from layouts.export import export_panel
from layouts.gaps import gaps_section
from layouts.ids import FILTER_IDS, Id
from layouts.locality import locality_section
from layouts.locality_context import context_section
from layouts.national import national_section
from layouts.presenter import playlist_bar, presenter_section
from layouts.search import search_box
from layouts.upload import upload_section
from layouts.workshop import workshop_section

NAV = ((Id.NAV_ATLAS, "Atlas", "/"), (Id.NAV_GAPS, "Need against provision", "/gaps"),
       (Id.NAV_COMPARE, "Compare localities", "/compare"),
       (Id.NAV_METHODS, "How is this calculated?", "/methods"),
       (Id.NAV_DATA, "Your data", "/data"), (Id.NAV_WORKSHOP, "Workshop", "/workshop"),
       (Id.NAV_CODE, "Code a directory", "/code"),
       (Id.NAV_PRESENT, "Present", "/present"))


def navigation() -> html.Nav:
    """Links between the pages; their hrefs keep the current filters (set by a callback)."""
    return html.Nav(
        html.Ul([html.Li(dcc.Link(label, id=link_id, href=href, className="nav-link"),
                         className="nav-item") for link_id, label, href in NAV],
                className="nav nav-pills mb-3"),
        **{"aria-label": "Pages"},
    )


def illustrative_banner(notice: str) -> html.Div:
    """Banner shown on every page when the loaded dataset is illustrative."""
    return html.Div(
        [html.Strong("Illustrative data. "), notice],
        id=Id.BANNER,
        className="alert alert-warning mb-3 illustrative-banner",
        role="status",
    )


def coverage_banner(text: str) -> html.Div:
    """Banner shown on every page when the dataset is real: what it covers, who coded it."""
    return html.Div([html.Strong("About this data: "), text], id=Id.BANNER,
                    className="alert alert-info mb-3 coverage-banner", role="status")


def _labelled(label: str, control_id: str, control: Any) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control_id, className="form-label mb-1"), control],
                    className="mb-2")


def controls(
    *, domain_options: Sequence[dict[str, str]], measures: Mapping[str, str],
    map_modes: Mapping[str, str], filter_options: Mapping[str, list[dict[str, str]]],
    filter_labels: Mapping[str, str], locality_options: Sequence[dict[str, str]],
    dataset_options: Sequence[dict[str, str]] = (),
) -> dbc.Card:
    """Controls that apply to every view; their values live in the URL."""
    filters = [
        dbc.Col(_labelled(filter_labels[param], FILTER_IDS[param],
                          dcc.Dropdown(id=FILTER_IDS[param], options=filter_options[param],
                                       multi=True, placeholder="Any")), md=6, xl=4)
        for param in FILTER_IDS
    ]
    dataset = dcc.Dropdown(id=Id.DATASET_PICKER, options=list(dataset_options),
                           value=dataset_options[0]["value"] if dataset_options else None,
                           clearable=False, searchable=False)
    return dbc.Card(
        dbc.CardBody([
            _place_and_measure(locality_options, domain_options, measures),
            _map_and_actions(map_modes),
            _link_to_view(),
            dbc.Row(dbc.Col(_labelled("Dataset", Id.DATASET_PICKER, dataset), md=6, xl=4)),
            html.H2("Filters (apply to every view)", className="h6 mt-2"),
            dbc.Row(filters),
        ]),
        className="mb-3 controls-card",
    )


def _place_and_measure(locality_options: Sequence[dict[str, str]],
                       domain_options: Sequence[dict[str, str]],
                       measures: Mapping[str, str]) -> dbc.Row:
    """The locality search, the deprivation domain and the measure."""
    picker = dcc.Dropdown(id=Id.LOCALITY_PICKER, options=list(locality_options),
                          placeholder="Search 296 districts…", searchable=True, clearable=True)
    domain = dcc.Dropdown(id=Id.DOMAIN, options=list(domain_options), value="imd",
                          clearable=False)
    return dbc.Row([
        dbc.Col(_labelled("Go to a locality (name or code)", Id.LOCALITY_PICKER, picker),
                md=6, xl=4),
        dbc.Col(_labelled("Deprivation domain (IoD2025)", Id.DOMAIN, domain), md=6, xl=4),
        dbc.Col(radio_group(Id.MEASURE, measures, "rank", "Measure"), md=12, xl=4),
    ])


def _map_and_actions(map_modes: Mapping[str, str]) -> dbc.Row:
    """Map or hex, counts or shares, and the clear-filters and copy-link buttons."""
    actions = html.Div(
        [
            dbc.Button("Clear filters", id=Id.CLEAR_FILTERS, color="secondary", outline=True,
                       size="sm", className="me-2"),
            dbc.Button("Copy link to this view", id=Id.COPY_LINK, color="primary", size="sm",
                       className="me-2"),
            html.Span(id=Id.LINK_STATUS, className="small", role="status"),
        ],
        className="d-flex align-items-center h-100",
    )
    return dbc.Row([
        dbc.Col(radio_group(Id.MAP_MODE, map_modes, "map", "National map"), md=6, xl=4),
        dbc.Col(radio_group(Id.VALUES, {"count": "Counts", "share": "Shares (%)"}, "count",
                            "Heatmap colours"), md=6, xl=4),
        dbc.Col(actions, md=12, xl=4),
    ])


def _link_to_view() -> html.Div:
    """The view's link, to select and copy."""
    return html.Div(
        [html.Label("Link to this view", htmlFor=Id.LINK_TEXT,
                    className="form-label small mb-0 me-2"),
         dcc.Input(id=Id.LINK_TEXT, type="text", readOnly=True, value="",
                   className="form-control form-control-sm link-input")],
        className="d-flex align-items-center mb-2",
    )


def notes_alert(notes: Sequence[str]) -> html.Div | None:
    """What was ignored in the URL, or nothing."""
    if not notes:
        return None
    return html.Div([html.Strong("Some of this link was not understood: "),
                     html.Ul([html.Li(n) for n in notes], className="mb-0")],
                    className="alert alert-secondary", role="status")


def build_layout(
    *,
    title: str,
    dataset_label: str,
    notice: str | None,
    control_values: Mapping[str, Any],
    national_figures: Mapping[str, Chart],
    thresholds: Sequence[float],
    methods_markdown: str,
    dataset_facts: Sequence[tuple[str, str]],
    sources: Sequence[str],
    export_presets: Mapping[str, str],
    dataset_caption: str = "",
    writes_enabled: bool = False,
    upload_max_mb: float = 10.0,
    live_poll_ms: int = 3000,
    code_options: Mapping[str, list[dict[str, str]]] | None = None,
) -> html.Div:
    """Whole page: header, banner, controls, every page section, dataset card, footer."""
    header = html.Header(
        dbc.Container(dbc.Row([
            dbc.Col([html.H1(title, className="h3 mb-0"),
                     html.P(dataset_label, id=Id.DATASET_LABEL, className="mb-0 small")], lg=7),
            dbc.Col(search_box(), lg=5, className="align-self-center"),
        ]), fluid=True),
        className="atlas-header py-3 mb-3",
    )
    main = html.Main(dbc.Container([
        html.Div(illustrative_banner(notice) if notice is not None else None, id=Id.BANNER_SLOT),
        html.Div(id=Id.NOTES),
        navigation(),
        controls(**control_values),
        playlist_bar(),
        national_section(national_figures),
        locality_section(),
        context_section(),
        gaps_section(thresholds),
        compare_section(control_values["locality_options"]),
        methods_section(methods_markdown),
        upload_section(upload_max_mb),
        workshop_section(locality_options=control_values["locality_options"],
                         code_options=code_options or {}),
        code_section(upload_max_mb, code_options or {}),
        editor_section(writes_enabled),
        export_panel(export_presets),
        presenter_section(live_poll_ms),
        _dataset_card(dataset_facts),
    ], fluid=True))
    footer = html.Footer(
        dbc.Container([*[html.P(s, className="small mb-1") for s in sources],
                       html.P(dataset_caption, id=Id.FOOTER_DATASET, className="small mb-1"),
                       footer_block()],
                      fluid=True),
        className="atlas-footer py-3 mt-3",
    )
    return html.Div([dcc.Location(id=Id.URL, refresh=False), dcc.Store(id=Id.STATE),
                     dcc.Store(id=Id.MAP_MODE_SHOWN, data="map"), dcc.Store(id=Id.PROVISION_SHOWN),
                     dcc.Store(id=Id.LOCALITY_MAP_SHOWN),
                     dcc.Interval(id=Id.LIVE_INTERVAL, interval=live_poll_ms, disabled=True),
                     header, main, footer],
                    id=Id.PAGE_ROOT)


def _dataset_card(dataset_facts: Sequence[tuple[str, str]]) -> dbc.Card:
    """What the dataset is, and the template to add a mapping with."""
    facts = html.Dl(dataset_fact_items(dataset_facts), id=Id.DATASET_FACTS,
                    className="dataset-facts mb-2")
    return dbc.Card(
        dbc.CardBody([
            html.H2("Dataset", className="h5"),
            facts,
            html.P("Add your own mapping with the exchange template:", className="mb-1"),
            html.Ul([
                html.Li(html.A("Blank template (XLSX, with code-list dropdowns)",
                               href=TEMPLATE_XLSX_URL)),
                html.Li(html.A("Blank template (CSV)", href=TEMPLATE_CSV_URL)),
            ]),
        ]),
        id=Id.DATASET_PANEL, className="my-3",
    )




def dataset_fact_items(dataset_facts: Sequence[tuple[str, str]]) -> list:
    """The dataset card's terms and values."""
    return [item for label, value in dataset_facts for item in (html.Dt(label), html.Dd(value))]


def navigation_values(nav: Navigation) -> dict[str, Any]:
    """Styles of the page sections, href and class of each link, the editor panel's style."""
    return {
        "sections": {page: {} if page == nav.page else HIDDEN for page in SECTIONS},
        "links": {page: {"href": href,
                         "className": "nav-link active" if page == nav.active else "nav-link"}
                  for page, href in nav.links.items()},
        "editor": {} if nav.editor_panel else HIDDEN,
    }
