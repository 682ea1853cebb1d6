"""Issue 14: files with no rows, contradictory lists, long text and oversized cells."""

import io
import zipfile

import pytest

from dashboard.core.limits import MAX_CELL
from dashboard.ingest.reading import ReadError, ReadLimits, read_table
from dashboard.ingest.validation import MAX_LISTED, validate_file
from tests.conftest import TODAY
from tests.memory.upload_shapes import xlsx_huge_cell

HEADER = "intervention_id,name,provider,locality_code,types,determinants,populations,description\n"
ROW = "A{n},Walk,Shed CIC,E06000009,physical_activity,social_isolation,{populations},{note}\n"


def _validate(text, codelists, small_localities, **options):
    return validate_file("t.csv", codelists, small_localities, content=text.encode(), today=TODAY,
                         **options)


def test_a_header_without_rows_is_an_error(codelists, small_localities):
    for text in (HEADER, HEADER + "\n,,,,,,,\n"):
        report = _validate(text, codelists, small_localities)
        assert not report.ok and report.rows_total == 0
        assert [e.message for e in report.errors] == [
            "The file has a header row but no data rows; add at least one intervention below the "
            "header."]


def test_the_cli_exits_one_on_a_header_only_file(tmp_path, capsys):
    from dashboard.__main__ import main

    path = tmp_path / "header_only.csv"
    path.write_text(HEADER)
    assert main(["validate", str(path)]) == 1
    assert "ERROR row 1: The file has a header row but no data rows" in capsys.readouterr().out


def test_a_catch_all_code_with_a_specific_one_is_warned(codelists, small_localities):
    text = HEADER + ROW.format(n=1, populations="all_adults|older_adults", note="") + ROW.format(
        n=2, populations="all_adults", note="") + ROW.format(n=3, populations="men|women", note="")
    report = _validate(text, codelists, small_localities)
    assert report.rows_accepted == 3
    assert [(w.row, w.column, w.message) for w in report.warnings] == [
        (2, "populations", "'populations' lists all_adults (All adults (no specific target)) "
                           "together with older_adults; all_adults means no specific group, so "
                           "keep either it or the specific code(s).")]


def test_text_longer_than_its_column_allows_rejects_the_row(codelists, small_localities):
    text = HEADER + ROW.format(n=1, populations="men", note="x" * 2001) + ROW.format(
        n=2, populations="men", note="x" * 2000)
    report = _validate(text, codelists, small_localities)
    assert report.rows_accepted == 1
    (error,) = report.errors
    assert (error.row, error.column) == (2, "description")
    assert error.message == "This text is 2,001 characters long; at most 2,000 are allowed here."
    assert error.value == "x" * 40 + "... (2,001 characters)"


def test_a_cell_over_the_limit_stops_the_read_naming_row_and_column():
    text = HEADER + ROW.format(n=1, populations="men", note="x" * (MAX_CELL + 1))
    with pytest.raises(ReadError) as refused:
        read_table("t.csv", content=text.encode())
    assert str(refused.value).startswith(f"Row 2, column description, holds {MAX_CELL + 1:,} "
                                         f"characters; a cell may hold at most {MAX_CELL:,}.")


def test_an_upload_holds_a_bounded_number_of_filled_cells():
    text = HEADER + "".join(ROW.format(n=n, populations="men", note="") for n in range(20))
    limits = ReadLimits(max_cells=100, max_unpacked=10**6)
    with pytest.raises(ReadError, match=r"more than 100 filled cells \(at row 16\)"):
        read_table("t.csv", content=text.encode(), limits=limits)
    assert len(read_table("t.csv", content=text.encode()).rows) == 20  # the CLI has no such limit


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_parsed():
    name, content = xlsx_huge_cell()
    with pytest.raises(ReadError, match="unpacks to more than 50 MB"):
        read_table(name, content=content, limits=ReadLimits.for_upload(10 * 2**20))
    lying = io.BytesIO()
    with zipfile.ZipFile(lying, "w") as book:
        book.writestr("xl/workbook.xml", "x")
    with pytest.raises(ReadError, match="not a valid .xlsx workbook"):
        read_table("x.xlsx", content=lying.getvalue()[:-30], limits=ReadLimits(10, 10))


def test_issues_past_the_listed_number_are_counted(codelists, small_localities):
    rows = "".join(ROW.format(n=n, populations="nobody", note="") for n in range(MAX_LISTED + 7))
    report = _validate(HEADER + rows, codelists, small_localities)
    assert len(report.errors) == MAX_LISTED and report.unlisted_errors == 7
    assert report.to_dict()["unlisted_errors"] == 7


def test_numbers_in_a_file_are_ascii(codelists, small_localities):
    text = "intervention_id,name,provider,locality_code,types,determinants,populations,annual_reach\n"
    text += "A1,Walk,Shed,E06000009,befriending,social_isolation,men,١٢\n"
    text += "A2,Walk,Shed,E06000009,befriending,social_isolation,men,inf\n"
    text += "A3,Walk,Shed,E06000009,befriending,social_isolation,men,\"1,200\"\n"
    report = _validate(text, codelists, small_localities)
    assert [(e.row, e.column) for e in report.errors] == [(2, "annual_reach"), (3, "annual_reach")]
    assert report.accepted["annual_reach"].tolist() == [1200.0]
