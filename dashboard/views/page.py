"""Values the atlas page is built from (figures, options, facts); no Dash here."""

from __future__ import annotations

from typing import Any

from dashboard.analysis.filters import FILTER_LABELS
from dashboard.context import AtlasContext
from dashboard.core.iod import DOMAINS
from dashboard.core.settings import PROJECT_ROOT
from dashboard.core.view_state import DEFAULT, FILTER_FIELDS, MAP_MODES, MEASURES
from dashboard.exports.files import PRESETS
from dashboard.views.common import SOURCES, locality_options, national_figures
from dashboard.views.switcher import banner_notice, dataset_label


def national_page(ctx: AtlasContext) -> dict[str, Any]:
    """Keyword arguments of ``layouts.page.build_layout`` (the default view's figures)."""
    meta = ctx.dataset.meta
    report = ctx.dataset.report
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
                        for code, label in ctx.codelists[field].labels.items()]
                for param, field in FILTER_FIELDS.items()
            },
            "filter_labels": FILTER_LABELS,
            "locality_options": locality_options(ctx),
            "dataset_options": [{"label": f"Bundled: {meta.name}", "value": "bundled"}],
        },
        "national_figures": national_figures(ctx, DEFAULT),
        "thresholds": DEFAULT.thresholds,
        "methods_markdown": (PROJECT_ROOT / "docs" / "methods.md").read_text(encoding="utf-8"),
        "dataset_facts": [
            ("Dataset", f"{meta.name} (version {meta.version})"),
            ("Interventions", f"{report.rows_accepted} accepted of {report.rows_total} rows"
             + (f"; {len(report.warnings)} warnings" if report.warnings else "")),
            ("Localities", str(ctx.dataset.interventions["locality_code"].nunique())),
            ("Code lists", f"{ctx.codelists.name}, version {ctx.codelists.version}"),
        ],
        "sources": list(SOURCES),
        "dataset_caption": meta.caption,
        "export_presets": {key: preset.label for key, preset in PRESETS.items()},
        "writes_enabled": ctx.settings.editor_secret_hash is not None,
        "upload_max_mb": ctx.settings.upload_max_mb,
        "live_poll_ms": int(ctx.settings.live_poll_seconds * 1000),
        "code_options": {
            field: [{"label": label, "value": code}
                    for code, label in ctx.codelists[field].labels.items()]
            for field in ("types", "determinants", "populations")
        },
    }
