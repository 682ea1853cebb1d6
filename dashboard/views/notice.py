"""What the person who acted is told: a message, how it reads, and where to go next."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    """A message shown after an action.

    Attributes:
        lines: the sentences (one is shown as text, several as a list).
        kind: ``success``, ``info``, ``warning`` or ``danger``.
        link: ``(label, href)`` of what was made, when there is something to open.
    """

    lines: tuple[str, ...]
    kind: str = "info"
    link: tuple[str, str] | None = None

    @classmethod
    def of(cls, text: str | list[str], kind: str = "info",
           link: tuple[str, str] | None = None) -> Notice:
        """A notice of one sentence or of several."""
        return cls(tuple([text] if isinstance(text, str) else text), kind, link)


@dataclass(frozen=True)
class Opened:
    """The result of an action that may open a view: a notice, and the view (path, query)."""

    notice: Notice
    location: tuple[str, str] | None = None
