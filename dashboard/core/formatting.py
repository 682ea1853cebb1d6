"""Numbers and text as the atlas writes them: rates, ordinals, text safe for plotly labels."""

from __future__ import annotations

import html

import pandas as pd


def format_rate(rate: float | None) -> str:
    """A rate per 10,000 for display: one decimal, two when it is below 0.1 but not zero."""
    if rate is None or pd.isna(rate):
        return "not known"
    return f"{rate:.2f}" if 0 < rate < 0.1 else f"{rate:.1f}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plot_text(text: str) -> str:
    """Text from a dataset made safe for plotly labels (hover text), which read a subset of HTML."""
    return html.escape(str(text), quote=False)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``"1 intervention"``, ``"2 interventions"``."""
    return f"{count:,} {singular if count == 1 else plural_form or singular + 's'}"
