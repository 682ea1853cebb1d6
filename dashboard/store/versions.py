"""Saved datasets and their immutable versions."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dashboard.core.dataset_identity import SESSION_PREFIX
from dashboard.store.base import StoreBase, check_actor, utc_now
from dashboard.store.codec import decode_rows, encode_rows
from dashboard.store.errors import NotFoundError
from dashboard.store.records import StoredVersion, VersionInfo
from dashboard.store.tables import datasets_table, rows_table, versions_table

INSERT_BATCH = 1000


class Versions(StoreBase):
    """Datasets and their versions: list, load, save (a new version each time)."""

    def datasets(self) -> list[str]:
        """Names of the stored datasets, alphabetically."""
        with self._read() as conn:
            return list(conn.scalars(sa.select(datasets_table.c.name).order_by(datasets_table.c.name)))

    def versions(self, dataset: str) -> list[VersionInfo]:
        """Every version of ``dataset``, oldest first.

        Raises:
            NotFoundError: when there is no such dataset.
        """
        with self._read() as conn:
            dataset_id = self._dataset_id(conn, dataset)
            rows = conn.execute(
                sa.select(versions_table).where(versions_table.c.dataset_id == dataset_id)
                .order_by(versions_table.c.version)
            ).mappings()
            return [self._version_info(dataset, row) for row in rows]

    def recent_versions(self, per_dataset: int) -> dict[str, list[VersionInfo]]:
        """The newest ``per_dataset`` versions of each named dataset, in one query.

        Session uploads are left out; datasets come alphabetically, versions newest first.
        """
        d, v = datasets_table, versions_table
        query = (sa.select(v, d.c.name.label("dataset_name"))
                 .join(d, v.c.dataset_id == d.c.id)
                 .where(sa.func.substr(d.c.name, 1, len(SESSION_PREFIX)) != SESSION_PREFIX)
                 .order_by(d.c.name, v.c.version.desc()))
        recent: dict[str, list[VersionInfo]] = {}
        with self._read() as conn:
            for row in conn.execute(query).mappings():
                versions = recent.setdefault(row["dataset_name"], [])
                if len(versions) < per_dataset:
                    versions.append(self._version_info(row["dataset_name"], row))
        return recent

    def latest_version(self, dataset: str) -> int | None:
        """Newest version number of ``dataset`` (``None`` when there is no such dataset).

        One indexed query, cheap enough to poll every few seconds for live updates.
        """
        d, v = datasets_table, versions_table
        with self._read() as conn:
            found = conn.scalar(sa.select(sa.func.max(v.c.version))
                                .select_from(v.join(d, v.c.dataset_id == d.c.id))
                                .where(d.c.name == dataset))
        return None if found is None else int(found)

    def version_info(self, dataset: str, version: int | None = None) -> VersionInfo:
        """One version (the newest when ``version`` is None) without its rows: one small query.

        Raises:
            NotFoundError: when the dataset or version does not exist.
        """
        with self._read() as conn:
            return self._version_info(dataset, self._find_version(conn, dataset, version))

    def _find_version(self, conn: Connection, dataset: str, version: int | None) -> sa.RowMapping:
        dataset_id = self._dataset_id(conn, dataset)
        query = sa.select(versions_table).where(versions_table.c.dataset_id == dataset_id)
        if version is None:
            query = query.order_by(versions_table.c.version.desc()).limit(1)
        else:
            query = query.where(versions_table.c.version == version)
        row = conn.execute(query).mappings().first()
        if row is None:
            raise NotFoundError(f"Dataset '{dataset}' has no version {version}.")
        return row

    def load(self, dataset: str, version: int | None = None) -> StoredVersion:
        """The rows of one version (the newest when ``version`` is None), as validation gave them.

        Raises:
            NotFoundError: when the dataset or version does not exist.
        """
        with self._read() as conn:
            row = self._find_version(conn, dataset, version)
            texts = conn.scalars(
                sa.select(rows_table.c.data).where(rows_table.c.version_id == row["id"])
                .order_by(rows_table.c.position)
            ).all()
        rows = decode_rows(json.loads(row["columns"]), texts)
        return StoredVersion(self._version_info(dataset, row), rows)

    def save_version(
        self,
        dataset: str,
        rows: pd.DataFrame,
        *,
        actor: str,
        illustrative: bool = False,
        notice: str = "",
        comment: str = "",
        progress: Callable[[int, int], None] | None = None,
    ) -> VersionInfo:
        """Save ``rows`` (``ValidationReport.accepted``) as the next version of ``dataset``.

        The dataset is created on its first save. Everything, audit entry included, is written in
        one transaction: on any failure nothing is kept.

        Args:
            dataset: dataset name.
            rows: validated rows; needs a unique ``intervention_id`` column.
            actor: display name of who saves it.
            illustrative: True when the rows are synthetic or illustrative.
            notice: text shown with the dataset.
            comment: why this version exists.
            progress: called as ``progress(rows_written, rows_total)`` after each batch of rows,
                inside the transaction (for progress bars).

        Returns:
            The new version.
        """
        actor = check_actor(actor)
        if "intervention_id" not in rows.columns:
            raise ValueError("Rows to save need an intervention_id column.")
        spec, texts = encode_rows(rows.reset_index(drop=True))
        ids = [str(v) for v in rows["intervention_id"]]
        with self._write() as conn:
            now = utc_now()
            dataset_id = self._lock_dataset(conn, dataset, actor=actor, now=now, create=True)
            previous = self._latest(conn, dataset_id)
            number = previous["version"] + 1 if previous else 1
            version_id = self._insert_version(
                conn, dataset_id, number, now=now, actor=actor, illustrative=illustrative,
                notice=notice, comment=comment, spec=spec, row_count=len(texts),
            )
            for start in range(0, len(texts), INSERT_BATCH):
                conn.execute(rows_table.insert(), [
                    {"version_id": version_id, "position": position, "intervention_id": ids[position],
                     "data": texts[position]}
                    for position in range(start, min(start + INSERT_BATCH, len(texts)))
                ])
                if progress is not None:
                    progress(min(start + INSERT_BATCH, len(texts)), len(texts))
            details = {"rows": len(texts), "comment": comment, "illustrative": illustrative}
            if previous is not None:
                details["based_on"] = previous["version"]
                details.update(self._row_changes(conn, previous["id"], ids, texts))
            self._audit(conn, now, actor, "version.save", dataset_id=dataset_id, version_id=version_id,
                        details=details)
            info_row = conn.execute(sa.select(versions_table).where(versions_table.c.id == version_id))
            return self._version_info(dataset, info_row.mappings().one())

    @staticmethod
    def _row_changes(conn: Connection, previous_id: int, ids: list[str], texts: list[str]) -> dict[str, Any]:
        def content(text: str) -> dict[str, Any]:
            record = json.loads(text)
            record.pop("source_row", None)
            return record

        before = {
            row.intervention_id: row.data
            for row in conn.execute(sa.select(rows_table.c.intervention_id, rows_table.c.data)
                                    .where(rows_table.c.version_id == previous_id))
        }
        after = dict(zip(ids, texts, strict=True))
        added = [i for i in ids if i not in before]
        removed = [i for i in before if i not in after]
        changed = [i for i in ids if i in before and before[i] != after[i]
                   and content(before[i]) != content(after[i])]
        limit = 200
        return {
            "added": added[:limit], "removed": removed[:limit], "changed": changed[:limit],
            "counts": {"added": len(added), "removed": len(removed), "changed": len(changed)},
        }
