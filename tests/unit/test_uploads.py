import base64

import pytest

from dashboard.ingest.uploads import (
    UploadError,
    decode_upload,
    group_issues,
    issue_groups,
    preview_rows,
    report_csv,
    report_rows,
    row_ranges,
    summary,
    validate_upload,
)
from tests.conftest import FIXTURES


def data_url(content: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(content).decode("ascii")


def test_decode_upload_refuses_a_file_over_the_limit_in_one_sentence():
    limit = 10 * 2**20
    with pytest.raises(UploadError, match=r"^big.csv is larger than the upload limit of 10 MB;"):
        decode_upload(data_url(b"x" * (limit + 1)), "big.csv", max_bytes=limit)
    assert decode_upload(data_url(b"x" * limit), "big.csv", max_bytes=limit) == b"x" * limit


def test_decode_upload_refuses_other_file_types_and_broken_data():
    with pytest.raises(UploadError, match="not a CSV or XLSX"):
        decode_upload(data_url(b"a,b"), "notes.pdf", max_bytes=10_000)
    with pytest.raises(UploadError, match="could not be received"):
        decode_upload("data:text/csv;base64,@@@", "x.csv", max_bytes=10_000)
    with pytest.raises(UploadError, match="Choose a CSV"):
        decode_upload(None, None, max_bytes=10_000)


def test_validate_upload_unreadable_file_gives_the_reader_sentence(codelists, localities):
    content = (FIXTURES / "unreadable.csv").read_bytes()
    with pytest.raises(UploadError, match="^unreadable.csv looks like a binary file"):
        validate_upload(data_url(content), "unreadable.csv", codelists, localities,
                        max_bytes=10_000)
    with pytest.raises(UploadError, match="empty"):
        validate_upload("data:text/csv;base64,", "blank.csv", codelists, localities,
                        max_bytes=10_000)


def test_validate_upload_bad_file_reports_every_issue_as_rows(codelists, localities):
    report = validate_upload(data_url((FIXTURES / "bad.csv").read_bytes()), "bad.csv", codelists,
                             localities, max_bytes=10**6)
    data = report.to_dict()
    rows = report_rows(data)
    assert len(rows) == len(report.errors) + len(report.warnings) > 0
    assert set(rows[0]) == {"severity", "row", "column", "value", "message", "suggestion"}
    assert rows[0]["severity"] == "Error"
    assert f"{report.rows_accepted} of {report.rows_total} rows accepted" in summary(data)


def test_report_csv_has_totals_and_guards_formulas():
    data = {"rows_total": 1, "rows_accepted": 0, "warnings": [],
            "errors": [{"row": 2, "column": "name", "value": "=HYPERLINK(1)",
                        "message": "bad", "suggestion": None}]}
    text = report_csv(data, "=evil.csv")
    lines = text.splitlines()
    assert lines[0] == "# Validation report for '=evil.csv"
    assert lines[2] == "severity,row,column,value,message,suggestion"
    assert "'=HYPERLINK(1)" in lines[3]


def test_preview_rows_show_labels_not_codes(codelists, localities):
    report = validate_upload(data_url((FIXTURES / "good.csv").read_bytes()), "good.csv",
                             codelists, localities, max_bytes=10**6)
    labels = {"locality_code": dict(localities.names), "types": codelists["types"].labels}
    rows = preview_rows(report.accepted, labels)
    assert rows[0]["types"] == "Social activities and groups | Befriending"
    assert rows[0]["locality_code"] == "Blackpool"
    assert rows[0]["determinants"] == "social_isolation"     # no labels given: the code as is
    assert rows[0]["name"] == "Lunch club"


HEADER = ("intervention_id,name,provider,locality_code,types,determinants,populations,"
          "last_verified\n")


def stale_file(rows: int) -> bytes:
    lines = [f"S-{n},Club {n},Charity,E06000009,befriending,social_isolation,older_adults,2019-01-01"
             for n in range(rows)]
    lines.insert(3, "S-x,Odd one,Charity,E06000009,befriendng,social_isolation,older_adults,")
    return (HEADER + "\n".join(lines) + "\n").encode()


def test_repeated_warnings_are_grouped_with_their_rows_on_demand(codelists, localities):
    report = validate_upload(data_url(stale_file(60)), "directory.csv", codelists, localities,
                             max_bytes=10**6, stale_after_days=730)
    data = report.to_dict()
    groups = issue_groups(data)
    assert [(g["severity"], g["rows"], g["column"]) for g in groups] == [
        ("Error", "row 5", "types"),
        ("Warning", "60 rows: 2-4, 6-62", "last_verified")]
    stale = groups[1]
    assert stale["message"].startswith("Last verified more than 2 years ago")
    assert stale["count"] == 60 and stale["value"] == "2019-01-01"
    listed = group_issues(data, stale["group"])
    assert [r["row"] for r in listed] == [2, 3, 4, *range(6, 63)]
    assert "(2 kind(s) of problem)" in summary(data)
    assert len(report_csv(data, "directory.csv").splitlines()) == 3 + 61   # the CSV keeps all


def test_row_ranges_are_short():
    assert row_ranges([5, 2, 3, 4, 9]) == "2-5, 9"
    assert row_ranges(list(range(2, 30, 2))) == "2, 4, 6, 8, 10, 12 and 8 more"


def test_a_wrong_header_lists_the_columns_found_and_the_nearest_template_columns(codelists,
                                                                                 localities):
    content = b"Service,Organisation,District,Colour\nLunch club,Charity,Blackpool,blue\n"
    with pytest.raises(UploadError) as caught:
        validate_upload(data_url(content), "mine.csv", codelists, localities, max_bytes=10**6)
    message = str(caught.value)
    assert "has no header row naming template columns" in message
    assert ("Its first row has 'Service', 'Organisation', 'District', 'Colour'. Nearest template "
            "columns: 'Service' -> name; 'Organisation' -> provider; 'District' -> locality_code."
            ) in message


def test_a_missing_required_column_names_the_column_that_looks_like_it(codelists, localities):
    content = (b"intervention_id,name,provider,LA code,types,determinants,populations\n"
               b"A-1,Club,Charity,E06000009,befriending,social_isolation,older_adults\n")
    report = validate_upload(data_url(content), "mine.csv", codelists, localities,
                             max_bytes=10**6)
    missing = next(e for e in report.errors if e.column == "locality_code")
    assert "The file has 'LA code', which looks like it: rename it locality_code." in missing.message
    assert "Columns found: 'intervention_id', 'name', 'provider', 'LA code'" in missing.message
    assert missing.suggestion == "LA code"
