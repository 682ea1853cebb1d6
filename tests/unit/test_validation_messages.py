"""One case per validation message: where it points (row, column, value) and what it says."""

import pytest

from dashboard.ingest.reading import read_table
from dashboard.ingest.validation import validate_table
from tests.conftest import TODAY

HEADER = "intervention_id,name,provider,locality_code,types,determinants,populations"
GOOD = "A1,Club,Prov,E06000009,befriending,social_isolation,older_adults"


def run(text: str, codelists, localities):
    return validate_table(read_table("x.csv", content=text.encode()), codelists, localities, today=TODAY)


ERRORS = [
    # (csv text, row, column, value, message fragment)
    (f"{HEADER}\nA1,,Prov,E06000009,befriending,social_isolation,older_adults", 2, "name", "",
     "'name' is required and is empty"),
    ("intervention_id,name,provider,locality_code,types,determinants\nA1,Club,Prov,E06000009,befriending,"
     "social_isolation", 1, "populations", "",
     "The required column 'populations' is missing from the header"),
    (f"{HEADER},cost_to_participant\n{GOOD},free|charged", 2, "cost_to_participant", "free|charged",
     "Only one cost to participant is allowed here"),
    (f"{HEADER},format\n{GOOD},groupish", 2, "format", "groupish", "'groupish' is not a known format."),
    (f"{HEADER}\nA1,Club,Prov,E06000009,knitting|baking,social_isolation,older_adults", 2, "types",
     "knitting|baking", "(2 unknown values in this cell.)"),
    (f"{HEADER}\nA1,Club,Prov,N09000003,befriending,social_isolation,older_adults", 2, "locality_code",
     "N09000003", "is a code in Northern Ireland; the atlas covers English districts only."),
    (f"{HEADER}\nA1,Club,Prov,Blackpol,befriending,social_isolation,older_adults", 2, "locality_code",
     "Blackpol", "is not an English local authority district code"),
    (f"{HEADER},annual_reach\n{GOOD},lots", 2, "annual_reach", "lots", "'annual_reach' must be a number"),
    (f"{HEADER},annual_cost_gbp\n{GOOD},-5", 2, "annual_cost_gbp", "-5",
     "'annual_cost_gbp' cannot be negative"),
    (f"{HEADER},latitude,longitude\n{GOOD},north,-3.05", 2, "latitude", "north",
     "'latitude' must be a decimal number in degrees (WGS84)"),
    (f"{HEADER},latitude,longitude\n{GOOD},,-3.05", 2, "latitude", "",
     "Latitude is missing while longitude is given"),
    (f"{HEADER},latitude,longitude\n{GOOD},53.8,", 2, "longitude", "",
     "Longitude is missing while latitude is given"),
    (f"{HEADER},latitude,longitude\n{GOOD},-3.05,53.8", 2, "latitude", "-3.05, 53.8",
     "would fall inside it with latitude and longitude swapped"),
    (f"{HEADER},latitude,longitude\n{GOOD},48.85,2.35", 2, "latitude", "48.85, 2.35",
     "This point (latitude, longitude) is outside England"),
    (f"{HEADER},start_date\n{GOOD},31/01/2020", 2, "start_date", "31/01/2020",
     "'start_date' must be an ISO date YYYY-MM-DD"),
    (f"{HEADER},start_date,end_date\n{GOOD},2020-05-01,2020-01-01", 2, "end_date", "2020-01-01",
     "The end date is before the start date."),
    (f"{HEADER}\n{GOOD}\nA1,Other,Prov,E06000009,befriending,social_isolation,older_adults", 3,
     "intervention_id", "A1", "The id 'A1' is already used in row 2; ids must be unique."),
    (f"{HEADER}\n{GOOD},extra", 2, "", "", "This row has 8 cells but the header has 7"),
]

WARNINGS = [
    (f"{HEADER},favourite_colour\n{GOOD},blue", 1, "favourite_colour", "favourite_colour",
     "This column is not part of the template; it is kept as extra data."),
    (f"{HEADER}\nA1,Club,Prov,E07000026,befriending,social_isolation,older_adults", 2, "locality_code",
     "E07000026", "recoded to E06000063"),
    (f"{HEADER}\nA1,Club,Prov,Blackpool,befriending,social_isolation,older_adults", 2, "locality_code",
     "Blackpool", "'Blackpool' is a district name, not a code; read as E06000009."),
    (f"{HEADER},last_verified\n{GOOD},2027-01-01", 2, "last_verified", "2027-01-01",
     "'last_verified' is in the future (today is 2026-11-22)."),
    (f"{HEADER},last_verified\n{GOOD},2020-01-01", 2, "last_verified", "2020-01-01",
     "Last verified more than 2 years ago"),
    (f"{HEADER}\n{GOOD}\n,,,,,,\nA2,Club,Prov,E06000009,befriending,social_isolation,older_adults", 3, "", "",
     "1 empty row(s) skipped: 3."),
]


@pytest.mark.parametrize(("text", "row", "column", "value", "fragment"), ERRORS)
def test_validation_message_error_path(codelists, small_localities, text, row, column, value, fragment):
    report = run(text, codelists, small_localities)
    matching = [e for e in report.errors if fragment in e.message]
    assert len(matching) == 1, report.errors
    assert (matching[0].row, matching[0].column, matching[0].value) == (row, column, value)
    assert report.rows_accepted < report.rows_total


@pytest.mark.parametrize(("text", "row", "column", "value", "fragment"), WARNINGS)
def test_validation_message_warning_path_keeps_the_row(codelists, small_localities, text, row, column, value,
                                                       fragment):
    report = run(text, codelists, small_localities)
    matching = [w for w in report.warnings if fragment in w.message]
    assert len(matching) == 1, report.warnings
    assert (matching[0].row, matching[0].column, matching[0].value) == (row, column, value)
    assert report.errors == () and report.rows_accepted == report.rows_total
