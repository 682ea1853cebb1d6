"""The control bar over every map page, and the filters and dataset panel it opens.

The bar holds what changes the headline figure (place search, deprivation domain, measure, map or
hex); the filters, the heatmaps' counts or shares and the dataset sit in a side panel
(``dbc.Offcanvas``) that the bar's *Filters and dataset* button opens. Each group is in a
wrapper whose id is in ``ids.CONTROL_GROUPS``, so the shell shows only the groups a page uses;
every control stays in the layout on every page (the URL callback reads them all).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.ingest.template import TEMPLATE_CSV_URL, TEMPLATE_XLSX_URL
from layouts.ids import CONTROL_GROUPS, FILTER_IDS, Id


def _labelled(label: str, control_id: str, control: Any, group: str | None = None,
              className: str = "bar-field", label_class: str = "form-label bar-label") -> html.Div:
    wrapper = {"id": CONTROL_GROUPS[group]} if group else {}
    return html.Div([html.Label(label, htmlFor=control_id, className=label_class), control],
                    className=className, **wrapper)


def segmented(control_id: str, options: Mapping[str, str], value: str, legend: str) -> html.Fieldset:
    """Radio buttons drawn as one row of toggle buttons, in a fieldset whose legend names them."""
    return html.Fieldset(
        [html.Legend(legend, className="form-label bar-label"),
         dbc.RadioItems(id=control_id, options=[{"label": v, "value": k} for k, v in options.items()],
                        value=value, inline=True, className="btn-group segmented",
                        inputClassName="btn-check", labelClassName="btn btn-outline-primary",
                        labelCheckedClassName="active")],
        className="bar-field",
    )


def control_bar(*, domain_options: Sequence[dict[str, str]], measures: Mapping[str, str],
                map_modes: Mapping[str, str], locality_options: Sequence[dict[str, str]],
                **_: Any) -> html.Div:
    """The compact bar: place search, domain, measure, map or hex, filters and the view's link."""
    picker = dcc.Dropdown(id=Id.LOCALITY_PICKER, options=list(locality_options),
                          placeholder="Search 296 districts…", searchable=True, clearable=True)
    domain = dcc.Dropdown(id=Id.DOMAIN, options=list(domain_options), value="imd",
                          clearable=False)
    measure = dcc.Dropdown(id=Id.MEASURE, options=[{"label": v, "value": k}
                                                   for k, v in measures.items()],
                           value="rank", clearable=False, searchable=False)
    modes = html.Div(segmented(Id.MAP_MODE, {k: v.split()[0] for k, v in map_modes.items()},
                               "map", "National map"), id=CONTROL_GROUPS["map_mode"])
    actions = html.Div([
        html.Button("Filters and dataset", id=Id.FILTERS_BUTTON, n_clicks=0, type="button",
                    className="btn btn-outline-primary bar-button",
                    **{"aria-haspopup": "dialog", "aria-controls": Id.FILTERS_PANEL}),
        html.Button("Copy link to this view", id=Id.COPY_LINK, n_clicks=0, type="button",
                    className="btn btn-primary bar-button"),
    ], className="bar-actions")
    return html.Div(
        [
            html.Div([
                _labelled("Go to a locality (name or code)", Id.LOCALITY_PICKER, picker, "place",
                          "bar-field bar-place"),
                _labelled("Deprivation domain (IoD2025)", Id.DOMAIN, domain, "domain",
                          "bar-field bar-domain"),
                _labelled("Measure", Id.MEASURE, measure, "measure", "bar-field bar-measure"),
                modes, actions,
            ], className="bar-row"),
            dbc.Collapse(_link_to_view(), id=Id.LINK_PANEL, is_open=False),
        ],
        id=Id.CONTROL_BAR, className="control-bar", role="search",
        **{"aria-label": "View controls"},
    )


def _link_to_view() -> html.Div:
    """The view's whole link, to select and copy, and what the copy button did."""
    return html.Div(
        [html.Label("Link to this view", htmlFor=Id.LINK_TEXT, className="form-label small mb-1"),
         dcc.Textarea(id=Id.LINK_TEXT, readOnly=True, value="", rows=2,
                      className="form-control form-control-sm link-input"),
         html.P(id=Id.LINK_STATUS, className="small mb-0 mt-1", role="status")],
        className="link-panel",
    )


def filters_panel(*, filter_options: Mapping[str, list[dict[str, str]]],
                  filter_labels: Mapping[str, str],
                  dataset_options: Sequence[dict[str, str]] = (),
                  dataset_facts: Sequence[tuple[str, str]] = (), **_: Any) -> dbc.Offcanvas:
    """Filters, counts or shares, and the dataset: a side panel the bar's button opens."""
    filters = [
        _labelled(filter_labels[param], FILTER_IDS[param],
                  dcc.Dropdown(id=FILTER_IDS[param], options=filter_options[param], multi=True,
                               placeholder="Any"), className="mb-2", label_class="form-label mb-1")
        for param in FILTER_IDS
    ]
    dataset = dcc.Dropdown(id=Id.DATASET_PICKER, options=list(dataset_options),
                           value=dataset_options[0]["value"] if dataset_options else None,
                           clearable=False, searchable=False)
    return dbc.Offcanvas(
        [
            html.Div([
                html.H3("Filters (apply to every view)", className="h6"),
                *filters,
                dbc.Button("Clear filters", id=Id.CLEAR_FILTERS, color="secondary", outline=True,
                           className="bar-button mb-3"),
                segmented(Id.VALUES, {"count": "Counts", "share": "Shares (%)"}, "count",
                          "Heatmap colours"),
            ], id=CONTROL_GROUPS["filters"], className="mb-3"),
            html.Div([
                html.H3("Dataset", className="h6"),
                _labelled("Dataset shown", Id.DATASET_PICKER, dataset, className="mb-2",
                          label_class="form-label mb-1"),
                _dataset_card(dataset_facts),
            ], id=CONTROL_GROUPS["dataset"]),
        ],
        id=Id.FILTERS_PANEL, title="Filters and dataset", placement="end", is_open=False,
        scrollable=True, className="filters-panel",
    )


def _dataset_card(dataset_facts: Sequence[tuple[str, str]]) -> html.Div:
    """What the dataset is, and the template to add a mapping with."""
    facts = html.Dl(dataset_fact_items(dataset_facts), id=Id.DATASET_FACTS,
                    className="dataset-facts mb-2")
    return html.Div(
        [facts,
         html.P("Add your own mapping with the exchange template:", className="mb-1"),
         html.Ul([
             html.Li(html.A("Blank template (XLSX, with code-list dropdowns)",
                            href=TEMPLATE_XLSX_URL)),
             html.Li(html.A("Blank template (CSV)", href=TEMPLATE_CSV_URL)),
         ])],
        id=Id.DATASET_PANEL, className="small",
    )


def dataset_fact_items(dataset_facts: Sequence[tuple[str, str]]) -> list:
    """The dataset card's terms and values."""
    return [item for label, value in dataset_facts for item in (html.Dt(label), html.Dd(value))]


def filters_label(count: int) -> str:
    """The filters button's text: how many filters are on."""
    return "Filters and dataset" if not count else f"Filters ({count}) and dataset"
