"""The participant page, ``/join?dataset=NAME``: a phone-first form and the sender's own entries.

A page of its own (a second, small Dash app on the same server): none of the atlas's controls,
only one line naming the workshop and its dataset, then the form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.views.join import QUESTIONS, JoinSent, JoinTarget, MyEntry
from layouts.ids import JoinId

FORM_IDS = {"name": JoinId.NAME, "provider": JoinId.PROVIDER, "locality": JoinId.LOCALITY,
            "types": JoinId.TYPES, "determinants": JoinId.DETERMINANTS,
            "populations": JoinId.POPULATIONS, "note": JoinId.NOTE}
PICKER_HELP = {
    "locality": ("Type a town or district", None),
    "types": ("Type or choose", "Choose one or more; the first is the main one."),
    "determinants": ("Type or choose", "For example loneliness, money worries, housing."),
    "populations": ("Type or choose", "Choose 'All adults' when it is open to everyone."),
}
EMPTY = {"locality": None, "types": [], "determinants": [], "populations": []}  # else ""
STATUS_CLASS = {"waiting": "text-bg-warning", "approved": "text-bg-success",
                "rejected": "text-bg-secondary"}


def _question(field: str, control_id: str, control: Any, help_text: str | None = None
              ) -> html.Div:
    """A question: its label, its hint, then the control."""
    return html.Div([html.Label(QUESTIONS[field], htmlFor=control_id, className="join-label"),
                     html.Div(help_text, className="join-help") if help_text else None,
                     control], className="join-question")


def _text(field: str, control_id: str, **props: Any) -> html.Div:
    help_text = props.pop("help_text", None)
    return _question(field, control_id, dbc.Input(id=control_id, type="text",
                                                  className="join-input", **props), help_text)


def _picker(field: str, control_id: str, multi: bool) -> html.Div:
    placeholder, help_text = PICKER_HELP[field]
    return _question(field, control_id, dcc.Dropdown(
        id=control_id, options=[], multi=multi, searchable=True, placeholder=placeholder,
        maxHeight=320, className="join-picker", labels={"search": "Type to search"}), help_text)


def join_layout(live_poll_ms: int) -> html.Div:
    """The whole participant page; its content follows the link's ``dataset=``."""
    form = html.Div([
        html.H1("Add a service we missed", className="join-title"),
        _text("by", JoinId.BY, maxLength=100, autocomplete="name", persistence=True,
              persistence_type="local",
              help_text="Only the facilitator sees it. This phone remembers it."),
        _text("name", JoinId.NAME, maxLength=200),
        _text("provider", JoinId.PROVIDER, maxLength=200),
        _picker("locality", JoinId.LOCALITY, multi=False),
        _picker("types", JoinId.TYPES, multi=True),
        _picker("determinants", JoinId.DETERMINANTS, multi=True),
        _picker("populations", JoinId.POPULATIONS, multi=True),
        _question("note", JoinId.NOTE, dbc.Textarea(id=JoinId.NOTE, maxLength=1000,
                                                    className="join-input")),
        html.Div(id=JoinId.FEEDBACK, role="alert", className="join-feedback"),
        html.Button("Send to the facilitator", id=JoinId.SEND, n_clicks=0, type="button",
                    className="btn btn-primary join-button"),
    ], id=JoinId.FORM, hidden=True)
    done = html.Div([
        html.H1("Sent: thank you", className="join-title", tabIndex="-1"),
        html.P(id=JoinId.DONE_TEXT, className="join-done-text", role="status"),
        html.Button(id=JoinId.KEEP_PLACE, n_clicks=0, type="button",
                    className="btn btn-primary join-button"),
        html.Button("Start fresh", id=JoinId.FRESH, n_clicks=0, type="button",
                    className="btn btn-outline-primary join-button"),
    ], id=JoinId.DONE, hidden=True, className="join-done")
    mine = html.Section([
        html.H2("Your entries", className="join-subtitle"),
        html.P("Only you see this list, on this phone. It updates by itself.",
               className="join-help"),
        html.Ul(id=JoinId.MINE, className="join-mine"),
    ], id=JoinId.MINE_SECTION, hidden=True, **{"aria-live": "polite"})
    return html.Div([
        dcc.Location(id=JoinId.URL, refresh=False),
        dcc.Store(id=JoinId.DATASET), dcc.Store(id=JoinId.CLIENT_ID), dcc.Store(id=JoinId.PLACE),
        dcc.Store(id=JoinId.KEPT, storage_type="local"), dcc.Store(id=JoinId.FOCUS),
        dcc.Interval(id=JoinId.POLL, interval=live_poll_ms, disabled=True),
        html.Header(html.P(id=JoinId.LINE, className="join-line"), className="join-header"),
        html.Main([form, done, mine], className="join-main"),
    ], className="join-page", lang="en-GB")


def target_values(target: JoinTarget, options: Mapping[str, list[dict]],
                  client_id: str | None) -> dict[str, Any]:
    """The page for a link: its line, the form (only for a workshop), the pickers' options."""
    return {"line": target.line, "dataset": target.dataset, "form": target.dataset is None,
            "client_id": client_id, "options": {f: list(options.get(f, [])) for f in PICKER_HELP}}


def problems_box(problems: Sequence[str]) -> html.Div:
    """What to fix before the entry can be sent (the form keeps its values)."""
    return html.Div([html.Strong("Not sent yet. Please:"),
                     html.Ul([html.Li(p) for p in problems], className="mb-0")],
                    className="alert alert-danger")


def sent_values(sent: JoinSent, kept: dict) -> dict[str, Any]:
    """After a stored entry: the confirmation, an empty form, the next id, the kept entries."""
    place = f" in {sent.place_name}" if sent.place_name else ""
    text = (f"'{sent.service}'{place} is with the facilitator. Your reference is "
            f"{sent.reference}. You can follow it under Your entries.")
    return {"feedback": None, "form": True, "done": False, "text": text,
            "keep": f"Add another in {sent.place_name} (keeps the place)",
            "keep_hidden": sent.place is None, "client_id": sent.next_client_id, "kept": kept,
            "place": sent.place, "cleared": {field: EMPTY.get(field, "") for field in FORM_IDS}}


def mine_items(entries: Sequence[MyEntry]) -> list[html.Li]:
    """The participant's entries: service and place, reference, status (and the reason)."""
    return [html.Li([
        html.Span(entry.status_text, className=f"badge {STATUS_CLASS[entry.status]} join-status"),
        html.Strong(entry.service, className="join-entry-name"),
        html.Span(f"{entry.place}. Reference {entry.reference}.", className="join-entry-meta"),
        html.Span(f"Reason: {entry.reason}", className="join-entry-reason")
        if entry.reason else None,
    ], className=f"join-entry join-entry-{entry.status}") for entry in entries]
