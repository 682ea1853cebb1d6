"""Storage fixtures: every test runs on SQLite (a file in tmp_path) and on a real PostgreSQL.

PostgreSQL comes from ATLAS_TEST_POSTGRES_URL (a user that may CREATE DATABASE) or, when that is
unset, from a throwaway cluster this session starts with the server binaries of the machine
(initdb/pg_ctl from /usr/lib/postgresql/*/bin; `make postgres` installs them). Without either,
the PostgreSQL tests fail: CI must run both engines.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from dashboard.core.settings import sqlite_url
from dashboard.ingest.validation import validate_file
from dashboard.store.store import Store
from tests.conftest import TODAY

ENGINES = ("sqlite", "postgresql")
TABLES = ("datasets", "dataset_versions", "version_rows", "submissions", "audit_log",
          "sign_in_attempts", "editor_sessions", "client_events", "coding_drafts", "coding_draft_rows")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_bin() -> Path | None:
    def major(path: Path) -> int:
        name = path.parents[1].name
        return int(name) if name.isdigit() else 0

    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=major)
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


@pytest.fixture(scope="session")
def postgres_admin_url():
    """URL of a PostgreSQL superuser connection (database ``postgres``)."""
    configured = os.environ.get("ATLAS_TEST_POSTGRES_URL")
    if configured:
        yield configured
        return
    bindir = _postgres_bin()
    if bindir is None:
        pytest.fail(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found, so the storage tests cannot "
            "run on PostgreSQL. Install them with `make postgres` (Debian: apt-get install postgresql) "
            "or set ATLAS_TEST_POSTGRES_URL to a server where the user may CREATE DATABASE.",
            pytrace=False,
        )
    root = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
    as_owner: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        if shutil.which("runuser") is None:
            pytest.fail("Running as root needs runuser (util-linux) to start PostgreSQL as 'postgres'.",
                        pytrace=False)
        try:
            shutil.chown(root, "postgres", "postgres")
        except LookupError:
            pytest.fail("Running as root needs the 'postgres' system user (apt-get install postgresql).",
                        pytrace=False)
        as_owner = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", free_port()
    subprocess.run(as_owner + [str(bindir / "initdb"), "-D", str(data), "-U", "atlas", "-A", "trust",
                               "-E", "UTF8", "--locale=C", "--no-sync"],
                   check=True, capture_output=True)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200"
    log = root / "server.log"
    started = subprocess.run(
        as_owner + [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options,
                    "start"],
        capture_output=True, text=True, check=False,
    )
    if started.returncode != 0:
        text = log.read_text() if log.exists() else ""
        pytest.fail(f"PostgreSQL did not start: {started.stderr}\n{text}", pytrace=False)
    try:
        yield f"postgresql+psycopg://atlas@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(as_owner + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)


def _new_postgres_database(admin_url: str):
    url = make_url(admin_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    name = f"atlas_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return admin, name, url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


@pytest.fixture
def db_url(engine_name, tmp_path, request):
    """An empty database on the engine under test; nothing is created in it yet."""
    if engine_name == "sqlite":
        yield sqlite_url(tmp_path / "instance" / "atlas.sqlite3")
        return
    admin, name, url = _new_postgres_database(request.getfixturevalue("postgres_admin_url"))
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def store(db_url, codelists, localities):
    opened = Store.open(db_url, codelists=codelists, localities=localities)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def example_report(settings, codelists, localities):
    """The bundled illustrative dataset, validated as an upload would be."""
    return validate_file(settings.dataset_path, codelists, localities, today=TODAY)


def table_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t: conn.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in TABLES}
