"""Validate an exchange-template table row by row, vectorised over columns.

Errors reject a row; warnings do not. Every data row of the input is either accepted or named
in at least one error. Row numbers are those a spreadsheet shows (the header is row 1).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.core.codelists import CodeList, CodeLists, normalise_token
from dashboard.core.limits import COLUMN_LIMITS
from dashboard.core.numbers import DECIMAL_PATTERN
from dashboard.core.schema import (
    BLANK_MEANS_UNKNOWN,
    BY_NAME,
    COLUMN_NAMES,
    COLUMNS,
    MULTI_SEPARATOR,
    PROVENANCE_BY_NAME,
    PROVENANCE_COLUMNS,
    REQUIRED,
    Kind,
)
from dashboard.ingest.reading import RawTable, ReadLimits, nearest_template_column, read_table

# England's extent in WGS84 with a small margin (Isles of Scilly to Berwick, Cornwall to Lowestoft).
ENGLAND_LAT = (49.8, 55.85)
ENGLAND_LON = (-6.45, 1.8)
_LAD_CODE = re.compile(r"^[EWSN][0-9]{8}$")
_FIELD_NOUNS = {
    "types": "intervention type",
    "determinants": "determinant",
    "populations": "population group",
    "social_model": "social-model component",
    "provider_type": "provider type",
    "delivery_mode": "delivery mode",
    "format": "format",
    "cost_to_participant": "cost to participant",
    "status": "status",
    "outcomes_measured": "outcomes-measured answer",
    "evaluation_level": "evaluation level",
    "identification_route": "identification route",
    "coding_status": "coding status",
}
KNOWN = {**BY_NAME, **PROVENANCE_BY_NAME}  # template columns, then the optional provenance ones


@dataclass(frozen=True)
class Issue:
    """One problem a user can fix: where it is, what was found and what is allowed."""

    row: int
    column: str
    value: str
    message: str
    suggestion: str | None = None


@dataclass(frozen=True)
class Localities:
    """Current LAD 2024 codes with names, and the recode table for retired or newer codes."""

    names: Mapping[str, str]
    recodes: Mapping[str, tuple[str, str]]

    @classmethod
    def from_prepared(cls, prepared_dir: Path) -> Localities:
        """Read ``lad24.parquet`` (codes, names) and ``lad_recodes.csv`` from prepared data."""
        lads = pd.read_parquet(prepared_dir / "lad24.parquet", columns=["LAD24CD", "LAD24NM"])
        recodes = pd.read_csv(prepared_dir / "lad_recodes.csv", dtype=str, keep_default_na=False)
        return cls(
            names=dict(zip(lads["LAD24CD"], lads["LAD24NM"], strict=True)),
            recodes={
                r.old_code: (r.LAD24CD, f"{r.old_code} ({r.old_name}) is {r.reason}")
                for r in recodes.itertuples()
            },
        )


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of validating one input.

    Attributes:
        rows_total: data rows read (blank rows excluded and reported as a warning).
        rows_accepted: rows without errors.
        errors: problems that reject a row, sorted by row then template column order.
        warnings: problems that do not reject a row.
        accepted: the accepted rows, normalised: codes for labels, lists for ``|`` fields,
            numbers as floats, dates as ``datetime64``, plus ``source_row`` and extra columns.
        source: how the file was read (encoding, delimiter, sheet).
        unlisted_errors: errors found beyond the ``MAX_LISTED`` listed (counted, not kept).
        unlisted_warnings: warnings likewise.
    """

    rows_total: int
    rows_accepted: int
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]
    accepted: pd.DataFrame
    source: dict[str, str | None] = field(default_factory=dict)
    unlisted_errors: int = 0
    unlisted_warnings: int = 0

    @property
    def ok(self) -> bool:
        """True when every row was accepted."""
        return self.rows_accepted == self.rows_total and not self.errors

    def to_dict(self) -> dict:
        """JSON-ready summary: totals, errors and warnings."""
        return {
            "rows_total": self.rows_total,
            "rows_accepted": self.rows_accepted,
            "rows_rejected": self.rows_total - self.rows_accepted,
            "errors": [asdict(i) for i in self.errors],
            "warnings": [asdict(i) for i in self.warnings],
            "source": self.source,
            "unlisted_errors": self.unlisted_errors,
            "unlisted_warnings": self.unlisted_warnings,
        }


MAX_LISTED = 5_000  # issues of each severity listed; more are counted (bounded memory)


class _Collector:
    """Accumulates issues column by column with the row numbers of the table."""

    def __init__(self, rows: np.ndarray) -> None:
        self.rows = rows
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.unlisted = {"errors": 0, "warnings": 0}
        self.rejected = np.zeros(len(rows), dtype=bool)

    def add(self, mask: np.ndarray, column: str, values: pd.Series, message, warn=False, suggest=None):
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        if not warn:
            self.rejected[positions] = True
        target = self.warnings if warn else self.errors
        room = max(0, MAX_LISTED - len(target))
        self.unlisted["warnings" if warn else "errors"] += max(0, len(positions) - room)
        for pos in positions[:room]:
            value = str(values.iat[pos])
            text = message(value) if callable(message) else message
            hint = suggest(value) if suggest else None
            target.append(Issue(int(self.rows[pos]), column, value, text, hint))


def validate_file(
    path: Path | str,
    codelists: CodeLists,
    localities: Localities,
    *,
    content: bytes | None = None,
    sheet: str | None = None,
    today: dt.date | None = None,
    stale_after_days: int = 730,
    limits: ReadLimits | None = None,
) -> ValidationReport:
    """Read and validate a file; raises ``ReadError`` when it cannot be read at all."""
    table = read_table(path, content=content, sheet=sheet, limits=limits)
    return validate_table(
        table, codelists, localities, today=today, stale_after_days=stale_after_days
    )


def validate_table(
    table: RawTable,
    codelists: CodeLists,
    localities: Localities,
    *,
    today: dt.date | None = None,
    stale_after_days: int = 730,
) -> ValidationReport:
    """Validate every row of ``table`` against the template, code lists and geography."""
    today = today or dt.date.today()
    cells = table.cells.fillna("").astype(str).apply(lambda s: s.str.strip())
    rows = np.asarray(table.rows, dtype=int)
    out = _Collector(rows)
    _check_structure(table, cells, rows, out)
    _check_lengths(cells, out)
    normalised = pd.DataFrame(index=cells.index)
    for column in COLUMNS:
        if column.name not in cells.columns:
            normalised[column.name] = _blank_column(column.name, cells.index)
            continue
        values = cells[column.name]
        if column.required:
            out.add((values == "").to_numpy(), column.name, values,
                    f"'{column.name}' is required and is empty ({column.help.lower()}).")
        normalised[column.name] = _check_column(column.name, values, codelists, localities, out)
    for column in PROVENANCE_COLUMNS:  # only when the file has them
        if column.name in cells.columns:
            normalised[column.name] = _check_column(column.name, cells[column.name], codelists,
                                                    localities, out)
    _check_confidence(normalised, cells, out)
    _check_unique_ids(cells, out)
    _check_coordinates(normalised, cells, out)
    _check_dates(normalised, cells, out, today, stale_after_days)

    extras = [c for c in cells.columns if c not in KNOWN]
    accepted = normalised.join(cells[extras]) if extras else normalised
    accepted.insert(0, "source_row", rows)
    accepted = accepted.loc[~out.rejected].reset_index(drop=True)
    # pandas' string dtype: every view filters by locality, and comparing an object column
    # costs a Python call per row (20 ms per filter at 100,000 rows, against 1 ms).
    accepted["locality_code"] = accepted["locality_code"].astype("str")
    order = {name: i for i, name in enumerate(COLUMN_NAMES)}

    def key(issue: Issue) -> tuple[int, int]:
        return issue.row, order.get(issue.column, len(order))

    return ValidationReport(
        rows_total=len(rows),
        rows_accepted=int((~out.rejected).sum()),
        errors=tuple(sorted(out.errors, key=key)),
        warnings=tuple(sorted(out.warnings, key=key)),
        accepted=accepted,
        source={"encoding": table.encoding, "delimiter": table.delimiter, "sheet": table.sheet},
        unlisted_errors=out.unlisted["errors"], unlisted_warnings=out.unlisted["warnings"],
    )


NO_ROWS = ("The file has a header row but no data rows; add at least one intervention below "
           "the header.")


def _check_structure(table: RawTable, cells: pd.DataFrame, rows: np.ndarray,
                     out: _Collector) -> None:
    """No data rows, empty rows, rows of the wrong width, missing and extra columns."""
    if not len(rows):
        out.errors.append(Issue(1, "", "", NO_ROWS))
    if table.blank_rows:
        shown = ", ".join(map(str, table.blank_rows[:10])) + (" ..." if len(table.blank_rows) > 10 else "")
        out.warnings.append(
            Issue(table.blank_rows[0], "", "", f"{len(table.blank_rows)} empty row(s) skipped: {shown}.")
        )
    for row, problem in table.row_problems.items():
        out.errors.append(Issue(row, "", "", problem))
        out.rejected[np.searchsorted(rows, row)] = True
    missing = [c for c in REQUIRED if c not in cells.columns]
    extras = [c for c in cells.columns if c not in KNOWN]  # provenance columns are known too
    written = {extra: table.source_columns.get(extra, extra) for extra in extras}
    nearest = {extra: nearest_template_column(written[extra]) for extra in extras}
    if missing:
        found = ", ".join(f"'{table.source_columns.get(c, c)}'" for c in cells.columns) or "none"
        for column in missing:
            alike = [written[e] for e in extras if nearest[e] == column]
            hint = (f" The file has '{alike[0]}', which looks like it: rename it {column}." if alike
                    else "")
            out.errors.append(
                Issue(1, column, "", f"The required column '{column}' is missing from the header; "
                      f"every row is rejected until it is added.{hint} Columns found: {found}. "
                      f"Template columns: {', '.join(COLUMN_NAMES)}.", alike[0] if alike else None)
            )
        out.rejected[:] = True
    for extra in extras:
        out.warnings.append(
            Issue(1, written[extra], written[extra],
                  "This column is not part of the template; it is kept as extra data.",
                  nearest[extra])
        )


def _check_lengths(cells: pd.DataFrame, out: _Collector) -> None:
    """Text longer than its column allows (``core.limits.COLUMN_LIMITS``) rejects the row."""
    for name, limit in COLUMN_LIMITS.items():
        if name not in cells.columns:
            continue
        lengths = cells[name].str.len()
        too_long = (lengths > limit).to_numpy()
        if too_long.any():
            shown = cells[name].str.slice(0, 40) + "... (" + lengths.map("{:,}".format) + " characters)"
            out.add(too_long, name, shown,
                    lambda value, limit=limit: f"This text is {value.rsplit('(', 1)[1][:-12]} "
                    f"characters long; at most {limit:,} are allowed here.")


def _blank_column(name: str, index: pd.Index) -> pd.Series:
    if BY_NAME[name].multi:
        return pd.Series([[] for _ in range(len(index))], index=index, dtype=object)
    if BY_NAME[name].kind in (Kind.NUMBER, Kind.LATITUDE, Kind.LONGITUDE):
        return pd.Series(np.nan, index=index, dtype="float64")
    if BY_NAME[name].kind is Kind.DATE:
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    return pd.Series("unknown" if name in BLANK_MEANS_UNKNOWN else None, index=index, dtype=object)


def _check_column(
    name: str, values: pd.Series, codelists: CodeLists, localities: Localities, out: _Collector
) -> pd.Series:
    kind = KNOWN[name].kind
    if kind is Kind.CODES:
        return _check_codes(name, values, codelists[name], out, multi=True)
    if kind is Kind.CODE:
        return _check_codes(name, values, codelists[name], out, multi=False)
    if kind is Kind.LOCALITY:
        return _check_locality(values, localities, out)
    if kind is Kind.NUMBER:
        return _check_number(name, values, out)
    if kind in (Kind.LATITUDE, Kind.LONGITUDE):
        return _to_number(values)
    if kind is Kind.DATE:
        return _to_date(name, values, out)
    return values.where(values != "", None)


def _allowed(codelist: CodeList) -> str:
    return ", ".join(codelist.codes)


def _check_codes(
    name: str, values: pd.Series, codelist: CodeList, out: _Collector, multi: bool
) -> pd.Series:
    noun = _FIELD_NOUNS.get(name, name)
    lookup = codelist.lookup
    if not multi:
        several = values.str.contains(MULTI_SEPARATOR, regex=False).to_numpy()
        out.add(several, name, values, f"Only one {noun} is allowed here; choose one of: "
                f"{_allowed(codelist)}.")
        mapped = _map_unique(values, lambda v: lookup.get(normalise_token(v)) if v else None)
        bad = (values != "").to_numpy() & mapped.isna().to_numpy() & ~several

        def message(value: str) -> str:
            return _unknown_code_message(value, noun, codelist)

        out.add(bad, name, values, message, suggest=codelist.suggest)
        if name in BLANK_MEANS_UNKNOWN:
            mapped = mapped.where(values != "", "unknown")
        return mapped.astype(object)

    def parse(cell: str) -> tuple[list[str], list[str]]:
        tokens = [t.strip() for t in cell.split(MULTI_SEPARATOR)]
        codes = [lookup.get(normalise_token(t)) for t in tokens if t]
        bad = [t for t, c in zip([t for t in tokens if t], codes, strict=True) if c is None]
        return list(dict.fromkeys(c for c in codes if c)), bad

    parsed = {cell: parse(cell) for cell in values.unique()}
    bad_cells = values.map(lambda cell: MULTI_SEPARATOR.join(parsed[cell][1]))

    def message(bad: str) -> str:
        parts = bad.split(MULTI_SEPARATOR)
        extra = f" ({len(parts)} unknown values in this cell.)" if len(parts) > 1 else ""
        return _unknown_code_message(parts[0], noun, codelist) + extra

    def suggest(bad: str) -> str | None:
        hints = [codelist.suggest(p) for p in bad.split(MULTI_SEPARATOR)]
        return MULTI_SEPARATOR.join(h for h in hints if h) or None

    out.add((bad_cells != "").to_numpy(), name, bad_cells, message, suggest=suggest)
    _warn_catch_all(name, values, {cell: codes for cell, (codes, _) in parsed.items()}, codelist,
                    out)
    return values.map(lambda cell: list(parsed[cell][0])).astype(object)


def _warn_catch_all(name: str, values: pd.Series, codes: Mapping[str, list[str]],
                    codelist: CodeList, out: _Collector) -> None:
    """Warn where a "none in particular" code is listed with specific codes of the same list."""
    catch_all = set(codelist.catch_all)
    if not catch_all:
        return
    labels = codelist.labels

    def clash(cell_codes: list[str]) -> str:
        general = [c for c in cell_codes if c in catch_all]
        specific = [c for c in cell_codes if c not in catch_all]
        if not general or not specific:
            return ""
        return (f"'{name}' lists {general[0]} ({labels[general[0]]}) together with "
                f"{', '.join(specific)}; {general[0]} means no specific group, so keep either it "
                "or the specific code(s).")

    sentences = {cell: clash(cell_codes) for cell, cell_codes in codes.items()}
    found = values.map(sentences)
    out.add((found != "").to_numpy(), name, values,
            lambda value: sentences[value], warn=True)


def _map_unique(values: pd.Series, func) -> pd.Series:
    """Apply ``func`` once per distinct value (cells repeat a lot in coded data)."""
    table = {value: func(value) for value in values.unique()}
    return values.map(table).astype(object)


def _unknown_code_message(value: str, noun: str, codelist: CodeList) -> str:
    hint = codelist.suggest(value)
    did_you_mean = f" Did you mean '{hint}'?" if hint else ""
    return (
        f"'{value}' is not a known {noun}.{did_you_mean} Allowed codes (labels are accepted too): "
        f"{_allowed(codelist)}."
    )


def _check_locality(values: pd.Series, localities: Localities, out: _Collector) -> pd.Series:
    codes = values.str.upper().str.replace(" ", "", regex=False)
    current = codes.isin(list(localities.names))
    recoded = _map_unique(codes, lambda c: localities.recodes.get(c, (None, None))[0])
    by_name = {normalise_token(n): c for c, n in localities.names.items()}
    named = _map_unique(values, lambda v: by_name.get(normalise_token(v)) if v else None)
    result = codes.where(current, recoded.where(recoded.notna(), named))

    was_recoded = (~current & recoded.notna()).to_numpy()

    def recode_message(value: str) -> str:
        new_code, reason = localities.recodes[value.upper().replace(" ", "")]
        return f"{reason}; recoded to {new_code} ({localities.names.get(new_code, '')})."

    out.add(was_recoded, "locality_code", values, recode_message, warn=True)
    was_named = (~current & recoded.isna() & named.notna()).to_numpy()
    out.add(was_named, "locality_code", values,
            lambda v: f"'{v}' is a district name, not a code; read as {by_name[normalise_token(v)]}.",
            warn=True)
    bad = ((values != "") & result.isna()).to_numpy()

    def message(value: str) -> str:
        code = value.upper().replace(" ", "")
        if _LAD_CODE.match(code) and code[0] != "E":
            nation = {"W": "Wales", "S": "Scotland", "N": "Northern Ireland"}[code[0]]
            return f"'{value}' is a code in {nation}; the atlas covers English districts only."
        return (
            f"'{value}' is not an English local authority district code (ONS LAD 2024 codes such "
            "as E08000025 for Birmingham; retired codes are recoded automatically)."
        )

    def suggest(value: str) -> str | None:
        close = difflib.get_close_matches(normalise_token(value), list(by_name), n=1, cutoff=0.8)
        return by_name[close[0]] if close else None

    out.add(bad, "locality_code", values, message, suggest=suggest)
    return result.astype(object)


def _to_number(values: pd.Series) -> pd.Series:
    cleaned = values.str.replace(r"[£,\s]", "", regex=True)
    plain = cleaned.str.fullmatch(DECIMAL_PATTERN).fillna(False).astype(bool)  # ASCII digits only
    return pd.to_numeric(cleaned.where(plain, None), errors="coerce").astype("float64")


def _check_number(name: str, values: pd.Series, out: _Collector) -> pd.Series:
    numbers = _to_number(values)
    not_number = ((values != "") & numbers.isna()).to_numpy()
    out.add(not_number, name, values, f"'{name}' must be a number (0 or more), for example 250.")
    negative = (numbers < 0).fillna(False).to_numpy()
    out.add(negative, name, values, f"'{name}' cannot be negative; use 0 or more, or leave blank.")
    return numbers


def _check_coordinates(normalised: pd.DataFrame, cells: pd.DataFrame, out: _Collector) -> None:
    lat, lon = normalised["latitude"], normalised["longitude"]
    raw_lat = cells.get("latitude", pd.Series("", index=cells.index))
    raw_lon = cells.get("longitude", pd.Series("", index=cells.index))
    for name, raw, number in (("latitude", raw_lat, lat), ("longitude", raw_lon, lon)):
        bad = ((raw != "") & number.isna()).to_numpy()
        out.add(bad, name, raw, f"'{name}' must be a decimal number in degrees (WGS84), e.g. "
                + ("53.4808." if name == "latitude" else "-2.2426."))
    only_one = (lat.isna() != lon.isna()).to_numpy() & (raw_lat != "").ne(raw_lon != "").to_numpy()
    out.add(only_one & (raw_lat == "").to_numpy(), "latitude", raw_lat,
            "Latitude is missing while longitude is given; give both or neither.")
    out.add(only_one & (raw_lon == "").to_numpy(), "longitude", raw_lon,
            "Longitude is missing while latitude is given; give both or neither.")
    both = lat.notna() & lon.notna()
    inside = lat.between(*ENGLAND_LAT) & lon.between(*ENGLAND_LON)
    swapped = lon.between(*ENGLAND_LAT) & lat.between(*ENGLAND_LON)
    outside = (both & ~inside).to_numpy()
    pair = raw_lat + ", " + raw_lon
    out.add(outside & swapped.to_numpy(), "latitude", pair,
            "This point is outside England, but would fall inside it with latitude and longitude "
            "swapped; check the column order.")
    out.add(outside & ~swapped.to_numpy(), "latitude", pair,
            f"This point (latitude, longitude) is outside England; latitude must be between "
            f"{ENGLAND_LAT[0]} and {ENGLAND_LAT[1]} and longitude between {ENGLAND_LON[0]} and "
            f"{ENGLAND_LON[1]} (WGS84 degrees).")


def _check_confidence(normalised: pd.DataFrame, cells: pd.DataFrame, out: _Collector) -> None:
    """A coding confidence is a share: at most 1 (negative numbers are refused as for any number)."""
    if "coding_confidence" not in normalised.columns:
        return
    above = (normalised["coding_confidence"] > 1).fillna(False).to_numpy()
    out.add(above, "coding_confidence", cells["coding_confidence"],
            "'coding_confidence' is a share from 0 to 1 (for example 0.85), not a percentage.")


def _to_date(name: str, values: pd.Series, out: _Collector) -> pd.Series:
    text = values.str.slice(0, 10).where(values.str.len().isin([10, 19]) | (values == ""), "x")
    dates = pd.to_datetime(text.where(text != "", None), format="%Y-%m-%d", errors="coerce")
    bad = ((values != "") & dates.isna()).to_numpy()
    out.add(bad, name, values, f"'{name}' must be an ISO date YYYY-MM-DD, for example 2020-03-31.")
    return dates


def _check_dates(
    normalised: pd.DataFrame, cells: pd.DataFrame, out: _Collector, today: dt.date, stale_days: int
) -> None:
    start, end, verified = (normalised[c] for c in ("start_date", "end_date", "last_verified"))
    raw_end = cells.get("end_date", pd.Series("", index=cells.index))
    reversed_ = (end < start).fillna(False).to_numpy()
    out.add(reversed_, "end_date", raw_end, "The end date is before the start date.")
    raw_verified = cells.get("last_verified", pd.Series("", index=cells.index))
    now = pd.Timestamp(today)
    future = (verified > now).fillna(False).to_numpy()
    out.add(future, "last_verified", raw_verified,
            f"'last_verified' is in the future (today is {today.isoformat()}).", warn=True)
    stale = (verified < now - pd.Timedelta(days=stale_days)).fillna(False).to_numpy()
    out.add(stale, "last_verified", raw_verified,
            f"Last verified more than {stale_days // 365} years ago; the record may be out of date.",
            warn=True)


def _check_unique_ids(cells: pd.DataFrame, out: _Collector) -> None:
    if "intervention_id" not in cells.columns:
        return
    ids = cells["intervention_id"]
    present = ids != ""
    repeated = (ids.duplicated(keep="first") & present).to_numpy()
    first_row = dict(zip(ids[::-1], out.rows[::-1], strict=True))
    out.add(repeated, "intervention_id", ids,
            lambda v: f"The id '{v}' is already used in row {first_row[v]}; ids must be unique.")
