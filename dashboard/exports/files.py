"""Exports of a view: captioned images, the numbers behind them, a locality's PDF profile.

An export is a figure of a view (see :mod:`dashboard.views.parts`) drawn with everything a
reader needs to trust it: title, filters, sources and licences, the dataset's name and version,
"Illustrative data" when it is, the export date and the view's permalink (plus a QR code on
print). The same function serves the browser, the HTTP routes and the command line, so a
permalink exports the same figure everywhere. Each export builds its figure once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState
from dashboard.exports.images import export_figure, render_export
from dashboard.exports.profile import locality_profile
from dashboard.exports.renderer import Renderer, RenderError
from dashboard.exports.stamp import Stamp, clean_credit
from dashboard.exports.tables import table_bytes
from dashboard.figures.caption import ILLUSTRATIVE_LINE, Caption
from dashboard.figures.frames import PRESETS
from dashboard.views.common import lad_name
from dashboard.views.parts import Part, build_part, part_table, parts_of

IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
DATA_FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportError(ValueError):
    """An export that cannot be made; the message says why in one sentence."""


@dataclass(frozen=True)
class Export:
    """One exported file: its bytes, its download name and, for an image, its alt text."""

    content: bytes
    name: str
    alt_text: str | None = None


def alt_text(part: Part) -> str:
    """Alternative text offered with every image: what it shows, in sentences."""
    prefix = "Illustrative data. " if part.caption.illustrative else ""
    return f"{prefix}{part.caption.title}. {part.summary}"


def export_file(atlas: AtlasContext, renderer: Renderer, state: ViewState, key: str | None,
                preset: str, fmt: str, permalink: str, today: dt.date, credit: str = "") -> Export:
    """One export of a view: an image, the numbers behind a figure, or a locality profile.

    ``credit`` is an optional line naming who made it (printed with the sources).

    Raises:
        ExportError: unknown figure, preset or format, a credit line too long, or the image
            engine failed.
    """
    try:
        stamp = Stamp(permalink, today, clean_credit(credit))
    except ValueError as error:
        raise ExportError(str(error)) from error
    if fmt == "profile":
        if not state.locality:
            raise ExportError("A locality profile needs a locality: open one first.")
        return Export(_rendering(lambda: locality_profile(atlas, renderer, state, stamp)),
                      file_name(atlas, state, "profile", "pdf"))
    if not parts_of(state):
        raise ExportError("This page has no figures to export; open the atlas, a locality, the "
                          "gap analysis or a comparison of two to six localities.")
    if key not in parts_of(state):
        raise ExportError(f"This view has no figure {key!r} to export"
                          + (f"; choose one of {', '.join(parts_of(state))}." if parts_of(state)
                             else "."))
    part = build_part(atlas, state, key)
    if fmt in DATA_FORMATS:
        lines = stamp.on(part.caption).plain_lines()
        return Export(table_bytes(part_table(atlas, state, key), lines, fmt),
                      file_name(atlas, state, key, fmt))
    if fmt not in IMAGE_FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; use one of "
                          f"{', '.join([*IMAGE_FORMATS, *DATA_FORMATS, 'profile'])}.")
    if preset not in PRESETS:
        raise ExportError(f"Unknown size {preset!r}; use one of {', '.join(PRESETS)}.")
    figure = export_figure(part, PRESETS[preset], stamp)
    caption = stamp.on(part.caption)
    return Export(_rendering(lambda: render_export(
        renderer, figure, fmt, PRESETS[preset], title=caption.title,
        subject=pdf_subject(caption))),
        file_name(atlas, state, key, fmt, preset), alt_text(part))


def pdf_subject(caption: Caption) -> str:
    """A PDF's subject: the standfirst and the dataset, marked when illustrative."""
    parts = [ILLUSTRATIVE_LINE + "." if caption.illustrative else "", caption.subtitle,
             caption.dataset]
    return " ".join(part for part in parts if part)


def _rendering(make):
    try:
        return make()
    except RenderError as error:
        raise ExportError(str(error)) from error


def file_name(atlas: AtlasContext, state: ViewState, key: str, fmt: str,
              preset: str | None = None) -> str:
    """Download name, e.g. ``atlas-blackpool-map-social.png``."""
    place = lad_name(atlas, state.locality) if state.locality else state.current_page
    slug = "".join(ch if ch.isalnum() else "-" for ch in place.lower()).strip("-")
    suffix = f"-{preset}" if preset and fmt in IMAGE_FORMATS else ""
    return f"atlas-{slug}-{key.replace('_', '-')}{suffix}.{fmt}"


