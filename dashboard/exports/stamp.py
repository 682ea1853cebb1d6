"""Where and when an export was made, and the QR code of its link."""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass, replace

from dashboard.figures.caption import Caption

CREDIT_MAX = 120  # characters of a credit line


@dataclass(frozen=True)
class Stamp:
    """Where, when and by whom an export was made: the permalink, the date, an optional credit.

    Attributes:
        permalink: the view's link.
        exported_on: the export date.
        credit: a line naming who made the figure, e.g. "Made by Blackpool Mind" (optional;
            whitespace collapsed, see :func:`clean_credit`).
    """

    permalink: str
    exported_on: dt.date
    credit: str = ""

    @property
    def date_text(self) -> str:
        """Export date as written in captions, e.g. "23 November 2026"."""
        return f"{self.exported_on.day} {self.exported_on:%B %Y}"

    def on(self, caption: Caption) -> Caption:
        """The caption with this export's link, date and credit."""
        return replace(caption, link=self.permalink, exported=self.date_text, credit=self.credit)


def clean_credit(text: str | None) -> str:
    """A credit line as it is printed: one line, spaces collapsed.

    Raises:
        ValueError: longer than ``CREDIT_MAX`` characters, in a sentence that says so.
    """
    line = " ".join(str(text or "").split())
    if len(line) > CREDIT_MAX:
        raise ValueError(f"The credit line has {len(line)} characters; keep it to {CREDIT_MAX} "
                         "or fewer (for example \"Made by Blackpool Mind\").")
    return line


def qr_png(text: str) -> bytes:
    """A PNG QR code of ``text`` (for print exports)."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def qr_data_uri(text: str) -> str:
    """:func:`qr_png` as a data URI for a plotly layout image."""
    return "data:image/png;base64," + base64.b64encode(qr_png(text)).decode("ascii")
