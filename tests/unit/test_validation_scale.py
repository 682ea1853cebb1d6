"""Validation at scale: Arrow reads plain CSV exactly as ``csv`` does, problems repeated on many
rows are kept once with their rows, and plain numbers parse as the strict rule says."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.core.limits import MAX_CELL
from dashboard.core.numbers import DECIMAL_PATTERN
from dashboard.ingest import reading, validation
from dashboard.ingest.reading import ReadError, ReadLimits, read_table
from dashboard.ingest.validation import validate_table
from tests.conftest import TODAY

HEADER = "intervention_id,name,provider,locality_code,types,determinants,populations"
ROW = "A{i},Club,Prov,E06000009,befriending,social_isolation,older_adults"

PLAIN = {
    "commas and quotes": HEADER + '\nA1,"Club, big","Prov",E06000009,befriending,housing,all_adults\n',
    "byte-order mark": "\ufeff" + HEADER + "\n" + ROW.format(i=1) + "\n",
    "Windows line ends": (HEADER + "\n" + ROW.format(i=1) + "\n").replace("\n", "\r\n"),
    "a line break in a cell": HEADER + '\nA1,"Club\nsecond line",Prov,E06000009,befriending,housing,'
                                       "all_adults\n",
    "semicolons": (HEADER + "\n" + "A1,Club; big,Prov,E06000009,befriending,housing,all_adults")
    .replace(",", ";").replace("Club; big", "Club, big") + "\n",
    "no final line end": HEADER + "\n" + ROW.format(i=1),
    "spaces around cells": HEADER + "\n A1 , Club ,Prov,E06000009,befriending,housing,all_adults\n",
}
CAREFUL = {  # Arrow would read these differently, or not report what csv reports
    "an escaped quote": HEADER + '\nA1,"Club ""x"" y",Prov,E06000009,befriending,housing,all_adults\n',
    "a ragged row": HEADER + "\nA1,Club,Prov\n" + ROW.format(i=2) + "\n",
    "a blank row": HEADER + "\n" + ROW.format(i=1) + "\n\n" + ROW.format(i=2) + "\n",
    "a row of delimiters": HEADER + "\n" + ROW.format(i=1) + "\n,,,,,,\n" + ROW.format(i=2) + "\n",
    "Windows-1252": HEADER + "\nA1,Caf\xe9,Prov,E06000009,befriending,housing,all_adults\n",
    "a blank first line": "\n" + HEADER + "\n" + ROW.format(i=1) + "\n",
}


def _encoded(name: str, text: str) -> bytes:
    return text.encode("cp1252" if name == "Windows-1252" else "utf-8")


@pytest.mark.parametrize("name", PLAIN)
def test_arrow_reads_plain_csv_as_csv_does(name, tmp_path, monkeypatch):
    content = _encoded(name, PLAIN[name])
    fast = reading._read_plain_csv(content)
    path = tmp_path / "plain.csv"
    path.write_bytes(content)
    assert fast is not None and reading._read_plain_csv(path) is not None
    monkeypatch.setattr(reading, "_read_plain_csv", lambda *args: None)  # csv only
    careful = read_table("plain.csv", content=content)
    pd.testing.assert_frame_equal(fast.cells.astype(object), careful.cells.astype(object))
    assert (fast.rows, fast.source_columns, fast.encoding, fast.delimiter) == (
        careful.rows, careful.source_columns, careful.encoding, careful.delimiter)


@pytest.mark.parametrize("name", CAREFUL)
def test_anything_else_goes_to_the_careful_reader(name):
    assert reading._read_plain_csv(_encoded(name, CAREFUL[name])) is None


def test_a_cell_too_long_is_refused_with_its_row_and_column_whichever_reader(tmp_path):
    long = "x" * (MAX_CELL + 1)
    content = (HEADER + "\n" + ROW.format(i=1) + "\n" + ROW.format(i=2).replace("Club", long)
               + "\n").encode()
    assert reading._read_plain_csv(content) is None  # the careful reader names the row
    path = tmp_path / "long.csv"
    path.write_bytes(content)
    for source in ({"path": "long.csv", "content": content}, {"path": path}):
        with pytest.raises(ReadError, match=f"Row 3, column name, holds {MAX_CELL + 1:,} characters"):
            read_table(**source)


def test_an_upload_over_the_cell_limit_is_refused_whichever_reader():
    content = "\n".join([HEADER, *(ROW.format(i=i) for i in range(30))]).encode()
    assert reading._read_plain_csv(content) is not None
    assert reading._read_plain_csv(content, ReadLimits(max_cells=100, max_unpacked=1)) is None
    with pytest.raises(ReadError, match="more than 100 filled cells"):
        read_table("x.csv", content=content, limits=ReadLimits(max_cells=100, max_unpacked=1))


def test_a_quoted_cell_with_text_after_it_is_still_an_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + '\nA1,"Club"x,Prov,E06000009,befriending,housing,all_adults\n')
    with pytest.raises(ReadError, match="not a well-formed CSV"):
        read_table(path)


def _stale(rows: int, codelists, localities):
    body = "\n".join(ROW.format(i=i) + ",2019-01-01" for i in range(rows))
    table = read_table("x.csv", content=f"{HEADER},last_verified\n{body}\n".encode())
    return validate_table(table, codelists, localities, today=TODAY)


def test_a_warning_on_many_rows_is_kept_once_with_every_row(monkeypatch, codelists,
                                                           small_localities):
    monkeypatch.setattr(validation, "GROUP_AFTER", 3)
    report = _stale(5, codelists, small_localities)
    (warning,) = report.warnings
    assert (warning.row, warning.count, warning.rows) == (2, 5, ((2, 6),))
    assert warning.column == "last_verified" and warning.value == "2019-01-01"
    assert "out of date" in warning.message and warning.where == "rows 2-6 (5 rows)"
    data = json.loads(json.dumps(report.to_dict()))
    assert data["warnings"][0]["count"] == 5 and data["warnings"][0]["rows"] == [[2, 6]]
    assert report.ok and report.rows_accepted == 5


def test_up_to_the_limit_each_row_is_its_own_issue(monkeypatch, codelists, small_localities):
    monkeypatch.setattr(validation, "GROUP_AFTER", 3)
    report = _stale(3, codelists, small_localities)
    assert [(w.row, w.count, w.rows, w.where) for w in report.warnings] == [
        (2, 1, (), "row 2"), (3, 1, (), "row 3"), (4, 1, (), "row 4")]


def test_grouped_errors_name_every_rejected_row_in_ranges(monkeypatch, codelists,
                                                          small_localities):
    monkeypatch.setattr(validation, "GROUP_AFTER", 2)
    body = [ROW.format(i=i).replace("befriending", "befriendng" if i != 3 else "befriending")
            for i in range(6)]
    table = read_table("x.csv", content="\n".join([HEADER, *body]).encode())
    report = validate_table(table, codelists, small_localities, today=TODAY)
    (error,) = report.errors
    assert error.count == 5 and error.rows == ((2, 4), (6, 7)) and error.suggestion == "befriending"
    assert error.where == "rows 2-4, 6-7 (5 rows)"
    assert report.rows_accepted == 1 and report.accepted["intervention_id"].tolist() == ["A3"]


def test_where_names_a_few_ranges_then_how_many_more():
    issue = validation.Issue(2, "x", "v", "m", count=9,
                             rows=tuple((r, r) for r in range(2, 20, 2)))
    assert issue.where == "rows 2, 4, 6, 8, 10, 12 and 3 more (9 rows)"


@pytest.mark.parametrize("text", ["12", "", "£1,200", " 3 ", "1e3", "+5", ".5", "5.", "-3.25",
                                  "1_000", "inf", "nan", "abc", "0x10", "１２", "53.80188"])
def test_numbers_parse_as_the_strict_rule_says(text):
    # Only ASCII decimals (core.numbers) are numbers: "+5", "inf", "0x10" and "１２" are not.
    values = pd.Series([text, "7"], dtype="str")
    cleaned = values.str.replace(r"[£,\s]", "", regex=True)
    plain = cleaned.str.fullmatch(DECIMAL_PATTERN).fillna(False).astype(bool)
    expected = pd.to_numeric(cleaned.where(plain, None), errors="coerce").astype("float64")
    pd.testing.assert_series_equal(validation._to_number(values), expected)
