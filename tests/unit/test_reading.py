import io

import pytest
from openpyxl import Workbook

from dashboard.ingest.reading import ReadError, read_table
from tests.conftest import FIXTURES

HEADER = "intervention_id,name,provider,locality_code,types,determinants,populations"
ROW = "A1,Club,Prov,E06000009,befriending,social_isolation,older_adults"


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [("utf-8", b"", "UTF-8"), ("utf-8", b"\xef\xbb\xbf", "UTF-8 with BOM"),
     ("cp1252", b"", "Windows-1252")],
)
def test_reading_detects_encoding(encoding, bom, expected):
    content = bom + f"{HEADER}\n{ROW.replace('Club', 'Café')}\n".encode(encoding)
    table = read_table("x.csv", content=content)
    assert table.encoding == expected
    assert table.cells.loc[0, "name"] == "Café"
    assert list(table.cells.columns)[0] == "intervention_id"


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_reading_detects_delimiter_without_confusing_the_code_separator(delimiter, name):
    content = f"{HEADER}\n{ROW}|peer_support\n".replace(",", delimiter).encode()
    table = read_table("x.csv", content=content)
    assert table.delimiter == name
    assert table.cells.loc[0, "populations"] == "older_adults|peer_support"


def test_reading_keeps_spreadsheet_row_numbers_and_skips_blank_rows():
    content = f"{HEADER}\n{ROW}\n,,,,,,\n\n{ROW.replace('A1', 'A2')}\n".encode()
    table = read_table("x.csv", content=content)
    assert table.rows == (2, 5)
    assert table.blank_rows == (3, 4)


def test_reading_reports_ragged_rows_for_the_validator():
    content = f"{HEADER}\n{ROW},extra\n".encode()
    table = read_table("x.csv", content=content)
    assert 2 in table.row_problems
    assert "8 cells but the header has 7" in table.row_problems[2]


def test_reading_forgives_header_case_and_spacing():
    content = ("Intervention ID,Name,Provider,Locality Code,Types,Determinants,Populations\n"
               f"{ROW}\n").encode()
    table = read_table("x.csv", content=content)
    assert "locality_code" in table.cells.columns
    assert table.source_columns["locality_code"] == "Locality Code"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b"\x00\x01binary\x00", "binary"),
        (b"just some words\nand more\n", "no header row"),
        (b"\xd0\xcf\x11\xe0old excel", "old Excel"),
        (b"intervention_id,name,name\n1,a,b\n", "appears twice"),
        (b'intervention_id,name,provider\n1,"unterminated,b\n', "well-formed"),
    ],
)
def test_reading_unreadable_files_give_one_clear_sentence(content, fragment):
    with pytest.raises(ReadError) as raised:
        read_table("upload.csv", content=content)
    message = str(raised.value)
    assert fragment in message
    assert "Traceback" not in message and message.endswith(".")


def test_reading_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="does not exist"):
        read_table(tmp_path / "nope.csv")


def test_reading_invalid_bytes_in_both_encodings_is_reported():
    # 0x81 is undefined in Windows-1252 and invalid as a UTF-8 start byte.
    with pytest.raises(ReadError, match="neither UTF-8 nor Windows-1252"):
        read_table("x.csv", content=f"{HEADER}\n".encode() + b"A1,\x81\x81,b\n")


def test_reading_xlsx_converts_numbers_and_dates_to_text():
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.title = "notes"
    data = book.create_sheet("data")
    data.append(HEADER.split(",") + ["annual_reach", "last_verified"])
    data.append(ROW.split(",") + [120.0, dt.datetime(2020, 3, 31)])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table("book.xlsx", content=buffer.getvalue())
    assert table.sheet == "data"
    assert table.cells.loc[0, "annual_reach"] == "120"
    assert table.cells.loc[0, "last_verified"] == "2020-03-31"
    assert table.rows == (2,)


def test_reading_corrupt_xlsx_is_a_read_error():
    with pytest.raises(ReadError, match="not a valid .xlsx"):
        read_table("book.xlsx", content=b"PK\x03\x04 not really a zip")


def test_reading_fixture_windows_1252_semicolon():
    table = read_table(FIXTURES / "windows1252_semicolon.csv")
    assert (table.encoding, table.delimiter) == ("Windows-1252", "semicolon")
    assert table.cells.loc[0, "name"] == "Café club"


def test_reading_row_numbers_count_blank_lines_above_the_header():
    content = f"\n\n{HEADER}\n{ROW}\n".encode()
    assert read_table("x.csv", content=content).rows == (4,)
