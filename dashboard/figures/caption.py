"""Captions as data: what a figure says about itself, drawn the same way in every frame.

A :class:`Caption` holds plain text (title, subtitle, notes, sources, the dataset line, the
illustrative flag, and for exports the link, date and credit). :func:`caption_layout` draws it
into a figure's layout for a :class:`~dashboard.figures.frames.Frame` (the page, a slide), the
way a publication lays out a chart: headline and standfirst above, then the chart, then a
footer of notes, sources and licences and the dataset. Export sizes are laid out by
:mod:`dashboard.figures.publication`. Nothing edits rendered HTML afterwards; text is escaped
when drawn, so a dataset or place name can never inject plotly markup.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.figures.frames import SCREEN, Frame
from dashboard.figures.theme import FIGURE_TEMPLATE

SOURCES_NAME = "caption-sources"  # the annotation holding a figure's footer
ILLUSTRATIVE_LINE = "ILLUSTRATIVE DATA: synthetic records, not a real service directory"
ILLUSTRATIVE_COLOUR = "#801650"
AXIS_MARGIN = "axis_margin"  # layout.meta key: space the axes need below the plot, in px
LEGEND_ROW = "legend_row"  # layout.meta key: height of a legend row above the plot, when not the frame's
CAPTION = "caption"  # layout.meta key: the caption as text, rewrapped in the browser for the graph's width
FIT = "fit"  # layout.meta key: how an export chooses a heatmap's rows and columns, and names them
TITLE_GAP = 10  # px between the title block and what is under it (legend row or plot)
FOOTER_GAP = 6  # px between the axes' labels and the footer


@dataclass(frozen=True)
class Caption:
    """Everything a reader needs to trust a figure, as plain text.

    Attributes:
        title: the headline.
        subtitle: the standfirst: where and which filters, e.g. "Blackpool. All interventions
            (no filters)."
        notes: further lines (method, what is left out), in order; drawn in the footer.
        sources: source and licence lines of every dataset drawn.
        dataset: the intervention dataset's name and version (and "Illustrative data." when so).
        illustrative: True when the intervention data are synthetic.
        link: the view's permalink (exports only).
        exported: the export date as written, e.g. "2 December 2026" (exports only).
        credit: a line naming who made the figure (exports only, optional).
    """

    title: str
    subtitle: str = ""
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    dataset: str = ""
    illustrative: bool = False
    link: str = ""
    exported: str = ""
    credit: str = ""

    def header_lines(self) -> list[str]:
        """The standfirst, unwrapped (empty when there is none)."""
        return [self.subtitle] if self.subtitle else []

    def stamp_line(self) -> str:
        """"Exported <date>. View: <link>" for an export; empty on the page."""
        if not (self.exported or self.link):
            return ""
        return f"Exported {self.exported}. View: {self.link}" if self.link else \
            f"Exported {self.exported}."

    def footer_lines(self) -> list[str]:
        """Notes, sources, the dataset, and for exports the date, link and credit."""
        lines = [*self.notes, *self.sources, self.dataset, self.stamp_line(), self.credit]
        return [line for line in lines if line]

    def plain_lines(self) -> list[str]:
        """The caption as plain text lines (CSV and XLSX exports, the PDF's metadata)."""
        lines = [ILLUSTRATIVE_LINE] if self.illustrative else []
        lines.append(self.title)
        header = " ".join(self.header_lines() + list(self.notes))
        if header:
            lines.append(header)
        lines += list(self.sources)
        if self.dataset:
            lines.append(self.dataset)
        if self.exported or self.link:
            lines.append(f"Exported {self.exported} from {self.link}" if self.link
                         else f"Exported {self.exported}.")
        if self.credit:
            lines.append(self.credit)
        return [line for line in lines if line]


def escape(text: str) -> str:
    """Text made safe for plotly's subset of HTML."""
    return html.escape(str(text), quote=False)


def wrap(lines: list[str], width: int) -> list[str]:
    """Lines wrapped at ``width`` characters, never inside a word."""
    return [wrapped for line in lines
            for wrapped in (textwrap.wrap(line, width, break_long_words=False,
                                          break_on_hyphens=False) or [""])]


def title_lines(caption: Caption, frame: Frame) -> tuple[list[str], list[str], list[str]]:
    """The title block's lines as drawn: the mark (if any), the headline, the standfirst."""
    mark = [ILLUSTRATIVE_LINE] if caption.illustrative and frame.marks_illustrative else []
    return (wrap(mark, int(frame.title_wrap * frame.title_size / (frame.subtitle_size + 3))),
            wrap([caption.title] if caption.title else [], frame.title_wrap),
            wrap(caption.header_lines(), frame.subtitle_wrap))


def title_text(caption: Caption, frame: Frame = SCREEN) -> str:
    """The plotly title text: the mark (exports), the headline in bold, then the standfirst."""
    mark, title, header = title_lines(caption, frame)
    parts = [f"<span style='color:{ILLUSTRATIVE_COLOUR};font-size:{frame.subtitle_size + 3}px'>"
             f"<b>{escape(line)}</b></span>" for line in mark]
    parts += [f"<b>{escape(line)}</b>" for line in title]
    if header:
        parts.append(f"<span style='font-size:{frame.subtitle_size}px'>"
                     + "<br>".join(escape(line) for line in header) + "</span>")
    return "<br>".join(parts)


def footer_text(caption: Caption, frame: Frame = SCREEN) -> str:
    """The footer annotation's text (empty when the caption has no footer lines).

    Its size is the annotation's own font (so its lines are spaced for it, 1.3 em apart).
    """
    return "<br>".join(escape(line) for line in wrap(caption.footer_lines(), frame.source_wrap))


def title_block_height(caption: Caption, frame: Frame) -> int:
    """Height from the figure's top to the bottom of the title block, in px (0 when empty)."""
    lines = sum(len(part) for part in title_lines(caption, frame))
    if not lines:
        return 0
    # The first baseline sits at title_pad; every further line is one title_line lower; the
    # last line's descent is about a quarter of the headline's size.
    return round(frame.title_pad + (lines - 1) * frame.title_line + 0.3 * frame.title_size)


def browser_caption(caption: Caption, frame: Frame, axis: int, row: int) -> dict:
    """What ``assets/caption-fit.js`` needs to wrap the caption again at the graph's width.

    The page cannot know a graph's width: the server wraps for a typical one, and the browser
    wraps again (same rules, same spacing) when the graph is narrower or wider.
    """
    return {"title": caption.title, "subtitle": caption.subtitle,
            "footer": caption.footer_lines(),
            "sizes": [frame.title_size, frame.subtitle_size, frame.source_size],
            "pad": frame.title_pad, "side": frame.side_margin, "gap": TITLE_GAP,
            "footer_gap": FOOTER_GAP, "row": row, "axis": axis}


def caption_layout(caption: Caption, frame: Frame = SCREEN, *, axis_margin: int = 40,
                   legend_above: bool = False, legend_row: int | None = None) -> dict:
    """Layout properties that draw ``caption`` in ``frame``: title, margins, footer annotation.

    ``axis_margin`` is the space the axes need under the plot; ``legend_above`` reserves a row
    (``legend_row`` px, else the frame's) for a horizontal legend or colour bar drawn between
    the title block and the plot.
    """
    footer = wrap(caption.footer_lines(), frame.source_wrap)
    axis = round(axis_margin * frame.axis_scale)
    block = title_block_height(caption, frame)
    row = (frame.legend_row if legend_row is None else legend_row) if legend_above else 0
    meta = {AXIS_MARGIN: axis_margin, CAPTION: browser_caption(caption, frame, axis, row)}
    if legend_row is not None:
        meta[LEGEND_ROW] = legend_row
    layout = {
        "title": {"text": title_text(caption, frame), "x": 0, "xref": "container",
                  "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top",
                  "pad": {"t": frame.title_pad, "l": frame.side_margin},
                  "font": {"size": frame.title_size}},
        "margin": {"t": (block + TITLE_GAP if block else frame.title_pad) + row,
                   "b": axis + (round(frame.source_line * len(footer)) + FOOTER_GAP if footer
                                else 0),
                   "l": frame.side_margin, "r": frame.side_margin},
        "annotations": [],
        "meta": meta,
    }
    if footer:
        layout["annotations"] = [{
            "text": footer_text(caption, frame), "xref": "paper", "yref": "paper", "x": 0,
            "y": 0, "xanchor": "left", "yanchor": "top", "yshift": -axis - FOOTER_GAP + 2,
            "showarrow": False, "align": "left", "name": SOURCES_NAME,
            "font": {"size": frame.source_size, "color": "#3d3d3d"},
        }]
    return layout


def apply_caption(figure: go.Figure, caption: Caption, frame: Frame = SCREEN) -> go.Figure:
    """A copy of ``figure`` with ``caption`` drawn for ``frame`` (any earlier caption replaced).

    Other annotations of the figure are kept; the axis margin (and legend row) are the ones
    the figure's factory recorded in ``layout.meta``.
    """
    out = go.Figure(figure)
    meta = out.layout.meta if isinstance(out.layout.meta, dict) else {}
    legend = out.layout.legend
    legend_row = meta.get(LEGEND_ROW)
    layout = caption_layout(caption, frame, axis_margin=int(meta.get(AXIS_MARGIN, 40)),
                            legend_above=legend_row is not None or (
                                bool(out.layout.showlegend) and legend.orientation == "h"
                                and legend.yanchor == "bottom"),
                            legend_row=legend_row)
    kept = [a for a in out.layout.annotations if a.name != SOURCES_NAME]
    out.update_layout(title=layout["title"], margin=layout["margin"],
                      meta={**meta, **layout["meta"]})
    out.layout.annotations = [*kept, *layout["annotations"]]
    return out


def captioned_figure(data: list, caption: Caption, axis_margin: int = 40, *,
                     legend_above: bool = False, legend_row: int | None = None,
                     extra_meta: dict | None = None, **layout: object) -> go.Figure:
    """A figure with the atlas template and its caption drawn for the page, validated once.

    Building the whole layout first and creating the figure in one call costs a fraction of
    ``go.Figure`` followed by several ``update_layout`` calls, each of which revalidates.
    ``extra_meta`` joins ``layout.meta`` (e.g. a map's bounds).
    """
    drawn = caption_layout(caption, SCREEN, axis_margin=axis_margin, legend_above=legend_above,
                           legend_row=legend_row)
    if extra_meta:
        drawn["meta"] = {**drawn["meta"], **extra_meta}
    return go.Figure(data=data, layout={"template": FIGURE_TEMPLATE, **layout, **drawn})
