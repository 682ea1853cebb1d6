"""A figure's caption drawn on a slide: a 44 px title, 28 px header lines, 20 px sources.

Plotly spaces the lines of one text by its own font size, so a title block holding smaller
header lines would space them like the title. On a slide the three parts are drawn apart, each
with its own size and spacing (title, a header annotation above the plot, a source annotation
under it), from the caption's data, and lines are wrapped by their real widths. The margins
they need are computed the same way, so a slide's plot area is known exactly.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from dashboard.figures.caption import SOURCES_NAME, Caption
from dashboard.figures.frames import LINE_SPACING, SLIDE, SLIDE_SIZE
from dashboard.figures.text import text_width

HEADER_NAME = "slide-header"
GAP = 10            # px between the title and the header, the plot and the sources


@dataclass(frozen=True)
class SlideText:
    """A caption's lines as a slide draws them, wrapped to the slide's width."""

    title: tuple[str, ...]
    header: tuple[str, ...]
    footer: tuple[str, ...]


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` px at ``size`` px."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def slide_text(caption: Caption) -> SlideText:
    """Title, header (standfirst, notes, dataset line) and source lines of ``caption``.

    On a slide the notes and the dataset line are read by the room with the standfirst, under
    the title; the footer holds the sources.
    """
    width = SLIDE_SIZE[0] - 2 * SLIDE.side_margin

    def lines(texts: list[str], size: float, bold: bool = False) -> tuple[str, ...]:
        return tuple(line for text in texts if text for line in wrap(text, width, size, bold))

    return SlideText(lines([caption.title], SLIDE.title_size, bold=True),
                     lines([*caption.header_lines(), *caption.notes, caption.dataset],
                           SLIDE.subtitle_size),
                     lines([*caption.sources, caption.stamp_line(), caption.credit], SLIDE.source_size))


def _block(count: int, size: float) -> float:
    return count * size * LINE_SPACING


def caption_margins(text: SlideText, axis: float, legend: float) -> tuple[int, int]:
    """Top and bottom margins of a slide (``legend`` px above the plot, ``axis`` px under it)."""
    top = (SLIDE.title_pad + _block(len(text.title), SLIDE.title_size) + GAP
           + _block(len(text.header), SLIDE.subtitle_size) + legend + GAP)
    bottom = axis + GAP + _block(len(text.footer), SLIDE.source_size) + GAP
    return int(round(top)), int(round(bottom))


def caption_layout(text: SlideText, *, left: int, right: int, axis: float, legend: float
                   ) -> dict:
    """Layout properties drawing ``text`` on a slide whose plot has these margins."""
    top, bottom = caption_margins(text, axis, legend)
    plot_width = SLIDE_SIZE[0] - left - right
    x = (SLIDE.side_margin - left) / plot_width   # the slide's left edge, in paper units

    def joined(lines: tuple[str, ...]) -> str:
        return "<br>".join(html.escape(line, quote=False) for line in lines)

    annotations = []
    if text.header:
        annotations.append({
            "text": joined(text.header), "xref": "paper", "yref": "paper", "x": x, "y": 1,
            "xanchor": "left", "yanchor": "bottom", "yshift": legend + GAP, "align": "left",
            "showarrow": False, "font": {"size": SLIDE.subtitle_size}, "name": HEADER_NAME})
    if text.footer:
        annotations.append({
            "text": joined(text.footer), "xref": "paper", "yref": "paper", "x": x, "y": 0,
            "xanchor": "left", "yanchor": "top", "yshift": -(axis + GAP), "align": "left",
            "showarrow": False, "font": {"size": SLIDE.source_size}, "name": SOURCES_NAME})
    return {
        "title": {"text": "<br>".join(f"<b>{html.escape(line, quote=False)}</b>"
                                      for line in text.title),
                  "x": 0, "xref": "container", "xanchor": "left", "y": 1, "yref": "container",
                  "yanchor": "top", "pad": {"t": SLIDE.title_pad, "l": SLIDE.side_margin},
                  "font": {"size": SLIDE.title_size}},
        "margin": {"t": top, "b": bottom, "l": left, "r": right},
        "annotations": annotations,
    }
