"""Upload files of 10 MB in every awkward shape, made in memory (CSV and hand-built XLSX).

Each ``SHAPES`` entry makes the file's name and bytes. XLSX files are written as the few XML
parts a workbook needs, so a sheet of any size or compression ratio is made in seconds.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape

from dashboard.core.schema import COLUMN_NAMES

SIZE = 10 * 1024 * 1024
HEADER = ",".join(COLUMN_NAMES)
ROW = ("ID{n},Walking group,Shed CIC,E06000009,physical_activity,social_isolation,all_adults,,"
       ",,,,,,,,,,,,,,,Weekly walk,,Ann")


def _fill(make_line: Callable[[int], str], header: str = HEADER) -> bytes:
    lines, size, n = [header], len(header), 0
    while size < SIZE - 60_000:
        line = make_line(n)
        lines.append(line)
        size, n = size + len(line) + 1, n + 1
    return "\n".join(lines).encode()


def template_rows() -> tuple[str, bytes]:
    """Ordinary template rows up to 10 MB."""
    return "rows.csv", _fill(lambda n: ROW.format(n=n))


def tiny_cells() -> tuple[str, bytes]:
    """As many two-character cells as fit: the most cells per byte a template-width file has."""
    return "tiny.csv", _fill(lambda n: ",".join(["ab"] * len(COLUMN_NAMES)))


def wide_rows() -> tuple[str, bytes]:
    """Rows of 20,000 cells each under a template header."""
    return "wide.csv", _fill(lambda n: ",".join(["x"] * 20_000))


def one_cell() -> tuple[str, bytes]:
    """One 10 MB description."""
    return "cell.csv", (HEADER + "\n" + ROW.replace("Weekly walk", "w" * (SIZE - 2000))
                        .format(n=1)).encode()


def _xlsx(rows: Iterable[list[str]], shared: list[str] | None = None) -> bytes:
    """A minimal workbook: inline strings, or ``shared`` strings referenced as ``s`` cells."""
    def cell(value: str) -> str:
        if shared is not None:
            return f'<c t="s"><v>{value}</v></c>'
        return f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>'

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
        book.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        book.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="interventions" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'))
        book.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'))
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                        b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for row in rows:
                sheet.write(("<row>" + "".join(cell(v) for v in row) + "</row>").encode())
            sheet.write(b"</sheetData></worksheet>")
        with book.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                          b'openxmlformats.org/spreadsheetml/2006/main">')
            for text in shared or ():
                strings.write(b"<si><t>" + escape(text).encode() + b"</t></si>")
            strings.write(b"</sst>")
    return buffer.getvalue()


def xlsx_huge_cell() -> tuple[str, bytes]:
    """A small workbook whose one shared string is 300 MB (deflate packs it a thousandfold)."""
    header = list(COLUMN_NAMES)
    row = ROW.format(n=1).split(",")
    shared = [*header, *row, "w" * (300 * 1024 * 1024)]
    index = {text: i for i, text in enumerate(shared[:-1])}
    values = [str(index[v]) for v in row]
    values[COLUMN_NAMES.index("description")] = str(len(shared) - 1)
    return "huge_cell.xlsx", _xlsx([[str(index[h]) for h in header], values], shared)


def xlsx_rows(count: int = 1_300_000) -> tuple[str, bytes]:
    """Template rows repeated ``count`` times (1.3 million pack to just under 10 MB)."""
    def rows():
        yield list(COLUMN_NAMES)
        for n in range(count):
            yield ROW.format(n=n).split(",")
    return "rows.xlsx", _xlsx(rows())


SHAPES: dict[str, Callable[[], tuple[str, bytes]]] = {
    "template_rows": template_rows, "tiny_cells": tiny_cells, "wide_rows": wide_rows,
    "one_cell": one_cell, "xlsx_huge_cell": xlsx_huge_cell, "xlsx_many_rows": xlsx_rows,
    "xlsx_unpacked_limit": lambda: xlsx_rows(45_000),
}
