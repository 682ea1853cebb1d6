"""The datasets a server can show: the bundled one plus the store's saved versions and uploads.

See :mod:`dashboard.core.dataset_identity` for how a view names its dataset. Saved versions
are immutable, so a loaded version is kept in the context's cache by ``(name, version)``;
nothing here is shared mutable state between workers.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from dashboard.analysis.dataset import InterventionDataset, dataset_from_rows, read_meta
from dashboard.core.cache import Cache
from dashboard.core.dataset_identity import SESSION_PREFIX, DatasetKey, DatasetMeta
from dashboard.store.errors import NotFoundError
from dashboard.store.records import VersionInfo
from dashboard.store.store import Store


class DatasetLibrary:
    """The bundled dataset plus the store's datasets and the shipped examples, versions cached.

    Args:
        bundled: the dataset loaded at start.
        store: the database store (``None``: only the bundled dataset exists).
        session_days: how long a session upload is kept.
        cache: where loaded versions are kept (region ``versions``; the bundled dataset's).
        examples: ``example-<key>`` -> its file in ``data/examples`` (read when first shown).
        load_file: reads and validates an example's file.
    """

    def __init__(self, bundled: InterventionDataset, store: Store | None,
                 session_days: float = 7.0, cache: Cache | None = None,
                 examples: Mapping[str, Path] | None = None,
                 load_file: Callable[[Path], InterventionDataset] | None = None) -> None:
        self.bundled = bundled
        self.store = store
        self.session_days = session_days
        self.cache = bundled.cache if cache is None else cache
        self.examples = dict(examples or {})
        self.load_file = load_file

    def _version(self, name: str, version: int) -> InterventionDataset:
        return self.cache.get("versions", (name, version), lambda: self._load_version(name, version))

    def _load_version(self, name: str, version: int) -> InterventionDataset:
        stored = self.store.load(name, version)
        meta = stored.meta
        if name.startswith(SESSION_PREFIX):
            label = f"Your upload ({stored.info.comment or 'file'})"
            meta = DatasetMeta(name=label, version=meta.version, illustrative=meta.illustrative,
                               notice=meta.notice)
        return dataset_from_rows(meta, stored.rows, self.cache)

    def expire_sessions(self) -> int:
        """Delete session uploads older than ``session_days``; returns how many went.

        Best effort: a failure (the database busy or read-only) is logged and left for the
        next call, never passed on to the upload or the start-up that asked.
        """
        if self.store is None:
            return 0
        older_than, gone = dt.timedelta(days=self.session_days), 0
        try:
            while (went := self.store.expire_sessions(older_than)) > 0:
                gone += went
        except SQLAlchemyError as error:
            logging.getLogger(__name__).warning("Expiring session uploads failed: %s", error)
        return gone

    def latest_version(self, name: str) -> int | None:
        """Newest version number of ``name`` (one small query), or ``None`` when it has none."""
        if self.store is None:
            return None
        return self.store.latest_version(name)

    def recent_versions(self, per_dataset: int) -> dict[str, list[VersionInfo]]:
        """The newest versions of each saved dataset (session uploads are unlisted)."""
        if self.store is None:
            return {}
        return self.store.recent_versions(per_dataset)

    def versions(self, name: str) -> list[VersionInfo]:
        """Every version of a saved dataset, oldest first (empty when there is no such dataset)."""
        if self.store is None:
            return []
        try:
            return self.store.versions(name)
        except NotFoundError:
            return []

    def listed(self) -> list[str]:
        """Saved dataset names a switcher offers (session uploads are unlisted)."""
        if self.store is None:
            return []
        return [n for n in self.store.datasets() if not n.startswith(SESSION_PREFIX)]

    def example_names(self) -> dict[str, str]:
        """``example-<key>`` -> the example's name (from its ``.meta.json``)."""
        return {key: read_meta(path).name for key, path in self.examples.items()}

    def check(self, key: DatasetKey) -> tuple[DatasetKey, int | None, str | None]:
        """The key, the version it shows now and a note; unknown datasets fall back to bundled."""
        if key.bundled:
            return key, None, None
        if key.example:
            if key.name in self.examples and self.load_file is not None:
                return DatasetKey(key.name), None, None
            return DatasetKey(), None, f"There is no example dataset {key.name!r}; showing the " \
                "bundled dataset."
        if self.store is None:
            return DatasetKey(), None, "Saved datasets are not available on this server."
        latest = self.latest_version(key.name)
        if latest is None:
            if key.session:
                return DatasetKey(), None, (
                    f"That session upload has expired (uploads are kept {self.session_days:g} "
                    "days) or was never saved; showing the bundled dataset.")
            return (DatasetKey(), None,
                    f"The dataset {key.name!r} has not been found; showing the bundled dataset.")
        if key.version is not None and key.version > latest:
            return (DatasetKey(), None, f"{key.name!r} has no version {key.version}; showing the "
                    "bundled dataset.")
        return key, key.version or latest, None

    def dataset(self, key: DatasetKey, revision: int | None) -> InterventionDataset:
        """The dataset a checked key shows at ``revision`` (bundled when it cannot be loaded)."""
        if key.example and key.name in self.examples and self.load_file is not None:
            path = self.examples[key.name]
            return self.cache.get("versions", (key.name, 0), lambda: self.load_file(path))
        if key.bundled or self.store is None:
            return self.bundled
        version = key.version or revision or self.latest_version(key.name)
        if version is None:
            return self.bundled
        try:
            return self._version(key.name, version)
        except NotFoundError:  # a session upload expired since the view was checked
            return self.bundled
