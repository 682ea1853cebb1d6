"""Export layouts: a page figure laid out as a publication graphic at an export size.

The grid of a Datawrapper, FT or ONS chart, in pixels of the export (no plotly automargins, so
every position is known before rendering): the ILLUSTRATIVE DATA mark, the headline and a
standfirst; the legend under them; the chart filling the frame; a footer band under a rule
with the notes, sources and licences, dataset and version, date, link and credit (and a QR
code on print). A map fills its frame fitted to its areas, beside the text when the area is
tall for the frame. What does not fit is left out whole, never squeezed: a heatmap keeps the
rows and columns that fit with readable labels, and a note in the footer says what is left out.
Every text is at least the preset's body size (:class:`~dashboard.figures.frames.Preset`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import plotly.graph_objects as go

from dashboard.figures.caption import (
    ILLUSTRATIVE_COLOUR,
    ILLUSTRATIVE_LINE,
    SOURCES_NAME,
    Caption,
    escape,
    wrap,
)
from dashboard.figures.frames import LINE_SPACING, Preset
from dashboard.figures.heatmap_fit import apply_cut, cut_heatmap
from dashboard.figures.labels import place_labels
from dashboard.figures.maps import BOUNDS, mercator_y, vector_map
from dashboard.figures.theme import INK
from dashboard.figures.typesetting import CHAR, Box, Type, chars, text_height, text_width

RULE = "#b1b4b6"
MAX_ROW = 4.0  # a heatmap row is at most this many body sizes tall
MAX_BAR = 2.4  # and a bar's row
MUTED = "#3d3d3d"


def footer_paragraphs(caption: Caption) -> list[str]:
    """The footer as paragraphs: notes; sources and the dataset; date, link and credit."""
    paragraphs = [" ".join(caption.notes), " ".join([*caption.sources, caption.dataset]),
                  " ".join([caption.stamp_line(), caption.credit])]
    return [" ".join(p.split()) for p in paragraphs if p.strip()]


@dataclass(frozen=True)
class Header:
    """The text above the chart, wrapped for the column it is set in."""

    mark: list[str]
    headline: list[str]
    standfirst: list[str]

    @classmethod
    def of(cls, caption: Caption, width: float, kind: Type) -> Header:
        """The header of ``caption`` set in a column ``width`` px wide."""
        mark = [ILLUSTRATIVE_LINE] if caption.illustrative else []
        return cls(wrap(mark, chars(width - kind.body, kind.body, bold=True)),
                   wrap([caption.title] if caption.title else [],
                        chars(width, kind.headline, bold=True)),
                   wrap(caption.header_lines(), chars(width, kind.standfirst)))

    def height(self, kind: Type) -> float:
        """Height of the header, with the gaps between its parts."""
        mark = text_height(len(self.mark), kind.body) + kind.body * 0.8 if self.mark else 0
        headline = (text_height(len(self.headline), kind.headline) + kind.body * 0.3
                    if self.headline else 0)
        return mark + headline + text_height(len(self.standfirst), kind.standfirst)


def _annotation(text: str, size: float, x: float, y: float, page: Box, plot: Box, **style) -> dict:
    """A text annotation whose top-left corner is at (x, y) px of the export."""
    return {"text": text, "showarrow": False, "xref": "paper", "yref": "paper",
            "x": (x - plot.x0) / plot.width, "y": (plot.y1 - y) / plot.height,
            "xanchor": "left", "yanchor": "top", "align": "left", "borderpad": 0,
            "font": {"size": size, "color": INK, **style.pop("font", {})}, **style}


def _lines(lines: list[str], bold: bool = False) -> str:
    return "<br>".join(f"<b>{escape(line)}</b>" if bold else escape(line) for line in lines)


@dataclass(frozen=True)
class Grid:
    """Where each part of an export goes: header column, legend row, chart box, footer band."""

    page: Box
    full: Box  # inside the outer margins: the footer band's width
    chart: Box
    legend_top: float
    footer_top: float
    header: Header
    footer: list[str]
    text: Box  # the column the header and legend are set in


def _footer_lines(caption: Caption, width: float, kind: Type) -> list[str]:
    return wrap(footer_paragraphs(caption), chars(width, kind.body))


def layout_grid(caption: Caption, preset: Preset, legend_height: float, *, side: float = 0,
                qr: float = 0) -> Grid:
    """The grid of an export: header, legend, chart and a footer band across the width.

    With ``side`` > 0 the header and legend are set in a column on the left and the chart takes
    the right ``side`` share of the width, from the top margin to the footer; ``qr`` keeps that
    many px free right of the footer.
    """
    kind = Type.of(preset)
    m = preset.margin
    page = Box(0, 0, preset.width, preset.height)
    full = Box(m, m, preset.width - m, preset.height - m)
    text = Box(m, m, m + full.width * (1 - side) - m / 2, preset.height - m) if side else full
    header = Header.of(caption, text.width, kind)
    footer = _footer_lines(caption, full.width - (qr + m / 2 if qr else 0), kind)
    footer_top = full.y1 - max(text_height(len(footer), kind.body), qr)
    height = header.height(kind)
    legend_top = text.y0 + (height + kind.body if height else 0)
    bottom = footer_top - kind.body * 1.2
    if side:
        chart = Box(text.x1 + m / 2, m, full.x1, bottom)
    else:
        chart_top = legend_top + (legend_height + kind.body * 0.8 if legend_height else 0)
        chart = Box(full.x0, chart_top, full.x1, bottom)
    return Grid(page, full, chart, legend_top, footer_top, header, footer, text)


def text_annotations(grid: Grid, kind: Type, plot: Box) -> list[dict]:
    """The header and footer of an export as annotations, and the rule above the footer."""
    x, y = grid.text.x0, grid.text.y0
    out = []
    if grid.header.mark:
        out.append(_annotation(_lines(grid.header.mark, bold=True), kind.body, x, y, grid.page,
                               plot, font={"color": "#ffffff"}, bgcolor=ILLUSTRATIVE_COLOUR,
                               borderpad=kind.body * 0.3, name="illustrative-mark"))
        y += text_height(len(grid.header.mark), kind.body) + kind.body * 0.8
    if grid.header.headline:
        out.append(_annotation(_lines(grid.header.headline, bold=True), kind.headline, x, y,
                               grid.page, plot, name="headline"))
        y += text_height(len(grid.header.headline), kind.headline) + kind.body * 0.3
    if grid.header.standfirst:
        out.append(_annotation(_lines(grid.header.standfirst), kind.standfirst, x, y, grid.page,
                               plot, font={"color": MUTED}, name="standfirst"))
    if grid.footer:
        out.append(_annotation(_lines(grid.footer), kind.body, grid.full.x0, grid.footer_top,
                               grid.page, plot, font={"color": MUTED}, name=SOURCES_NAME))
    return out


def rule_shape(grid: Grid, plot: Box) -> dict:
    """A thin rule across the page above the footer."""
    y = (plot.y1 - (grid.footer_top - 8)) / plot.height
    return {"type": "line", "xref": "paper", "yref": "paper", "line": {"color": RULE, "width": 1},
            "x0": (grid.full.x0 - plot.x0) / plot.width, "x1": (grid.full.x1 - plot.x0) / plot.width,
            "y0": y, "y1": y}


# Scatter labels ----------------------------------------------------------------------------


def relabel_scatter(figure: go.Figure, plot_w: float, plot_h: float, size: float) -> go.Figure:
    """Scatter labels placed again for the export's plot size; labels that would collide go."""
    out = go.Figure(figure)
    xr, yr = out.layout.xaxis.range, out.layout.yaxis.range
    for trace in out.data:
        if trace.type == "scatter" and trace.mode and "text" in trace.mode and trace.meta:
            labels = list(trace.meta.get("labels", []))
            positions = place_labels(list(trace.x), list(trace.y), labels, xr, yr, plot_w,
                                     plot_h, size)
            trace.text = [label if pos else "" for label, pos in zip(labels, positions, strict=True)]
            trace.textposition = [pos or "top center" for pos in positions]
    return out


# The export --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One legend entry of an export: a swatch (box or line) and its label."""

    name: str
    fill: str
    line: str
    width: float
    dash: str = "solid"
    box: bool = True


def legend_entries(figure: go.Figure) -> list[Entry]:
    """The legend entries of a figure's scatter traces (the page draws them with plotly)."""
    if not figure.layout.showlegend:
        return []
    entries = []
    for trace in figure.data:
        if trace.type != "scatter" or trace.showlegend is False or not trace.name:
            continue
        if trace.mode == "lines":
            entries.append(Entry(trace.name, "", trace.line.color or INK, 2,
                                 trace.line.dash or "solid", box=False))
            continue
        marker = trace.marker
        open_box = str(marker.symbol or "").endswith("-open")
        line = marker.line
        entries.append(Entry(trace.name, "rgba(0,0,0,0)" if open_box else marker.color,
                             (line.color if line and line.color else marker.color),
                             (line.width if line and line.width is not None else 0) or 1,
                             "solid"))
    return entries


def _legend_rows(entries: list[Entry], width: float, kind: Type) -> list[list[tuple[Entry, float]]]:
    """Entries flowed into rows of ``width`` px, each with its x offset."""
    rows: list[list[tuple[Entry, float]]] = [[]]
    x = 0.0
    for entry in entries:
        size = kind.body * (1.4 + CHAR * len(entry.name)) + kind.body * 1.4
        if rows[-1] and x + size > width:
            rows.append([])
            x = 0.0
        rows[-1].append((entry, x))
        x += size
    return rows if rows[-1] else []


def legend_height(figure: go.Figure, width: float, kind: Type) -> float:
    """Height of an export's legend row: a colour bar, or rows of legend entries, or none."""
    if any(t.type in ("choropleth", "choroplethmap") and t.colorbar is not None
           and t.showscale is not False for t in figure.data):
        return kind.body * 2.4 + LINE_SPACING * kind.body + 6
    rows = _legend_rows(legend_entries(figure), width, kind)
    return len(rows) * (LINE_SPACING * kind.body + 6)


def legend_parts(figure: go.Figure, grid: Grid, plot: Box, kind: Type) -> tuple[list, list]:
    """Shapes (swatches) and annotations (labels) of an export's legend, in the legend row."""
    shapes, notes = [], []
    row_h = LINE_SPACING * kind.body + 6
    swatch = kind.body * 0.9

    def px(x: float, y: float) -> tuple[float, float]:
        return (x - plot.x0) / plot.width, (plot.y1 - y) / plot.height

    for r, row in enumerate(_legend_rows(legend_entries(figure), grid.text.width, kind)):
        top = grid.legend_top + r * row_h
        for entry, offset in row:
            x0, y0 = px(grid.text.x0 + offset, top + (row_h - swatch) / 2)
            x1, y1 = px(grid.text.x0 + offset + swatch, top + (row_h + swatch) / 2)
            if entry.box:
                shapes.append({"type": "rect", "xref": "paper", "yref": "paper", "x0": x0,
                               "x1": x1, "y0": y0, "y1": y1, "fillcolor": entry.fill,
                               "line": {"color": entry.line, "width": entry.width}})
            else:
                mid = (y0 + y1) / 2
                shapes.append({"type": "line", "xref": "paper", "yref": "paper", "x0": x0,
                               "x1": x1, "y0": mid, "y1": mid,
                               "line": {"color": entry.line, "width": 2, "dash": entry.dash}})
            notes.append(_annotation(escape(entry.name), kind.body,
                                     grid.text.x0 + offset + swatch + kind.body * 0.5,
                                     top + 3, grid.page, plot, name="legend-entry"))
    return shapes, notes


def colour_bar_parts(trace, grid: Grid, plot: Box, kind: Type, preset: Preset) -> list[dict]:
    """A map's colour bar set in the legend row: its title as an annotation, then the bar."""
    bar = trace.colorbar
    ticks = list(bar.ticktext or [])
    length = min(grid.text.width, max(len(ticks), 1) * (
        max([len(t) for t in ticks] or [2]) * kind.body * CHAR + kind.body * 1.4))
    title_top = grid.legend_top
    bar_top = title_top + LINE_SPACING * kind.body + 4
    trace.colorbar = {
        **bar.to_plotly_json(), "orientation": "h", "xref": "container", "yref": "container",
        "x": grid.text.x0 / preset.width, "xanchor": "left", "y": 1 - bar_top / preset.height,
        "yanchor": "top", "lenmode": "pixels", "len": length, "thickness": kind.body * 0.9,
        "tickfont": {"size": kind.body}, "ypad": 0, "xpad": 0, "title": {"text": ""}}
    title = " ".join(wrap([bar.title.text or ""], chars(grid.text.width, kind.body)))
    return [_annotation(escape(title), kind.body, grid.text.x0, title_top, grid.page, plot,
                        name="legend-title")] if title else []


def _scale_traces(figure: go.Figure, kind: Type) -> None:
    """Cell text, bar labels and point labels at body size; map points scaled."""
    for trace in figure.data:
        if trace.type in ("heatmap", "bar", "scatter"):
            trace.textfont = {**(trace.textfont.to_plotly_json() if trace.textfont else {}),
                              "size": kind.body}
        if trace.type == "scattergeo" and trace.marker and trace.marker.size:
            trace.marker.size = trace.marker.size * kind.body / 13
        if trace.type == "scatter" and trace.marker and trace.marker.size:
            trace.marker.size = max(trace.marker.size, kind.body * 0.8)


def _map_side(figure: go.Figure, preset: Preset, header_guess: float) -> float:
    """The share of the width a map takes beside the text (0: the map goes under the text)."""
    meta = figure.layout.meta if isinstance(figure.layout.meta, dict) else {}
    bounds = meta.get(BOUNDS)
    if not bounds or preset.height > preset.width:
        return 0
    west, south, east, north = bounds
    aspect = (mercator_y(south) - mercator_y(north)) / max((east - west) / 360, 1e-9)
    m = preset.margin

    def drawn(w: float, h: float) -> float:
        scale = min(w, h / aspect)
        return scale * scale * aspect

    stacked = drawn(preset.width - 2 * m, preset.height - 2 * m - header_guess)
    side = 0.55
    beside = drawn((preset.width - 2 * m) * side - m / 2, preset.height - 2 * m)
    return side if beside > stacked * 1.15 else 0


def publication_figure(figure: go.Figure, caption: Caption, preset: Preset,
                       qr_source: str | None = None) -> go.Figure:
    """``figure`` laid out for ``preset`` with ``caption`` (already stamped with date and link).

    Maps become SVG paths fitted to their frame; heatmaps keep the rows and columns that fit;
    scatter labels are placed again; every text is at least the preset's body size.
    """
    kind = Type.of(preset)
    fig = vector_map(figure)
    is_map = any(t.type == "choropleth" for t in fig.data)
    qr = preset.margin * 2.2 if qr_source else 0
    side = _map_side(fig, preset, kind.headline * 3 + kind.body * 14) if is_map else 0
    width = (preset.width - 2 * preset.margin) * (1 - side) - (preset.margin / 2 if side else 0)
    legend_h = legend_height(fig, width, kind)
    grid = layout_grid(caption, preset, legend_h, side=side, qr=qr)
    if any(t.type == "heatmap" for t in fig.data):
        fig, caption, grid = _fit_heatmap(fig, caption, preset, legend_h, side, qr)
    plot, labels = _plot_box(fig, grid, kind)
    if plot.y1 + labels < grid.chart.y1 - kind.body * 4:  # a short chart: the footer follows
        grid = replace(grid, footer_top=plot.y1 + labels + kind.body * 2)
    _scale_traces(fig, kind)
    if any(t.type == "scatter" and t.meta for t in fig.data):
        fig = relabel_scatter(fig, plot.width, plot.height, kind.body)
    layout = _layout(fig, grid, plot, kind, preset)
    arrays = {key: layout.pop(key) for key in ("annotations", "shapes")}
    fig.update_layout(**layout)
    fig.layout.annotations, fig.layout.shapes = arrays["annotations"], arrays["shapes"]
    fig.layout.images = [{
        "source": qr_source, "xref": "paper", "yref": "paper", "layer": "above",
        "x": (grid.full.x1 - plot.x0) / plot.width, "y": (plot.y1 - grid.footer_top) / plot.height,
        "xanchor": "right", "yanchor": "top", "sizex": qr / plot.width, "sizey": qr / plot.height,
        "sizing": "contain"}] if qr_source else []
    return fig


def _fit_heatmap(figure: go.Figure, caption: Caption, preset: Preset, legend_h: float,
                 side: float, qr: float) -> tuple[go.Figure, Caption, Grid]:
    """The heatmap cut to what fits, the caption with the cut's note, and the grid for both.

    The note takes footer lines, which can leave room for fewer rows: cut again until the
    note describes the cut drawn.
    """
    kind = Type.of(preset)
    noted = caption
    for _ in range(4):
        grid = layout_grid(noted, preset, legend_h, side=side, qr=qr)
        cut = cut_heatmap(figure, grid.chart.width, grid.chart.height, kind)
        wanted = replace(caption, notes=(*caption.notes, cut.note)) if cut.note else caption
        if wanted == noted:
            break
        noted = wanted
    return apply_cut(figure, cut), noted, grid


def _plot_box(figure: go.Figure, grid: Grid, kind: Type) -> tuple[Box, float]:
    """The plot area inside the chart box, and the px under it its axis labels take."""
    chart = grid.chart
    types = {t.type for t in figure.data}
    axis = text_height(2, kind.body) + kind.body  # tick labels and an axis title
    if "choropleth" in types:
        return chart, 0
    if "heatmap" in types:
        trace = next(t for t in figure.data if t.type == "heatmap")
        left = max([text_width(y, kind.body) for y in trace.y] or [0]) + kind.body
        lines = max([len(str(x).split("<br>")) for x in trace.x] or [1])
        below = text_height(lines, kind.body) + kind.body * 0.6
        tallest = len(trace.y) * kind.body * MAX_ROW  # few rows: cells stay cell-sized
        return Box(chart.x0 + left, chart.y0, chart.x1,
                   min(chart.y1 - below, chart.y0 + tallest)), below
    if "bar" in types:
        trace = next(t for t in figure.data if t.type == "bar")
        left = max([text_width(y, kind.body) for y in trace.y] or [0]) + kind.body
        tallest = len(trace.y) * kind.body * MAX_BAR
        return Box(chart.x0 + left, chart.y0, chart.x1 - kind.body * 3,
                   min(chart.y1 - axis, chart.y0 + tallest)), axis
    return Box(chart.x0 + kind.body * 4.2, chart.y0, chart.x1 - kind.body, chart.y1 - axis), axis


def _layout(figure: go.Figure, grid: Grid, plot: Box, kind: Type, preset: Preset) -> dict:
    """Margins, fonts, the legend and the caption as annotations and shapes."""
    kept = [a.to_plotly_json() for a in figure.layout.annotations if a.name != SOURCES_NAME]
    font = {"size": kind.body}
    legend_shapes, legend_notes = legend_parts(figure, grid, plot, kind)
    bar_notes = []
    for trace in figure.data:
        if trace.type == "choropleth" and trace.colorbar is not None:
            bar_notes += colour_bar_parts(trace, grid, plot, kind, preset)
        if trace.type == "heatmap":
            trace.showscale = False  # every cell is labelled with its number
    layout = {
        "width": preset.width, "height": preset.height, "autosize": False, "showlegend": False,
        "title": {"text": "", "font": font},  # the headline is an annotation
        "margin": {"l": plot.x0, "r": preset.width - plot.x1, "t": plot.y0,
                   "b": preset.height - plot.y1, "pad": 0, "autoexpand": False},
        "font": font,
        "annotations": [*kept, *text_annotations(grid, kind, plot), *legend_notes, *bar_notes],
        "shapes": [*[s.to_plotly_json() for s in figure.layout.shapes], *legend_shapes,
                   rule_shape(grid, plot)],
        "xaxis": {"automargin": False, "tickfont": font, "title": {"font": font}},
        "yaxis": {"automargin": False, "tickfont": font, "title": {"font": font}},
    }
    if any(t.type == "heatmap" for t in figure.data):
        layout["xaxis"].update(tickangle=0, side="bottom")
    if "geo" in figure.layout and figure.layout.geo is not None:
        layout["geo"] = {"domain": {"x": [0, 1], "y": [0, 1]}}
    return layout
