"""Strict parsing of numbers typed by people or sent in requests: ASCII digits only.

Python's own ``int`` and ``float`` accept more than a URL or a form should: other scripts'
digits (``"٣"``), underscores (``"1_000"``), surrounding spaces, ``"nan"`` and ``"inf"``; and
``str.isdigit`` says yes to ``"²"``, which ``int`` then refuses. Every number the atlas reads
from a URL, an API parameter, a callback request or a setting goes through this module, so a
value is either a plain ASCII number or ``None`` (the caller says what was wrong), never an
exception.
"""

from __future__ import annotations

import math
import re

MAX_DIGITS = 18  # more is never a valid page, version, id or threshold; keeps int() cheap
INTEGER = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)
SIGNED_INTEGER = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)
DECIMAL = re.compile(rf"-?(?:[0-9]{{1,{MAX_DIGITS}}}(?:\.[0-9]{{0,{MAX_DIGITS}}})?"
                     rf"|\.[0-9]{{1,{MAX_DIGITS}}})(?:[eE][-+]?[0-9]{{1,3}})?", re.ASCII)
# The same decimal pattern as text, for vectorised checks (``Series.str.fullmatch``).
DECIMAL_PATTERN = DECIMAL.pattern


def parse_int(text: object, *, minimum: int | None = None, maximum: int | None = None,
              signed: bool = False) -> int | None:
    """The whole number ``text`` spells in ASCII digits within the bounds, else ``None``.

    ``text`` may be an ``int`` already (JSON numbers in a callback request); ``bool`` and
    every other type give ``None``.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    elif isinstance(text, str) and (SIGNED_INTEGER if signed else INTEGER).fullmatch(text):
        value = int(text)
    else:
        return None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        return None
    return value


def parse_float(text: object, *, minimum: float | None = None,
                maximum: float | None = None) -> float | None:
    """The finite number ``text`` spells in ASCII (``12``, ``-0.5``, ``.5``, ``1e3``), else ``None``.

    ``text`` may be an ``int`` or ``float`` already (JSON numbers); NaN and infinities give
    ``None``.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        value = float(text)
    elif isinstance(text, str) and DECIMAL.fullmatch(text):
        value = float(text)
    else:
        return None
    if not math.isfinite(value):
        return None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        return None
    return value
