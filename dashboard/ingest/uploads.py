"""Files uploaded in the browser: size check, validation, the report as rows and CSV, a preview."""

from __future__ import annotations

import base64
import binascii
import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.core.codelists import CodeLists
from dashboard.core.limits import FILE_NAME, length_problem
from dashboard.core.schema import COLUMN_NAMES
from dashboard.ingest.reading import ReadError, ReadLimits
from dashboard.ingest.validation import Localities, ValidationReport, validate_file

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt")
REPORT_COLUMNS = ("severity", "row", "column", "value", "message", "suggestion")
PREVIEW_COLUMNS = ("name", "provider", "locality_code", "types", "determinants", "populations")
PREVIEW_ROWS = 10
SHOWN_RANGES = 6  # row ranges a group names before "and N more"


class UploadError(Exception):
    """The upload cannot be validated at all; the message is one sentence for the user."""


def decode_upload(contents: str | None, filename: str | None, max_bytes: int,
                  suffixes: tuple[str, ...] = ALLOWED_SUFFIXES) -> bytes:
    """Bytes of a ``dcc.Upload`` data URL, checked against the size limit and the file type.

    ``suffixes`` are the file types accepted (the template's CSV and XLSX by default).

    Raises:
        UploadError: no file, not an accepted file type, over the limit, or not a data URL.
    """
    if not contents or not filename:
        raise UploadError("Choose a CSV or XLSX file of the exchange template."
                          if suffixes == ALLOWED_SUFFIXES else "Choose a file first.")
    too_long = length_problem("The file's name", filename, FILE_NAME)
    if too_long:
        raise UploadError(f"{too_long} Rename the file and upload it again.")
    if not filename.lower().endswith(suffixes):
        raise UploadError(f"{filename} is not a CSV or XLSX file; upload the exchange template "
                          "as .csv or .xlsx." if suffixes == ALLOWED_SUFFIXES else
                          f"{filename} is not one of the file types read here "
                          f"({', '.join(suffixes)}).")
    _, _, encoded = contents.partition(",")
    # base64 is 4 characters per 3 bytes: refuse before decoding what is clearly too large.
    if len(encoded) * 3 // 4 > max_bytes + 3:
        raise UploadError(too_large_message(filename, max_bytes))
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise UploadError(f"{filename} could not be received; try uploading it again.") from None
    if len(content) > max_bytes:
        raise UploadError(too_large_message(filename, max_bytes))
    return content


def too_large_message(filename: str, max_bytes: int) -> str:
    """The one sentence shown for a file over the limit."""
    return (f"{filename} is larger than the upload limit of {max_bytes / 1024 / 1024:.3g} MB; "
            "split it into smaller files or ask the site's administrator to raise the limit.")


def validate_upload(
    contents: str | None, filename: str | None, codelists: CodeLists, localities: Localities,
    *, max_bytes: int, stale_after_days: int = 730,
) -> ValidationReport:
    """Validate an uploaded file exactly like the command line does.

    Raises:
        UploadError: when the file is missing, too large or cannot be read at all.
    """
    content = decode_upload(contents, filename, max_bytes)
    try:
        return validate_file(filename, codelists, localities, content=content,
                             stale_after_days=stale_after_days,
                             limits=ReadLimits.for_upload(max_bytes))
    except ReadError as error:
        raise UploadError(str(error)) from None


def report_rows(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per error then per warning (``ValidationReport.to_dict()`` input)."""
    rows = []
    for severity, key in (("Error", "errors"), ("Warning", "warnings")):
        for issue in report.get(key, []):
            rows.append({"severity": severity, "row": issue["row"], "column": issue["column"],
                         "value": issue["value"], "message": issue["message"],
                         "suggestion": issue.get("suggestion") or ""})
    return rows


def report_csv(report: Mapping[str, Any], filename: str) -> str:
    """The validation report as CSV text, headed by ``#`` lines with the totals."""
    out = io.StringIO()
    out.write(f"# Validation report for {_safe(filename)}\n")
    out.write(f"# {summary(report)}\n")
    writer = csv.DictWriter(out, fieldnames=REPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in report_rows(report):
        writer.writerow({k: _safe(str(v)) for k, v in row.items()})
    return out.getvalue()


def _safe(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def summary(report: Mapping[str, Any]) -> str:
    """One sentence: rows accepted, rejected, errors and warnings (and how many kinds)."""
    total, accepted = report["rows_total"], report["rows_accepted"]
    errors = len(report.get("errors", [])) + report.get("unlisted_errors", 0)
    warnings = len(report.get("warnings", [])) + report.get("unlisted_warnings", 0)
    unlisted = report.get("unlisted_errors", 0) + report.get("unlisted_warnings", 0)
    listed = (f" The first {len(report.get('errors', [])):,} errors and "
              f"{len(report.get('warnings', [])):,} warnings are listed." if unlisted else "")
    kinds = len(issue_groups(report))
    grouped = f" ({kinds} kind(s) of problem)" if kinds < errors + warnings else ""
    return (f"{accepted} of {total} rows accepted; {total - accepted} rejected with "
            f"{errors} error(s); {warnings} warning(s){grouped}.{listed}")


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " | ".join(str(v) for v in value)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def preview_rows(accepted: pd.DataFrame, labels: Mapping[str, Mapping[str, str]],
                 limit: int = PREVIEW_ROWS, columns: Sequence[str] = PREVIEW_COLUMNS
                 ) -> list[dict[str, str]]:
    """The first accepted rows as text cells, codes shown as their labels (lists joined).

    ``labels`` maps a column (``locality_code``, ``types``...) to code -> label; a code without
    a label is shown as it is.
    """
    shown = [c for c in columns if c in accepted.columns]

    def text(column: str, value: Any) -> str:
        names = labels.get(column, {})
        if isinstance(value, list | tuple):
            return " | ".join(names.get(str(v), str(v)) for v in value)
        return names.get(_cell(value), _cell(value))

    return [{c: text(c, row[c]) for c in shown}
            for row in accepted.head(limit).to_dict("records")]


def row_ranges(rows: Sequence[int]) -> str:
    """Spreadsheet rows as short ranges: ``2-4, 7, 9-61`` (``and N more`` past a few ranges)."""
    spans: list[list[int]] = []
    for row in sorted(set(rows)):
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    text = [f"{a}" if a == b else f"{a}-{b}" for a, b in spans[:SHOWN_RANGES]]
    more = sum(b - a + 1 for a, b in spans[SHOWN_RANGES:])
    return ", ".join(text) + (f" and {more} more" if more else "")


def issue_groups(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The report with repeated problems grouped: one row per (severity, column, message).

    Each group says how many rows and which (``rows``: "60 rows: 2-61"), the value when every
    row has the same one, and its index (``group``) for :func:`group_issues`.
    """
    groups: dict[tuple[str, str, str, str], list[Mapping[str, Any]]] = {}
    for severity, key in (("Error", "errors"), ("Warning", "warnings")):
        for issue in report.get(key, []):
            group = (severity, issue["column"], issue["message"], issue.get("suggestion") or "")
            groups.setdefault(group, []).append(issue)
    out = []
    for index, ((severity, column, message, suggestion), issues) in enumerate(groups.items()):
        rows = [int(i["row"]) for i in issues]
        values = {str(i["value"]) for i in issues}
        where = f"row {rows[0]}" if len(issues) == 1 else f"{len(issues)} rows: {row_ranges(rows)}"
        out.append({"group": index, "key": str(index), "severity": severity, "rows": where,
                    "count": len(issues), "column": column, "message": message,
                    "suggestion": suggestion,
                    "value": values.pop() if len(values) == 1 else f"{len(values)} different values"})
    return out


def group_issues(report: Mapping[str, Any], group: int) -> list[dict[str, Any]]:
    """Every row of one group of :func:`issue_groups` (row, value, suggestion), in row order."""
    wanted = next((g for g in issue_groups(report) if g["group"] == group), None)
    if wanted is None:
        return []
    key = (wanted["severity"], wanted["column"], wanted["message"], wanted["suggestion"])
    return [row for row in report_rows(report)
            if (row["severity"], row["column"], row["message"], row["suggestion"]) == key]


def template_header() -> str:
    """The template's columns, for the help text."""
    return ", ".join(COLUMN_NAMES)
