"""A directory in, coded exchange-template rows and a report out: every record's fate."""

from pathlib import Path

import pytest

from dashboard.coding.build import GM_SOURCES, source_path
from dashboard.coding.pipeline import (
    OUTPUT_COLUMNS,
    import_directory,
    import_tools,
    parse_evidence,
    read_source,
    rows_csv,
)
from dashboard.core.cache import Cache
from dashboard.ingest.reading import read_table
from dashboard.ingest.validation import validate_table

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "hsds"


@pytest.fixture(scope="module")
def tools(settings):
    return import_tools(settings, Cache())


@pytest.fixture(scope="module")
def food(settings, tools):
    source = GM_SOURCES[0]
    read = read_source(source_path(settings, source), source.kind, tools.schemas, overrides=source.overrides)
    return import_directory(read, tools, id_prefix=source.id_prefix, context=source.context)


def test_import_places_every_food_bank_and_reports_every_fate(food):
    counts = food.report.counts
    assert counts == {"read": 171, "imported": 171, "rejected": 0, "placed_lsoa": 171, "placed_district": 0,
                      "not_placed": 0, "duplicates": counts["duplicates"]}
    assert len(food.report.records) == 171 and food.report.exit_code == 0
    assert {r["fate"] for r in food.report.records} == {"imported"}
    assert list(food.rows.columns) == list(OUTPUT_COLUMNS)
    assert food.rows["intervention_id"].is_unique and food.rows["intervention_id"].iloc[0] == "GMFOOD-00001"


def test_import_suggests_food_codes_with_evidence_and_statuses(food):
    rows = food.rows
    assert (rows["types"].str.contains("food_security")).mean() > 0.9  # the source says what they are
    assert set(rows["coding_status"]) <= {"suggested", "needs_review"}
    suggested = rows[rows["coding_status"] == "suggested"]
    assert len(suggested) and (suggested["coding_confidence"].astype(float) > 0).all()
    assert suggested["coding_evidence"].str.contains("types food_security").all()
    review = rows[rows["coding_status"] == "needs_review"]
    assert review["coding_evidence"].str.contains("no confident code for").all()
    assert sum(food.report.statuses.values()) == 171


def test_a_context_says_what_every_record_of_a_source_is(tools):
    read = read_source("d.csv", "csv", tools.schemas, content=b"Name\nSalvation Army Bury\n")
    assert import_directory(read, tools).rows["types"].iloc[0] == ""
    told = import_directory(read, tools, context="Food bank or pantry").rows.iloc[0]
    assert "food_security" in told["types"] and "food bank" in told["coding_evidence"].lower()


def test_import_flags_duplicates_by_name_and_place_without_dropping_them(settings, tools):
    read = read_source("d.csv", "csv", tools.schemas, content=(
        b"Name,Postcode,latitude,longitude\n"
        b"Trussell Trust,BL3 2HP,53.5603452,-2.4180017\n"
        b"Trussell Trust,BL3 2HP,53.5603452,-2.4180017\n"
        b"Trussell Trust,BL1 2BZ,53.5815171,-2.4344326\n"))
    result = import_directory(read, tools)
    assert list(result.rows["duplicate_of"]) == ["", "IMP-00001", ""]
    assert result.report.counts["duplicates"] == 1 and len(result.rows) == 3


def test_import_keeps_unplaced_services_and_says_why(tools):
    read = read_source(FIXTURES / "V3.0-UK-Default" / "service_full.json", "hsds", tools.schemas)
    result = import_directory(read, tools)
    row = result.rows.iloc[0]
    assert row["locality_code"] == "" and row["placement"].startswith("not placed: the point (100, 101)")
    assert result.report.counts["not_placed"] == 1 and result.report.exit_code == 0
    assert row["intervention_id"] == "ac148810-d857-441c-9679-408f346de14b"


def test_import_with_rejected_records_exits_one(tools):
    read = read_source(FIXTURES / "V3.0-UK-Fail", "hsds", tools.schemas)
    result = import_directory(read, tools)
    assert result.report.counts["rejected"] == 2 and result.report.exit_code == 1
    rejected = [r for r in result.report.records if r["fate"] == "rejected"]
    assert all("'name' is a required property" in r["reason"] for r in rejected)


def test_imported_rows_pass_the_upload_validator_once_coded_and_placed(food, codelists, localities):
    table = read_table("coded.csv", content=rows_csv(food.rows).encode())
    report = validate_table(table, codelists, localities)
    coded = (food.rows["coding_status"] == "suggested").sum()
    assert report.rows_accepted == coded  # rows that need review are named, not half-accepted
    assert not any(w.message.startswith("This column is not part of the template") for w in report.warnings)
    assert all(e.column in ("types", "determinants", "populations") for e in report.errors)


def test_the_evidence_column_reads_back_as_the_suggestions_it_records(food):
    for row, suggested in zip(food.rows.head(20).to_dict("records"), food.suggestions, strict=False):
        recorded = parse_evidence(row["coding_evidence"])
        expected = {name: [(s.code, round(s.confidence, 2), s.evidence) for s in items if s.suggested]
                    for name, items in suggested.items()}
        got = {name: [(s.code, s.confidence, s.evidence) for s in items] for name, items in recorded.items()}
        assert got == {name: items for name, items in expected.items() if items}
    assert parse_evidence("no confident code for types") == {} and parse_evidence("") == {}
