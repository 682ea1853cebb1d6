"""Values the page shell is built from (options, facts, titles, navigation); no Dash here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from dashboard.analysis.filters import FILTER_LABELS
from dashboard.context import AtlasContext
from dashboard.core.areas import CONTEXT_SOURCES
from dashboard.core.iod import DOMAINS
from dashboard.core.settings import PROJECT_ROOT
from dashboard.core.view_state import (
    FILTER_FIELDS,
    MAP_MODES,
    MEASURES,
    ViewState,
    state_to_url,
)
from dashboard.figures.frames import PRESETS
from dashboard.views.common import SOURCES, lad_name, locality_options
from dashboard.views.switcher import banner_notice, dataset_facts, dataset_label

APP_TITLE = "Community mental-health provision atlas"


def atlas_shell(atlas: AtlasContext) -> dict[str, Any]:
    """Keyword arguments of ``layouts.page.build_layout``: what every page around its section shows."""
    meta = atlas.dataset.meta
    return {
        "title": APP_TITLE,
        "dataset_label": dataset_label(meta),
        "notice": banner_notice(meta),
        "control_values": {
            "domain_options": [{"label": d.label, "value": d.key} for d in DOMAINS],
            "measures": MEASURES,
            "map_modes": MAP_MODES,
            "filter_options": {
                param: [{"label": label, "value": code}
                        for code, label in atlas.codelists[field].labels.items()]
                for param, field in FILTER_FIELDS.items()
            },
            "filter_labels": FILTER_LABELS,
            "locality_options": locality_options(atlas),
            "dataset_options": [{"label": f"Bundled: {meta.name}", "value": "bundled"}],
        },
        "dataset_facts": dataset_facts(atlas),
        "sources": [*SOURCES, *CONTEXT_SOURCES],
        "dataset_caption": meta.caption,
        "live_poll_ms": int(atlas.settings.live_poll_seconds * 1000),
    }


def methods_markdown() -> str:
    """The method page's text (docs/methods.md)."""
    return (PROJECT_ROOT / "docs" / "methods.md").read_text(encoding="utf-8")


def export_presets() -> dict[str, str]:
    """Export sizes by key, as the export panel offers them."""
    return {key: preset.label for key, preset in PRESETS.items()}


def code_options(atlas: AtlasContext) -> dict[str, list[dict[str, str]]]:
    """Options of the code pickers of the workshop's corrections and the /code workbench."""
    return {field: [{"label": label, "value": code}
                    for code, label in atlas.codelists[field].labels.items()]
            for field in ("types", "determinants", "populations", "delivery_mode", "provider_type")}


SECTIONS = ("national", "locality", "gaps", "compare", "methods", "data", "workshop", "code",
            "present")
NAVIGATION = ("national", "gaps", "compare", "methods", "data", "workshop", "code")
PAGE_LABELS = {"national": "England", "gaps": "Need against provision",
               "compare": "Compare localities", "methods": "How is this calculated?",
               "data": "Your data", "workshop": "Workshop", "code": "Code a directory",
               "present": "Presenter"}
FIGURE_PAGES = ("national", "locality", "gaps", "compare", "present")  # pages that draw charts


@dataclass(frozen=True)
class Navigation:
    """Which page shows, where each navigation link goes, and the page's browser-tab title.

    Attributes:
        page: the page shown (one of ``SECTIONS``).
        links: page -> link to it that keeps the view's filters and dataset.
        active: the navigation link marked as the current page.
        title: the browser tab's title, e.g. "Blackpool (E06000009) – Community ... atlas".
    """

    page: str
    links: dict[str, str]
    active: str
    title: str


def page_title(atlas: AtlasContext, state: ViewState) -> str:
    """The browser tab's title of a view: what the page shows, then the atlas's name."""
    page = state.current_page
    if page == "locality":
        label = f"{lad_name(atlas, state.locality)} ({state.locality})"
    elif page == "compare" and state.compare:
        label = "Compare " + ", ".join(lad_name(atlas, code) for code in state.compare)
    else:
        label = PAGE_LABELS.get(page, PAGE_LABELS["national"])
    return f"{label} – {APP_TITLE}"


def navigation(atlas: AtlasContext, state: ViewState) -> Navigation:
    """Navigation of a view state: links to every page with the same filters and dataset."""
    current = state.current_page
    links = {page: "".join(state_to_url(replace(state, page=page, locality=None)))
             for page in NAVIGATION}
    return Navigation(page=current, links=links,
                      active="national" if current == "locality" else current,
                      title=page_title(atlas, state))


def section_key(state: ViewState) -> list:
    """What a page's section is built for: page, locality, dataset, then the page's own values.

    JSON-ready, for the store that remembers what the page shows.
    """
    own = {"gaps": list(state.thresholds), "compare": list(state.compare),
           "national": state.area_level, "locality": state.similar}.get(state.current_page)
    return [state.current_page, state.locality, state.dataset, own]


def rebuild_section(shown: list | None, key: list, url_changed: bool) -> bool:
    """Whether the shell builds the page's section again for a new view.

    It does when the page, the locality or the dataset changes; any other change reaches the
    section's own callbacks, which patch what they draw. A page's own values (thresholds on
    ``/gaps``, localities on ``/compare``, the areas on ``/``, the neighbours' kind on a
    locality) are set by its own controls, so they count only when
    the URL changed by itself (a link opened, back or forward), never under the user's hand.
    """
    if not shown or shown[:3] != key[:3]:
        return True
    return url_changed and shown != key
