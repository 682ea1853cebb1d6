"""Presenter mode and its playlist builder: component trees only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.figures.frames import SLIDE_SIZE
from dashboard.views.presenter import BuilderEdit, PresenterView
from layouts.components import HIDDEN
from layouts.ids import Id

# No mode bar on a slide: the presenter's own bar holds the controls, and the mode bar's small
# buttons shrink with the slide on a smaller screen. Exports are on each atlas page.
PRESENT_GRAPH_CONFIG = {"displaylogo": False, "responsive": False, "displayModeBar": False}
KEY_HELP = ("Keys: Right arrow, Page Down or Space: next; Left arrow or Page Up: previous; "
            "Home and End: first and last; F: full screen; Escape: leave full screen.")


def _step_button(label: str, control_id: str, action: str, hint: str) -> html.Button:
    """A real, focusable button that the arrow keys (assets/presenter.js) also press."""
    return html.Button(label, id=control_id, n_clicks=0, type="button", title=hint,
                       className="btn presenter-button", **{"data-present-action": action})


def playlist_bar() -> html.Div:
    """On the atlas pages: add the current view to the presenter's playlist."""
    return html.Div(
        [
            dcc.Store(id=Id.PLAYLIST, storage_type="local"),  # the browser's saved playlist
            html.Button("Add this view to the playlist", id=Id.PLAYLIST_ADD, n_clicks=0,
                        type="button", className="btn btn-outline-primary bar-button me-2"),
            html.Span(id=Id.PLAYLIST_ADD_STATUS, className="small me-2", role="status"),
            dcc.Link("Open the playlist and presenter", href="/present", className="small"),
        ],
        className="d-flex flex-wrap align-items-center mb-3 playlist-bar",
    )


# A slide is drawn at its design size and scaled as a whole to the screen (assets/presenter.js).
GRAPH_STYLE = {"width": f"{SLIDE_SIZE[0]}px", "height": f"{SLIDE_SIZE[1]}px"}


def join_slide() -> html.Div:
    """The slide that tells the room how to add services: the address, large, and a QR code."""
    return html.Div([
        html.Div([
            html.P("Add a service the map is missing", className="presenter-join-title"),
            html.P("On your phone, scan the code or go to:", className="presenter-join-text"),
            html.P(id=Id.PRESENT_JOIN_URL, className="presenter-join-url"),
            html.P("You see only your own entries. The facilitator checks each one before it "
                   "reaches the map.", className="presenter-join-text"),
        ], className="presenter-join-words"),
        html.Img(id=Id.PRESENT_JOIN_QR, alt="QR code of the page for adding a service",
                 className="presenter-join-qr"),
    ], id=Id.PRESENT_JOIN, className="presenter-join", style={"display": "none"})


def stage(live_poll_ms: int = 3000) -> html.Div:
    """One figure at a time, full viewport, with counter, keys and its text alternative.

    The illustrative-data label follows each slide's own dataset; a slide that follows a saved
    dataset is polled and redrawn, with an "updated" mark, when a new version is saved.
    """
    toolbar = html.Div(
        [
            _step_button("« First", Id.PRESENT_FIRST, "first", "First slide (Home)"),
            _step_button("◀ Previous", Id.PRESENT_PREVIOUS, "previous",
                         "Previous (Left arrow, Page Up)"),
            _step_button("Next ▶", Id.PRESENT_NEXT, "next", "Next (Right arrow, Page Down, Space)"),
            _step_button("Last »", Id.PRESENT_LAST, "last", "Last slide (End)"),
            html.P(id=Id.PRESENT_COUNTER, className="presenter-counter mb-0", role="status",
                   **{"aria-live": "polite", "aria-atomic": "true"}),
            html.Span(id=Id.PRESENT_UPDATED, role="status"),
            html.Span(id=Id.PRESENT_BADGE),
            html.Button("Full screen", id=Id.PRESENT_FULLSCREEN, type="button",
                        className="btn presenter-button", title="Full screen (F)",
                        **{"data-present-fullscreen": "true"}),
            html.Button("Edit playlist", id=Id.PRESENT_EDIT, n_clicks=0, type="button",
                        className="btn presenter-button",
                        title="Copy this playlist into the builder (replaces the one saved in "
                              "this browser)"),
            dcc.Link("Exit to this view", id=Id.PRESENT_EXIT, href="/",
                     className="btn presenter-button"),
        ],
        className="presenter-bar", role="toolbar", **{"aria-label": "Presenter controls"},
    )
    return html.Div(
        [
            toolbar,
            html.H2(id=Id.PRESENT_HEADING, className="visually-hidden"),
            html.Div(dcc.Graph(id=Id.PRESENT_GRAPH, config=PRESENT_GRAPH_CONFIG,
                               responsive=False, className="presenter-graph", style=GRAPH_STYLE),
                     className="presenter-canvas",
                     **{"data-slide-width": SLIDE_SIZE[0], "data-slide-height": SLIDE_SIZE[1]}),
            join_slide(),
            html.Div(id=Id.PRESENT_ILLUSTRATIVE),
            dcc.Interval(id=Id.PRESENT_POLL, interval=live_poll_ms, disabled=True),
            dcc.Store(id=Id.PRESENT_LIVE),
            html.Div(id=Id.PRESENT_NOTES),
            html.Details([html.Summary("Text alternative of this slide"),
                          html.P(id=Id.PRESENT_SUMMARY)], className="presenter-details"),
            html.Details([html.Summary("All slides"),
                          html.Ol(id=Id.PRESENT_OUTLINE)], className="presenter-details"),
            html.P(KEY_HELP, className="presenter-keys"),
        ],
        id=Id.PRESENT_STAGE, className="presenter-stage", style={"display": "none"},
        **{"data-presenter-stage": "true"},
    )


def builder() -> html.Div:
    """Build, reorder and share a playlist; it is kept in this browser and in its link."""
    return html.Div(
        [
            dcc.Store(id=Id.BUILDER_SHOWN), dcc.Store(id=Id.BUILDER_REFRESH),
            html.H2("Presenter playlist", className="h4"),
            html.P("Add views from the atlas with “Add this view to the playlist”, choose the "
                   "figure of each slide, reorder them, then present: one figure at a time, full "
                   "screen, stepped through with the arrow keys or a clicker. The playlist is "
                   "saved in this browser and in its link.", className="mb-2"),
            html.Div(empty_playlist(), id=Id.BUILDER_EMPTY),
            html.Fieldset(
                [html.Legend("Slides (choose one to change it)", className="h6"),
                 dbc.RadioItems(id=Id.BUILDER_LIST, options=[], value=None,
                                className="builder-list")],
                className="mb-2",
            ),
            html.Div(
                [
                    html.Button("Move up", id=Id.BUILDER_UP, n_clicks=0, type="button",
                                className="btn btn-outline-secondary btn-sm me-2"),
                    html.Button("Move down", id=Id.BUILDER_DOWN, n_clicks=0, type="button",
                                className="btn btn-outline-secondary btn-sm me-2"),
                    html.Button("Remove", id=Id.BUILDER_REMOVE, n_clicks=0, type="button",
                                className="btn btn-outline-danger btn-sm me-2"),
                    html.Button("Start from the example playlist", id=Id.BUILDER_EXAMPLE,
                                n_clicks=0, type="button",
                                className="btn btn-outline-secondary btn-sm"),
                ],
                className="mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col([html.Label("Figure of the chosen slide", htmlFor=Id.BUILDER_PART,
                                        className="form-label mb-1"),
                             dbc.Select(id=Id.BUILDER_PART, options=[])], md=6),
                    dbc.Col(dbc.Checkbox(id=Id.BUILDER_REVEAL, value=False,
                                         label="Reveal the gaps: show provision first, then "
                                               "outline the high-need gaps"),
                            md=6, className="d-flex align-items-end"),
                ],
                className="mb-3",
            ),
            html.Div(
                [
                    dcc.Link("Start presenting", id=Id.BUILDER_START, href="/present",
                             className="btn btn-primary me-2"),
                    html.Button("Copy playlist link", id=Id.BUILDER_COPY, n_clicks=0,
                                type="button", className="btn btn-outline-primary me-2"),
                    html.Span(id=Id.BUILDER_STATUS, className="small", role="status"),
                ],
                className="d-flex align-items-center mb-2",
            ),
            html.Div([html.Label("Link to this playlist", htmlFor=Id.BUILDER_LINK,
                                 className="form-label small mb-0 me-2"),
                      dcc.Input(id=Id.BUILDER_LINK, type="text", readOnly=True, value="",
                                className="form-control form-control-sm link-input")],
                     className="d-flex align-items-center mb-2"),
        ],
        id=Id.BUILDER, className="presenter-builder", style={"display": "none"},
    )


def presenter_section(live_poll_ms: int = 3000) -> html.Section:
    """The /present page: the builder, or the stage when the link carries slides.

    ``live_poll_ms``: how often a slide of a saved dataset checks for a new version.
    """
    return html.Section(
        [dcc.Store(id=Id.PLAYLIST, storage_type="local"),
         html.Span(id=Id.PRESENT_TOTAL, hidden=True),  # steps of the talk, read by presenter.js
         stage(live_poll_ms), builder()],
        id=Id.PRESENT_PAGE, className="presenter",
        **{"aria-label": "Presenter", "data-presenter-root": "true"},
    )


def outline(items: Sequence[tuple[str, str, bool]]) -> list[html.Li]:
    """The playlist's slides as links to their first step, the current one marked."""
    return [html.Li([dcc.Link(label, href=href),
                     html.Strong(" (shown now)") if current else None])
            for label, href, current in items]


def notes_list(notes: Sequence[str]) -> html.Div | None:
    """What was left out of the playlist link, or nothing."""
    if not notes:
        return None
    return html.Div([html.Strong("Some of this playlist was not understood: "),
                     html.Ul([html.Li(n) for n in notes], className="mb-0")],
                    className="alert alert-secondary presenter-notes", role="status")


def empty_playlist() -> html.P:
    """What to do when the playlist is empty."""
    return html.P("The playlist is empty: open a view of the atlas and press “Add this view to "
                  "the playlist”, or start from the example playlist.",
                  className="alert alert-info", role="status")


SHOWN: dict = {}


def illustrative_marks(notice: str | None) -> tuple[Any, Any]:
    """The bar's badge and the line under the slide, for a slide of illustrative data."""
    if notice is None:
        return None, None
    return (html.Strong("Illustrative data", className="presenter-badge"),
            html.P([html.Strong("Illustrative data. "), notice], className="presenter-illustrative"))


def presenter_values(view: PresenterView, updated: str | None = None) -> dict[str, Any]:
    """Values of the presenter callback's outputs; stage outputs only while presenting.

    ``updated``: the "updated" mark after a redraw for a new version (cleared otherwise).
    """
    mode = {
        "stage": SHOWN if view.mode == "presenting" else HIDDEN,
        "builder": SHOWN if view.mode == "building" else HIDDEN,
    }
    if view.mode != "presenting":
        return {**mode, "poll_off": True, "live": None}
    shown = view.stage
    if shown is None:
        return {**mode, "graph": {}, "counter": "No slides to show",
                "heading": "This playlist has no slides that can be shown.", "summary": "",
                "notes": notes_list(view.notes), "exit": "/present", "outline": [], "total": "0",
                "graph_style": GRAPH_STYLE, "join": HIDDEN, "join_url": "", "join_qr": None,
                "badge": None, "illustrative": None, "updated": None, "poll_off": True,
                "live": None}
    badge, line = illustrative_marks(shown.illustrative)
    join = shown.join
    return {**mode, "graph": shown.part.figure if shown.part else {}, "counter": shown.counter,
            "heading": shown.label,
            "summary": shown.part.summary if shown.part else
            f"How to add a service: go to {join.url} or scan the QR code.",
            "notes": notes_list(view.notes), "exit": shown.exit_href,
            "outline": outline(shown.outline), "total": str(shown.total_steps),
            "graph_style": HIDDEN if join else GRAPH_STYLE, "join": SHOWN if join else HIDDEN,
            "join_url": join.url if join else "", "join_qr": join.qr if join else None,
            "badge": badge, "illustrative": line,
            "updated": html.Strong(updated, className="presenter-updated") if updated else None,
            "poll_off": shown.live is None, "live": list(shown.live) if shown.live else None}


def builder_values(edit: BuilderEdit, data: list[str]) -> dict[str, Any]:
    """Values of the builder callback's outputs (``data``: the playlist for the browser store)."""
    view = edit.builder
    return {
        "playlist": data,
        "slides": [{"label": label, "value": i} for i, label in enumerate(view.labels)],
        "selected": view.selected,
        "parts": [{"label": label, "value": key} for key, label in view.parts],
        "part": view.part, "reveal": view.reveal, "reveal_disabled": not view.can_reveal,
        "start": view.href, "empty": None if view.slides else empty_playlist(),
        "status": edit.status,
    }
