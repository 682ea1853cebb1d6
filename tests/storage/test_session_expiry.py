import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from dashboard.store.base import MIGRATIONS_DIR
from dashboard.store.errors import NotFoundError
from dashboard.store.store import Store
from tests.storage.conftest import table_counts

WEEK = dt.timedelta(days=7)
# Rows of one dataset in each table whose rows the database guards.
OF_DATASET = {
    "version_rows": "version_id IN (SELECT v.id FROM dataset_versions v JOIN datasets d "
                    "ON d.id = v.dataset_id WHERE d.name = '{name}')",
    "dataset_versions": "dataset_id IN (SELECT id FROM datasets WHERE name = '{name}')",
    "audit_log": "dataset_id IN (SELECT id FROM datasets WHERE name = '{name}')",
}


def later(days: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=days)


def created(store, name: str) -> dt.datetime:
    return store.versions(name)[0].created_at


def test_expiry_deletes_old_session_uploads_and_nothing_else(store, example_report):
    rows = example_report.accepted.head(20)
    store.save_version("area", rows, actor="Ann")
    store.save_version("session-oldupload1", rows, actor="session upload")
    store.save_version("session-newupload1", rows, actor="session upload")
    assert store.expire_sessions(WEEK, now=later(1)) == 0             # a day later: all kept
    # A week after the newer one was made: the older one is over a week old, the newer one not.
    assert store.expire_sessions(WEEK, now=created(store, "session-newupload1") + WEEK) == 1
    assert store.datasets() == ["area", "session-newupload1"]
    with pytest.raises(NotFoundError):
        store.load("session-oldupload1")
    assert len(store.load("session-newupload1").rows) == 20
    pd.testing.assert_frame_equal(store.load("area").rows, store.load("area", 1).rows)
    assert table_counts(store)["version_rows"] == 40                   # area's and the new upload's
    assert [(e.action, e.dataset) for e in store.audit()] == [
        ("version.save", "area"), ("version.save", "session-newupload1"), ("session.expire", None)]
    assert store.audit()[-1].details == {"datasets": 1, "older_than_days": 7}


def test_expiry_goes_in_batches(store, example_report):
    for n in range(5):
        store.save_version(f"session-upload{n:04d}", example_report.accepted.head(2),
                           actor="session upload")
    assert [store.expire_sessions(WEEK, now=later(8), batch=2) for _ in range(4)] == [2, 2, 1, 0]
    assert store.datasets() == []


def test_only_session_uploads_may_be_deleted_by_the_database(store, example_report):
    rows = example_report.accepted.head(5)
    store.save_version("area", rows, actor="Ann")
    store.save_version("Session-lookalike", rows, actor="Ann")      # a named dataset (case differs)
    store.save_version("session-upload123", rows, actor="session upload")
    for name in ("area", "Session-lookalike"):
        for table, where in OF_DATASET.items():
            with pytest.raises(sa.exc.DBAPIError, match="immutable"), store.engine.begin() as conn:
                conn.exec_driver_sql(f"DELETE FROM {table} WHERE {where.format(name=name)}")
    for statement in (f"UPDATE version_rows SET data = '{{}}' WHERE "
                      f"{OF_DATASET['version_rows'].format(name='session-upload123')}",
                      "UPDATE datasets SET name = 'session-renamed1' WHERE name = 'area'",
                      "UPDATE datasets SET created_by = 'Mallory' WHERE name = 'session-upload123'"):
        with pytest.raises(sa.exc.DBAPIError, match="immutable"), store.engine.begin() as conn:
            conn.exec_driver_sql(statement)                          # nothing is ever updated
    with store.engine.begin() as conn:                              # a session's rows may go
        conn.exec_driver_sql(f"DELETE FROM version_rows WHERE "
                             f"{OF_DATASET['version_rows'].format(name='session-upload123')}")
    assert table_counts(store)["version_rows"] == 10
    assert store.expire_sessions(dt.timedelta(0), now=later(1)) == 1
    assert store.datasets() == ["Session-lookalike", "area"]


def test_upgrade_from_the_first_schema_keeps_data_and_allows_expiry(db_url, example_report):
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    old = Store.open(db_url, migrate=False)
    with old.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    old.save_version("area", example_report.accepted.head(5), actor="Ann")
    old.save_version("session-upload123", example_report.accepted.head(5), actor="session upload")
    with pytest.raises(sa.exc.DBAPIError, match="immutable"), old.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM version_rows WHERE "
                             + OF_DATASET["version_rows"].format(name="session-upload123"))
    old.close()
    store = Store.open(db_url)
    try:
        assert store.schema_revision() == Store.head_revision()
        assert store.expire_sessions(dt.timedelta(0), now=later(1)) == 1
        assert store.datasets() == ["area"] and len(store.load("area").rows) == 5
    finally:
        store.close()
