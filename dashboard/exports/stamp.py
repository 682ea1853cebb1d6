"""Where and when an export was made, and the QR code of its link."""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass, replace

from dashboard.figures.caption import Caption


@dataclass(frozen=True)
class Stamp:
    """Where and when an export was made: the view's permalink and the export date."""

    permalink: str
    exported_on: dt.date

    @property
    def date_text(self) -> str:
        """Export date as written in captions, e.g. "23 November 2026"."""
        return f"{self.exported_on.day} {self.exported_on:%B %Y}"

    def on(self, caption: Caption) -> Caption:
        """The caption with this export's link and date."""
        return replace(caption, link=self.permalink, exported=self.date_text)


def qr_png(text: str) -> bytes:
    """A PNG QR code of ``text`` (for print exports)."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def qr_data_uri(text: str) -> str:
    """:func:`qr_png` as a data URI for a plotly layout image."""
    return "data:image/png;base64," + base64.b64encode(qr_png(text)).decode("ascii")
