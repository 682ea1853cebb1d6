"""Captioned images of a view's figure: the publication layout for an export size, the bytes."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib

import plotly.graph_objects as go
from pypdf import PdfReader, PdfWriter

from dashboard.exports.renderer import Renderer
from dashboard.exports.stamp import Stamp, qr_data_uri
from dashboard.figures.frames import Preset
from dashboard.figures.publication import publication_figure
from dashboard.views.parts import Part

PDF_AUTHOR = "Community mental-health provision atlas"


def export_figure(part: Part, preset: Preset, stamp: Stamp) -> go.Figure:
    """The part's figure laid out for ``preset``, its caption drawn with the export's stamp.

    The caption is drawn from the part's :class:`~dashboard.figures.caption.Caption` in the
    preset's publication layout (the page's own caption is replaced, not edited); maps become
    SVG paths fitted to their frame; print sizes carry a QR code of the view's link.
    """
    return publication_figure(part.figure, stamp.on(part.caption), preset,
                              qr_source=qr_data_uri(stamp.permalink) if preset.qr else None)


def render_export(renderer: Renderer, figure: go.Figure, fmt: str, preset: Preset, *,
                  title: str = "", subject: str = "", created: dt.datetime | None = None) -> bytes:
    """PNG, SVG or PDF bytes of an export figure.

    PNGs carry the preset's dpi when it has one; PDFs carry their own metadata (title,
    subject, author, creation date) instead of the engine's.
    """
    data = renderer.render(figure, fmt, preset.width, preset.height,
                           preset.scale if fmt == "png" else 1)
    if fmt == "png" and preset.dpi:
        data = with_png_dpi(data, preset.dpi)
    if fmt == "pdf":
        data = with_pdf_metadata(data, title=title, subject=subject, created=created)
    return data


def with_pdf_metadata(pdf: bytes, *, title: str, subject: str,
                      created: dt.datetime | None = None) -> bytes:
    """The PDF with its document information replaced: title, subject, author, dates."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    moment = created or dt.datetime.now(dt.UTC)
    stamp = moment.strftime("D:%Y%m%d%H%M%S+00'00'")
    writer.metadata = None
    writer.add_metadata({"/Title": title, "/Subject": subject, "/Author": PDF_AUTHOR,
                         "/Creator": PDF_AUTHOR, "/Producer": PDF_AUTHOR,
                         "/CreationDate": stamp, "/ModDate": stamp})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
