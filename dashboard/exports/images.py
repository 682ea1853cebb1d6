"""Captioned images of a view's figure: the layout for an export size, PNG/SVG/PDF bytes."""

from __future__ import annotations

import struct
import zlib

import plotly.graph_objects as go

from dashboard.exports.renderer import Renderer
from dashboard.exports.stamp import Stamp, qr_data_uri
from dashboard.figures.caption import apply_caption
from dashboard.figures.frames import Preset
from dashboard.figures.maps import vector_map
from dashboard.views.parts import Part

QR_PX = 96


def export_figure(part: Part, preset: Preset, stamp: Stamp) -> go.Figure:
    """The part's figure laid out for ``preset``, its caption drawn with the export's stamp.

    The caption is drawn from the part's :class:`~dashboard.figures.caption.Caption` in the
    preset's frame (the page's own caption is replaced, not edited); maps become SVG paths.
    """
    figure = apply_caption(part.figure, stamp.on(part.caption), preset.frame)
    margin = figure.layout.margin
    images = []
    if preset.qr:  # bottom right, below the plot area, beside the source lines
        bottom = max(margin.b, QR_PX + 24)
        figure.layout.margin.b = bottom
        plot_height = preset.height - margin.t - bottom
        plot_width = preset.width - margin.l - margin.r
        images.append({"source": qr_data_uri(stamp.permalink), "xref": "paper", "yref": "paper",
                       "x": 1, "y": -8 / plot_height, "xanchor": "right", "yanchor": "top",
                       "sizex": QR_PX / plot_width, "sizey": QR_PX / plot_height,
                       "sizing": "contain", "layer": "above"})
    figure.update_layout(width=preset.width, height=preset.height, images=images, autosize=False)
    return vector_map(figure)  # maps as SVG paths: fitted to this size, fast, vector in SVG/PDF


def render_export(renderer: Renderer, figure: go.Figure, fmt: str, preset: Preset) -> bytes:
    """PNG, SVG or PDF bytes of an export figure; PNGs carry the preset's dpi when it has one."""
    data = renderer.render(figure, fmt, preset.width, preset.height,
                           preset.scale if fmt == "png" else 1)
    if fmt == "png" and preset.dpi:
        data = with_png_dpi(data, preset.dpi)
    return data


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
