"""Typesetting an export: its type scale, boxes, and how much room a text takes.

Widths are estimated from character counts (Arial averages 0.43-0.46 em a character; the
estimate uses 0.5, bold 0.56, so lines wrap before they could overflow); heights from plotly's
line spacing of 1.3 em.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.figures.caption import wrap
from dashboard.figures.frames import LINE_SPACING, Preset

CHAR = 0.5  # average width of a character, in em (Arial, mixed case; measured 0.43-0.46)
BOLD_CHAR = 0.56


@dataclass(frozen=True)
class Type:
    """Type sizes of an export, in layout px (body is the preset's smallest text)."""

    body: int
    headline: int
    standfirst: int

    @classmethod
    def of(cls, preset: Preset) -> Type:
        """The type scale of a preset: headline 1.75 and standfirst 1.15 times the body."""
        return cls(preset.body, round(preset.body * 1.75), round(preset.body * 1.15))


@dataclass(frozen=True)
class Box:
    """A rectangle in px from the top-left corner of the export."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        """Width in px."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Height in px."""
        return self.y1 - self.y0


def chars(width: float, size: float, bold: bool = False) -> int:
    """How many characters of ``size`` px fit in ``width`` px."""
    return max(8, int(width / (size * (BOLD_CHAR if bold else CHAR))))


def text_height(lines: int, size: float) -> float:
    """Height of ``lines`` lines of one text element of ``size`` px."""
    return lines * LINE_SPACING * size if lines else 0


def text_width(label: str, size: float) -> float:
    """Estimated width of the longest line of ``label`` (lines split by ``<br>``)."""
    return max(len(part) for part in str(label).split("<br>")) * size * CHAR


def wrapped_label(label: str, width: int) -> str:
    """A label wrapped at ``width`` characters with ``<br>``, never inside a word."""
    return "<br>".join(wrap([str(label)], width))


