"""What happened to every record: duplicates by name and place, and unique ids."""

from __future__ import annotations

import re

import pandas as pd

_NOT_WORD = re.compile(r"[^\w]+")


def name_key(name: str) -> str:
    """A name folded for comparison: case, punctuation and spacing ignored."""
    return _NOT_WORD.sub(" ", str(name or "")).strip().casefold()


def place_key(placed: pd.DataFrame, records: pd.DataFrame) -> pd.Series:
    """Where a record is, for finding duplicates.

    Its LSOA, else its district and postcode, else its postcode, else nothing known.
    """
    lsoa = placed["lsoa_code"].fillna("")
    district = placed["locality_code"].fillna("")
    postcode = records["postcode"].fillna("").str.replace(" ", "", regex=False).str.upper()
    return lsoa.where(lsoa != "", district + "|" + postcode)


def duplicates(ids: pd.Series, records: pd.DataFrame, placed: pd.DataFrame) -> pd.Series:
    """Per record, the id of an earlier record with the same name and place ('' for none)."""
    key = records["name"].map(name_key) + "@" + place_key(placed, records)
    first = ids.groupby(key).transform("first")
    return first.where(first != ids, "").where(key.duplicated(keep="first"), "")


def unique_ids(ids: pd.Series, fallback_prefix: str) -> pd.Series:
    """Ids that are unique and never empty.

    A missing id becomes ``<prefix>-<n>``, a repeated one gets ``-2``, ``-3``... (the template
    rejects a repeated ``intervention_id``).
    """
    filled = ids.fillna("").astype(str).str.strip()
    filled = filled.where(filled != "", [f"{fallback_prefix}-{n:05d}" for n in range(1, len(ids) + 1)])
    count = filled.groupby(filled).cumcount()
    return filled.where(count == 0, filled + "-" + (count + 1).astype(str))
