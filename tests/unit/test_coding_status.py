"""Rows keep who coded them: the coding columns validated, filtered and stated in every caption."""


from dashboard.analysis.dataset import make_dataset
from dashboard.core.dataset_identity import DatasetMeta, check_name, coding_statement, parse_key
from dashboard.ingest.reading import read_table
from dashboard.ingest.validation import validate_table
from dashboard.views.switcher import coverage_notice

HEADER = "intervention_id,name,provider,locality_code,types,determinants,populations,coding_status," \
         "coding_confidence,coding_evidence,lsoa_code,placement,duplicate_of,source_record\n"


def validate(body: str, codelists, small_localities):
    return validate_table(read_table("t.csv", content=(HEADER + body).encode()), codelists, small_localities)


def test_coding_columns_are_known_to_the_validator_and_checked(codelists, small_localities):
    report = validate(
        "A,Walks,P,E06000009,befriending,social_isolation,all_adults,confirmed,0.93,rule,E01012345,"
        "point,,row 2\n"
        "B,Walks,P,E06000009,befriending,social_isolation,all_adults,Suggested,,,,,,\n"
        "C,Walks,P,E06000009,befriending,social_isolation,all_adults,maybe,1.5,,,,,\n",
        codelists, small_localities)
    assert report.rows_accepted == 2
    assert not any("not part of the template" in w.message for w in report.warnings)
    columns = {(e.row, e.column) for e in report.errors}
    assert columns == {(4, "coding_status"), (4, "coding_confidence")}
    status = next(e for e in report.errors if e.column == "coding_status")
    assert "'maybe' is not a known coding status" in status.message and "needs_review" in status.message
    assert list(report.accepted["coding_status"]) == ["confirmed", "suggested"]
    assert report.accepted["coding_confidence"].iloc[0] == 0.93


def test_a_dataset_states_who_coded_it_and_can_be_filtered_by_it(codelists, small_localities):
    report = validate(
        "A,W,P,E06000009,befriending,social_isolation,all_adults,confirmed,,,,,,\n"
        "B,W,P,E06000009,befriending,social_isolation,all_adults,edited,,,,,,\n"
        "C,W,P,E06000009,befriending,social_isolation,all_adults,suggested,0.8,,,,,\n", codelists,
        small_localities)
    dataset = make_dataset(DatasetMeta("Real", "1", False, "Two sources, not a complete directory"),
                           report.accepted, report)
    assert dataset.meta.coding == "Codes confirmed by a person for 2 of 3 services."
    assert dataset.meta.caption == ("Interventions: Real, version 1. Two sources, not a complete directory. "
                                    "Codes confirmed by a person for 2 of 3 services.")
    assert list(dataset.select({"coding_status": ("suggested",)})["intervention_id"]) == ["C"]


def test_rows_coded_outside_the_atlas_say_nothing_about_who_coded_them(atlas_context):
    dataset = atlas_context.dataset
    assert set(dataset.interventions["coding_status"]) == {"unknown"} and dataset.meta.coding == ""
    assert dataset.meta.caption.startswith("Illustrative data. Interventions:")
    assert coding_statement(["unknown", "unknown"]) == ""


def test_a_real_datasets_coverage_is_a_banner_and_illustrative_data_keep_theirs():
    real = DatasetMeta("Real", "1", False, "Two sources, not a complete directory.",
                       "Codes confirmed by a person for 0 of 5 services.")
    assert coverage_notice(real) == ("Two sources, not a complete directory. Codes confirmed by a person "
                                     "for 0 of 5 services.")
    assert coverage_notice(DatasetMeta("Fake", "1", True, "Illustrative data: made up")) is None


def test_example_datasets_have_their_own_reserved_keys():
    key, note = parse_key("example-greater-manchester")
    assert key.example and not key.follows_latest and note is None
    assert "reserved" in check_name("example-mine")
