"""Read an exchange-template file (CSV or XLSX) into a table of text cells.

Every problem that stops a file from being read at all raises :class:`ReadError` with one
plain sentence; problems of single rows are kept for the validator to report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
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


def read_table(path: Path | str, content: bytes | None = None, sheet: str | None = None) -> RawTable:
    """Read a CSV or XLSX file (from ``path``, or from ``content`` named by ``path``)."""
    path = Path(path)
    if content is None:
        try:
            if path.is_file() and path.suffix.lower() not in {".xlsx", ".xlsm"} and \
                    not _head(path).startswith((_ZIP_MAGIC, _OLE_MAGIC)):
                fast = _read_plain_csv(path)  # a large file is never held in memory whole
                if fast is not None:
                    return fast
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
        return _read_xlsx(path, content, sheet)
    if content.startswith(_OLE_MAGIC):
        raise ReadError(
            f"{path.name} is an old Excel (.xls) workbook; save it as .xlsx or CSV and try again."
        )
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        raise ReadError(f"{path.name} is named as an Excel workbook but is not a valid .xlsx file.")
    return _read_csv(path, content)


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


def _pick_delimiter(header_line: str) -> str | None:
    known = set(COLUMN_NAMES)
    best, best_hits = None, 0
    for delimiter in _DELIMITERS:
        cells = next(csv.reader([header_line], delimiter=delimiter))
        hits = sum(normalise_header(c) in known for c in cells)
        if hits > best_hits:
            best, best_hits = delimiter, hits
    return best


def _read_csv(path: Path, content: bytes) -> RawTable:
    fast = _read_plain_csv(content)  # most large files; None when they need the careful reader
    if fast is not None:
        return fast
    text, encoding = _decode(path.name, content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = _pick_delimiter(first_line)
    if delimiter is None:
        raise ReadError(
            f"{path.name} has no header row naming template columns (such as intervention_id, "
            "name, locality_code) separated by commas, semicolons or tabs."
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


def _read_xlsx(path: Path, content: bytes, sheet: str | None) -> RawTable:
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
    chosen = sheet or _template_sheet(sheets)
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


def _template_sheet(sheets: dict[str, list[list[object]]]) -> str:
    known = set(COLUMN_NAMES)
    for name, rows in sheets.items():
        first = next((r for r in rows if any(_cell_text(v).strip() for v in r)), [])
        if sum(normalise_header(_cell_text(v)) in known for v in first) >= 3:
            return name
    raise ReadError(
        "No sheet of the workbook has a header row naming template columns "
        "(such as intervention_id, name, locality_code)."
    )


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
    names = _header_names(header)
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


def _header_names(header: list[str]) -> list[str]:
    """Normalised column names of a header row; ReadError on an empty or repeated one."""
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
    return names


def _read_plain_csv(source: bytes | Path) -> RawTable | None:
    """A well-formed UTF-8 CSV read by Arrow's parser, or None when it needs ``csv``'s care.

    Arrow reads a million rows in seconds where the ``csv`` module takes a minute, but it is
    lenient where ``csv`` (strict) reports an error, and it keeps blank rows. So it is used only
    when neither can matter: UTF-8 (with or without BOM), no NUL byte, a header on the first
    line, no quote placed where only a malformed file or an escaped quote puts one, every row
    the header's width and none blank. Anything else goes to the careful reader, which gives
    the same cells and the errors and notes a user needs. ``source`` is the file's bytes, or
    its path (then the file is never held in memory whole).
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    head = source[:_HEAD] if isinstance(source, bytes) else _head(source)
    encoding = "UTF-8 with BOM" if head.startswith(b"\xef\xbb\xbf") else "UTF-8"
    try:
        first = head.removeprefix(b"\xef\xbb\xbf").partition(b"\n")[0].decode("utf-8")
    except UnicodeDecodeError:
        return None
    first = first.removesuffix("\r")
    if "\r" in first or not first.strip() or first.count('"') % 2 or b"\n" not in head:
        return None  # old Mac line ends, a blank or multi-line header, or a huge first line
    delimiter = _pick_delimiter(first)
    if delimiter is None or not _plain_bytes(source, ord(delimiter)):
        return None
    header = next(csv.reader([first], delimiter=delimiter))
    names = _header_names(header)
    try:  # Arrow skips a UTF-8 byte-order mark itself
        table = pacsv.read_csv(
            pa.BufferReader(source) if isinstance(source, bytes) else str(source),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None  # a row of the wrong width, invalid UTF-8...: the careful reader says which
    text = pd.StringDtype("pyarrow", na_value=float("nan"))
    columns = {}
    for name in names:  # one chunk a column, copied while the blocks of the next are freed
        columns[name] = pd.Series(pd.arrays.ArrowStringArray(
            pa.chunked_array([table.column(name).combine_chunks()]), dtype=text))
        table = table.drop_columns([name])
    cells = pd.DataFrame(columns)
    if not len(cells) or _blank_rows(cells).any():
        return None
    return RawTable(cells=cells, rows=tuple(range(2, len(cells) + 2)),
                    source_columns=dict(zip(names, header, strict=True)), encoding=encoding,
                    delimiter=_DELIMITERS[delimiter])


_HEAD = 1 << 16  # bytes read to find the header line
_SCAN = 1 << 24  # bytes scanned at a time for NUL bytes and misplaced quotes


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(_HEAD)


def _chunks(source: bytes | Path) -> Iterator[bytes]:
    if isinstance(source, bytes):
        view = memoryview(source)
        for start in range(0, len(view), _SCAN):
            yield view[start:start + _SCAN]
        return
    with source.open("rb") as handle:
        while chunk := handle.read(_SCAN):
            yield chunk


def _plain_bytes(source: bytes | Path, delimiter: int) -> bool:
    """No NUL byte, and no quote with ordinary text on both sides.

    In a well-formed file a quote opens a field (after a delimiter or line end), closes one
    (before a delimiter or line end) or is doubled inside one. A quote between two other
    characters is a quoted field with text after it (an error for ``csv``), an escaped quote
    followed by text, or a literal quote in an unquoted field: the careful reader decides.
    """
    ends = np.array([delimiter, 13, 10], dtype=np.uint8)
    carry = b""
    for chunk in _chunks(source):
        data = np.frombuffer(carry + bytes(chunk), dtype=np.uint8)
        if not (data[len(carry):] != 0).all():
            return False
        quotes = np.flatnonzero(data[1:-1] == 34) + 1
        if len(quotes) and (~np.isin(data[quotes - 1], ends)
                            & ~np.isin(data[quotes + 1], np.append(ends, 34))).any():
            return False
        carry = bytes(data[-2:])
    return True


def _blank_rows(cells: pd.DataFrame) -> pd.Series:
    """Rows whose every cell is empty or white space (the first column rules out most rows)."""
    blank = cells.iloc[:, 0].str.strip() == ""
    for name in cells.columns[1:]:
        if not blank.any():
            break
        blank &= cells[name].str.strip() == ""
    return blank


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
