"""The store's engine, transactions, migrations and the helpers every concern shares."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dashboard.core.codelists import CodeLists
from dashboard.ingest.validation import Localities
from dashboard.store.engine import create_store_engine
from dashboard.store.errors import NotFoundError
from dashboard.store.records import VersionInfo
from dashboard.store.tables import audit_table, datasets_table, versions_table

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MIGRATE_ATTEMPTS = 5  # SQLite "database is locked" while several processes start at once
# Key of the PostgreSQL advisory lock held while migrating ("atlas" in ASCII).
MIGRATION_LOCK_KEY = 0x61746C6173


def utc_now() -> dt.datetime:
    """The current time, timezone-aware UTC (what every stored timestamp is)."""
    return dt.datetime.now(dt.UTC)


def check_actor(actor: str) -> str:
    """The display name a change is recorded under (trimmed); ValueError when blank."""
    actor = (actor or "").strip()
    if not actor:
        raise ValueError("Every change needs the display name of who makes it.")
    return actor[:200]


class StoreBase:
    """Engine, transactions and migrations, which every concern of the store builds on.

    The concerns (versions, submissions, audit, session expiry, sign-in limits) are mixed into
    :class:`dashboard.store.store.Store`. It holds no state besides its engine and the read-only
    code lists, so any number of processes may use the same database at once.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        codelists: CodeLists | None = None,
        localities: Localities | None = None,
    ) -> None:
        self.engine = engine
        self.codelists = codelists
        self.localities = localities

    @classmethod
    def open(
        cls,
        url: str,
        *,
        codelists: CodeLists | None = None,
        localities: Localities | None = None,
        migrate: bool = True,
    ) -> Self:
        """Connect to ``url`` and, unless ``migrate`` is False, upgrade the schema to head."""
        store = cls(create_store_engine(url), codelists=codelists, localities=localities)
        if migrate:
            store.migrate()
        return store

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()

    # transactions

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(atlas_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # migrations

    def migrate(self) -> None:
        """Upgrade the schema to the newest migration, once, whatever else starts at the same time.

        The upgrade runs in one transaction holding a lock (SQLite: ``BEGIN IMMEDIATE``;
        PostgreSQL: a transaction-scoped advisory lock), so a second process waits and then
        finds nothing left to do.
        """
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        for attempt in range(1, MIGRATE_ATTEMPTS + 1):
            try:
                with self._write() as conn:
                    if self.dialect == "postgresql":
                        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                     {"key": MIGRATION_LOCK_KEY})
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
                return
            except sa.exc.OperationalError as error:
                # SQLite can answer "database is locked" at once, without waiting its busy
                # timeout, while several processes create the file and switch it to WAL
                # together (seen once in CI with four workers starting). The upgrade is one
                # transaction, so trying again is safe.
                if self.dialect != "sqlite" or "locked" not in str(error) \
                        or attempt == MIGRATE_ATTEMPTS:
                    raise
                self.engine.dispose()
                time.sleep(0.25 * attempt)

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at (``None`` before the first migration)."""
        from alembic.runtime.migration import MigrationContext

        with self._read() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @staticmethod
    def head_revision() -> str:
        """The newest migration shipped with this code."""
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        return str(ScriptDirectory.from_config(config).get_current_head())

    # helpers shared by the concerns

    def _insert_ignore(self, table: sa.Table) -> Any:
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    def _dataset_id(self, conn: Connection, name: str) -> int:
        found = conn.scalar(sa.select(datasets_table.c.id).where(datasets_table.c.name == name))
        if found is None:
            raise NotFoundError(f"There is no dataset called '{name}'.")
        return int(found)

    def _lock_dataset(
        self, conn: Connection, name: str, *, actor: str, now: dt.datetime, create: bool
    ) -> int:
        """Id of dataset ``name``, locked until the transaction ends (SQLite: already locked)."""
        if create:
            conn.execute(
                self._insert_ignore(datasets_table).values(name=name, created_at=now, created_by=actor)
                .on_conflict_do_nothing(index_elements=["name"])
            )
        found = conn.scalar(
            sa.select(datasets_table.c.id).where(datasets_table.c.name == name).with_for_update()
        )
        if found is None:
            raise NotFoundError(f"There is no dataset called '{name}'.")
        return int(found)

    @staticmethod
    def _latest(conn: Connection, dataset_id: int) -> sa.RowMapping | None:
        return conn.execute(
            sa.select(versions_table).where(versions_table.c.dataset_id == dataset_id)
            .order_by(versions_table.c.version.desc()).limit(1)
        ).mappings().first()

    @staticmethod
    def _insert_version(conn: Connection, dataset_id: int, number: int, *, now: dt.datetime, actor: str,
                        illustrative: bool, notice: str, comment: str, spec: list[list[str]],
                        row_count: int) -> int:
        return int(conn.execute(
            versions_table.insert().values(
                dataset_id=dataset_id, version=number, created_at=now, created_by=actor,
                illustrative=bool(illustrative), notice=notice, comment=comment,
                columns=json.dumps(spec), row_count=row_count,
            ).returning(versions_table.c.id)
        ).scalar_one())

    @staticmethod
    def _audit(conn: Connection, at: dt.datetime, actor: str, action: str, *, dataset_id: int | None = None,
               version_id: int | None = None, submission_id: int | None = None,
               details: Mapping[str, Any]) -> None:
        conn.execute(audit_table.insert().values(
            at=at, actor=actor, action=action, dataset_id=dataset_id, version_id=version_id,
            submission_id=submission_id, details=json.dumps(details, ensure_ascii=False, default=str),
        ))

    @staticmethod
    def _version_info(dataset: str, row: sa.RowMapping) -> VersionInfo:
        return VersionInfo(
            dataset=dataset, version=row["version"], created_at=row["created_at"],
            created_by=row["created_by"], illustrative=bool(row["illustrative"]), notice=row["notice"],
            comment=row["comment"], row_count=row["row_count"],
        )
