import datetime as dt

import pytest

from dashboard.ingest.reading import read_table
from dashboard.ingest.validation import validate_file, validate_table
from tests.conftest import FIXTURES, TODAY

HEADER = "intervention_id,name,provider,locality_code,types,determinants,populations"


def run(body: str, codelists, localities, header: str = HEADER, **kwargs):
    table = read_table("x.csv", content=f"{header}\n{body}".encode())
    return validate_table(table, codelists, localities, today=TODAY, **kwargs)


def only_error(report):
    assert len(report.errors) == 1, report.errors
    return report.errors[0]


def test_validation_accepts_a_good_file(codelists, small_localities):
    report = validate_file(FIXTURES / "good.csv", codelists, small_localities, today=TODAY)
    assert report.ok and report.rows_total == report.rows_accepted == 2
    assert report.errors == () and report.warnings == ()
    row = report.accepted.iloc[1]
    assert row["types"] == ["community_linking"]          # label accepted for a code
    assert row["determinants"] == ["financial_stress"]
    assert row["populations"] == ["low_income", "minority_ethnic"]
    assert row["annual_reach"] == 1500.0                     # "1,500"
    assert row["annual_cost_gbp"] == 20000.0                 # "£20000"
    assert report.accepted.iloc[0]["outcomes_measured"] == "unknown"   # blank means unknown


def test_validation_bad_file_reports_every_rejected_row(codelists, small_localities):
    report = validate_file(FIXTURES / "bad.csv", codelists, small_localities, today=TODAY)
    assert (report.rows_total, report.rows_accepted) == (5, 2)
    rejected_rows = {e.row for e in report.errors}
    assert rejected_rows == {3, 5, 6}
    assert set(report.accepted["source_row"]) == {2, 4}
    assert rejected_rows | set(report.accepted["source_row"]) == {2, 3, 4, 5, 6}


def test_validation_typo_gets_did_you_mean(codelists, small_localities):
    report = run("A1,Club,Prov,E06000009,befriendng,social_isolation,older_adults",
                 codelists, small_localities)
    error = only_error(report)
    assert (error.row, error.column, error.value) == (2, "types", "befriendng")
    assert "Did you mean 'befriending'?" in error.message
    assert "social_activities" in error.message            # what is allowed
    assert error.suggestion == "befriending"


def test_validation_multi_value_cell_names_the_bad_part(codelists, small_localities):
    report = run("A1,Club,Prov,E06000009,befriending|peer_suport,social_isolation,older_adults",
                 codelists, small_localities)
    error = only_error(report)
    assert error.value == "peer_suport" and error.suggestion == "peer_support"


def test_validation_single_code_field_refuses_several_values(codelists, small_localities):
    report = run("A1,Club,Prov,E06000009,befriending,social_isolation,older_adults,free|charged",
                 codelists, small_localities, header=HEADER + ",cost_to_participant")
    error = only_error(report)
    assert error.column == "cost_to_participant" and "Only one" in error.message


@pytest.mark.parametrize(
    ("column_index", "value", "fragment"),
    [
        (0, "", "'intervention_id' is required"),
        (1, "", "'name' is required"),
        (3, "E99999999", "not an English local authority district code"),
        (3, "S12000033", "Scotland"),
        (5, "", "'determinants' is required"),
    ],
)
def test_validation_required_and_locality_errors(codelists, small_localities, column_index,
                                                  value, fragment):
    cells = "A1,Club,Prov,E06000009,befriending,social_isolation,older_adults".split(",")
    cells[column_index] = value
    report = run(",".join(cells), codelists, small_localities)
    error = only_error(report)
    assert fragment in error.message
    assert error.column == HEADER.split(",")[column_index]
    assert report.rows_accepted == 0


def test_validation_retired_code_is_recoded_with_a_warning(codelists, small_localities):
    report = run("A1,Club,Prov,E07000026,befriending,social_isolation,older_adults",
                 codelists, small_localities)
    assert report.ok
    assert report.accepted.loc[0, "locality_code"] == "E06000063"
    (warning,) = report.warnings
    assert warning.column == "locality_code" and "recoded to E06000063" in warning.message


def test_validation_district_name_is_read_as_its_code(codelists, small_localities):
    report = run("A1,Club,Prov,blackpool,befriending,social_isolation,older_adults",
                 codelists, small_localities)
    assert report.ok and report.accepted.loc[0, "locality_code"] == "E06000009"
    assert "district name" in report.warnings[0].message


def test_validation_unknown_column_is_kept_and_reported(codelists, small_localities):
    report = run("A1,Club,Prov,E06000009,befriending,social_isolation,older_adults,blue",
                 codelists, small_localities, header=HEADER + ",Colour")
    assert report.ok
    assert report.accepted.loc[0, "colour"] == "blue"
    assert report.warnings[0].column == "Colour" and "kept" in report.warnings[0].message


def test_validation_missing_required_column_rejects_all_rows(codelists, small_localities):
    header = "intervention_id,name,provider,locality_code,types,determinants"
    report = run("A1,Club,Prov,E06000009,befriending,social_isolation\n"
                 "A2,Club,Prov,E06000009,befriending,social_isolation",
                 codelists, small_localities, header=header)
    assert report.rows_total == 2 and report.rows_accepted == 0
    error = only_error(report)
    assert (error.row, error.column) == (1, "populations") and "missing" in error.message


def test_validation_duplicate_ids_point_to_the_first(codelists, small_localities):
    row = "A1,Club,Prov,E06000009,befriending,social_isolation,older_adults"
    report = run(f"{row}\n{row}", codelists, small_localities)
    error = only_error(report)
    assert error.row == 3 and "already used in row 2" in error.message
    assert report.rows_accepted == 1


@pytest.mark.parametrize(
    ("extra", "column", "fragment"),
    [
        ("annual_reach=-3", "annual_reach", "cannot be negative"),
        ("annual_cost_gbp=lots", "annual_cost_gbp", "must be a number"),
        ("start_date=31/03/2020", "start_date", "ISO date"),
        ("latitude=53.8", "longitude", "Longitude is missing"),
        ("latitude=48.0;longitude=-3.0", "latitude", "outside England"),
        ("latitude=-3.05;longitude=53.82", "latitude", "swapped"),
        ("start_date=2020-05-01;end_date=2020-01-01", "end_date", "before the start date"),
        ("latitude=north;longitude=-3.0", "latitude", "decimal number"),
    ],
)
def test_validation_value_errors(codelists, small_localities, extra, column, fragment):
    pairs = dict(p.split("=") for p in extra.split(";"))
    header = HEADER + "," + ",".join(pairs)
    body = "A1,Club,Prov,E06000009,befriending,social_isolation,older_adults," + ",".join(
        pairs.values())
    report = run(body, codelists, small_localities, header=header)
    error = only_error(report)
    assert error.column == column and fragment in error.message
    assert report.rows_accepted == 0


def test_validation_stale_last_verified_is_a_warning_only(codelists, small_localities):
    report = run("A1,Club,Prov,E06000009,befriending,social_isolation,older_adults,2019-07-01",
                 codelists, small_localities, header=HEADER + ",last_verified",
                 stale_after_days=365)
    assert report.ok
    assert report.warnings[0].column == "last_verified"
    assert "out of date" in report.warnings[0].message
    assert report.accepted.loc[0, "last_verified"] == dt.datetime(2019, 7, 1)


def test_validation_ragged_row_is_rejected_with_its_row(codelists, small_localities):
    report = run("A1,Club,Prov,E06000009,befriending,social_isolation,older_adults,oops\n"
                 "A2,Club,Prov,E06000009,befriending,social_isolation,older_adults",
                 codelists, small_localities)
    error = only_error(report)
    assert error.row == 2 and "cells" in error.message
    assert report.rows_accepted == 1


def test_validation_report_json_shape(codelists, small_localities):
    report = validate_file(FIXTURES / "bad.csv", codelists, small_localities, today=TODAY)
    data = report.to_dict()
    assert {"rows_total", "rows_accepted", "errors", "warnings"} <= set(data)
    assert {"row", "column", "value", "message"} <= set(data["errors"][0])


def test_validation_every_row_accepted_or_reported_on_real_localities(codelists, localities):
    body = "\n".join(
        f"R{i},Club,Prov,{code},befriending,social_isolation,older_adults"
        for i, code in enumerate(["E06000009", "E08000038", "E12345678", "E07000026", ""])
    )
    report = run(body, codelists, localities)
    accepted = set(report.accepted["source_row"])
    reported = {e.row for e in report.errors}
    assert accepted | reported == {2, 3, 4, 5, 6} and not accepted & reported
    recoded = dict(zip(report.accepted["source_row"], report.accepted["locality_code"], strict=True))
    assert recoded[3] == "E08000016"          # Barnsley's 2025 code read as its LAD 2024 code
    assert recoded[5] == "E06000063"          # Allerdale, retired in 2023, is now Cumberland
