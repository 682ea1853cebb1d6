"""Exports of saved views from the command line, one or many per run.

``python -m dashboard export URL`` makes one file; ``--batch urls.txt -o DIR`` makes one per
line of a file, loading the data and starting Chromium once for all of them (a campaign
regenerating its figures when the data change). Each line is a permalink, optionally followed
by ``--figure KEY``, ``--preset NAME``, ``--format FMT``, ``--credit TEXT`` and ``-o NAME`` (a
file name in the folder); the command's own options are the defaults. Blank lines and ``#``
comments are skipped.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from dashboard.context import AtlasContext, check_state, load_context, scoped, view_of_link
from dashboard.core.dataset_identity import parse_key
from dashboard.core.settings import Settings
from dashboard.exports.files import ExportError, export_file
from dashboard.exports.renderer import Renderer
from dashboard.views.parts import parts_of

OPTIONS = {"--figure": "figure", "--preset": "preset", "--format": "fmt", "-o": "output",
           "--output": "output", "--credit": "credit"}


class BatchError(ValueError):
    """A line of a batch file that cannot be read; the message names the line."""


@dataclass(frozen=True)
class Request:
    """One export asked for: a permalink and what to make of it.

    Attributes:
        url: the view's permalink (its host is ignored).
        figure: which figure of the view (None: its headline figure).
        preset: image size, ``social``, ``slide`` or ``a4``.
        fmt: file format (None: from the output name's extension, else png).
        output: file to write (None: a descriptive name); in a batch, a name in the folder.
        credit: a line naming who made it, printed with the sources ("" for none).
        line: its line in the batch file (0 for a single export).
    """

    url: str
    figure: str | None = None
    preset: str = "social"
    fmt: str | None = None
    output: str | None = None
    credit: str = ""
    line: int = 0

    @property
    def format(self) -> str:
        """The format to make: asked for, else the output's extension, else png."""
        suffix = Path(self.output).suffix.lstrip(".").lower() if self.output else ""
        return self.fmt or suffix or "png"


@dataclass(frozen=True)
class Done:
    """What became of one request: the file written, or why not."""

    request: Request
    path: Path | None = None
    size: int = 0
    alt_text: str | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def read_batch(text: str, defaults: Request) -> list[Request]:
    """The requests of a batch file, each line's options over ``defaults``.

    Raises:
        BatchError: a line with an unknown option, an option without a value or no link.
    """
    requests = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            words = shlex.split(line)
        except ValueError as error:
            raise BatchError(f"Line {number}: {error}.") from None
        values: dict[str, str] = {}
        links = []
        while words:
            word = words.pop(0)
            if word in OPTIONS:
                if not words:
                    raise BatchError(f"Line {number}: {word} needs a value.")
                values[OPTIONS[word]] = words.pop(0)
            elif word.startswith("-"):
                raise BatchError(f"Line {number}: unknown option {word!r}; use "
                                 "--figure, --preset, --format, --credit or -o.")
            else:
                links.append(word)
        if len(links) != 1:
            raise BatchError(f"Line {number}: give one permalink (found {len(links)}).")
        requests.append(replace(defaults, url=links[0], line=number, **values))
    return requests


def export_requests(settings: Settings, requests: Sequence[Request], folder: Path,
                    today: dt.date) -> Iterator[Done]:
    """Make every request in turn, writing files into ``folder``; one Chromium for them all.

    The data are loaded once (with the store when a link names a saved dataset). A request
    that cannot be made is reported and the others go on. Two requests that would write the
    same file name get ``-2``, ``-3``... so no file of the batch overwrites another.
    """
    atlas = load_context(settings)
    states = [view_of_link(atlas, r.url) for r in requests]
    if any(not parse_key(state.dataset)[0].bundled for state, _ in states):
        atlas = load_context(settings, with_store=True)  # the copy is mapped, not validated again
    renderer = Renderer(settings.chromium)
    used: set[Path] = set()
    try:
        for request, (state, notes) in zip(requests, states, strict=True):
            yield _export(atlas, renderer, request, state, notes, folder, used, today)
    finally:
        renderer.close()


def _export(atlas: AtlasContext, renderer: Renderer, request: Request, state, notes: list[str],
            folder: Path, used: set[Path], today: dt.date) -> Done:
    if not parse_key(state.dataset)[0].bundled:
        state, dataset_notes = check_state(atlas, state)
        notes = [*notes, *dataset_notes]
    atlas = scoped(atlas, state)  # its dataset, and its level of geography or NHS area
    key = request.figure or (parts_of(state) or (None,))[0]
    try:
        export = export_file(atlas, renderer, state, key, request.preset, request.format,
                             request.url, today, request.credit)
    except ExportError as error:
        return Done(request, error=str(error), notes=notes)
    path = _free(folder / (request.output or export.name), used)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export.content)
    return Done(request, path, len(export.content), export.alt_text, notes=notes)


def _free(path: Path, used: set[Path]) -> Path:
    """``path``, or ``name-2.ext``, ``name-3.ext``... if this run wrote it already."""
    candidate, number = path, 1
    while candidate in used:
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    used.add(candidate)
    return candidate
