"""Reading service directories: HSDS 3.0 JSON and tabular, 360Giving, any spreadsheet."""

import json
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from dashboard.coding.pipeline import hsds_schemas, read_source
from dashboard.ingest.directories.hsds import documents_from_bytes, read_hsds_json
from dashboard.ingest.directories.records import DirectoryError
from dashboard.ingest.directories.spreadsheets import parse_overrides, read_spreadsheet

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "hsds"
REAL = ROOT / "data" / "directories" / "real"


@pytest.fixture(scope="module")
def schemas(settings):
    return hsds_schemas(settings)


def test_hsds_service_document_gives_every_field_the_template_holds(schemas):
    read = read_source(FIXTURES / "V3.0-UK-Default" / "service_full.json", "hsds", schemas)
    record = read.records.iloc[0]
    assert len(read.records) == 1 and read.rejected == ()
    assert record["source_id"] == "ac148810-d857-441c-9679-408f346de14b"
    assert (record["name"], record["provider"]) == ("Community Counselling", "Example Organization Inc.")
    assert record["url"] == "http://example.com/counselling" and record["status"] == "active"
    assert (record["latitude"], record["longitude"]) == (100.0, 101.0)
    assert record["postcode"] == "ABC 1234" and record["last_verified"] == "2005-01-01"
    assert record["delivery"] == ["face_to_face"]


def test_hsds_folder_reads_each_service_once_and_names_what_it_skipped(schemas):
    read = read_source(FIXTURES / "V3.0-UK-Default", "hsds", schemas)
    assert len(read.records) == 1
    notes = " ".join(read.warnings)
    assert "HSDS-UK-3.0" in notes and "read once" in notes and "taxonomy_list.json" in notes


def test_hsds_failing_feed_rejects_services_without_a_name_and_says_why(schemas):
    read = read_source(FIXTURES / "V3.0-UK-Fail" / "service_list.json", "hsds", schemas)
    assert len(read.rejected) == 4 and len(read.records) == 0
    first = read.rejected[0]
    assert first.source_record == "service_list.json, item 1"
    assert "'name' is a required property" in first.reason
    full = read_source(FIXTURES / "V3.0-UK-Fail" / "service_full.json", "hsds", schemas)
    assert len(full.records) == 1  # a bad e-mail address does not stop a service being imported
    assert any("email" in w and "the services were kept" in w for w in full.warnings)


def test_hsds_malformed_json_names_the_file_line_and_column(schemas):
    bad = [("page.json", b'{"contents": [{"id": "x", "name": "A" "status": "active"}]}')]
    with pytest.raises(DirectoryError, match=r"page.json is not valid JSON: Expecting ',' delimiter at "
                                              r"line 1, column 39\. Nothing was imported"):
        read_hsds_json(bad, None, {})


def test_hsds_wrong_schema_version_is_refused(schemas):
    docs = [("api_details.json", json.dumps({"version": "2.0.1"}).encode()),
            ("service_full.json", (FIXTURES / "V3.0-UK-Default" / "service_full.json").read_bytes())]
    with pytest.raises(DirectoryError, match="declares version '2.0.1'; this reader reads HSDS 3.0"):
        read_hsds_json(docs, schemas, {})


def test_hsds_zip_of_a_folder_reads_like_the_folder(schemas):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (FIXTURES / "V3.0-UK-Default").glob("*.json"):
            archive.write(path, f"feed/{path.name}")
    documents = documents_from_bytes("feed.zip", buffer.getvalue(), (".json",))
    assert len(read_hsds_json(documents, schemas, {}).records) == 1


def test_hsds_tabular_package_is_joined_into_services(schemas):
    read = read_source(FIXTURES / "examples" / "csv", "hsds-csv", schemas)
    record = read.records.iloc[0]
    assert record["provider"] == "Example Organization Inc." and record["latitude"] == 100.0
    assert record["address"] == "1-30 Main Street, MyCity"
    assert any("not used by the atlas" in w for w in read.warnings)


def test_hsds_tabular_package_needs_services_csv(schemas):
    from dashboard.ingest.directories.hsds_tabular import read_hsds_tabular

    with pytest.raises(DirectoryError, match=r"needs a services.csv \(found: organizations.csv\)"):
        read_hsds_tabular([("organizations.csv", b"id,name\n1,A\n")], schemas, {})
    with pytest.raises(DirectoryError, match="holds no .csv file"):
        read_source(FIXTURES / "V3.0-UK-Default", "hsds-csv", schemas)


def test_giving_file_reads_standard_columns_and_beneficiary_codes():
    path = REAL / "trafford_council_vcs_grants_360giving_2013_2024.csv"
    read = read_spreadsheet(path.name, path.read_bytes(), giving=True)
    assert len(read.records) == 555 and read.rejected == ()
    first = read.records.iloc[0]
    assert first["name"] == "Altrincham Children's Choir"
    assert first["source_record"] == "row 2 (Voluntary Sector Grant to Altrincham Children's Choir)"
    assert first["area_code"] == "E08000009" and first["start_date"] == "2013-01-18"
    assert read.mapping["provider"] == "Recipient Org:Name"
    assert any("Amount Awarded" in w for w in read.warnings)  # unused columns are named


def test_giving_reader_refuses_a_file_without_the_standard_columns():
    path = REAL / "gm_food_banks_pantries_2018.csv"
    with pytest.raises(DirectoryError, match="not a 360Giving file"):
        read_spreadsheet(path.name, path.read_bytes(), giving=True)


def test_spreadsheet_mapping_is_detected_from_common_headers():
    path = REAL / "gm_food_banks_pantries_2018.csv"
    read = read_spreadsheet(path.name, path.read_bytes())
    assert read.mapping == {"name": "Name", "address": "Address", "postcode": "Postcode",
                            "latitude": "latitude", "longitude": "longitude", "url": "Website",
                            "area_code": "Area code", "area_name": "Area name"}
    assert len(read.records) == 171
    assert any("No provider column" in w for w in read.warnings)


def test_spreadsheet_mapping_can_be_overridden_set_and_cleared():
    content = b"Service title,Org,Notes,Post code\nWalk and talk,Friends,Weekly walks,BL3 2HP\n"
    overrides = parse_overrides(["name=Service title", "provider=Org", "text=Notes", "postcode="])
    read = read_spreadsheet("s.csv", content, overrides)
    record = read.records.iloc[0]
    assert (record["name"], record["provider"], record["extra_text"]) == ("Walk and talk", "Friends",
                                                                         "Weekly walks")
    assert record["postcode"] == "" and "postcode" not in read.mapping


def test_spreadsheet_errors_name_the_column_or_field():
    content = b"Title,Where\nA,B\n"
    with pytest.raises(DirectoryError, match="no column 'Nom'"):
        read_spreadsheet("s.csv", content, parse_overrides(["name=Nom"]))
    with pytest.raises(DirectoryError, match="known field"):
        parse_overrides(["colour=Where"])
    with pytest.raises(DirectoryError, match="no header row naming the expected columns "
                                             r"\(such as name, title, description\)"):
        read_spreadsheet("s.csv", b"Where,When\nB,C\n", parse_overrides([]))
    with pytest.raises(DirectoryError, match="No column of s.csv names the services"):
        read_spreadsheet("s.csv", b"Where,Postcode\nB,C\n", parse_overrides([]))
    named = read_spreadsheet("s.csv", b"Nom,Lieu\nA,B\n", parse_overrides(["name=Nom"]))
    assert named.records.iloc[0]["name"] == "A"  # a column named by hand is found


def test_spreadsheet_row_without_a_name_is_rejected_with_its_row():
    read = read_spreadsheet("s.csv", b"Name,Postcode\nA,BL3 2HP\n,BL1 2BZ\n")
    assert len(read.records) == 1
    assert read.rejected[0].source_record == "row 3"
    assert read.rejected[0].reason == "The service name (column Name) is empty; every service needs a name."
