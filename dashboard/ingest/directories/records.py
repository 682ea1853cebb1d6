"""The one shape every reader gives: a table of directory records, the rejected ones and notes.

A record is what a source says about one service, before placing and coding: names and text,
a point and a postcode if given, an area code of any vintage, taxonomy terms, delivery hints.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

FORMATS = ("hsds", "hsds-csv", "360giving", "csv")
# Columns of a records table, in order (see :func:`records_frame`).
RECORD_FIELDS = (
    "source_record", "source_id", "name", "provider", "description", "url", "status",
    "latitude", "longitude", "postcode", "address", "area_code", "area_name",
    "terms", "delivery", "last_verified", "start_date", "end_date", "extra_text", "fields",
)
_SPACES = re.compile(r"\s+")
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")


class DirectoryError(Exception):
    """The source cannot be read at all (or only in part); one plain message naming where."""


@dataclass(frozen=True)
class Rejected:
    """A record that could not be imported: where it was and why."""

    source_record: str
    source_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class ReadResult:
    """What a reader gives.

    Attributes:
        records: one row per readable record (columns ``RECORD_FIELDS``).
        rejected: records that could not be imported, each with its reason.
        warnings: notes on the source as a whole (a page count that does not add up, a schema
            problem in a field the atlas does not use, columns left unmapped...).
        source: what was read (a file, folder or URL) and how.
        mapping: template field -> source column, for spreadsheets (empty for HSDS JSON).
    """

    records: pd.DataFrame
    rejected: tuple[Rejected, ...] = ()
    warnings: tuple[str, ...] = ()
    source: Mapping[str, Any] = field(default_factory=dict)
    mapping: Mapping[str, str] = field(default_factory=dict)

    def rejected_dicts(self) -> list[dict[str, str]]:
        """The rejected records as plain dicts (for the JSON report)."""
        return [asdict(r) for r in self.rejected]


def text(value: Any) -> str:
    """A cell or JSON value as one line of trimmed text ('' for missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _SPACES.sub(" ", str(value)).strip()


def number(value: Any) -> float | None:
    """A coordinate or amount as a float, or None when it is missing or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = float(str(value).strip().replace(",", ""))
    except ValueError:
        return None
    return None if math.isnan(result) or math.isinf(result) else result


def postcode(value: Any) -> str:
    """A UK postcode in its usual form (``BL3 2HP``), or the text as given when it is not one."""
    raw = text(value).upper()
    if _POSTCODE.match(raw):
        compact = raw.replace(" ", "")
        return f"{compact[:-3]} {compact[-3:]}"
    return raw


def iso_date(value: Any) -> str:
    """The ``YYYY-MM-DD`` part of a date or timestamp, or '' when there is none."""
    found = re.match(r"^\d{4}-\d{2}-\d{2}", text(value))
    return found.group(0) if found else ""


def empty_record() -> dict[str, Any]:
    """A record with every field empty."""
    return {name: ([] if name in ("terms", "delivery") else {} if name == "fields"
                   else None if name in ("latitude", "longitude") else "") for name in RECORD_FIELDS}


def records_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A records table (columns ``RECORD_FIELDS``; lists stay lists, coordinates are floats)."""
    rows = [{**empty_record(), **record} for record in records]
    frame = pd.DataFrame(rows, columns=list(RECORD_FIELDS))
    if frame.empty:
        frame = pd.DataFrame({name: pd.Series(dtype=object) for name in RECORD_FIELDS})
    for column in ("latitude", "longitude"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame
