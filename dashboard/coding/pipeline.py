"""A directory in, coded exchange-template rows and a report out: read, place, suggest.

Every record read ends in the report with its fate: imported (placed on an LSOA, on a whole
district, or not placed, and why), a possible duplicate of another by name and place, or
rejected (and why). Nothing is dropped silently and nothing is half-imported: a source that
cannot be read at all raises :class:`~dashboard.ingest.directories.records.DirectoryError`
before any row is made.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.coding.coder import Coder, Suggestion, coding_inputs, prefer_given, status_of
from dashboard.coding.loading import cached_coder
from dashboard.coding.rules import REQUIRED_FIELDS, SUGGESTED_FIELDS
from dashboard.core.cache import Cache
from dashboard.core.schema import COLUMN_NAMES, MULTI_SEPARATOR, PROVENANCE_NAMES
from dashboard.core.settings import Settings
from dashboard.ingest.directories import fates
from dashboard.ingest.directories.hsds import documents_from_bytes, documents_from_path, read_hsds_json
from dashboard.ingest.directories.hsds_api import read_hsds_api
from dashboard.ingest.directories.hsds_schema import HsdsSchemas
from dashboard.ingest.directories.hsds_tabular import read_hsds_tabular
from dashboard.ingest.directories.placing import Placer
from dashboard.ingest.directories.records import FORMATS, DirectoryError, ReadResult
from dashboard.ingest.directories.spreadsheets import read_spreadsheet
from dashboard.ingest.reading import ReadLimits

OUTPUT_COLUMNS = (*COLUMN_NAMES, *PROVENANCE_NAMES)
SHOWN_REJECTED = 5  # rejected records named in the summary; the report names every one
_HSDS_STATUS = {"active": "active", "inactive": "paused", "temporarily closed": "paused",
                "defunct": "ended"}


@dataclass(frozen=True, eq=False)
class ImportTools:
    """What an import needs besides the source: the placer, the coder and the HSDS schemas."""

    placer: Placer
    coder: Coder
    schemas: HsdsSchemas


def import_tools(settings: Settings, cache: Cache) -> ImportTools:
    """The tools of ``settings``' data folder, each loaded once per process into ``cache``."""
    placer = cache.get("placer", str(settings.prepared_dir),
                       lambda: Placer.from_prepared(settings.prepared_dir))
    return ImportTools(placer, cached_coder(settings, cache), hsds_schemas(settings))


def hsds_schemas(settings: Settings) -> HsdsSchemas:
    """The HSDS 3.0 schemas bundled in ``data/directories/hsds3/schema``."""
    return HsdsSchemas(settings.data_dir / "directories" / "hsds3" / "schema")


def read_source(source: str | Path, kind: str, schemas: HsdsSchemas, *,
                overrides: Mapping[str, str] | None = None, content: bytes | None = None,
                sheet: str | None = None, limits: ReadLimits | None = None) -> ReadResult:
    """Read a directory of format ``kind`` (``FORMATS``) from a path, URL or uploaded bytes.

    ``limits`` bound a spreadsheet's cells and unpacked size (an upload's limits).

    Raises:
        DirectoryError: when it cannot be read at all (the message names the file, page or
            record).
    """
    if kind not in FORMATS:
        raise DirectoryError(f"Unknown format {kind!r}; use one of {', '.join(FORMATS)}.")
    name = Path(str(source)).name
    if kind == "hsds" and content is None and str(source).startswith(("http://", "https://")):
        return read_hsds_api(str(source), schemas)
    if kind in ("hsds", "hsds-csv"):
        suffixes = (".json",) if kind == "hsds" else (".csv",)
        documents = (documents_from_bytes(name, content, suffixes) if content is not None
                     else documents_from_path(Path(source), suffixes))
        reader = read_hsds_json if kind == "hsds" else read_hsds_tabular
        return reader(documents, schemas, {"kind": kind, "file": name})
    if content is None:
        try:
            content = Path(source).read_bytes()
        except OSError as error:
            raise DirectoryError(f"{source} cannot be read ({error.strerror}).") from None
    return read_spreadsheet(name, content, overrides, giving=kind == "360giving", sheet=sheet,
                            limits=limits)


@dataclass(frozen=True)
class ImportReport:
    """Counts by fate and coding status, the fate of every record, and notes on the source."""

    source: Mapping[str, Any]
    mapping: Mapping[str, str]
    counts: Mapping[str, int]
    statuses: Mapping[str, int]
    records: tuple[Mapping[str, str], ...]
    warnings: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 when every record was read (placed or not), 1 when some were rejected."""
        return 1 if self.counts.get("rejected") else 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report."""
        return {"source": dict(self.source), "mapping": dict(self.mapping), "counts": dict(self.counts),
                "coding_status": dict(self.statuses), "warnings": list(self.warnings),
                "records": [dict(r) for r in self.records]}

    def summary_lines(self) -> list[str]:
        """The report in a few lines for a terminal or a screen."""
        c = self.counts
        lines = [f"{c['read']} records read: {c['imported']} imported, {c['rejected']} rejected.",
                 f"Placed: {c['placed_lsoa']} on an LSOA, {c['placed_district']} on a whole district "
                 f"only, {c['not_placed']} not placed. Possible duplicates: {c['duplicates']}.",
                 "Coding: " + ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in self.statuses.items())
                 + "."]
        if self.mapping:
            lines.append("Columns used: " + ", ".join(f"{k}={v}" for k, v in self.mapping.items()) + ".")
        rejected = [r for r in self.records if r["fate"] == "rejected"]
        lines += [f"Rejected {r['source_record']}: {r['reason']}" for r in rejected[:SHOWN_REJECTED]]
        if len(rejected) > SHOWN_REJECTED:
            lines.append(f"... and {len(rejected) - SHOWN_REJECTED} more rejected (the report names each).")
        return lines + [f"Note: {w}" for w in self.warnings]


@dataclass(frozen=True)
class ImportResult:
    """The coded rows (template and provenance columns, plus ``suggestions``) and the report."""

    rows: pd.DataFrame
    report: ImportReport
    suggestions: tuple[Mapping[str, tuple[Suggestion, ...]], ...] = field(default=(), repr=False)


def import_directory(read: ReadResult, tools: ImportTools, *, id_prefix: str = "IMP",
                     context: str = "") -> ImportResult:
    """Place and code the records of ``read``; the rows keep every record that was read.

    ``context`` says what every record of the source is (for example "Food bank, pantry or food
    club"), when the source's title says it and its records do not; the coder reads it with
    each record's text, and the evidence quotes it.
    """
    records = with_context(read.records.reset_index(drop=True), context)
    placed = tools.placer.place(records)
    ids = fates.unique_ids(records["source_id"], id_prefix)
    duplicate_of = fates.duplicates(ids, records, placed)
    inputs = coding_inputs(records)
    suggested = tools.coder.suggest(inputs) if len(records) else []
    suggestions = tuple(prefer_given(s, given)
                        for s, given in zip(suggested, inputs["given"], strict=True))
    rows = template_rows(records, placed, ids, duplicate_of, suggestions, read.source)
    report = _report(read, rows, placed)
    return ImportResult(rows, report, suggestions)


def with_context(records: pd.DataFrame, context: str) -> pd.DataFrame:
    """The records with ``context`` added to the text the coder reads."""
    context = (context or "").strip()
    if not context:
        return records
    extra = records["extra_text"].fillna("")
    return records.assign(extra_text=(extra + ". ").where(extra != "", "") + context)


def template_rows(records: pd.DataFrame, placed: pd.DataFrame, ids: pd.Series,
                  duplicate_of: pd.Series, suggestions: Sequence[Mapping[str, Sequence[Suggestion]]],
                  source: Mapping[str, Any]) -> pd.DataFrame:
    """Exchange-template rows (text cells) with the coding and placing columns."""
    where = source.get("url") or source.get("file") or "a directory"
    rows = pd.DataFrame({
        "intervention_id": ids, "name": records["name"], "provider": records["provider"],
        "locality_code": placed["locality_code"].fillna(""),
        **{name: [_codes(s, name) for s in suggestions] for name in SUGGESTED_FIELDS},
        "status": records["status"].map(_HSDS_STATUS).fillna(""),
        "latitude": records["latitude"], "longitude": records["longitude"],
        "start_date": records["start_date"], "end_date": records["end_date"],
        "last_verified": records["last_verified"], "identification_route": "desk_research",
        "description": records["description"], "url": records["url"],
        "recorded_by": f"atlas import of {where}",
        "coding_status": [status_of(s) for s in suggestions],
        "coding_confidence": [_lowest(s) for s in suggestions],
        "coding_evidence": [_evidence(s) for s in suggestions],
        "lsoa_code": placed["lsoa_code"].fillna(""), "placement": placed["placement"],
        "duplicate_of": duplicate_of, "source_record": records["source_record"],
    }, index=records.index)
    rows = rows.reindex(columns=list(OUTPUT_COLUMNS), fill_value="")
    for position, values in enumerate(records["fields"]):  # values the source carried itself
        for column, value in (values or {}).items():
            if column in OUTPUT_COLUMNS and column not in SUGGESTED_FIELDS and value:
                rows.iat[position, rows.columns.get_loc(column)] = value
    return rows


def _codes(suggestions: Mapping[str, Sequence[Suggestion]], name: str) -> str:
    return MULTI_SEPARATOR.join(s.code for s in suggestions.get(name, ()) if s.suggested)


def _lowest(suggestions: Mapping[str, Sequence[Suggestion]]) -> float | None:
    chosen = [s.confidence for name in SUGGESTED_FIELDS for s in suggestions.get(name, ()) if s.suggested]
    return round(min(chosen), 3) if chosen else None


def _evidence(suggestions: Mapping[str, Sequence[Suggestion]]) -> str:
    parts = [f"{name} {s.code} {s.confidence:.2f}: {s.evidence}"
             for name in SUGGESTED_FIELDS for s in suggestions.get(name, ()) if s.suggested]
    missing = [name for name in REQUIRED_FIELDS
               if not any(s.suggested for s in suggestions.get(name, ()))]
    if missing:
        parts.append("no confident code for " + " or ".join(missing))
    return " | ".join(parts)


_EVIDENCE_PART = re.compile(r"^(\w+) (\w+) (\d+(?:\.\d+)?): (.*)$", re.S)


def parse_evidence(text: str) -> dict[str, tuple[Suggestion, ...]]:
    """The suggestions a ``coding_evidence`` cell records (the inverse of what the import writes).

    Parts that do not read as ``field code confidence: evidence`` (for example "no confident code
    for ...") are skipped.
    """
    out: dict[str, list[Suggestion]] = {}
    for part in str(text or "").split(" | "):
        found = _EVIDENCE_PART.match(part.strip())
        if found and found[1] in SUGGESTED_FIELDS:
            out.setdefault(found[1], []).append(Suggestion(found[2], float(found[3]), found[4], True))
    return {name: tuple(items) for name, items in out.items()}


def _report(read: ReadResult, rows: pd.DataFrame, placed: pd.DataFrame) -> ImportReport:
    on_lsoa = placed["lsoa_code"].fillna("") != ""
    counts = {"read": len(rows) + len(read.rejected), "imported": len(rows),
              "rejected": len(read.rejected), "placed_lsoa": int(on_lsoa.sum()),
              "placed_district": int((placed["placed"] & ~on_lsoa).sum()),
              "not_placed": int((~placed["placed"]).sum()),
              "duplicates": int((rows["duplicate_of"] != "").sum())}
    fate = [{"source_record": r.source_record, "intervention_id": r.intervention_id, "name": r.name,
             "fate": "imported", "placement": r.placement, "duplicate_of": r.duplicate_of,
             "coding_status": r.coding_status, "reason": ""} for r in rows.itertuples()]
    fate += [{"source_record": r.source_record, "intervention_id": r.source_id, "name": r.name,
              "fate": "rejected", "placement": "", "duplicate_of": "", "coding_status": "",
              "reason": r.reason} for r in read.rejected]
    statuses = dict(Counter(rows["coding_status"]).most_common())
    return ImportReport(dict(read.source), dict(read.mapping), counts, statuses, tuple(fate),
                        tuple(read.warnings))


def write_rows(rows: pd.DataFrame, path: Path) -> None:
    """Write coded rows as CSV (UTF-8) or XLSX (by the file's extension), template columns first."""
    table = rows.reindex(columns=list(OUTPUT_COLUMNS))
    if Path(path).suffix.lower() == ".xlsx":
        table.to_excel(path, index=False, sheet_name="interventions")
    else:
        Path(path).write_text(table.to_csv(index=False, lineterminator="\n"), encoding="utf-8")


def rows_csv(rows: pd.DataFrame) -> str:
    """The coded rows as CSV text (the exchange template with the coding columns)."""
    buffer = io.StringIO()
    rows.reindex(columns=list(OUTPUT_COLUMNS)).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def suggestions_json(suggestions: Mapping[str, Sequence[Suggestion]]) -> str:
    """One record's suggestions as compact JSON (kept with a draft row for the workbench)."""
    return json.dumps({name: [asdict(s) for s in items] for name, items in suggestions.items()},
                      separators=(",", ":"))
