"""Which intervention dataset a view shows: its key in the URL and what screens say about it.

A view names its dataset in the URL (``dataset=``):

- omitted or ``bundled``: the dataset the server loaded at start;
- ``<name>``: the newest saved version of ``name`` (it follows new versions live);
- ``<name>@<version>``: one saved version, which never changes;
- ``session-<token>``: a file uploaded for one session, stored unlisted so every worker reads it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from dashboard.core.numbers import parse_int

BUNDLED = "bundled"
SESSION_PREFIX = "session-"  # the store deletes these when they expire (migration 0003)
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
    def follows_latest(self) -> bool:
        """True when the view shows whatever the newest saved version is (live updates)."""
        return self.name is not None and self.version is None and not self.session

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
    if name.startswith(SESSION_PREFIX) or name == BUNDLED:
        return f"'{name}' is reserved; choose another name."
    return None


def new_session_name() -> str:
    """A fresh, unguessable name for a session upload."""
    return SESSION_PREFIX + secrets.token_urlsafe(12)


@dataclass(frozen=True)
class DatasetMeta:
    """What every screen and export says about the dataset."""

    name: str
    version: str
    illustrative: bool
    notice: str = ""

    @property
    def caption(self) -> str:
        """One line naming the dataset, its version and, when so, that it is illustrative."""
        label = f"Interventions: {self.name}, version {self.version}."
        return f"Illustrative data. {label}" if self.illustrative else label
