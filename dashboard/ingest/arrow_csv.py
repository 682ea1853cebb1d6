"""The fast path of :mod:`dashboard.ingest.reading`: a large, plain CSV read by Arrow's parser.

Arrow reads a million rows in seconds where the ``csv`` module takes a minute. It is used only
for files where it gives exactly the cells the careful reader gives and no limit is near; for
any other file :func:`read_cells` returns None and the careful reader reads it (naming the
row of any problem).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.core.limits import MAX_CELL

HEAD = 1 << 16  # bytes read to find the header line


def head_of(path: Path) -> bytes:
    """The first ``HEAD`` bytes of a file."""
    with path.open("rb") as handle:
        return handle.read(HEAD)


def first_line(head: bytes) -> tuple[str, str] | None:
    """The header line of a plain UTF-8 file's ``head`` and its encoding, or None if not plain."""
    encoding = "UTF-8 with BOM" if head.startswith(b"\xef\xbb\xbf") else "UTF-8"
    try:
        first = head.removeprefix(b"\xef\xbb\xbf").partition(b"\n")[0].decode("utf-8")
    except UnicodeDecodeError:
        return None
    first = first.removesuffix("\r")
    if "\r" in first or not first.strip() or first.count('"') % 2 or b"\n" not in head:
        return None  # old Mac line ends, a blank or multi-line header, or a huge first line
    return first, encoding


def read_cells(source: bytes | Path, delimiter: str, names: list[str],
               max_cells: int | None = None) -> pd.DataFrame | None:
    """The data rows of a plain CSV as text columns, or None when it needs ``csv``'s care.

    Arrow reads a million rows in seconds where the ``csv`` module takes a minute, but it is
    lenient where ``csv`` (strict) reports an error, and it keeps blank rows. So it is used only
    when neither can matter: no NUL byte, no quote placed where only a malformed file or an
    escaped quote puts one, every row the header's width and none blank, no cell longer than
    ``MAX_CELL`` and at most ``max_cells`` filled cells. Anything else goes to the careful
    reader, which gives the same cells and the errors and notes a user needs (the refusal of a
    long cell or too many cells names the row). ``source`` is the file's bytes, or its path
    (then the file is never held in memory whole); its header line (``names``) is skipped.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if not _plain_bytes(source, ord(delimiter)):
        return None
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
    if not _within_limits(table, max_cells):
        return None
    text = pd.StringDtype("pyarrow", na_value=float("nan"))
    columns = {}
    for name in names:  # one chunk a column, copied while the blocks of the next are freed
        columns[name] = pd.Series(pd.arrays.ArrowStringArray(
            pa.chunked_array([table.column(name).combine_chunks()]), dtype=text))
        table = table.drop_columns([name])
    cells = pd.DataFrame(columns)
    if not len(cells) or _blank_rows(cells).any():
        return None
    return cells


def _within_limits(table, max_cells: int | None) -> bool:
    """No cell longer than ``MAX_CELL`` and no more than ``max_cells`` filled cells (if given)."""
    import pyarrow.compute as pc

    filled = 0
    for column in table.columns:
        longest = pc.max(pc.utf8_length(column)).as_py()  # characters, as ``len`` counts them
        if longest is not None and longest > MAX_CELL:
            return False
        filled += pc.sum(pc.not_equal(column, "")).as_py() or 0
    return max_cells is None or filled <= max_cells


_SCAN = 1 << 24  # bytes scanned at a time for NUL bytes and misplaced quotes


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
