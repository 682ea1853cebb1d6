"""Read an exchange-template file (CSV or XLSX) into a table of text cells.

Every problem that stops a file from being read at all raises :class:`ReadError` with one
plain sentence; problems of single rows are kept for the validator to report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.core.schema import COLUMN_NAMES

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_HEADER_FOLD = re.compile(r"[\s\-]+")


class ReadError(Exception):
    """The file cannot be read at all; the message is one sentence for the user."""


@dataclass(frozen=True)
class RawTable:
    """Text cells of an input file.

    Attributes:
        cells: one column per header cell (normalised names), every value a ``str``.
        rows: the spreadsheet row number of each record (header is row 1).
        source_columns: header cells as written in the file, by normalised name.
        encoding: text encoding detected (``None`` for XLSX).
        delimiter: ``comma``/``semicolon``/``tab`` for CSV, ``None`` for XLSX.
        sheet: worksheet read, for XLSX.
        row_problems: spreadsheet row -> structural problem (wrong number of cells).
        blank_rows: spreadsheet rows that were empty and skipped.
    """

    cells: pd.DataFrame
    rows: tuple[int, ...]
    source_columns: dict[str, str]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    row_problems: dict[int, str] = field(default_factory=dict)
    blank_rows: tuple[int, ...] = ()


def normalise_header(text: str) -> str:
    """Forgive case, spacing and hyphens in a header cell: ``"Locality code"`` -> ``locality_code``."""
    return _HEADER_FOLD.sub("_", str(text).strip()).casefold()


def read_table(path: Path | str, content: bytes | None = None, sheet: str | None = None,
               headers: Collection[str] = COLUMN_NAMES) -> RawTable:
    """Read a CSV or XLSX file (from ``path``, or from ``content`` named by ``path``).

    ``headers`` are the (normalised) column names expected: the delimiter and the worksheet are
    the ones whose header row names most of them (the template's columns by default).
    """
    path = Path(path)
    if content is None:
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            raise ReadError(f"The file {path} does not exist.") from None
        except IsADirectoryError:
            raise ReadError(f"{path} is a folder, not a file.") from None
        except OSError as exc:
            raise ReadError(f"The file {path} could not be opened ({exc.strerror}).") from None
    if not content.strip():
        raise ReadError(f"The file {path.name} is empty.")
    if content.startswith(_ZIP_MAGIC):
        return _read_xlsx(path, content, sheet, headers)
    if content.startswith(_OLE_MAGIC):
        raise ReadError(
            f"{path.name} is an old Excel (.xls) workbook; save it as .xlsx or CSV and try again."
        )
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        raise ReadError(f"{path.name} is named as an Excel workbook but is not a valid .xlsx file.")
    return _read_csv(path, content, headers)


def _decode(name: str, content: bytes) -> tuple[str, str]:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "UTF-16"
    if b"\x00" in content[:4096]:
        raise ReadError(f"{name} looks like a binary file, not a CSV or XLSX table.")
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise ReadError(
            f"{name} is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8' and try again."
        ) from None


def _pick_delimiter(header_line: str, headers: Collection[str]) -> str | None:
    known = set(headers)
    best, best_hits = None, 0
    for delimiter in _DELIMITERS:
        cells = next(csv.reader([header_line], delimiter=delimiter))
        hits = sum(normalise_header(c) in known for c in cells)
        if hits > best_hits:
            best, best_hits = delimiter, hits
    return best


def _read_csv(path: Path, content: bytes, headers: Collection[str]) -> RawTable:
    text, encoding = _decode(path.name, content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = _pick_delimiter(first_line, headers)
    if delimiter is None:
        raise ReadError(
            f"{path.name} has no header row naming {_expected(headers)} separated by commas, "
            "semicolons or tabs."
        )
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise ReadError(f"{path.name} is not a well-formed CSV file ({exc}).") from None
    return _to_table(records, encoding=encoding, delimiter=_DELIMITERS[delimiter])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, content: bytes, sheet: str | None, headers: Collection[str]) -> RawTable:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = list(workbook.sheet_names)
        if sheet is not None and sheet not in names:
            raise ReadError(f"{path.name} has no sheet called '{sheet}' (sheets: {', '.join(names)}).")
        sheets = {name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                  for name in ([sheet] if sheet else names)}
    except ReadError:
        raise
    except Exception:  # calamine raises its own error types for every kind of corrupt workbook
        raise ReadError(f"{path.name} is not a valid .xlsx workbook.") from None
    chosen = sheet or _template_sheet(sheets, headers)
    records = [[_cell_text(v) for v in row] for row in sheets[chosen]]
    while records and not any(c.strip() for c in records[-1]):
        records.pop()
    if not records:
        raise ReadError(f"The sheet '{chosen}' of {path.name} is empty.")
    header = records[0]
    while header and not header[-1].strip():
        header = header[:-1]
    width = len(header)
    trimmed = [records[0][:width]] + [_trim_trailing(r, width) for r in records[1:]]
    return _to_table(trimmed, sheet=chosen)


def _trim_trailing(row: list[str], width: int) -> list[str]:
    if len(row) <= width:
        return row
    extra = row[width:]
    return row[:width] if not any(c.strip() for c in extra) else row


def _template_sheet(sheets: dict[str, list[list[object]]], headers: Collection[str]) -> str:
    known = set(headers)
    for name, rows in sheets.items():
        first = next((r for r in rows if any(_cell_text(v).strip() for v in r)), [])
        if sum(normalise_header(_cell_text(v)) in known for v in first) >= 3:
            return name
    raise ReadError(f"No sheet of the workbook has a header row naming {_expected(headers)}.")


def _expected(headers: Collection[str]) -> str:
    """How error messages name the columns a header row should have."""
    if headers is COLUMN_NAMES:
        return "template columns (such as intervention_id, name, locality_code)"
    return f"the expected columns (such as {', '.join(list(headers)[:3])})"


def _to_table(
    records: list[list[str]],
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> RawTable:
    skipped = 0
    while records and not any(c.strip() for c in records[0]):
        records, skipped = records[1:], skipped + 1
    if not records:
        raise ReadError("The file holds no rows.")
    header = records[0]
    names = [normalise_header(h) for h in header]
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        if not name:
            raise ReadError(f"Header cell {_column_letter(position)} (row 1) is empty; name every column.")
        if name in seen:
            raise ReadError(
                f"Column '{name}' appears twice in the header (columns "
                f"{_column_letter(seen[name])} and {_column_letter(position)}); keep one."
            )
        seen[name] = position
    width = len(names)
    data, row_numbers, problems, blanks = [], [], {}, []
    for offset, record in enumerate(records[1:]):
        row = offset + 2 + skipped
        if not any(c.strip() for c in record):
            blanks.append(row)
            continue
        if len(record) != width:
            problems[row] = (
                f"This row has {len(record)} cells but the header has {width}; "
                "check for a stray delimiter or a missing quote."
            )
            record = (record + [""] * width)[:width]
        data.append(record)
        row_numbers.append(row)
    cells = pd.DataFrame(data, columns=names, dtype=object) if data else pd.DataFrame(
        columns=names, dtype=object
    )
    return RawTable(
        cells=cells,
        rows=tuple(row_numbers),
        source_columns=dict(zip(names, header, strict=True)),
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        row_problems=problems,
        blank_rows=tuple(blanks),
    )


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
