"""Captioned exports of a view: images (PNG, SVG, PDF) and the numbers behind them (CSV, XLSX).

An export is a figure of a view (see :mod:`dashboard.views.parts`) stamped with everything a
reader needs to trust it: title, filters, sources and licences, the dataset's name and version,
"Illustrative data" when it is, the export date and the view's permalink (plus a QR code on
print). The same function serves the browser, the HTTP routes and the command line, so a
permalink exports the same figure everywhere.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
import re
import struct
import zlib
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState
from dashboard.exports.renderer import Renderer, RenderError
from dashboard.figures.factories import SOURCES_NAME, plot_text, vector_map
from dashboard.views.parts import Part, build_part, part_table, parts_of

ILLUSTRATIVE_LINE = "ILLUSTRATIVE DATA: synthetic records, not a real service directory"
IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
DATA_FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ExportError(ValueError):
    """An export that cannot be made; the message says why in one sentence."""


@dataclass(frozen=True)
class Preset:
    """An output size: layout size in CSS pixels and the scale that gives the pixel size."""

    label: str
    width: int
    height: int
    scale: float = 1.0
    dpi: int | None = None
    qr: bool = False

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height in pixels of a PNG at this preset."""
        return round(self.width * self.scale), round(self.height * self.scale)


PRESETS: dict[str, Preset] = {
    "social": Preset("Social media, 1200 × 675 px", 1200, 675),
    "slide": Preset("Slide, 1920 × 1080 px", 1280, 720, scale=1.5),
    # A4 portrait at 96 CSS px per inch (794 x 1123), scaled to 2480 x 3508 px = 300 dpi.
    "a4": Preset("A4 portrait print, 300 dpi", 794, 1123, scale=3508 / 1123, dpi=300, qr=True),
}


@dataclass(frozen=True)
class Stamp:
    """Where and when an export was made: the view's permalink and the export date."""

    permalink: str
    exported_on: dt.date

    @property
    def date_text(self) -> str:
        """Export date as written in captions, e.g. "23 November 2026"."""
        return f"{self.exported_on.day} {self.exported_on:%B %Y}"


def state_of_permalink(ctx: AtlasContext, url: str) -> tuple[ViewState, list[str]]:
    """The view a permalink (full URL or path with query) opens, and notes on what was ignored."""
    from urllib.parse import urlsplit

    from dashboard.core.view_state import state_from_url

    parts = urlsplit(url)
    return state_from_url(parts.path or "/", f"?{parts.query}" if parts.query else "",
                          ctx.codelists, ctx.geography.recode,
                          ctx.geography.lads["LAD24NM"].to_dict())


def caption_lines(ctx: AtlasContext, part: Part, stamp: Stamp) -> list[str]:
    """Plain-text caption of an export: title, subtitle, sources, dataset, date and permalink."""
    layout = part.figure.layout
    title, subtitle = _title_and_subtitle(part.figure)
    sources = next((_plain(a.text) for a in layout.annotations if a.name == SOURCES_NAME), "")
    meta = ctx.dataset.meta
    lines = [ILLUSTRATIVE_LINE] if meta.illustrative else []
    lines += [_plain(title), _plain("<span" + subtitle) if subtitle else "", sources,
              f"Interventions: {meta.name}, version {meta.version}.",
              f"Exported {stamp.date_text} from {stamp.permalink}"]
    return [line for line in lines if line]


def alt_text(ctx: AtlasContext, part: Part) -> str:
    """Alternative text offered with every image: what it shows, in sentences."""
    title = _plain(_title_and_subtitle(part.figure)[0])
    prefix = "Illustrative data. " if ctx.dataset.meta.illustrative else ""
    return f"{prefix}{title}. {part.summary}"


def export_figure(ctx: AtlasContext, state: ViewState, key: str, preset: Preset,
                  stamp: Stamp) -> go.Figure:
    """The view's figure laid out for ``preset`` with the full export caption drawn in.

    Raises:
        KeyError: the view has no such figure.
    """
    part = build_part(ctx, state, key)
    figure = go.Figure(part.figure)
    meta = ctx.dataset.meta
    extra = [plot_text(f"Interventions: {meta.name}, version {meta.version}."),
             plot_text(f"Exported {stamp.date_text}. View: {stamp.permalink}")]
    margin = figure.layout.margin
    bottom = (margin.b or 40) + 18 * len(extra) + 12
    for annotation in figure.layout.annotations:
        if annotation.name == SOURCES_NAME:
            annotation.text = annotation.text.replace(
                "</span>", "<br>" + "<br>".join(extra) + "</span>")
    top = margin.t or 60
    if meta.illustrative:
        figure.layout.title.text = (
            f"<span style='color:#801650;font-size:15px'><b>{ILLUSTRATIVE_LINE}</b></span><br>"
            + figure.layout.title.text)
        top += 24
    images = []
    if preset.qr:  # bottom right, below the plot area, beside the source lines
        qr_px = 96
        bottom = max(bottom, qr_px + 24)
        plot_height = preset.height - top - bottom
        plot_width = preset.width - (margin.l or 10) - max(margin.r or 10, 10)
        images.append({"source": qr_data_uri(stamp.permalink), "xref": "paper", "yref": "paper",
                       "x": 1, "y": -8 / plot_height, "xanchor": "right", "yanchor": "top",
                       "sizex": qr_px / plot_width, "sizey": qr_px / plot_height,
                       "sizing": "contain", "layer": "above"})
    figure.update_layout(width=preset.width, height=preset.height, images=images,
                         margin={"t": top, "b": bottom, "r": max(margin.r or 10, 10)},
                         autosize=False)
    return vector_map(figure)  # maps as SVG paths: fitted to this size, fast, vector in SVG/PDF


def export_file(ctx: AtlasContext, renderer: Renderer, state: ViewState, key: str | None,
                preset: str, fmt: str, permalink: str, today: dt.date) -> tuple[bytes, str]:
    """Bytes and download name of one export of a view (image, data or locality profile).

    Raises:
        ExportError: unknown figure, preset or format, or the image engine failed.
    """
    stamp = Stamp(permalink, today)
    if fmt == "profile":
        if not state.locality:
            raise ExportError("A locality profile needs a locality: open one first.")
        from dashboard.exports.profile import locality_profile

        return (_rendering(lambda: locality_profile(ctx, renderer, state, stamp)),
                file_name(ctx, state, "profile", "pdf"))
    if not parts_of(state):
        raise ExportError("This page has no figures to export; open the atlas, a locality, the "
                          "gap analysis or a comparison of two to four localities.")
    if key not in parts_of(state):
        raise ExportError(f"This view has no figure {key!r} to export"
                          + (f"; choose one of {', '.join(parts_of(state))}." if parts_of(state)
                             else "."))
    if fmt in DATA_FORMATS:
        lines = caption_lines(ctx, build_part(ctx, state, key), stamp)
        return table_bytes(part_table(ctx, state, key), lines, fmt), file_name(ctx, state, key, fmt)
    if fmt not in IMAGE_FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; use one of "
                          f"{', '.join([*IMAGE_FORMATS, *DATA_FORMATS, 'profile'])}.")
    if preset not in PRESETS:
        raise ExportError(f"Unknown size {preset!r}; use one of {', '.join(PRESETS)}.")
    figure = export_figure(ctx, state, key, PRESETS[preset], stamp)
    return (_rendering(lambda: render_export(renderer, figure, fmt, PRESETS[preset])),
            file_name(ctx, state, key, fmt, preset))


def _rendering(make):
    try:
        return make()
    except RenderError as error:
        raise ExportError(str(error)) from error


def render_export(renderer: Renderer, figure: go.Figure, fmt: str, preset: Preset) -> bytes:
    """PNG, SVG or PDF bytes of an export figure; PNGs carry the preset's dpi when it has one."""
    data = renderer.render(figure, fmt, preset.width, preset.height,
                           preset.scale if fmt == "png" else 1)
    if fmt == "png" and preset.dpi:
        data = with_png_dpi(data, preset.dpi)
    return data


def table_bytes(table: pd.DataFrame, lines: list[str], fmt: str) -> bytes:
    """CSV or XLSX of a table with its caption as metadata; formula-like text is neutralised.

    CSV: caption lines first, each starting with ``#`` (``pandas.read_csv(comment="#")`` skips
    them), then the header and rows. XLSX: a "Data" sheet and an "About" sheet with the caption,
    which is also the workbook's description.
    """
    rows = [[neutralise(v) for v in record] for record in table.itertuples(index=False)]
    header = [neutralise(c) for c in table.columns]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for line in lines:
            writer.writerow([f"# {neutralise(line)}"])
        writer.writerow(header)
        writer.writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    about = book.create_sheet("About")
    for line in lines:
        about.append([neutralise(line)])
    book.properties.title = neutralise(lines[1] if len(lines) > 1 else lines[0])
    book.properties.description = "\n".join(lines)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def neutralise(value: object) -> object:
    """A cell value that no spreadsheet will run as a formula; numbers pass, NaN becomes blank."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if hasattr(value, "item"):  # numpy scalars -> Python numbers for openpyxl
        return value.item()
    return value


def file_name(ctx: AtlasContext, state: ViewState, key: str, fmt: str,
              preset: str | None = None) -> str:
    """Download name, e.g. ``atlas-blackpool-map-social.png``."""
    from dashboard.views.common import lad_name

    place = lad_name(ctx, state.locality) if state.locality else state.current_page
    slug = "".join(ch if ch.isalnum() else "-" for ch in place.lower()).strip("-")
    suffix = f"-{preset}" if preset and fmt in IMAGE_FORMATS else ""
    return f"atlas-{slug}-{key.replace('_', '-')}{suffix}.{fmt}"


def qr_png(text: str) -> bytes:
    """A PNG QR code of ``text`` (for print exports)."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def qr_data_uri(text: str) -> str:
    """:func:`qr_png` as a data URI for a plotly layout image."""
    return "data:image/png;base64," + base64.b64encode(qr_png(text)).decode("ascii")


def with_png_dpi(png: bytes, dpi: int) -> bytes:
    """The PNG with a pHYs chunk saying ``dpi`` (printers and layout tools read it)."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    end_of_ihdr = 8 + 8 + 13 + 4  # signature, IHDR length+type, IHDR data, CRC
    rest = _without_chunk(png[end_of_ihdr:], b"pHYs")
    return png[:end_of_ihdr] + chunk + rest


def _without_chunk(chunks: bytes, kind: bytes) -> bytes:
    out, i = [], 0
    while i < len(chunks):
        length = struct.unpack(">I", chunks[i:i + 4])[0]
        end = i + 12 + length
        if chunks[i + 4:i + 8] != kind:
            out.append(chunks[i:end])
        i = end
    return b"".join(out)


def _title_and_subtitle(figure: go.Figure) -> tuple[str, str]:
    """A figure's title and subtitle markup, as :class:`~dashboard.figures.factories.Caption` writes them."""
    title, _, subtitle = (figure.layout.title.text or "").partition("<br><span")
    return title, subtitle


def _plain(text: str) -> str:
    """Plotly label text as plain sentences (tags dropped, line breaks to spaces)."""
    text = re.sub(r"<br\s*/?>", " ", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
