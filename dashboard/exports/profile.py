"""A one-page A4 PDF profile of a locality: map, headline cards, heatmaps, gaps and caption."""

from __future__ import annotations

import io
from collections.abc import Sequence

import plotly.graph_objects as go
from fpdf import FPDF

from dashboard.analysis.filters import describe_filters
from dashboard.context import AtlasContext
from dashboard.core.iod import BOUNDARY_SOURCE, CENSUS_SOURCE, IOD_SOURCE
from dashboard.core.view_state import ViewState
from dashboard.exports.renderer import Renderer
from dashboard.exports.stamp import Stamp, qr_png
from dashboard.figures.caption import ILLUSTRATIVE_LINE, Caption, apply_caption
from dashboard.figures.frames import BARE
from dashboard.figures.maps import vector_map
from dashboard.views.common import filtered, lad_name
from dashboard.views.locality import Card, LocalityPage, locality_map, locality_page

PAGE_W, MARGIN = 210, 10
BODY_W = PAGE_W - 2 * MARGIN
PX_PER_MM = 6  # figures are rendered at 6 px per mm (about 150 dpi)
FONT = "Helvetica"


def _bare(figure: go.Figure) -> go.Figure:
    """The figure without its in-figure caption (the profile prints one caption for all)."""
    return apply_caption(figure, Caption(title=""), BARE)


def _text(value: str) -> str:
    """Text in the PDF core font's Latin-1 range (dashes and quotes replaced)."""
    table = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "...",
                           "≥": ">=", "≤": "<=", "·": "-", "×": "x"})
    return value.translate(table).encode("latin-1", "replace").decode("latin-1")


class _Images:
    """Renders a page figure without its caption to a PNG of the given size in millimetres."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer

    def __call__(self, figure: go.Figure, w_mm: float, h_mm: float) -> io.BytesIO:
        png = self.renderer.render(_bare(figure), "png", int(w_mm * PX_PER_MM),
                                   int(h_mm * PX_PER_MM), scale=2)
        return io.BytesIO(png)


def locality_profile(atlas: AtlasContext, renderer: Renderer, state: ViewState, stamp: Stamp) -> bytes:
    """The locality's profile as PDF bytes (one A4 page): the page's numbers, one caption."""
    code = state.locality
    page = locality_page(atlas, state)
    meta = atlas.dataset.meta
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_page()
    pdf.set_title(f"{lad_name(atlas, code)}: community mental-health provision profile")
    pdf.set_subject(meta.caption)
    top = _header(pdf, atlas, state, page)
    images = _Images(renderer)
    map_figure = vector_map(locality_map(atlas, code, state, filtered(atlas, state, code)).figure)
    pdf.image(images(map_figure, 95, 80), x=MARGIN, y=top, w=95, h=80)
    _cards(pdf, page.cards, top)
    y = top + 82
    # The determinant by type heatmap (the other heatmaps are in the app and its exports).
    pdf.set_xy(MARGIN, y)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(BODY_W, 4.5, "Determinants targeted, by intervention type (counts; '-' marks a gap)")
    pdf.image(images(page.heatmaps[0].figure, BODY_W, 100), x=MARGIN, y=y + 4.5, w=BODY_W, h=100)
    _gaps_and_evaluation(pdf, page, y + 106)
    _footer(pdf, atlas, stamp)
    return bytes(pdf.output())


def _header(pdf: FPDF, atlas: AtlasContext, state: ViewState, page: LocalityPage) -> float:
    """The illustrative mark, the title and the filters; returns where the body starts (mm)."""
    meta = atlas.dataset.meta
    if meta.illustrative:
        pdf.set_font(FONT, "B", 11)
        pdf.set_text_color(128, 22, 80)
        pdf.cell(BODY_W, 6, _text(ILLUSTRATIVE_LINE), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "B", 15)
    pdf.cell(BODY_W, 8, _text(f"{page.title}: community mental-health provision"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(BODY_W, 4, _text(f"{describe_filters(state.active_filters, atlas.codelists)}. "
                                    f"{meta.caption}"), new_x="LMARGIN", new_y="NEXT")
    return pdf.get_y() + 1


def _cards(pdf: FPDF, cards: Sequence[Card], top: float) -> None:
    """The headline cards in the right-hand column beside the map."""
    pdf.set_xy(MARGIN + 98, top)
    for card in cards:
        pdf.set_x(MARGIN + 98)
        pdf.set_font(FONT, "", 7)
        pdf.cell(92, 3.5, _text(card.label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(MARGIN + 98)
        pdf.set_font(FONT, "B", 11)
        pdf.cell(92, 5.5, _text(card.value), new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(MARGIN + 98)
        pdf.set_font(FONT, "", 7)
        pdf.multi_cell(92, 3.2, _text(f"Dataset: {card.dataset}. England: {card.england}."),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)


def _gaps_and_evaluation(pdf: FPDF, page: LocalityPage, y: float) -> None:
    """Priority gaps on the left, the evaluation gap on the right."""
    _, sentences, note = page.priorities[0]
    pdf.set_xy(MARGIN, y)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(95, 4.5, "Priority gaps (need against provision)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 7)
    for sentence in (sentences[:3] or ["No high-need determinant lacks provision."]):
        pdf.multi_cell(95, 3.3, _text(f"- {sentence}"), new_x="LMARGIN", new_y="NEXT")
    if note:
        pdf.multi_cell(95, 3.3, _text(note), new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(MARGIN + 98, y)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(92, 4.5, "Evaluation gap", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 7)
    for label, value in page.evaluation:
        pdf.set_x(MARGIN + 98)
        text = f"{label}: {value}"
        pdf.multi_cell(92, 3.3, _text(text if len(text) < 160 else text[:157] + "..."),
                       new_x="LMARGIN", new_y="NEXT")


def _footer(pdf: FPDF, atlas: AtlasContext, stamp: Stamp) -> None:
    """Sources, dataset, date and permalink, with a QR code of the permalink."""
    pdf.image(io.BytesIO(qr_png(stamp.permalink)), x=PAGE_W - MARGIN - 22, y=297 - MARGIN - 22,
              w=22, h=22)
    lines = [IOD_SOURCE, BOUNDARY_SOURCE, CENSUS_SOURCE,
             f"Code lists: {atlas.codelists.name}, version {atlas.codelists.version}. "
             f"{atlas.dataset.meta.caption}",
             f"Exported {stamp.date_text}. View: {stamp.permalink}"]
    pdf.set_font(FONT, "", 6)
    pdf.set_xy(MARGIN, 297 - MARGIN - 23)
    for line in lines:
        pdf.multi_cell(BODY_W - 25, 2.8, _text(line), new_x="LMARGIN", new_y="NEXT")
