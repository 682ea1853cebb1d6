"""Presenter playlists: slides of saved views, their round trip through a link, and editing.

A playlist is an ordered list of slides. A slide is a permalink of an atlas view (path and query,
as ``state_to_url`` writes it), the figure of that view to show (a key of
``dashboard.views.parts.parts_of``) and whether to "reveal the gaps" (first provision, then the gap classes
over the same grid). The playlist lives in the presenter's link,
``/present?slide=<view>!<part>[!reveal]&slide=...#<step>``: each ``slide`` parameter is one
slide and the fragment is the step shown (a reveal slide takes two steps), so stepping through a
talk never reloads the atlas state. Parsing never fails: invalid slides are dropped and
described in plain-English notes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

from dashboard.core.dataset_identity import parse_key
from dashboard.core.numbers import parse_int
from dashboard.core.view_state import LOCALITY_PREFIX, PAGES, ViewState, state_to_url
from dashboard.views.parts import PART_LABELS, parts_of

PRESENT_PATH = PAGES["present"]
SLIDE_PARAM = "slide"
SEPARATOR = "!"
REVEAL_FLAG = "reveal"
MAX_SLIDES = 40
# Parts drawn as a locality x determinant grid, over which the gap classes can be revealed.
REVEAL_PARTS = frozenset({"locality_determinant"})
ACTIONS = ("first", "previous", "next", "last")
# A slide that is not a figure: how participants join the workshop of a saved dataset.
JOIN_PART = "join"
SLIDE_LABELS = {**PART_LABELS, JOIN_PART: "How to add a service (link and QR code)"}

# ``(path, query) -> (state, notes)``, e.g. ``functools.partial(context.view_of_url, atlas)``.
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


def slide_parts(state: ViewState) -> tuple[str, ...]:
    """What a view can show as a slide: its figures, or on a workshop the join slide."""
    key, _ = parse_key(state.dataset)
    if state.current_page == "workshop" and key.follows_latest:
        return (JOIN_PART,)
    return parts_of(state)


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
    parts = slide_parts(state)
    if not parts:
        return None, [f"{view!r} has no figure to present."]
    if part is None:
        part = parts[0]
    elif part not in parts:
        notes.append(f"{view!r} has no figure {part!r}; showing {SLIDE_LABELS[parts[0]]}.")
        part = parts[0]
    reveal = REVEAL_FLAG in flags
    if reveal and part not in REVEAL_PARTS:
        notes.append(f"Gaps can only be revealed over a locality-by-determinant grid; "
                     f"{SLIDE_LABELS[part]} is shown without the reveal.")
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
    step = parse_int((fragment or "").strip().removeprefix("#"), maximum=10**6) or 1
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
    """The slide "add this view" makes of a view: its permalink and headline figure.

    On the workshop page of a saved dataset it is the join slide (its link and QR code).
    """
    parts = slide_parts(state)
    if state.current_page == "present" or not parts:
        return None
    return Slide(view="".join(state_to_url(state)), part=parts[0])
