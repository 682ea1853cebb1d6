"""The blank exchange template as XLSX (with in-cell dropdowns) and CSV."""

from __future__ import annotations

import io

from dashboard.core.codelists import CodeLists
from dashboard.core.schema import COLUMNS, MULTI_SEPARATOR

TEMPLATE_ROWS = 2000
TEMPLATE_XLSX_URL = "/download/template.xlsx"  # served by server/downloads.py
TEMPLATE_CSV_URL = "/download/template.csv"


def template_csv() -> bytes:
    """Header row of the exchange template, UTF-8 with a BOM so Excel opens it correctly."""
    return ("\ufeff" + ",".join(c.name for c in COLUMNS) + "\r\n").encode("utf-8")


def template_xlsx(codelists: CodeLists) -> bytes:
    """Workbook with the template sheet, dropdowns from the code lists and a help sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "interventions"
    list_ranges = _codelists_sheet(book.create_sheet("codelists"), codelists)
    _template_sheet(sheet, list_ranges)
    _about_sheet(book.create_sheet("about"), codelists)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _codelists_sheet(lists, codelists: CodeLists) -> dict[str, str]:
    """Codes and labels side by side per field; returns each field's code range for dropdowns."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    list_ranges: dict[str, str] = {}
    for index, (field, codelist) in enumerate(codelists.lists.items()):
        code_col = get_column_letter(2 * index + 1)
        lists.cell(row=1, column=2 * index + 1, value=field).font = Font(bold=True)
        lists.cell(row=1, column=2 * index + 2, value=f"{field} (label)").font = Font(bold=True)
        for offset, (code, label) in enumerate(codelist.labels.items(), start=2):
            lists.cell(row=offset, column=2 * index + 1, value=code)
            lists.cell(row=offset, column=2 * index + 2, value=label)
        last = len(codelist.codes) + 1
        list_ranges[field] = f"codelists!${code_col}$2:${code_col}${last}"
    return list_ranges


def _template_sheet(sheet, list_ranges: dict[str, str]) -> None:
    """The header (required columns shaded, a help note each) and a dropdown per coded column."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    required_fill = PatternFill("solid", fgColor="DCE6F1")
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=position, value=column.name)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = required_fill
        note = column.help + (" (required)" if column.required else "")
        if column.multi:
            note += f". Pick the primary code, then type more separated by '{MULTI_SEPARATOR}'."
        cell.comment = Comment(note, "template")
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(14, len(column.name) + 4)
        if column.name in list_ranges:
            check = DataValidation(
                type="list", formula1=f"={list_ranges[column.name]}", allow_blank=True,
                showErrorMessage=not column.multi, errorTitle=f"Not a {column.name} code",
                error="Choose a code from the list (see the codelists sheet).",
                promptTitle=column.name, prompt=column.help[:250], showInputMessage=True,
            )
            check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"


def _about_sheet(about, codelists: CodeLists) -> None:
    """How to fill in the template, in a few lines."""
    from openpyxl.styles import Font

    about_lines = [
        "Community mental-health provision atlas: exchange template",
        f"Code lists: {codelists.name}, version {codelists.version}",
        "One row per intervention per locality. The header is row 1; keep the column names.",
        "Blue columns are required. Several codes go in one cell separated by | "
        "(the first is the primary one). Labels are accepted in place of codes.",
        "locality_code: ONS GSS code of an English local authority district (LAD 2024).",
        "Dates: YYYY-MM-DD. Coordinates: WGS84 decimal degrees inside England.",
        "Check a filled file with: python -m dashboard validate FILE",
    ]
    for row, text in enumerate(about_lines, start=1):
        about.cell(row=row, column=1, value=text)
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 110
