"""“Cite this view”: a ready citation of what the page shows, with a permalink that will not move.

A view of a saved dataset that follows its newest version is cited at the version shown now
(``name@version``), so the link reopens exactly what was cited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dashboard.context import AtlasContext
from dashboard.core.areas import LEVELS
from dashboard.core.dataset_identity import parse_key
from dashboard.core.view_state import ViewState, state_to_url

PRODUCT = "Community mental-health provision atlas for England"
PAGE_TITLES = {"national": "England: deprivation and coded provision",
               "gaps": "Need against provision", "compare": "Compared localities",
               "methods": "How is this calculated?", "data": "Your data", "workshop": "Workshop",
               "present": "Presentation"}


def pinned(state: ViewState) -> ViewState:
    """The state with its dataset pinned to the version it shows (saved datasets only)."""
    key, _ = parse_key(state.dataset)
    if key.name and key.version is None and not key.session and state.revision:
        return replace(state, dataset=f"{key.name}@{state.revision}")
    return state


def view_title(atlas: AtlasContext, state: ViewState) -> str:
    """What the view shows, in a few words."""
    names = atlas.geography.lad_names
    if state.locality:
        return f"{names.get(state.locality, state.locality)} ({state.locality})"
    title = PAGE_TITLES.get(state.page, state.page)
    if state.page == "compare" and state.compare:
        title += ": " + ", ".join(names.get(c, c) for c in state.compare)
    if state.page in ("national", "gaps") and state.area_level != "lad":
        title += f" ({LEVELS[state.area_level]})"
    if state.focus and atlas.geography.nhs is not None:
        title += f", districts of {atlas.geography.nhs.areas.at[state.focus, 'name']}"
    return title


def citation(atlas: AtlasContext, state: ViewState, host: str, today: dt.date) -> str:
    """The citation of a view: title, product, dataset and version, IoD2025, date, permalink.

    Args:
        atlas: the context of the view's dataset (``context.scoped``).
        state: the view.
        host: scheme and host of the site, e.g. ``https://atlas.example.org``.
        today: the date the view is cited.
    """
    meta = atlas.dataset.meta
    link = host.rstrip("/") + "".join(state_to_url(pinned(state)))
    data = f"Interventions: {meta.name}, version {meta.version}"
    if meta.illustrative:
        data += " (illustrative data: synthetic records, not real services)"
    sources = "Deprivation: English Indices of Deprivation 2025, MHCLG"
    if state.measure == "change" or state.locality:
        sources += "; English Indices of Deprivation 2019, MHCLG"
    return (f"{view_title(atlas, state)}. {PRODUCT}. {data}. {sources}. Viewed "
            f"{today.day} {today:%B %Y}. {link}")
