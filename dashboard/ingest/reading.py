"""Read an exchange-template file (CSV or XLSX) into a table of text cells.

Every problem that stops a file from being read at all raises :class:`ReadError` with one
plain sentence; problems of single rows are kept for the validator to report.

Files are read row by row, so memory stays bounded whatever their shape: a cell longer than
``core.limits.MAX_CELL`` stops the read (naming its row and column), cells beyond the header's
width are dropped as they are read, and an upload (:class:`ReadLimits`) may hold only so many
non-empty cells and a workbook may unpack only to so many bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.core.limits import MAX_CELL
from dashboard.core.schema import COLUMN_NAMES

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_HEADER_FOLD = re.compile(r"[\s\-]+")
# Header cells people write for a template column, beyond case, spacing and near spellings.
_HEADER_SYNONYMS = {
    "id": "intervention_id", "service": "name", "service_name": "name", "organisation": "provider",
    "organization": "provider", "org": "provider", "district": "locality_code",
    "local_authority": "locality_code", "la_code": "locality_code", "lad_code": "locality_code",
    "locality": "locality_code", "type": "types", "intervention_type": "types",
    "determinant": "determinants", "population": "populations", "population_group": "populations",
    "target_group": "populations", "lat": "latitude", "lon": "longitude", "lng": "longitude",
}
_SHOWN_HEADER_CELLS = 12


class ReadError(Exception):
    """The file cannot be read at all; the message is one sentence for the user."""


@dataclass(frozen=True)
class ReadLimits:
    """How much one upload may hold, so reading it needs bounded memory.

    Attributes:
        max_cells: non-empty cells (every empty cell is the same empty string in memory).
        max_unpacked: bytes a workbook's parts may unpack to (deflate packs XML a
            thousandfold, so a small workbook can hold a huge sheet).
    """

    max_cells: int
    max_unpacked: int

    @classmethod
    def for_upload(cls, max_bytes: int) -> ReadLimits:
        """Limits in proportion to the upload size limit.

        A 10 MB CSV of ordinary template rows holds about 900,000 filled cells; the same rows
        as a workbook unpack to about 40 MB.
        """
        return cls(max_cells=max(1000, max_bytes // 8), max_unpacked=max_bytes * 5)


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


def nearest_template_column(cell: str) -> str | None:
    """The template column a header cell most likely means (``None`` when nothing is close)."""
    name = normalise_header(cell)
    if not name or name in COLUMN_NAMES:
        return name or None
    if name in _HEADER_SYNONYMS:
        return _HEADER_SYNONYMS[name]
    close = difflib.get_close_matches(name, COLUMN_NAMES, n=1, cutoff=0.6)
    if close:
        return close[0]
    containing = [c for c in COLUMN_NAMES if len(name) >= 4 and (name in c or c in name)]
    return containing[0] if len(containing) == 1 else None


def header_found(cells: list[str]) -> str:
    """What a header row holds and which template columns its cells are nearest to."""
    shown = [c.strip() for c in cells if c.strip()][:_SHOWN_HEADER_CELLS]
    if not shown:
        return "Its first row is empty."
    more = len([c for c in cells if c.strip()]) - len(shown)
    found = ", ".join(f"'{c}'" for c in shown) + (f" and {more} more" if more > 0 else "")
    pairs = [(c, nearest_template_column(c)) for c in shown]
    hints = "; ".join(f"'{c}' -> {near}" for c, near in pairs if near)
    nearest = (f" Nearest template columns: {hints}." if hints else
               " None of them is close to a template column.")
    return f"Its first row has {found}.{nearest}"


def read_table(path: Path | str, content: bytes | None = None, sheet: str | None = None,
               limits: ReadLimits | None = None, headers: Collection[str] = COLUMN_NAMES) -> RawTable:
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
        return _read_xlsx(path, content, sheet, limits, headers)
    if content.startswith(_OLE_MAGIC):
        raise ReadError(
            f"{path.name} is an old Excel (.xls) workbook; save it as .xlsx or CSV and try again."
        )
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        raise ReadError(f"{path.name} is named as an Excel workbook but is not a valid .xlsx file.")
    return _read_csv(path, content, limits, headers)


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


def _csv_records(name: str, text: str, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        yield from reader
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ReadError(_long_cell_message(reader.line_num, None, None)) from None
        raise ReadError(f"{name} is not a well-formed CSV file ({exc}).") from None


def _read_csv(path: Path, content: bytes, limits: ReadLimits | None, headers: Collection[str]) -> RawTable:
    text, encoding = _decode(path.name, content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = _pick_delimiter(first_line, headers)
    if delimiter is None:
        cells = max((next(csv.reader([first_line], delimiter=d)) for d in _DELIMITERS), key=len)
        raise ReadError(
            f"{path.name} has no header row naming {_expected(headers)} separated by commas, "
            f"semicolons or tabs.{_template_hint(headers, cells)}"
        )
    del content
    return _to_table(_csv_records(path.name, text, delimiter), limits, encoding=encoding,
                     delimiter=_DELIMITERS[delimiter])


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


def _check_unpacked(name: str, content: bytes, limit: int) -> None:
    """Unpack every part of the workbook, counting bytes, and stop past ``limit``."""
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            for info in book.infolist():
                with book.open(info) as part:
                    while chunk := part.read(1 << 20):
                        total += len(chunk)
                        if total > limit:
                            raise ReadError(
                                f"{name} unpacks to more than {limit / 2**20:,.0f} MB, more than a "
                                "workbook of this upload size holds; save it as CSV or split it "
                                "into smaller files.")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError,
            ValueError):
        raise ReadError(f"{name} is not a valid .xlsx workbook.") from None


def _sheet_rows(workbook, name: str) -> Iterator[list[str]]:
    for row in workbook.get_sheet_by_name(name).iter_rows():
        yield [_cell_text(v) for v in row]


def _read_xlsx(path: Path, content: bytes, sheet: str | None, limits: ReadLimits | None,
               headers: Collection[str]) -> RawTable:
    from python_calamine import CalamineWorkbook

    if limits is not None:
        _check_unpacked(path.name, content, limits.max_unpacked)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = list(workbook.sheet_names)
        if sheet is not None and sheet not in names:
            raise ReadError(f"{path.name} has no sheet called '{sheet}' (sheets: {', '.join(names)}).")
        chosen = sheet or _template_sheet(workbook, names, headers)
        return _to_table(_sheet_rows(workbook, chosen), limits, sheet=chosen, workbook=True)
    except ReadError:
        raise
    except Exception:  # calamine raises its own error types for every kind of corrupt workbook
        raise ReadError(f"{path.name} is not a valid .xlsx workbook.") from None


def _template_sheet(workbook, names: list[str], headers: Collection[str]) -> str:
    known = set(headers)
    firsts = []
    for name in names:
        first = next((r for r in _sheet_rows(workbook, name) if any(c.strip() for c in r)), [])
        if sum(normalise_header(c) in known for c in first) >= 3:
            return name
        firsts.append(first)
    raise ReadError(f"No sheet of the workbook has a header row naming {_expected(headers)}."
                    f"{_template_hint(headers, firsts[0] if firsts else [])}")


def _expected(headers: Collection[str]) -> str:
    """How error messages name the columns a header row should have."""
    if headers is COLUMN_NAMES:
        return "template columns (such as intervention_id, name, locality_code)"
    return f"the expected columns (such as {', '.join(list(headers)[:3])})"


def _template_hint(headers: Collection[str], cells: list[str]) -> str:
    """For the template, what the header row holds and how to put it right ("" otherwise)."""
    if headers is not COLUMN_NAMES:
        return ""
    return (f" {header_found(cells)} Rename the columns as the template does, or start from the "
            "blank template.")


def _trim_trailing(row: list[str], width: int) -> list[str]:
    if len(row) <= width:
        return row
    extra = row[width:]
    return row[:width] if not any(c.strip() for c in extra) else row


def _long_cell_message(row: int, column: str | None, length: int | None) -> str:
    where = f"Row {row}" + (f", column {column}," if column else "")
    size = f" holds {length:,} characters" if length else " holds a cell of more than 100,000 characters"
    return (f"{where}{size}; a cell may hold at most {MAX_CELL:,}. Shorten it (long text "
            "belongs in a linked document) and upload the file again.")


def _check_cells(record: list[str], row: int, header: list[str]) -> int:
    """Non-empty cells of ``record``; ReadError for a cell longer than ``MAX_CELL``."""
    filled = 0
    for position, cell in enumerate(record):
        if len(cell) > MAX_CELL:
            column = header[position] if position < len(header) else _column_letter(position)
            raise ReadError(_long_cell_message(row, column, len(cell)))
        filled += cell != ""
    return filled


def _header(records: Iterator[list[str]], workbook: bool) -> tuple[list[str], int]:
    """The first non-blank record (trailing empty cells dropped for a workbook), rows skipped."""
    skipped = 0
    for record in records:
        if any(c.strip() for c in record):
            if workbook:
                while record and not record[-1].strip():
                    record = record[:-1]
            _check_cells(record, skipped + 1, [])
            return record, skipped
        skipped += 1
    raise ReadError("The file holds no rows.")


def _check_names(header: list[str]) -> list[str]:
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


def _to_table(
    records: Iterable[list[str]],
    limits: ReadLimits | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    workbook: bool = False,
) -> RawTable:
    records = iter(records)
    header, skipped = _header(records, workbook)
    names = _check_names(header)
    width, cells_left = len(names), limits.max_cells if limits else None
    data, row_numbers, problems, blanks = [], [], {}, []
    for offset, record in enumerate(records):
        row = offset + 2 + skipped
        if workbook:
            record = _trim_trailing(record, width)
        filled = _check_cells(record, row, header)
        if not filled and not any(c.strip() for c in record):
            blanks.append(row)
            continue
        if cells_left is not None:
            cells_left -= filled
            if cells_left < 0:
                raise ReadError(f"The file holds more than {limits.max_cells:,} filled cells (at "
                                f"row {row}), more than one upload may; split it into smaller files.")
        if len(record) != width:
            problems[row] = (
                f"This row has {len(record)} cells but the header has {width}; "
                "check for a stray delimiter or a missing quote."
            )
            record = (record + [""] * width)[:width]
        data.append(record)
        row_numbers.append(row)
    if workbook:  # a sheet's used range often ends in empty rows: not worth a warning
        blanks = [b for b in blanks if row_numbers and b < row_numbers[-1]]
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
