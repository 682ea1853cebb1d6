"""Which intervention dataset a view shows: its key in the URL and what screens say about it.

A view names its dataset in the URL (``dataset=``):

- omitted or ``bundled``: the dataset the server loaded at start;
- ``<name>``: the newest saved version of ``name`` (it follows new versions live);
- ``<name>@<version>``: one saved version, which never changes;
- ``session-<token>``: a file uploaded for one session, stored unlisted so every worker reads it;
- ``example-<key>``: another dataset shipped in ``data/examples`` (for example a real one built
  from published directories), read from its file.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.core.numbers import parse_int
from dashboard.core.schema import PERSON_CODED

BUNDLED = "bundled"
SESSION_PREFIX = "session-"  # the store deletes these when they expire (migration 0003)
EXAMPLE_PREFIX = "example-"  # datasets shipped in data/examples beside the bundled one
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.\-]{0,79}")
SESSION_PATTERN = re.compile(r"session-[A-Za-z0-9_\-]{8,64}")


@dataclass(frozen=True)
class DatasetKey:
    """A parsed ``dataset=`` value.

    Attributes:
        name: stored dataset name (``None`` for the bundled dataset).
        version: pinned version, or ``None`` for the newest.
    """

    name: str | None = None
    version: int | None = None

    @property
    def bundled(self) -> bool:
        """True for the dataset loaded at start."""
        return self.name is None

    @property
    def session(self) -> bool:
        """True for a session upload."""
        return bool(self.name and self.name.startswith(SESSION_PREFIX))

    @property
    def example(self) -> bool:
        """True for a dataset shipped in ``data/examples``."""
        return bool(self.name and self.name.startswith(EXAMPLE_PREFIX))

    @property
    def follows_latest(self) -> bool:
        """True when the view shows whatever the newest saved version is (live updates)."""
        return self.name is not None and self.version is None and not self.session \
            and not self.example

    def __str__(self) -> str:
        if self.name is None:
            return BUNDLED
        return self.name if self.version is None else f"{self.name}@{self.version}"


def parse_key(value: str | None) -> tuple[DatasetKey, str | None]:
    """Parse a ``dataset=`` value; an invalid one gives the bundled key and a note."""
    text = (value or "").strip()
    if not text or text == BUNDLED:
        return DatasetKey(), None
    if SESSION_PATTERN.fullmatch(text):
        return DatasetKey(text), None
    name, _, version = text.partition("@")
    if NAME_PATTERN.fullmatch(name) and not name.startswith(SESSION_PREFIX) and name != BUNDLED:
        if not version:
            return DatasetKey(name), None
        number = parse_int(version, minimum=1)
        if number is not None:
            return DatasetKey(name, number), None
    return DatasetKey(), f"Ignored dataset={text!r}: not a dataset name; showing the bundled dataset."


def check_name(name: str) -> str | None:
    """Why ``name`` cannot be a saved dataset's name, or ``None`` when it can."""
    if not NAME_PATTERN.fullmatch(name or ""):
        return ("A dataset name has 1 to 80 letters, digits, spaces, dots, hyphens or underscores "
                "and starts with a letter or digit.")
    if name.startswith((SESSION_PREFIX, EXAMPLE_PREFIX)) or name == BUNDLED:
        return f"'{name}' is reserved; choose another name."
    return None


def new_session_name() -> str:
    """A fresh, unguessable name for a session upload."""
    return SESSION_PREFIX + secrets.token_urlsafe(12)


@dataclass(frozen=True)
class DatasetMeta:
    """What every screen and export says about the dataset.

    Attributes:
        name: the dataset's name.
        version: its version as written.
        illustrative: True when the records are synthetic.
        notice: for illustrative data the banner's text; for real data what it covers (for
            example "Two sources, not a complete directory"), stated on every screen and export.
        coding: who coded the rows, e.g. "Codes confirmed by a person for 52 of 60 services."
            (empty when no row records a coding status).
    """

    name: str
    version: str
    illustrative: bool
    notice: str = ""
    coding: str = ""

    @property
    def caption(self) -> str:
        """One line naming the dataset and version, and what it covers and who coded it."""
        label = f"Interventions: {self.name}, version {self.version}."
        if self.illustrative:
            return f"Illustrative data. {label}"
        return " ".join(part for part in (label, _sentence(self.notice), self.coding) if part)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def coding_statement(statuses: Sequence[str]) -> str:
    """"Codes confirmed by a person for N of M services." when any row records how it was coded.

    ``statuses`` are the rows' ``coding_status`` codes; ``unknown`` (not recorded) rows alone
    give an empty statement, since nothing is known about who coded them.
    """
    recorded = [s for s in statuses if s and s != "unknown"]
    if not recorded:
        return ""
    person = sum(1 for s in statuses if s in PERSON_CODED)
    return f"Codes confirmed by a person for {person:,} of {len(statuses):,} services."
