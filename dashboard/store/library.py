"""Which intervention dataset a view shows: the bundled one, a saved one or a session upload.

A view names its dataset in the URL (``dataset=``):

- omitted or ``bundled``: the dataset the server loaded at start (``AtlasContext.dataset``);
- ``<name>``: the newest saved version of ``name`` (it follows new versions live);
- ``<name>@<version>``: one saved version, which never changes;
- ``session-<token>``: a file uploaded for one session, stored unlisted so every worker reads it.

Saved versions are immutable, so a loaded version is cached by ``(name, version)`` in the
library object the app owns; nothing here is shared mutable state between workers.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import secrets
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from dashboard.analysis.dataset import DatasetMeta, InterventionDataset, dataset_from_rows

if TYPE_CHECKING:
    from dashboard.context import AtlasContext
    from dashboard.core.view_state import ViewState
    from dashboard.store.store import Store, VersionInfo

BUNDLED = "bundled"
SESSION_PREFIX = "session-"  # the store deletes these when they expire (migration 0003)
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.\-]{0,79}")
SESSION_PATTERN = re.compile(r"session-[A-Za-z0-9_\-]{8,64}")
CACHED_VERSIONS = 16
SWITCHER_VERSIONS = 5  # pinned versions offered per saved dataset


@dataclass(frozen=True)
class DatasetKey:
    """A parsed ``dataset=`` value.

    Attributes:
        name: stored dataset name (``None`` for the bundled dataset).
        version: pinned version, or ``None`` for the newest.
    """

    name: str | None = None
    version: int | None = None

    @property
    def bundled(self) -> bool:
        """True for the dataset loaded at start."""
        return self.name is None

    @property
    def session(self) -> bool:
        """True for a session upload."""
        return bool(self.name and self.name.startswith(SESSION_PREFIX))

    @property
    def follows_latest(self) -> bool:
        """True when the view shows whatever the newest saved version is (live updates)."""
        return self.name is not None and self.version is None and not self.session

    def __str__(self) -> str:
        if self.name is None:
            return BUNDLED
        return self.name if self.version is None else f"{self.name}@{self.version}"


def parse_key(value: str | None) -> tuple[DatasetKey, str | None]:
    """Parse a ``dataset=`` value; an invalid one gives the bundled key and a note."""
    text = (value or "").strip()
    if not text or text == BUNDLED:
        return DatasetKey(), None
    if SESSION_PATTERN.fullmatch(text):
        return DatasetKey(text), None
    name, _, version = text.partition("@")
    if NAME_PATTERN.fullmatch(name) and not name.startswith(SESSION_PREFIX) and name != BUNDLED:
        if not version:
            return DatasetKey(name), None
        if version.isdigit() and int(version) >= 1:
            return DatasetKey(name, int(version)), None
    return DatasetKey(), f"Ignored dataset={text!r}: not a dataset name; showing the bundled dataset."


def check_name(name: str) -> str | None:
    """Why ``name`` cannot be a saved dataset's name, or ``None`` when it can."""
    if not NAME_PATTERN.fullmatch(name or ""):
        return ("A dataset name has 1 to 80 letters, digits, spaces, dots, hyphens or underscores "
                "and starts with a letter or digit.")
    if name.startswith(SESSION_PREFIX) or name == BUNDLED:
        return f"'{name}' is reserved; choose another name."
    return None


def new_session_name() -> str:
    """A fresh, unguessable name for a session upload."""
    return SESSION_PREFIX + secrets.token_urlsafe(12)


class DatasetLibrary:
    """The bundled dataset plus the store's datasets, with loaded versions cached.

    Args:
        bundled: the dataset loaded at start.
        store: the database store (``None``: only the bundled dataset exists).
        session_days: how long a session upload is kept.
    """

    def __init__(self, bundled: InterventionDataset, store: Store | None,
                 session_days: float = 7.0) -> None:
        self.bundled = bundled
        self.store = store
        self.session_days = session_days
        self._version = functools.lru_cache(maxsize=CACHED_VERSIONS)(self._load_version)

    def _load_version(self, name: str, version: int) -> InterventionDataset:
        stored = self.store.load(name, version)
        meta = stored.meta
        if name.startswith(SESSION_PREFIX):
            label = f"Your upload ({stored.info.comment or 'file'})"
            meta = DatasetMeta(name=label, version=meta.version, illustrative=meta.illustrative,
                               notice=meta.notice)
        return dataset_from_rows(meta, stored.rows)

    def expire_sessions(self) -> int:
        """Delete session uploads older than ``session_days``; returns how many went.

        Best effort: a failure (the database busy or read-only) is logged and left for the
        next call, never passed on to the upload or the start-up that asked.
        """
        if self.store is None:
            return 0
        from sqlalchemy.exc import SQLAlchemyError

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

    def listed(self) -> list[str]:
        """Saved dataset names a switcher offers (session uploads are unlisted)."""
        if self.store is None:
            return []
        return [n for n in self.store.datasets() if not n.startswith(SESSION_PREFIX)]

    def check(self, key: DatasetKey) -> tuple[DatasetKey, int | None, str | None]:
        """The key, the version it shows now and a note; unknown datasets fall back to bundled."""
        if key.bundled:
            return key, None, None
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
        if key.bundled or self.store is None:
            return self.bundled
        version = key.version or revision or self.latest_version(key.name)
        if version is None:
            return self.bundled
        from dashboard.store.store import NotFoundError  # storage imports this module

        try:
            return self._version(key.name, version)
        except NotFoundError:  # a session upload expired since the view was checked
            return self.bundled


def scoped(atlas: AtlasContext, state: ViewState) -> AtlasContext:
    """The context with the dataset the view state names (the same object when bundled)."""
    library = atlas.library
    key, _ = parse_key(state.dataset)
    if library is None or key.bundled:
        return atlas
    return replace(atlas, dataset=library.dataset(key, state.revision))


def check_state(atlas: AtlasContext, state: ViewState) -> tuple[ViewState, list[str]]:
    """The state with a dataset that exists and the version it shows now, plus notes."""
    key, note = parse_key(state.dataset)
    notes = [note] if note else []
    if key.bundled:
        return replace(state, dataset=BUNDLED, revision=None), notes
    if atlas.library is None:
        return (replace(state, dataset=BUNDLED, revision=None),
                [*notes, "Saved datasets are not available on this server; showing the bundled "
                 "dataset."])
    key, revision, note = atlas.library.check(key)
    return replace(state, dataset=str(key), revision=revision), [*notes, *([note] if note else [])]


def dataset_options(atlas: AtlasContext, current: str) -> list[dict[str, str]]:
    """Switcher options: the bundled dataset, the saved datasets, the current one.

    Each saved dataset is offered as its newest version (following new ones live), then as each
    of its ``SWITCHER_VERSIONS`` newest versions pinned (a link that never changes, for citing).
    """
    meta = atlas.library.bundled.meta if atlas.library else atlas.dataset.meta
    options = [{"label": f"Bundled: {meta.name}", "value": BUNDLED}]
    recent = atlas.library.recent_versions(SWITCHER_VERSIONS) if atlas.library else {}
    for name, versions in recent.items():
        options.append({"label": f"{name}: newest version, updates live", "value": name})
        options += [{"label": f"{name}: version {v.version} only (saved "
                              f"{v.created_at:%d %b %Y} by {v.created_by}, {v.row_count:,} rows)",
                     "value": str(DatasetKey(name, v.version))} for v in versions]
    if current not in {o["value"] for o in options}:
        key, _ = parse_key(current)
        label = "Your upload (this session)" if key.session else f"{key.name}, version {key.version}"
        options.append({"label": label, "value": current})
    return options
