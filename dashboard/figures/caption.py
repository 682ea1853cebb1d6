"""Captions as data: what a figure says about itself, drawn the same way in every frame.

A :class:`Caption` holds plain text (title, subtitle, notes, sources, the dataset line, the
illustrative flag, and for exports the link and date). :func:`caption_layout` draws it into a
figure's layout for a :class:`~dashboard.figures.frames.Frame` (the page, an export size, a
slide); nothing edits rendered HTML afterwards. Text is escaped when drawn, so a dataset or
place name can never inject plotly markup.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.figures.frames import SCREEN, Frame
from dashboard.figures.theme import FIGURE_TEMPLATE

SOURCES_NAME = "caption-sources"  # the annotation holding a figure's source lines
ILLUSTRATIVE_LINE = "ILLUSTRATIVE DATA: synthetic records, not a real service directory"
ILLUSTRATIVE_COLOUR = "#801650"
AXIS_MARGIN = "axis_margin"  # layout.meta key: space the axes need below the plot, in px


@dataclass(frozen=True)
class Caption:
    """Everything a reader needs to trust a figure, as plain text.

    Attributes:
        title: the headline.
        subtitle: where and which filters, e.g. "Blackpool. All interventions (no filters)."
        notes: further lines (method, what is left out), in order.
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
        """Subtitle, notes and (on screen) the dataset line, unwrapped, empty ones dropped."""
        return [line for line in (self.subtitle, *self.notes) if line]

    def footer_lines(self) -> list[str]:
        """Sources, then for exports the dataset, date, link and credit lines."""
        lines = list(self.sources)
        if self.exported or self.link:
            lines.append(self.dataset)
            lines.append(f"Exported {self.exported}. View: {self.link}" if self.link
                         else f"Exported {self.exported}.")
        if self.credit:
            lines.append(self.credit)
        return [line for line in lines if line]

    def plain_lines(self) -> list[str]:
        """The caption as plain text lines (CSV and XLSX exports, the PDF's metadata)."""
        lines = [ILLUSTRATIVE_LINE] if self.illustrative else []
        lines.append(self.title)
        header = " ".join(self.header_lines())
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


def _escape(text: str) -> str:
    return html.escape(str(text), quote=False)


def _wrap(lines: list[str], width: int) -> list[str]:
    return [wrapped for line in lines for wrapped in (textwrap.wrap(line, width) or [""])]


def title_text(caption: Caption, frame: Frame = SCREEN) -> str:
    """The plotly title text: the mark (exports), title in bold, then the header lines."""
    parts = []
    if caption.illustrative and frame.marks_illustrative:
        parts.append(f"<span style='color:{ILLUSTRATIVE_COLOUR};font-size:{frame.subtitle_size + 3}px'>"
                     f"<b>{_escape(ILLUSTRATIVE_LINE)}</b></span>")
    parts += [f"<b>{_escape(line)}</b>" for line in textwrap.wrap(caption.title, frame.title_wrap)]
    header = caption.header_lines() + ([caption.dataset] if frame.dataset_in_header else [])
    wrapped = _wrap([line for line in header if line], frame.subtitle_wrap)
    if wrapped:
        parts.append(f"<span style='font-size:{frame.subtitle_size}px'>"
                     + "<br>".join(_escape(line) for line in wrapped) + "</span>")
    return "<br>".join(parts)


def footer_text(caption: Caption, frame: Frame = SCREEN) -> str:
    """The source annotation's text (empty when the caption has no footer lines)."""
    lines = _wrap(caption.footer_lines(), frame.source_wrap)
    if not lines:
        return ""
    return (f"<span style='font-size:{frame.source_size}px'>"
            + "<br>".join(_escape(line) for line in lines) + "</span>")


def _title_lines(caption: Caption, frame: Frame) -> tuple[int, int]:
    header = caption.header_lines() + ([caption.dataset] if frame.dataset_in_header else [])
    mark = 1 if caption.illustrative and frame.marks_illustrative else 0
    return mark + len(textwrap.wrap(caption.title, frame.title_wrap)), len(
        _wrap([line for line in header if line], frame.subtitle_wrap))


def caption_layout(caption: Caption, frame: Frame = SCREEN, *, axis_margin: int = 40,
                   legend_above: bool = False) -> dict:
    """Layout properties that draw ``caption`` in ``frame``: title, margins, source annotation.

    ``axis_margin`` is the space the axes need under the plot; ``legend_above`` reserves a row
    for a horizontal legend drawn between the title and the plot.
    """
    title_lines, header_lines = _title_lines(caption, frame)
    footer = _wrap(caption.footer_lines(), frame.source_wrap)
    axis = round(axis_margin * frame.axis_scale)
    top = (frame.top_pad + round(frame.title_line * title_lines)
           + round(frame.header_line * header_lines) + (frame.legend_row if legend_above else 0))
    layout = {
        "title": {"text": title_text(caption, frame), "y": 1, "yref": "container",
                  "yanchor": "top", "pad": {"t": frame.title_pad},
                  "font": {"size": frame.title_size}},
        "margin": {"t": top if title_lines or header_lines else frame.title_pad,
                   "b": axis + round(frame.source_line * len(footer)),
                   "l": frame.side_margin, "r": frame.side_margin},
        "annotations": [],
        "meta": {AXIS_MARGIN: axis_margin},
    }
    if footer:
        layout["annotations"] = [{
            "text": footer_text(caption, frame), "xref": "paper", "yref": "paper", "x": 0,
            "y": 0, "xanchor": "left", "yanchor": "top", "yshift": -axis + 8,
            "showarrow": False, "align": "left", "name": SOURCES_NAME,
        }]
    return layout


def apply_caption(figure: go.Figure, caption: Caption, frame: Frame = SCREEN) -> go.Figure:
    """A copy of ``figure`` with ``caption`` drawn for ``frame`` (any earlier caption replaced).

    Other annotations of the figure are kept; the axis margin is the one the figure's factory
    recorded in ``layout.meta``.
    """
    out = go.Figure(figure)
    meta = out.layout.meta if isinstance(out.layout.meta, dict) else {}
    legend = out.layout.legend
    layout = caption_layout(caption, frame, axis_margin=int(meta.get(AXIS_MARGIN, 40)),
                            legend_above=bool(out.layout.showlegend) and legend.orientation == "h"
                            and legend.yanchor == "bottom")
    kept = [a for a in out.layout.annotations if a.name != SOURCES_NAME]
    out.update_layout(title=layout["title"], margin=layout["margin"],
                      meta={**meta, **layout["meta"]})
    out.layout.annotations = [*kept, *layout["annotations"]]
    return out


def captioned_figure(data: list, caption: Caption, axis_margin: int = 40, *,
                     legend_above: bool = False, **layout: object) -> go.Figure:
    """A figure with the atlas template and its caption drawn for the page, validated once.

    Building the whole layout first and creating the figure in one call costs a fraction of
    ``go.Figure`` followed by several ``update_layout`` calls, each of which revalidates.
    """
    return go.Figure(data=data, layout={"template": FIGURE_TEMPLATE, **layout, **caption_layout(
        caption, SCREEN, axis_margin=axis_margin, legend_above=legend_above)})
