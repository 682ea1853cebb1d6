import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from dashboard.storage import MIGRATIONS_DIR, NotFoundError, Store, datasets_table
from tests.storage.conftest import table_counts

WEEK = dt.timedelta(days=7)


def later(days: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=days)


def test_expiry_deletes_old_session_uploads_and_nothing_else(store, example_report):
    rows = example_report.accepted.head(20)
    store.save_version("area", rows, actor="Ann")
    store.save_version("session-oldupload1", rows, actor="session upload")
    assert store.expire_sessions(WEEK, now=later(1)) == 0            # a day old: kept
    store.save_version("session-newupload1", rows, actor="session upload")
    with store.engine.begin() as conn:                              # make the first one 8 days old
        conn.execute(sa.update(datasets_table).where(datasets_table.c.name == "session-oldupload1")
                     .values(created_at=later(-8)))
    assert store.expire_sessions(WEEK) == 1
    assert store.datasets() == ["area", "session-newupload1"]
    with pytest.raises(NotFoundError):
        store.load("session-oldupload1")
    pd.testing.assert_frame_equal(store.load("area").rows, store.load("area", 1).rows)
    assert len(store.load("session-newupload1").rows) == 20
    assert table_counts(store)["version_rows"] == 40                  # area's and the new upload's
    assert [(e.action, e.dataset) for e in store.audit()] == [
        ("version.save", "area"), ("version.save", "session-newupload1"), ("session.expire", None)]
    assert store.audit()[-1].details == {"datasets": 1, "older_than_days": 7}


def test_only_session_uploads_may_be_deleted_by_the_database(store, example_report):
    rows = example_report.accepted.head(5)
    store.save_version("area", rows, actor="Ann")
    store.save_version("Session-lookalike", rows, actor="Ann")      # a named dataset (case differs)
    store.save_version("session-upload123", rows, actor="session upload")
    for table in ("version_rows", "audit_log"):
        with pytest.raises(sa.exc.DBAPIError, match="immutable"), store.engine.begin() as conn:
            conn.exec_driver_sql(f"DELETE FROM {table}")               # all or nothing: refused
    for statement in ("UPDATE version_rows SET data = '{}' WHERE version_id = "
                      "(SELECT max(id) FROM dataset_versions)",
                      "UPDATE dataset_versions SET row_count = 0 WHERE id = "
                      "(SELECT max(id) FROM dataset_versions)"):
        with pytest.raises(sa.exc.DBAPIError, match="immutable"), store.engine.begin() as conn:
            conn.exec_driver_sql(statement)                          # a session's rows: no update
    assert store.expire_sessions(dt.timedelta(0), now=later(1)) == 1
    assert store.datasets() == ["Session-lookalike", "area"]
    assert table_counts(store)["version_rows"] == 10


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
        conn.exec_driver_sql("DELETE FROM version_rows")
    old.close()
    store = Store.open(db_url)
    try:
        assert store.schema_revision() == Store.head_revision()
        assert store.expire_sessions(dt.timedelta(0), now=later(1)) == 1
        assert store.datasets() == ["area"] and len(store.load("area").rows) == 5
    finally:
        store.close()
