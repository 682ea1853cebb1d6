import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dashboard.core.settings import Settings, sqlite_url
from dashboard.store.store import Store
from dashboard.store.tables import metadata
from tests.storage.conftest import TABLES, table_counts

ROOT = Path(__file__).resolve().parents[2]


def test_migrations_create_the_schema_on_an_empty_database(db_url):
    store = Store.open(db_url)
    try:
        assert store.schema_revision() == Store.head_revision()
        assert set(TABLES) <= set(sa.inspect(store.engine).get_table_names())
        with store.engine.connect() as conn:
            # The migrated schema is exactly the one the code uses.
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        assert store.datasets() == []
    finally:
        store.close()


def test_migrations_are_idempotent_and_keep_data(db_url, example_report):
    first = Store.open(db_url)
    first.save_version("area", example_report.accepted, actor="Ann")
    first.close()
    again = Store.open(db_url)
    try:
        assert again.schema_revision() == Store.head_revision()
        with again.engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1
        assert [v.version for v in again.versions("area")] == [1]
        assert table_counts(again)["version_rows"] == example_report.rows_accepted
    finally:
        again.close()


def test_migrations_several_processes_starting_at_once_migrate_once(db_url):
    code = "import sys; from dashboard.store.store import Store; Store.open(sys.argv[1]).close(); print('ok')"
    starts = [subprocess.Popen([sys.executable, "-c", code, db_url], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in starts]
    assert [r[2] for r in results] == [0, 0, 0, 0], "\n".join(r[1][-2000:] for r in results)
    store = Store.open(db_url, migrate=False)
    try:
        assert store.schema_revision() == Store.head_revision()
        with store.engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1
    finally:
        store.close()


def test_migrate_command_reads_database_url(db_url):
    result = subprocess.run([sys.executable, "-m", "dashboard", "migrate"], cwd=ROOT, capture_output=True,
                            text=True, env={"PATH": "/usr/bin:/bin", "DATABASE_URL": db_url}, check=False)
    assert result.returncode == 0, result.stderr
    assert f"revision {Store.head_revision()}" in result.stdout


def test_sqlite_store_is_created_on_first_use_with_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "instance" / "nested" / "atlas.sqlite3"
    store = Store.open(sqlite_url(path))
    try:
        assert path.exists()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        store.close()


def test_settings_database_defaults_to_sqlite_in_the_instance_folder(tmp_path):
    default = Settings.from_env({})
    assert default.instance_dir == ROOT / "instance"
    assert default.database_url == f"sqlite:///{ROOT / 'instance' / 'atlas.sqlite3'}"
    moved = Settings.from_env({"ATLAS_INSTANCE_DIR": str(tmp_path)})
    assert moved.database_url == f"sqlite:///{tmp_path / 'atlas.sqlite3'}"
    chosen = Settings.from_env({"DATABASE_URL": "postgresql://atlas@db.example/atlas"})
    assert chosen.database_url == "postgresql://atlas@db.example/atlas"


def test_instance_folder_is_git_ignored():
    result = subprocess.run(["git", "check-ignore", "-q", "instance/atlas.sqlite3"], cwd=ROOT, check=False)
    assert result.returncode == 0


@pytest.mark.parametrize(("name", "value"), [("ATLAS_PROXY_HOPS", "-1"),
                                             ("ATLAS_SESSION_UPLOAD_DAYS", "0"),
                                             ("ATLAS_SESSION_UPLOAD_DAYS", "nan"),
                                             ("ATLAS_SESSION_UPLOAD_DAYS", "inf")])
def test_settings_refuse_values_that_would_weaken_or_break_the_store(name, value):
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: value})
