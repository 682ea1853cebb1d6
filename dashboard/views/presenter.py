"""Presenter mode: what a step of a playlist shows, the reveal of the gaps, the builder.

See :mod:`dashboard.views.playlist` for playlists and their links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

import pandas as pd

from dashboard.analysis.gaps import GAP_CLASSES, gap_table
from dashboard.context import AtlasContext, check_state, scoped, view_of_url
from dashboard.core.dataset_identity import parse_key
from dashboard.core.iod import CENSUS_SOURCE, IOD_SOURCE
from dashboard.core.view_state import LOCALITY_PREFIX, ViewState
from dashboard.figures.caption import apply_caption
from dashboard.figures.presentation import REVEALED, reveal_marks, slide_figure
from dashboard.views import common
from dashboard.views.common import dataset_localities, lad_name, readable_localities
from dashboard.views.gaps import GAP_MARKS, method_sentence, thresholds_of
from dashboard.views.join import join_href, qr_data_uri
from dashboard.views.parts import Part, build_part
from dashboard.views.playlist import (
    JOIN_PART,
    PRESENT_PATH,
    REVEAL_PARTS,
    SLIDE_LABELS,
    Slide,
    ViewReader,
    current_slide,
    edit_playlist,
    parse_playlist,
    playlist_href,
    playlist_search,
    slide_parts,
    slides_from_data,
    step_from_hash,
    steps_of,
)
from dashboard.views.switcher import banner_notice


def view_reader(atlas: AtlasContext) -> ViewReader:
    """``(path, query) -> (state, notes)`` for the loaded geography and code lists."""
    return partial(view_of_url, atlas)


def view_place(atlas: AtlasContext, state: ViewState) -> str:
    """Short name of a view for slide lists: the locality, England, or the page."""
    if state.locality:
        return f"{lad_name(atlas, state.locality)} ({state.locality})"
    if state.page == "compare":
        return "Compare " + ", ".join(lad_name(atlas, c) for c in state.compare)
    if state.page == "gaps":
        return "Need against provision"
    if state.page == "workshop":
        return f"Workshop {parse_key(state.dataset)[0].name}"
    return "England"


def slide_label(atlas: AtlasContext, slide: Slide, read_view: ViewReader) -> str:
    """One line naming a slide: place, figure and reveal."""
    state, _ = read_view(*_split(slide.view))
    return (f"{view_place(atlas, state)}: {SLIDE_LABELS[slide.part]}"
            + (" (reveal the gaps)" if slide.reveal else ""))


def _split(view: str) -> tuple[str, str]:
    path, _, query = view.partition("?")
    return path, f"?{query}" if query else ""


def _localities(atlas: AtlasContext, state: ViewState) -> list[str]:
    if state.locality:
        return [state.locality]
    if state.page == "compare":
        return list(state.compare)
    return dataset_localities(atlas)


def reveal_cells(atlas: AtlasContext, state: ViewState) -> pd.DataFrame:
    """High-need cells of a view's localities, from ``gaps.gap_table`` with the view's thresholds.

    Columns: ``locality``, ``determinant``, ``gap_class`` (one of ``REVEALED``),
    ``interventions``, ``need_percentile``.
    """
    gaps = gap_table(atlas.geography.lads, common.selected(atlas, state, state.locality),
                     _localities(atlas, state), thresholds_of(state))
    return gaps.loc[gaps["gap_class"].isin(REVEALED),
                    ["locality", "determinant", "gap_class", "interventions",
                     "need_percentile"]].reset_index(drop=True)


def reveal_part(atlas: AtlasContext, state: ViewState, part: Part) -> Part:
    """Phase two of a reveal slide: the same grid as ``part`` with the gaps marked."""
    localities, _ = readable_localities(atlas, _localities(atlas, state))  # the rows drawn
    cells = reveal_cells(atlas, state)
    cells = cells[cells["locality"].isin(localities)]
    determinants = atlas.codelists["determinants"]
    thresholds = thresholds_of(state)
    figure = reveal_marks(
        part.figure, cells, row_labels={c: lad_name(atlas, c) for c in localities},
        col_labels=determinants.labels, marks=GAP_MARKS, class_labels=GAP_CLASSES)
    note = f"Gaps revealed. Outlined: high need (percentile ≥ {thresholds.high_need:g}), no or low provision."
    caption = replace(part.caption, notes=(*part.caption.notes, note), sources=tuple(
        dict.fromkeys((*part.caption.sources, IOD_SOURCE, CENSUS_SOURCE))))
    listed = "; ".join(
        f"{GAP_CLASSES[c]}: " + (", ".join(
            f"{lad_name(atlas, r.locality)} – {determinants.labels[r.determinant]}"
            for r in cells[cells["gap_class"] == c].itertuples()) or "none")
        for c in REVEALED)
    summary = f"{part.summary} Gaps revealed. {method_sentence(thresholds)} {listed}."
    return Part(key=part.key, label=f"{part.label}: gaps revealed",
                figure=apply_caption(figure, caption), caption=caption, summary=summary)


@dataclass(frozen=True)
class JoinSlide:
    """The slide that tells a room how to add services: the address and its QR code."""

    dataset: str
    url: str
    qr: str


@dataclass(frozen=True)
class Stage:
    """Everything the presenter shows for one step of a playlist.

    ``part`` is the figure (``None`` on a join slide, which shows ``join`` instead); ``live`` is
    the dataset and version a slide that follows a saved dataset shows (``None`` otherwise),
    which the presenter polls; ``illustrative`` is the notice of the slide's own dataset.
    """

    step: int
    total_steps: int
    slide_number: int
    slide_count: int
    phase: str
    label: str
    part: Part | None
    exit_href: str
    outline: tuple[tuple[str, str, bool], ...]
    join: JoinSlide | None = None
    live: tuple[str, int] | None = None
    illustrative: str | None = None

    @property
    def counter(self) -> str:
        """The slide counter, e.g. "Slide 2 of 3 (provision; next: the gaps)"."""
        phase = {"provision": " (provision; next: the gaps)", "gaps": " (gaps revealed)"}
        return f"Slide {self.slide_number} of {self.slide_count}{phase.get(self.phase, '')}"


def _step_view(atlas: AtlasContext, slides: Sequence[Slide], fragment: str | None
               ) -> tuple[int, int, str, ViewState]:
    """The step a fragment names: its number, slide index, phase and checked view."""
    steps = steps_of(slides)
    step = step_from_hash(fragment, len(steps))
    index, phase = steps[step - 1]
    state, _ = view_reader(atlas)(*_split(slides[index].view))
    state, _ = check_state(atlas, state)        # a slide's dataset= is shown as the atlas shows it
    return step, index, phase, state


def _live(state: ViewState) -> tuple[str, int] | None:
    key, _ = parse_key(state.dataset)
    return (key.name, state.revision) if key.follows_latest and state.revision else None


def live_version(atlas: AtlasContext, search: str | None, fragment: str | None
                 ) -> tuple[str, int] | None:
    """The saved dataset and its newest version the step shows, if it follows one (cheap)."""
    slides, _ = parse_playlist(search, view_reader(atlas))
    if not slides:
        return None
    return _live(_step_view(atlas, slides, fragment)[3])


def stage(atlas: AtlasContext, slides: Sequence[Slide], fragment: str | None,
          origin: str = "") -> Stage | None:
    """The step of ``slides`` a URL fragment names, ready to show; None for no slides.

    ``origin`` (scheme and host) makes the join slide's address complete.
    """
    if not slides:
        return None
    read = view_reader(atlas)
    step, index, phase, state = _step_view(atlas, slides, fragment)
    slide = slides[index]
    steps = steps_of(slides)
    part, join = None, None
    if slide.part == JOIN_PART:
        name = parse_key(state.dataset)[0].name
        url = origin.rstrip("/") + join_href(name)
        join = JoinSlide(name, url, qr_data_uri(url))
    else:
        part = build_part(scoped(atlas, state), state, slide.part)
        if phase == "gaps":
            part = reveal_part(scoped(atlas, state), state, part)
        part = replace(part, figure=slide_figure(part.figure, part.caption))
    first_steps = {i: n for n, (i, _) in reversed(list(enumerate(steps, start=1)))}
    search = playlist_search(slides)
    outline = tuple((slide_label(atlas, s, read), f"{PRESENT_PATH}{search}#{first_steps[i]}",
                     i == index) for i, s in enumerate(slides))
    return Stage(step=step, total_steps=len(steps), slide_number=index + 1,
                 slide_count=len(slides), phase=phase, label=slide_label(atlas, slide, read),
                 part=part, exit_href=slide.view, outline=outline, join=join,
                 live=_live(state), illustrative=banner_notice(scoped(atlas, state).dataset.meta))


def example_playlist(atlas: AtlasContext) -> tuple[Slide, ...]:
    """A starter playlist on the loaded dataset: map, reveal, gap classes, a locality."""
    localities = dataset_localities(atlas)
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


def builder(atlas: AtlasContext, slides: Sequence[Slide], selected: int | None) -> Builder:
    """The builder's list, the chosen slide's figure choices and its reveal switch."""
    read = view_reader(atlas)
    labels = tuple(f"{n}. {slide_label(atlas, s, read)}" for n, s in enumerate(slides, start=1))
    if selected is None or not 0 <= selected < len(slides):
        return Builder(tuple(slides), None, labels, (), None, False, False)
    slide = slides[selected]
    state, _ = read(*_split(slide.view))
    parts = tuple((key, SLIDE_LABELS[key]) for key in slide_parts(state))
    return Builder(tuple(slides), selected, labels, parts, slide.part, slide.reveal,
                   slide.part in REVEAL_PARTS)


@dataclass(frozen=True)
class PresenterView:
    """What the presenter page shows for a location.

    Attributes:
        mode: ``off`` (another page is shown), ``building`` (no playlist in the link) or
            ``presenting``.
        stage: the step shown while presenting (``None`` when no slide can be shown).
        notes: what was left out of the playlist link, and why.
    """

    mode: str
    stage: Stage | None = None
    notes: tuple[str, ...] = ()


def presenter_mode(pathname: str | None, search: str | None) -> str:
    """``off`` (another page), ``building`` (``/present`` alone) or ``presenting`` (with slides)."""
    if (pathname or "/").rstrip("/") != PRESENT_PATH:
        return "off"
    return "presenting" if search else "building"


def presenter_view(atlas: AtlasContext, pathname: str | None, search: str | None,
                   fragment: str | None, origin: str = "") -> PresenterView:
    """The presenter page for a URL: off, the builder, or the step the fragment names."""
    mode = presenter_mode(pathname, search)
    if mode != "presenting":
        return PresenterView(mode)
    slides, notes = parse_playlist(search, view_reader(atlas))
    return PresenterView("presenting", stage(atlas, slides, fragment, origin), tuple(notes))


@dataclass(frozen=True)
class BuilderEdit:
    """The builder after one edit, and the sentence that says what an "add" did."""

    builder: Builder
    status: str | None


def edit_builder(atlas: AtlasContext, action: str | None, data: object, selected: int | None,
                 value: object, state: ViewState) -> BuilderEdit:
    """Apply one builder action to the playlist in the browser's store.

    ``add`` adds the view ``state`` shows, ``replace`` starts from the example playlist; the
    others (``up``, ``down``, ``remove``, ``part``, ``reveal``) change the selected slide.
    """
    read = view_reader(atlas)
    slides = slides_from_data(data, read)
    status = None
    if action == "add":
        value = current_slide(state)
        status = ("This page has no figure to present." if value is None else
                  f"Added slide {len(slides) + 1}: {slide_label(atlas, value, read)}.")
    elif action == "replace":
        value = example_playlist(atlas)
    slides, selected = edit_playlist(slides, action, selected, value)
    return BuilderEdit(builder(atlas, slides, selected), status)
