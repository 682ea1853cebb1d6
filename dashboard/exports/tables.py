"""The numbers behind a figure as CSV or XLSX, captioned, with formula-like text neutralised."""

from __future__ import annotations

import csv
import io

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def table_bytes(table: pd.DataFrame, lines: list[str], fmt: str) -> bytes:
    """CSV or XLSX of a table with its caption as metadata; formula-like text is neutralised.

    CSV: caption lines first, each starting with ``#`` and written as they are (never quoted,
    so ``pandas.read_csv(f, comment="#")`` skips them), then the header and rows; text in the
    rows is quoted (so a ``#`` inside a name is not read as a comment) and numbers are not.
    XLSX: a "Data" sheet and an "About" sheet with the caption, which is also the workbook's
    description.
    """
    rows = [[neutralise(v) for v in record] for record in table.itertuples(index=False)]
    header = [neutralise(c) for c in table.columns]
    if fmt == "csv":
        out = io.StringIO()
        for line in lines:
            out.write(f"# {' '.join(str(neutralise(line)).split())}\n")
        csv.writer(out, lineterminator="\n").writerow(header)
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        writer.writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    about = book.create_sheet("About")
    for line in lines:
        about.append([neutralise(line)])
    book.properties.title = neutralise(lines[1] if len(lines) > 1 else lines[0])
    book.properties.description = "\n".join(lines)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def neutralise(value: object) -> object:
    """A cell value that no spreadsheet will run as a formula; numbers pass, NaN becomes blank."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if hasattr(value, "item"):  # numpy scalars -> Python numbers for openpyxl
        return value.item()
    return value
