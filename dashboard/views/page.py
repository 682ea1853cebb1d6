"""Values the atlas page is built from (figures, options, facts); no Dash here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from dashboard.analysis.filters import FILTER_LABELS
from dashboard.context import AtlasContext
from dashboard.core.areas import CONTEXT_SOURCES
from dashboard.core.iod import DOMAINS
from dashboard.core.settings import PROJECT_ROOT
from dashboard.core.view_state import (
    DEFAULT,
    FILTER_FIELDS,
    MAP_MODES,
    MEASURES,
    ViewState,
    state_to_url,
)
from dashboard.figures.frames import PRESETS
from dashboard.views.atlas import national_chart
from dashboard.views.common import SOURCES, locality_options
from dashboard.views.provision import national_provision
from dashboard.views.switcher import banner_notice, dataset_facts, dataset_label


def national_page(atlas: AtlasContext) -> dict[str, Any]:
    """Keyword arguments of ``layouts.page.build_layout`` (the default view's figures)."""
    meta = atlas.dataset.meta
    return {
        "title": "Community mental-health provision atlas",
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
        "national_figures": {"map": national_chart(atlas, DEFAULT),
                             **national_provision(atlas, DEFAULT)},
        "thresholds": DEFAULT.thresholds,
        "methods_markdown": (PROJECT_ROOT / "docs" / "methods.md").read_text(encoding="utf-8"),
        "dataset_facts": dataset_facts(atlas),
        "sources": [*SOURCES, *CONTEXT_SOURCES],
        "dataset_caption": meta.caption,
        "export_presets": {key: preset.label for key, preset in PRESETS.items()},
        "writes_enabled": atlas.settings.editor_secret_hash is not None,
        "upload_max_mb": atlas.settings.upload_max_mb,
        "live_poll_ms": int(atlas.settings.live_poll_seconds * 1000),
        "code_options": {
            field: [{"label": label, "value": code}
                    for code, label in atlas.codelists[field].labels.items()]
            for field in ("types", "determinants", "populations", "delivery_mode", "provider_type")
        },
    }


SECTIONS = ("national", "locality", "gaps", "compare", "methods", "data", "workshop", "code")
NAVIGATION = ("national", "gaps", "compare", "methods", "data", "workshop", "code")
EDITOR_PAGES = ("data", "workshop", "code")


@dataclass(frozen=True)
class Navigation:
    """Which page section shows, where each navigation link goes, and the editor panel.

    Attributes:
        page: the section shown (one of ``SECTIONS``).
        links: page -> link to it that keeps the view's filters and dataset.
        active: the navigation link marked as the current page.
        editor_panel: whether the editor sign-in panel shows (on ``EDITOR_PAGES``).
    """

    page: str
    links: dict[str, str]
    active: str
    editor_panel: bool


def navigation(state: ViewState) -> Navigation:
    """Navigation of a view state: links to every page with the same filters and dataset."""
    current = state.current_page
    links = {page: "".join(state_to_url(replace(state, page=page, locality=None)))
             for page in NAVIGATION}
    return Navigation(page=current, links=links,
                      active="national" if current == "locality" else current,
                      editor_panel=current in EDITOR_PAGES)
