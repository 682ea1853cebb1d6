import base64

import pytest

from dashboard.ingest.uploads import (
    UploadError,
    decode_upload,
    preview_rows,
    report_csv,
    report_rows,
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


def test_preview_rows_show_lists_as_text(codelists, localities):
    report = validate_upload(data_url((FIXTURES / "good.csv").read_bytes()), "good.csv",
                             codelists, localities, max_bytes=10**6)
    rows = preview_rows(report.accepted)
    assert rows[0]["types"] == "social_activities | befriending"
    assert rows[0]["name"] == "Lunch club"
