"""A one-page A4 PDF profile of a locality: map, headline cards, heatmap, gaps and caption.

Type is at least ``MIN_PT`` points everywhere, the figures' own labels included (they are laid
out by :func:`~dashboard.figures.publication.publication_figure` at a body size that prints at
``MIN_PT`` or more); text wraps at word boundaries and is never cut. The PDF carries its own
title, subject, author and creation date.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import plotly.graph_objects as go
from fpdf import FPDF

from dashboard.analysis.filters import describe_filters
from dashboard.context import AtlasContext
from dashboard.core.iod import BOUNDARY_SOURCE, CENSUS_SOURCE, IOD_SOURCE
from dashboard.core.view_state import ViewState
from dashboard.exports.images import PDF_AUTHOR
from dashboard.exports.renderer import Renderer
from dashboard.exports.stamp import Stamp, qr_png
from dashboard.figures.caption import ILLUSTRATIVE_LINE, Caption
from dashboard.figures.frames import Preset
from dashboard.figures.publication import publication_figure
from dashboard.views.common import filtered, lad_name
from dashboard.views.locality import Card, LocalityPage, locality_map, locality_page

PAGE_W, PAGE_H, MARGIN = 210, 297, 10
BODY_W = PAGE_W - 2 * MARGIN
PX_PER_MM = 4  # figures are laid out at 4 px per mm and rendered at twice that (about 200 dpi)
MIN_PT = 8
FIGURE_BODY_PX = 12  # 12 px at 4 px per mm = 3 mm = 8.5 pt
FONT = "Helvetica"


def _text(value: str) -> str:
    """Text in the PDF core font's Latin-1 range (dashes and quotes replaced)."""
    table = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "...",
                           "≥": ">=", "≤": "<=", "·": "-", "×": "x"})
    return value.translate(table).encode("latin-1", "replace").decode("latin-1")


class _Images:
    """Renders a page figure, laid out for the profile (no headline), to a PNG of w x h mm."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer

    def __call__(self, figure: go.Figure, caption: Caption, w_mm: float,
                 h_mm: float) -> io.BytesIO:
        width, height = int(w_mm * PX_PER_MM), int(h_mm * PX_PER_MM)
        preset = Preset("profile figure", width, height, body=FIGURE_BODY_PX, margin=4)
        laid_out = publication_figure(figure, Caption("", notes=caption.notes), preset)
        png = self.renderer.render(laid_out, "png", width, height, scale=2)
        return io.BytesIO(png)


def locality_profile(atlas: AtlasContext, renderer: Renderer, state: ViewState, stamp: Stamp,
                     created: dt.datetime | None = None) -> bytes:
    """The locality's profile as PDF bytes (one A4 page): the page's numbers, one caption."""
    code = state.locality
    page = locality_page(atlas, state)
    meta = atlas.dataset.meta
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_page()
    pdf.set_title(f"{lad_name(atlas, code)}: community mental-health provision profile")
    pdf.set_subject(_text(f"{'Illustrative data. ' if meta.illustrative else ''}"
                          f"{describe_filters(state.active_filters, atlas.codelists)}. "
                          f"{meta.caption}"))
    pdf.set_author(PDF_AUTHOR)
    pdf.set_creator(PDF_AUTHOR)
    pdf.set_creation_date(created or dt.datetime.now(dt.UTC))
    top = _header(pdf, atlas, state, page)
    images = _Images(renderer)
    chart = locality_map(atlas, code, state, filtered(atlas, state))
    pdf.image(images(chart.figure, chart.caption, 98, 80), x=MARGIN, y=top, w=98, h=80)
    _cards(pdf, page.cards, top)
    y = top + 82
    pdf.set_xy(MARGIN, y)
    pdf.set_font(FONT, "B", 10)
    # No provision to show: the need side takes the heatmap's place (as on the page).
    shown = page.need if page.empty else page.heatmaps[0]
    pdf.cell(BODY_W, 5, _text(shown.caption.title + ("" if page.empty else
                                                     " (counts; '-' marks a gap)")))
    pdf.image(images(shown.figure, shown.caption, BODY_W, 84), x=MARGIN, y=y + 5,
              w=BODY_W, h=84)
    footer_top = _footer(pdf, atlas, stamp)
    _gaps_and_evaluation(pdf, page, y + 91, footer_top - 2)
    return bytes(pdf.output())


def _header(pdf: FPDF, atlas: AtlasContext, state: ViewState, page: LocalityPage) -> float:
    """The illustrative mark, the title and the filters; returns where the body starts (mm)."""
    meta = atlas.dataset.meta
    if meta.illustrative:
        pdf.set_font(FONT, "B", 10)
        pdf.set_fill_color(128, 22, 80)
        pdf.set_text_color(255, 255, 255)
        pdf.cell(pdf.get_string_width(ILLUSTRATIVE_LINE) + 4, 6, _text(ILLUSTRATIVE_LINE),
                 fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(BODY_W, 7, _text(f"{page.title}: community mental-health provision"),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(61, 61, 61)
    pdf.multi_cell(BODY_W, 4.2, _text(f"{describe_filters(state.active_filters, atlas.codelists)}. "
                                      f"{meta.caption}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    return pdf.get_y() + 2


def _cards(pdf: FPDF, cards: Sequence[Card], top: float) -> None:
    """The headline cards in the right-hand column beside the map."""
    x, width = MARGIN + 101, BODY_W - 101
    pdf.set_xy(x, top)
    for card in cards:
        pdf.set_x(x)
        pdf.set_font(FONT, "", MIN_PT)
        pdf.multi_cell(width, 3.6, _text(card.label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(x)
        pdf.set_font(FONT, "B", 12)
        pdf.cell(width, 5.4, _text(card.value), new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(x)
        pdf.set_font(FONT, "", MIN_PT)
        pdf.multi_cell(width, 3.6, _text(f"Dataset: {card.dataset}. England: {card.england}."),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.4)


def _gaps_and_evaluation(pdf: FPDF, page: LocalityPage, y: float, bottom: float) -> None:
    """Priority gaps on the left, the evaluation gap on the right, above ``bottom`` (mm)."""
    _, sentences, note = page.priorities[0]
    column = (BODY_W - 4) / 2
    pdf.set_xy(MARGIN, y)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(column, 5, "Priority gaps (need against provision)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", MIN_PT)
    if page.empty:
        lines = [page.empty]
    else:
        lines = [f"- {s}" for s in sentences[:3]] or ["No high-need determinant lacks provision."]
        lines += [note] if note else []
    _lines(pdf, MARGIN, column, lines, bottom)
    x = MARGIN + column + 4
    pdf.set_xy(x, y)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(column, 5, "Evaluation gap", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", MIN_PT)
    _lines(pdf, x, column, [f"{label}: {value}" for label, value in page.evaluation], bottom)


def _lines(pdf: FPDF, x: float, width: float, lines: Sequence[str], bottom: float) -> None:
    """Whole sentences in a column down to ``bottom`` (mm); what does not fit is said so."""
    for i, line in enumerate(lines):
        height = len(pdf.multi_cell(width, 3.6, _text(line), dry_run=True, output="LINES")) * 3.6
        if pdf.get_y() + height > bottom - (3.6 if i < len(lines) - 1 else 0):
            pdf.set_x(x)
            pdf.multi_cell(width, 3.6, "More in the atlas (the view's link is below).",
                           new_x="LMARGIN", new_y="NEXT", align="L")
            return
        pdf.set_x(x)
        pdf.multi_cell(width, 3.6, _text(line), new_x="LMARGIN", new_y="NEXT", align="L")


def _footer(pdf: FPDF, atlas: AtlasContext, stamp: Stamp) -> float:
    """Sources, dataset, date, link and credit, with a QR code; returns the footer's top (mm)."""
    lines = [IOD_SOURCE, BOUNDARY_SOURCE, CENSUS_SOURCE,
             f"Code lists: {atlas.codelists.name}, version {atlas.codelists.version}. "
             f"{atlas.dataset.meta.caption}",
             f"Exported {stamp.date_text}. View: {stamp.permalink}", stamp.credit]
    width = BODY_W - 26
    pdf.set_font(FONT, "", MIN_PT)
    height = sum(len(pdf.multi_cell(width, 3.5, _text(line), dry_run=True, output="LINES"))
                 for line in lines if line) * 3.5
    top = PAGE_H - MARGIN - max(height, 22)
    pdf.set_draw_color(177, 180, 182)
    pdf.line(MARGIN, top - 1.5, PAGE_W - MARGIN, top - 1.5)
    pdf.image(io.BytesIO(qr_png(stamp.permalink)), x=PAGE_W - MARGIN - 22, y=top, w=22, h=22)
    pdf.set_xy(MARGIN, top)
    pdf.set_text_color(61, 61, 61)
    for line in lines:
        if line:
            pdf.multi_cell(width, 3.5, _text(line), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(0, 0, 0)
    return top - 2
