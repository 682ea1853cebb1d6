"""The recode table: retired (2013-2023) and newer (2025) LAD codes and their LAD 2024 code.

A dataset coded with an older or newer district code can then be read against LAD 2024.
The code history file (``lad_codes_2016_to_2024.csv``) starts in 2016, so the codes retired by
the boundary changes of 2013 and 2014 are listed here by hand (``BOUNDARY_RECODES``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.prepare.sources import LAD_CODE_HISTORY, RawDataError, read_raw_csv

ENGLISH_LAD_PREFIXES = ("E06", "E07", "E08", "E09")
NEWER_RECODE_REASON = (
    "2025 recode after the Barnsley and Sheffield (Boundary Change) Order 2024; "
    "IoD2025 uses the LAD 2024 code"
)
NEWER_RECODES: tuple[tuple[str, str, str], ...] = (
    ("E08000038", "Barnsley", "E08000016"),
    ("E08000039", "Sheffield", "E08000019"),
)
# Codes retired by boundary changes before the code history file starts: ONS gives a district
# a new GSS code when its boundary changes. Source: ONS Code History Database (CHD), changes
# table (terminated code, successor code, operative date), checked against the LAD 2024 codes.
# (old code, name, last LAD vintage holding it, successor = LAD 2024 code, operative date)
CHD_CITATION = "ONS Code History Database"
BOUNDARY_RECODES: tuple[tuple[str, str, str, str, str], ...] = (
    ("E07000100", "St Albans", "LAD12", "E07000240", "1 April 2013"),
    ("E07000104", "Welwyn Hatfield", "LAD12", "E07000241", "1 April 2013"),
    ("E06000048", "Northumberland", "LAD13", "E06000057", "1 April 2014"),
    ("E08000020", "Gateshead", "LAD13", "E08000037", "1 April 2014"),
    ("E07000097", "East Hertfordshire", "LAD13", "E07000242", "1 April 2014"),
    ("E07000101", "Stevenage", "LAD13", "E07000243", "1 April 2014"),
)


@dataclass
class _RetiredCode:
    """What the code history says of one English LAD code that LAD 2024 no longer uses."""

    name: str
    last_year: int  # two digits: the last LAD vintage holding the code
    successor: tuple[str, str]  # code and name in the vintage after ``last_year``
    targets: set[str] = field(default_factory=set)  # LAD 2024 codes its rows lead to


def _retired_codes(history: pd.DataFrame, current: set[str]) -> dict[str, _RetiredCode]:
    """Every English code of the history (``lad<yy>_code`` columns) missing from ``current``."""
    years = [int(c[3:5]) for c in history.columns if c.endswith("_code") and c != "lad24_code"]
    retired: dict[str, _RetiredCode] = {}
    for year in sorted(years):
        code_col, name_col = f"lad{year}_code", f"lad{year}_name"
        for record in history.itertuples(index=False):
            old = getattr(record, code_col)
            if old in current or not old.startswith(ENGLISH_LAD_PREFIXES):
                continue
            successor = (
                getattr(record, f"lad{year + 1}_code"),
                getattr(record, f"lad{year + 1}_name"),
            )
            entry = retired.setdefault(
                old, _RetiredCode(getattr(record, name_col), year, successor)
            )
            entry.targets.add(record.lad24_code)
            # Years run upwards, so the latest vintage holding the code names its successor.
            if year >= entry.last_year:
                entry.last_year = year
                entry.successor = successor
    return retired


def _retired_record(
    old: str, entry: _RetiredCode, merged: bool, current: set[str], names24: dict[str, str]
) -> dict[str, object]:
    """One row of the recode table for a retired code (``merged``: its successor had several)."""
    if len(entry.targets) != 1:
        raise RawDataError(f"{old} maps to several LAD 2024 codes: {sorted(entry.targets)}")
    target = next(iter(entry.targets))
    if target not in current:
        raise RawDataError(f"{old} maps to {target}, which is not a LAD 2024 code")
    successor, successor_name = entry.successor
    verb = "merged into" if merged else "recoded as"
    reason = f"retired in 20{entry.last_year + 1}: {verb} {successor_name} ({successor})"
    if successor != target:
        reason += f", now part of {names24[target]} ({target})"
    return {
        "old_code": old,
        "old_name": entry.name,
        "last_vintage": f"LAD{entry.last_year:02d}",
        "LAD24CD": target,
        "LAD24NM": names24[target],
        "reason": reason,
    }


def _newer_records(names24: dict[str, str]) -> list[dict[str, object]]:
    """Rows of the codes introduced after LAD 2024, which IoD2025 does not use."""
    return [
        {
            "old_code": old,
            "old_name": name,
            "last_vintage": "LAD25",
            "LAD24CD": target,
            "LAD24NM": names24[target],
            "reason": NEWER_RECODE_REASON,
        }
        for old, name, target in NEWER_RECODES
    ]


def _boundary_records(names24: dict[str, str]) -> list[dict[str, object]]:
    """Rows of the codes retired by the 2013 and 2014 boundary changes (``BOUNDARY_RECODES``).

    Raises:
        RawDataError: when a successor is not a LAD 2024 code (the list would be out of date).
    """
    records = []
    for old, name, vintage, target, operative in BOUNDARY_RECODES:
        if target not in names24:
            raise RawDataError(f"{old} ({name}) maps to {target}, which is not a LAD 2024 code")
        records.append({
            "old_code": old,
            "old_name": name,
            "last_vintage": vintage,
            "LAD24CD": target,
            "LAD24NM": names24[target],
            "reason": (f"retired on {operative} after a boundary change: recoded as "
                       f"{names24[target]} ({target}) ({CHD_CITATION})"),
        })
    return records


def recode_table(raw_dir: Path, lad24: pd.DataFrame) -> pd.DataFrame:
    """Retired (2013-2023) and newer (2025) English LAD codes with the LAD 2024 code they map to.

    Args:
        raw_dir: folder of raw sources.
        lad24: the LAD 2024 table (``LAD24CD``, ``LAD24NM``).

    Returns:
        Columns ``old_code, old_name, last_vintage, LAD24CD, LAD24NM, reason`` sorted by
        ``old_code``; ``last_vintage`` is the last LAD vintage holding the old code (``LAD22``),
        and ``reason`` reads after "<code> (<name>) is ...".

    Raises:
        RawDataError: when an old code maps to more than one LAD 2024 code.
    """
    history = read_raw_csv(raw_dir, LAD_CODE_HISTORY, dtype=str)
    current = set(lad24["LAD24CD"])
    names24 = dict(zip(lad24["LAD24CD"], lad24["LAD24NM"], strict=True))
    retired = _retired_codes(history, current)
    predecessors: dict[str, set[str]] = {}
    for old, entry in retired.items():
        predecessors.setdefault(entry.successor[0], set()).add(old)
    records = []
    for old in sorted(retired):
        entry = retired[old]
        merged = len(predecessors[entry.successor[0]]) > 1  # several codes, one successor
        records.append(_retired_record(old, entry, merged, current, names24))
    records += _newer_records(names24)
    records += [r for r in _boundary_records(names24) if r["old_code"] not in retired]
    out = pd.DataFrame.from_records(records).sort_values("old_code", ignore_index=True)
    return out.astype("string")
