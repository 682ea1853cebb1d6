import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard.analysis.dataset import dataset_from_rows
from dashboard.ingest.validation import validate_file
from dashboard.store.errors import NotFoundError
from dashboard.store.store import Store
from tests.conftest import TODAY
from tests.storage.conftest import table_counts


def test_storage_saved_dataset_reloads_identically(store, example_report):
    saved = store.save_version("Five areas", example_report.accepted, actor="Ann Analyst",
                               illustrative=True, notice="Synthetic records.", comment="first upload")
    assert (saved.version, saved.row_count, saved.created_by) == (1, 404, "Ann Analyst")
    assert saved.created_at.utcoffset().total_seconds() == 0

    loaded = store.load("Five areas", 1)
    pd.testing.assert_frame_equal(loaded.rows, example_report.accepted, check_exact=True)
    assert loaded.rows["types"].map(type).eq(list).all()
    assert loaded.info == saved
    dataset = dataset_from_rows(loaded.meta, loaded.rows)
    assert dataset.meta.caption == "Illustrative data. Interventions: Five areas, version 1."
    assert dataset.meta.notice == "Synthetic records."
    assert dataset.counts_by_locality().sum() == 404


def test_storage_round_trip_keeps_extra_columns_unicode_and_odd_numbers(store, codelists, localities,
                                                                        tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(
        "intervention_id,name,provider,locality_code,types,determinants,populations,annual_reach,"
        "annual_cost_gbp,latitude,longitude,start_date,our_ref\n"
        'a1,"Café ☕ «Chat», ""quoted""",Ünïcode Trust,E06000009,befriending,social_isolation,'
        "older_adults|women,0.1,1e20,53.8,-3.05,2020-01-31,X-1\n"
        "a2,Walk,Trust,Blackpool,physical_activity,physical_health,all_adults,,,,,,\n",
        encoding="utf-8",
    )
    report = validate_file(path, codelists, localities, today=TODAY)
    assert report.rows_accepted == 2
    store.save_version("odd", report.accepted, actor="Ann")
    loaded = store.load("odd")
    pd.testing.assert_frame_equal(loaded.rows, report.accepted, check_exact=True)
    assert loaded.rows.loc[0, "name"] == 'Café ☕ «Chat», "quoted"'
    assert loaded.rows.loc[0, "our_ref"] == "X-1"
    assert loaded.rows.loc[0, "annual_cost_gbp"] == 1e20


def test_storage_empty_version_reloads_with_the_same_columns(store, example_report):
    empty = example_report.accepted.iloc[0:0]
    store.save_version("empty", empty, actor="Ann")
    pd.testing.assert_frame_equal(store.load("empty").rows, empty.reset_index(drop=True))


def test_storage_edit_creates_a_new_version_and_the_old_one_is_unchanged(store, example_report):
    original = example_report.accepted
    store.save_version("area", original, actor="Ann", illustrative=True)
    edited = original.drop(index=[0, 1]).reset_index(drop=True)
    edited.loc[0, "name"] = "Renamed service"
    second = store.save_version("area", edited, actor="Bea", illustrative=True, comment="tidy up")

    assert second.version == 2
    assert [(v.version, v.row_count) for v in store.versions("area")] == [(1, 404), (2, 402)]
    pd.testing.assert_frame_equal(store.load("area", 1).rows, original)
    pd.testing.assert_frame_equal(store.load("area").rows, edited)
    entry = store.audit("area")[-1]
    assert (entry.actor, entry.action, entry.version) == ("Bea", "version.save", 2)
    assert entry.details["based_on"] == 1
    assert entry.details["removed"] == list(original["intervention_id"][:2])
    assert entry.details["changed"] == [edited.loc[0, "intervention_id"]]
    assert entry.details["counts"] == {"added": 0, "removed": 2, "changed": 1}


def test_storage_database_refuses_to_change_a_saved_version(store, example_report):
    store.save_version("area", example_report.accepted.head(5), actor="Ann")
    before = store.load("area")
    for statement in ("UPDATE version_rows SET data = '{}'", "DELETE FROM version_rows",
                      "UPDATE dataset_versions SET row_count = 0", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DBAPIError, match="immutable"), store.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    pd.testing.assert_frame_equal(store.load("area").rows, before.rows)
    assert len(store.audit()) == 1


def _big(report, copies: int) -> pd.DataFrame:
    parts = []
    for n in range(copies):
        part = report.accepted.copy()
        part["intervention_id"] = part["intervention_id"] + f"-{n}"
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def test_storage_failed_write_at_the_end_of_a_batch_leaves_the_store_as_it_was(store, example_report):
    store.save_version("area", example_report.accepted, actor="Ann")
    before = table_counts(store)
    rows = _big(example_report, 4)  # 1,616 rows: the first batch of 1,000 is written before the failure
    rows.loc[len(rows) - 1, "intervention_id"] = rows.loc[0, "intervention_id"]  # breaks UNIQUE last
    with pytest.raises(sa.exc.IntegrityError):
        store.save_version("area", rows, actor="Bea")
    with pytest.raises(sa.exc.IntegrityError):
        store.save_version("new dataset", rows, actor="Bea")
    assert table_counts(store) == before
    assert store.datasets() == ["area"]
    assert [v.version for v in store.versions("area")] == [1]
    assert store.save_version("area", rows.iloc[:-1], actor="Bea").version == 2


def test_storage_crash_mid_write_leaves_the_store_as_it_was(store, example_report):
    store.save_version("area", example_report.accepted, actor="Ann")
    before = table_counts(store)
    written = []

    def crash(done: int, total: int) -> None:
        written.append(done)
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        store.save_version("area", _big(example_report, 4), actor="Bea", progress=crash)
    assert written == [1000]
    assert table_counts(store) == before
    pd.testing.assert_frame_equal(store.load("area").rows, example_report.accepted)


def test_storage_unknown_dataset_or_version_is_not_found(store, example_report):
    with pytest.raises(NotFoundError, match="no dataset called 'nope'"):
        store.load("nope")
    with pytest.raises(NotFoundError):
        store.versions("nope")
    store.save_version("area", example_report.accepted.head(3), actor="Ann")
    with pytest.raises(NotFoundError, match="no version 7"):
        store.load("area", 7)


def test_storage_save_needs_an_actor(store, example_report):
    with pytest.raises(ValueError, match="display name"):
        store.save_version("area", example_report.accepted, actor="  ")
    assert store.datasets() == []


def test_storage_versions_are_numbered_per_dataset(store, example_report):
    rows = example_report.accepted.head(2)
    assert [store.save_version(name, rows, actor="Ann").version for name in ("a", "b", "a", "a", "b")] \
        == [1, 1, 2, 3, 2]
    assert store.datasets() == ["a", "b"]


def test_store_rejects_other_database_kinds():
    from dashboard.store.errors import StoreError

    with pytest.raises(StoreError, match="sqlite:/// or postgresql://"):
        Store.open("mysql://user@localhost/atlas")


def test_recent_versions_lists_named_datasets_newest_first_without_session_uploads(store,
                                                                                 example_report):
    rows = example_report.accepted.head(3)
    for name in ("b-area", "a-area", "b-area", "b-area", "session-upload123"):
        store.save_version(name, rows, actor="Ann")
    recent = store.recent_versions(2)
    assert {name: [v.version for v in versions] for name, versions in recent.items()} == {
        "a-area": [1], "b-area": [3, 2]}
    assert list(recent) == ["a-area", "b-area"]
