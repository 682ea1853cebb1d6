"""Presenter mode: playlists of saved views, their round trip through a link, and the slides.

A playlist is an ordered list of slides. A slide is a permalink of an atlas view (path and query,
as ``state_to_url`` writes it), the figure of that view to show (a key of
``view_parts.parts_of``) and whether to "reveal the gaps" (first provision, then the gap classes
over the same grid). The playlist lives in the presenter's link,
``/present?slide=<view>!<part>[!reveal]&slide=...#<step>``: each ``slide`` parameter is one
slide and the fragment is the step shown (a reveal slide takes two steps), so stepping through a
talk never reloads the atlas state. Parsing never fails: invalid slides are dropped and
described in plain-English notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.gaps import GAP_CLASSES, gap_table
from dashboard.context import AtlasContext, check_state, scoped
from dashboard.core.iod import CENSUS_SOURCE, IOD_SOURCE
from dashboard.core.view_state import LOCALITY_PREFIX, PAGES, ViewState, state_from_url, state_to_url
from dashboard.figures.factories import Caption
from dashboard.views.common import dataset_localities, filtered, lad_name, readable_localities
from dashboard.views.gaps import GAP_MARKS, method_sentence, thresholds_of
from dashboard.views.parts import PART_LABELS, Part, build_part, parts_of

PRESENT_PATH = PAGES["present"]
SLIDE_PARAM = "slide"
SEPARATOR = "!"
REVEAL_FLAG = "reveal"
MAX_SLIDES = 40
# Parts drawn as a locality x determinant grid, over which the gap classes can be revealed.
REVEAL_PARTS = frozenset({"locality_determinant"})
REVEALED = ("high_need_no_provision", "high_need_low_provision")
REVEAL_STYLE = {
    "high_need_no_provision": {"color": "#801650", "width": 5, "dash": "solid"},
    "high_need_low_provision": {"color": "#000000", "width": 3, "dash": "dash"},
}
ACTIONS = ("first", "previous", "next", "last")

ViewReader = Callable[[str, str], tuple[ViewState, list[str]]]


@dataclass(frozen=True)
class Slide:
    """One slide: a view's permalink, the figure of that view, and the reveal flag."""

    view: str
    part: str
    reveal: bool = False

    @property
    def token(self) -> str:
        """The slide as one ``slide`` parameter value: ``<view>!<part>[!reveal]``."""
        return SEPARATOR.join([self.view, self.part] + ([REVEAL_FLAG] if self.reveal else []))


def view_reader(ctx: AtlasContext) -> ViewReader:
    """``(path, query) -> (state, notes)`` for the loaded geography and code lists."""
    names = ctx.geography.lads["LAD24NM"].to_dict()

    def read(path: str, query: str) -> tuple[ViewState, list[str]]:
        return state_from_url(path, query, ctx.codelists, ctx.geography.recode, names)

    return read


# Playlist <-> link --------------------------------------------------------------------------------

def playlist_search(slides: Sequence[Slide]) -> str:
    """Query string (with ``?``, or empty) of a playlist; slide order is parameter order."""
    if not slides:
        return ""
    return "?" + urlencode([(SLIDE_PARAM, s.token) for s in slides], safe="/,!")


def playlist_href(slides: Sequence[Slide], step: int = 1) -> str:
    """Path, query and fragment that present ``slides`` from ``step`` (1-based)."""
    return f"{PRESENT_PATH}{playlist_search(slides)}#{step}"


def read_slide(token: str, read_view: ViewReader) -> tuple[Slide | None, list[str]]:
    """A slide from its token; None (with the reason) when it cannot be shown."""
    view, _, rest = (token or "").strip().partition(SEPARATOR)
    options = [o for o in rest.split(SEPARATOR) if o] if rest else []
    part = options[0] if options else None
    flags = options[1:]
    path, _, query = view.partition("?")
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return None, [f"{view!r} is not a link to a view of the atlas (it must start with '/')."]
    state, notes = read_view(path, f"?{query}" if query else "")
    wanted = path.rstrip("/") or "/"
    if wanted.startswith(LOCALITY_PREFIX.rstrip("/")) != bool(state.locality) or (
            not state.locality and PAGES.get(state.page) != wanted):
        return None, [f"{view!r} is not a view of the atlas: {' '.join(notes) or 'unknown page'}"]
    parts = parts_of(state)
    if not parts:
        return None, [f"{view!r} has no figure to present."]
    if part is None:
        part = parts[0]
    elif part not in parts:
        notes.append(f"{view!r} has no figure {part!r}; showing {PART_LABELS[parts[0]]}.")
        part = parts[0]
    reveal = REVEAL_FLAG in flags
    if reveal and part not in REVEAL_PARTS:
        notes.append(f"Gaps can only be revealed over a locality-by-determinant grid; "
                     f"{PART_LABELS[part]} is shown without the reveal.")
        reveal = False
    unknown = [f for f in flags if f != REVEAL_FLAG]
    if unknown:
        notes.append(f"Ignored slide option(s) {', '.join(map(repr, unknown))}.")
    canonical = "".join(state_to_url(state))
    return Slide(view=canonical, part=part, reveal=reveal), notes


def read_slides(tokens: Sequence[str], read_view: ViewReader) -> tuple[tuple[Slide, ...], list[str]]:
    """Slides from tokens in order; notes say which were dropped or changed, and why."""
    slides: list[Slide] = []
    notes: list[str] = []
    for position, token in enumerate(tokens, start=1):
        if len(slides) == MAX_SLIDES:
            notes.append(f"A playlist holds at most {MAX_SLIDES} slides; the rest were left out.")
            break
        slide, slide_notes = read_slide(token, read_view)
        if slide is None:
            notes += [f"Slide {position} was left out: {n}" for n in slide_notes]
            continue
        notes += [f"Slide {position}: {n}" for n in slide_notes]
        slides.append(slide)
    return tuple(slides), notes


def parse_playlist(search: str | None, read_view: ViewReader) -> tuple[tuple[Slide, ...], list[str]]:
    """Slides of a presenter link's query string, with notes on what was left out."""
    params = parse_qs((search or "").lstrip("?"), keep_blank_values=True)
    notes = [f"Ignored unknown URL parameter {name!r}." for name in sorted(params)
             if name != SLIDE_PARAM]
    slides, slide_notes = read_slides(params.get(SLIDE_PARAM, []), read_view)
    return slides, notes + slide_notes


def slides_to_data(slides: Sequence[Slide]) -> list[str]:
    """JSON-ready form of a playlist for a browser store: the slide tokens."""
    return [s.token for s in slides]


def slides_from_data(data: object, read_view: ViewReader) -> tuple[Slide, ...]:
    """Inverse of :func:`slides_to_data`; anything unreadable is dropped."""
    tokens = [t for t in data if isinstance(t, str)] if isinstance(data, list) else []
    return read_slides(tokens, read_view)[0]


# Steps --------------------------------------------------------------------------------------------

def steps_of(slides: Sequence[Slide]) -> list[tuple[int, str]]:
    """(slide index, phase) of every step: ``figure``, or ``provision`` then ``gaps``."""
    return [(i, phase) for i, s in enumerate(slides)
            for phase in (("provision", "gaps") if s.reveal else ("figure",))]


def step_from_hash(fragment: str | None, total: int) -> int:
    """The 1-based step a URL fragment (``#3``) names, kept within ``1..total``."""
    match = re.fullmatch(r"#?(\d{1,6})", (fragment or "").strip())
    step = int(match.group(1)) if match else 1
    return min(max(step, 1), max(total, 1))


# Editing ------------------------------------------------------------------------------------------

def edit_playlist(
    slides: Sequence[Slide], action: str | None, selected: int | None, value: object = None,
) -> tuple[tuple[Slide, ...], int | None]:
    """Apply one edit; returns the slides and the selected index (None when empty).

    Actions: ``add`` (``value`` is a slide, appended and selected), ``up``, ``down``, ``remove``
    (the selected slide), ``part`` (``value`` is a part key), ``reveal`` (``value`` is a bool),
    ``replace`` (``value`` is a sequence of slides). Anything else only re-checks the selection.
    """
    items = list(slides)
    index = selected if isinstance(selected, int) and 0 <= selected < len(items) else None
    if action == "add" and isinstance(value, Slide) and len(items) < MAX_SLIDES:
        items.append(value)
        index = len(items) - 1
    elif action == "replace":
        items = list(value or [])[:MAX_SLIDES]
        index = 0 if items else None
    elif index is None:
        pass
    elif action in ("up", "down"):
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
            index = other
    elif action == "remove":
        del items[index]
        index = min(index, len(items) - 1) if items else None
    elif action == "part" and isinstance(value, str) and value != items[index].part:
        items[index] = replace(items[index], part=value,
                               reveal=items[index].reveal and value in REVEAL_PARTS)
    elif action == "reveal":
        items[index] = replace(items[index], reveal=bool(value) and items[index].part in
                               REVEAL_PARTS)
    if index is None and items:
        index = 0
    return tuple(items), index


def current_slide(state: ViewState) -> Slide | None:
    """The slide "add this view" makes of a view: its permalink and headline figure."""
    parts = parts_of(state)
    if state.current_page == "present" or not parts:
        return None
    return Slide(view="".join(state_to_url(state)), part=parts[0])


# What a slide shows -------------------------------------------------------------------------------

def view_place(ctx: AtlasContext, state: ViewState) -> str:
    """Short name of a view for slide lists: the locality, England, or the page."""
    if state.locality:
        return f"{lad_name(ctx, state.locality)} ({state.locality})"
    if state.page == "compare":
        return "Compare " + ", ".join(lad_name(ctx, c) for c in state.compare)
    if state.page == "gaps":
        return "Need against provision"
    return "England"


def slide_label(ctx: AtlasContext, slide: Slide, read_view: ViewReader) -> str:
    """One line naming a slide: place, figure and reveal."""
    state, _ = read_view(*_split(slide.view))
    return (f"{view_place(ctx, state)}: {PART_LABELS[slide.part]}"
            + (" (reveal the gaps)" if slide.reveal else ""))


def _split(view: str) -> tuple[str, str]:
    path, _, query = view.partition("?")
    return path, f"?{query}" if query else ""


def _localities(ctx: AtlasContext, state: ViewState) -> list[str]:
    if state.locality:
        return [state.locality]
    if state.page == "compare":
        return list(state.compare)
    return dataset_localities(ctx)


def reveal_cells(ctx: AtlasContext, state: ViewState) -> pd.DataFrame:
    """High-need cells of a view's localities, from ``gaps.gap_table`` with the view's thresholds.

    Columns: ``locality``, ``determinant``, ``gap_class`` (one of ``REVEALED``),
    ``interventions``, ``need_percentile``.
    """
    gaps = gap_table(ctx.geography.lads, filtered(ctx, state), _localities(ctx, state),
                     thresholds_of(state), ctx.dataset.codes.pair_counts)
    return gaps.loc[gaps["gap_class"].isin(REVEALED),
                    ["locality", "determinant", "gap_class", "interventions",
                     "need_percentile"]].reset_index(drop=True)


def reveal_figure(
    figure: go.Figure, cells: pd.DataFrame, *, row_labels: Mapping[str, str],
    col_labels: Mapping[str, str], note: str,
) -> go.Figure:
    """The provision heatmap with the gap cells outlined and marked NONE or LOW.

    ``figure`` is a locality x determinant ``provision_heatmap`` (its x axis may be
    multicategory: determinant level, then label); ``cells`` holds ``locality``,
    ``determinant`` and ``gap_class``. The grid, colours and counts stay as they are: each gap
    cell gets an outline (a shape named after its class, solid for no provision, dashed for low)
    and its mark after the count; a legend entry per class, the ``note`` under the title and
    the need indicators' sources are added.
    """
    fig = go.Figure(figure)
    heatmap = fig.data[0]
    rows = list(heatmap.y)
    x = heatmap.x
    cols = list(x[-1]) if x and isinstance(x[0], list | tuple) else list(x)
    text = [list(row) for row in heatmap.text]
    for cell in cells.itertuples():
        i, j = rows.index(row_labels[cell.locality]), cols.index(col_labels[cell.determinant])
        text[i][j] = f"{text[i][j]} {GAP_MARKS[cell.gap_class]}"
        style = REVEAL_STYLE[cell.gap_class]
        fig.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5,
                      name=f"{cell.gap_class}:{cell.locality}:{cell.determinant}",
                      line={"color": style["color"], "width": style["width"],
                            "dash": style["dash"]})
    heatmap.text = text
    for gap_class in REVEALED:
        style = REVEAL_STYLE[gap_class]
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", hoverinfo="skip",
            name=f"{GAP_CLASSES[gap_class]} ({GAP_MARKS[gap_class]})",
            marker={"symbol": "square-open", "size": 16, "color": style["color"],
                    "line": {"width": style["width"], "color": style["color"]}},
        ))
    extra = Caption(title="", sources=(IOD_SOURCE, CENSUS_SOURCE))
    margin = fig.layout.margin
    fig.update_layout(
        title_text=fig.layout.title.text + f"<br><b>Gaps revealed.</b> {note}",
        margin={"t": margin.t + 22 + LEGEND_ROW, "b": margin.b + 14 * len(extra.source_lines)},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        showlegend=True,
    )
    if fig.layout.annotations:
        source = fig.layout.annotations[0]
        source.text = (source.text.removesuffix("</span>") + "<br>"
                       + "<br>".join(extra.source_lines) + "</span>")
    return fig


def reveal_part(ctx: AtlasContext, state: ViewState, part: Part) -> Part:
    """Phase two of a reveal slide: the same grid as ``part`` with the gaps marked."""
    localities, _ = readable_localities(ctx, _localities(ctx, state))  # the rows drawn
    cells = reveal_cells(ctx, state)
    cells = cells[cells["locality"].isin(localities)]
    determinants = ctx.codelists["determinants"]
    thresholds = thresholds_of(state)
    figure = reveal_figure(
        part.figure, cells, row_labels={c: lad_name(ctx, c) for c in localities},
        col_labels=determinants.labels,
        note=f"Outlined: high need (percentile ≥ {thresholds.high_need:g}), no or low provision.")
    listed = "; ".join(
        f"{GAP_CLASSES[c]}: " + (", ".join(
            f"{lad_name(ctx, r.locality)} – {determinants.labels[r.determinant]}"
            for r in cells[cells["gap_class"] == c].itertuples()) or "none")
        for c in REVEALED)
    summary = f"{part.summary} Gaps revealed. {method_sentence(thresholds)} {listed}."
    return Part(key=part.key, label=f"{part.label}: gaps revealed", figure=figure,
                summary=summary)


TITLE_SIZE = 22
LINE_HEIGHT = 1.3  # plotly's line spacing, in multiples of the title's font size
TITLE_PAD = 24
LEGEND_ROW = 36


def presentation_figure(figure: go.Figure, scale: float = 1.2) -> go.Figure:
    """A copy of a page figure for a projector: fills its container, larger type.

    The top margin is measured from the title's lines (plus a row for a legend drawn above the
    plot); the bottom margin, which holds the axis labels and the source lines, and the source
    line's offset grow with the type by ``scale``.
    """
    fig = go.Figure(figure)
    title = (fig.layout.title.text or "").replace("font-size:12px", "font-size:15px")
    lines = title.count("<br>") + 1 if title else 0
    legend_above = fig.layout.legend.orientation == "h" and fig.layout.legend.yanchor == "bottom"
    top = TITLE_PAD + int(lines * LINE_HEIGHT * TITLE_SIZE) + (LEGEND_ROW if legend_above else 0)
    fig.update_layout(
        height=None, autosize=True, font={"size": 15}, title_text=title,
        title_font={"size": TITLE_SIZE}, title_pad={"t": TITLE_PAD},
        margin={"t": top + 8, "b": int((fig.layout.margin.b or 60) * scale), "l": 10, "r": 10},
        hoverlabel={"font": {"size": 17}},
    )
    for annotation in fig.layout.annotations:
        annotation.text = (annotation.text or "").replace("font-size:10px", "font-size:12px")
        if annotation.yshift:
            annotation.yshift = annotation.yshift * scale
    if any(t.type in ("heatmap", "scatter", "bar") for t in fig.data):
        fig.update_xaxes(tickfont={"size": 13})
        fig.update_yaxes(tickfont={"size": 14})
        fig.update_traces(textfont={"size": 14}, selector={"type": "heatmap"})
    return fig


@dataclass(frozen=True)
class Stage:
    """Everything the presenter shows for one step of a playlist."""

    step: int
    total_steps: int
    slide_number: int
    slide_count: int
    phase: str
    label: str
    part: Part
    exit_href: str
    outline: tuple[tuple[str, str, bool], ...]

    @property
    def counter(self) -> str:
        """The slide counter, e.g. "Slide 2 of 3 (provision; next: the gaps)"."""
        phase = {"provision": " (provision; next: the gaps)", "gaps": " (gaps revealed)"}
        return f"Slide {self.slide_number} of {self.slide_count}{phase.get(self.phase, '')}"


def stage(ctx: AtlasContext, slides: Sequence[Slide], fragment: str | None) -> Stage | None:
    """The step of ``slides`` a URL fragment names, ready to show; None for no slides."""
    steps = steps_of(slides)
    if not steps:
        return None
    read = view_reader(ctx)
    step = step_from_hash(fragment, len(steps))
    index, phase = steps[step - 1]
    slide = slides[index]
    state, _ = read(*_split(slide.view))
    state, _ = check_state(ctx, state)        # a slide's dataset= is shown as the atlas shows it
    part = build_part(scoped(ctx, state), state, slide.part)
    if phase == "gaps":
        part = reveal_part(scoped(ctx, state), state, part)
    first_steps = {i: n for n, (i, _) in reversed(list(enumerate(steps, start=1)))}
    search = playlist_search(slides)
    outline = tuple((slide_label(ctx, s, read), f"{PRESENT_PATH}{search}#{first_steps[i]}",
                     i == index) for i, s in enumerate(slides))
    return Stage(step=step, total_steps=len(steps), slide_number=index + 1,
                 slide_count=len(slides), phase=phase, label=slide_label(ctx, slide, read),
                 part=replace(part, figure=presentation_figure(part.figure)),
                 exit_href=slide.view, outline=outline)


def example_playlist(ctx: AtlasContext) -> tuple[Slide, ...]:
    """A starter playlist on the loaded dataset: map, reveal, gap classes, a locality."""
    localities = dataset_localities(ctx)
    slides = [Slide("/", "map"), Slide("/", "locality_determinant", reveal=True),
              Slide("/gaps", "gaps")]
    if localities:
        slides.append(Slide(f"{LOCALITY_PREFIX}{localities[0]}", "quadrant"))
    return tuple(slides)


@dataclass(frozen=True)
class Builder:
    """What the playlist builder shows for a playlist and a chosen slide."""

    slides: tuple[Slide, ...]
    selected: int | None
    labels: tuple[str, ...]
    parts: tuple[tuple[str, str], ...]
    part: str | None
    reveal: bool
    can_reveal: bool

    @property
    def href(self) -> str:
        """Where "Start presenting" goes: the playlist's link from its first step."""
        return playlist_href(self.slides) if self.slides else PRESENT_PATH


def builder(ctx: AtlasContext, slides: Sequence[Slide], selected: int | None) -> Builder:
    """The builder's list, the chosen slide's figure choices and its reveal switch."""
    read = view_reader(ctx)
    labels = tuple(f"{n}. {slide_label(ctx, s, read)}" for n, s in enumerate(slides, start=1))
    if selected is None or not 0 <= selected < len(slides):
        return Builder(tuple(slides), None, labels, (), None, False, False)
    slide = slides[selected]
    state, _ = read(*_split(slide.view))
    parts = tuple((key, PART_LABELS[key]) for key in parts_of(state))
    return Builder(tuple(slides), selected, labels, parts, slide.part, slide.reveal,
                   slide.part in REVEAL_PARTS)
