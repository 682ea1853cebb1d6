"""Typed settings read once from environment variables."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.core.numbers import parse_float, parse_int

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_INSTANCE_DIR = PROJECT_ROOT / "instance"


def sqlite_url(path: Path) -> str:
    """SQLAlchemy URL of the SQLite database file at ``path``."""
    return f"sqlite:///{Path(path).resolve()}"


MAX_SESSION_UPLOAD_DAYS = 3650


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = parse_int(env.get(name) or str(default))
    if value is None:
        raise ValueError(f"{name} must be a whole number written in digits 0-9, not {env[name]!r}.")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    value = parse_float(env.get(name) or str(default))
    if value is None:
        raise ValueError(f"{name} must be a number such as 2 or 0.5, not {env[name]!r}.")
    return value


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Runtime settings of the atlas.

    Attributes:
        data_dir: folder holding ``raw/``, ``prepared/``, ``codelists/`` and ``examples/``.
        dataset_path: the intervention dataset the server loads at start.
        host: interface the development server binds to.
        port: TCP port of the development server.
        debug: Dash debug mode (never on in production).
        stale_after_days: ``last_verified`` older than this many days gives a warning.
        chromium: Chromium executable for image exports (None: the first on ``PATH``).
        instance_dir: per-installation folder (git-ignored) that holds the default SQLite store.
        database_url: SQLAlchemy URL of the store; SQLite in ``instance_dir`` unless
            ``DATABASE_URL`` names another database (``postgresql://...``).
        editor_secret_hash: ``scrypt$...`` hash of the editor secret (``python -m dashboard
            hash-secret``); ``None`` disables every editor write.
        secret_key: key that signs session cookies (``ATLAS_SECRET_KEY``); ``None``: a random key
            kept in ``instance_dir/secret_key`` so every worker shares it.
        upload_max_mb: largest file the upload page accepts, in megabytes (``ATLAS_UPLOAD_MAX_MB``).
        live_poll_seconds: how often a view that follows a dataset's newest version checks for a
            new one (``ATLAS_LIVE_POLL_SECONDS``).
        session_upload_days: days a file used "for this session" is kept before the store deletes
            it (``ATLAS_SESSION_UPLOAD_DAYS``; its link then shows the bundled dataset).
        proxy_hops: reverse proxies in front of the server whose ``X-Forwarded-For`` is trusted
            to give the client's address (``ATLAS_PROXY_HOPS``; 0: the connection's own address),
            which counts failed sign-ins and anonymous entries per client, and whose
            ``X-Forwarded-Proto`` says whether the request came over HTTPS.
        editor_idle_hours: an editor session unused this long ends (``ATLAS_EDITOR_IDLE_HOURS``).
        editor_session_days: an editor session ends this long after sign-in, used or not
            (``ATLAS_EDITOR_SESSION_DAYS``).
        coder_dir: the assisted coder's model and manifest (``ATLAS_CODER_DIR``; default
            ``data/models/coder``, built by ``scripts/train_coder.py``; ``python -m dashboard
            retrain-coder`` writes a retrained one elsewhere).
    """

    data_dir: Path = PROJECT_ROOT / "data"
    dataset_path: Path = field(
        default=PROJECT_ROOT / "data" / "examples" / "illustrative_interventions.csv"
    )
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    stale_after_days: int = 730
    chromium: str | None = None
    instance_dir: Path = DEFAULT_INSTANCE_DIR
    database_url: str = sqlite_url(DEFAULT_INSTANCE_DIR / "atlas.sqlite3")
    editor_secret_hash: str | None = None
    secret_key: str | None = None
    upload_max_mb: float = 10.0
    live_poll_seconds: float = 3.0
    session_upload_days: float = 7.0
    proxy_hops: int = 0
    editor_idle_hours: float = 8.0
    editor_session_days: float = 7.0
    coder_dir: Path = PROJECT_ROOT / "data" / "models" / "coder"

    def __post_init__(self) -> None:
        if self.proxy_hops < 0:
            raise ValueError(f"ATLAS_PROXY_HOPS must be 0 or more, not {self.proxy_hops}.")
        if not 0 < self.session_upload_days <= MAX_SESSION_UPLOAD_DAYS:
            raise ValueError("ATLAS_SESSION_UPLOAD_DAYS must be more than 0 and at most "
                             f"{MAX_SESSION_UPLOAD_DAYS}, not {self.session_upload_days}.")
        if not 0 < self.editor_idle_hours <= 24 * self.editor_session_days <= 24 * 365:
            raise ValueError("ATLAS_EDITOR_IDLE_HOURS must be more than 0 and at most "
                             "ATLAS_EDITOR_SESSION_DAYS (in hours), which is at most 365, not "
                             f"{self.editor_idle_hours} and {self.editor_session_days}.")

    @property
    def upload_max_bytes(self) -> int:
        """Upload size limit in bytes."""
        return int(self.upload_max_mb * 1024 * 1024)

    @property
    def editor_idle(self) -> dt.timedelta:
        """How long an unused editor session lasts."""
        return dt.timedelta(hours=self.editor_idle_hours)

    @property
    def editor_lifetime(self) -> dt.timedelta:
        """How long an editor session lasts at most."""
        return dt.timedelta(days=self.editor_session_days)

    @property
    def prepared_dir(self) -> Path:
        """Folder of prepared artefacts the server loads."""
        return self.data_dir / "prepared"

    @property
    def raw_dir(self) -> Path:
        """Folder of raw sources as published."""
        return self.data_dir / "raw"

    @property
    def codelists_dir(self) -> Path:
        """Folder of versioned code-list reference tables."""
        return self.data_dir / "codelists"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``ATLAS_*`` variables plus ``HOST``, ``PORT`` and ``DATABASE_URL``."""
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("ATLAS_DATA_DIR", str(PROJECT_ROOT / "data")))
        dataset = env.get("ATLAS_DATASET")
        instance_dir = Path(env.get("ATLAS_INSTANCE_DIR", str(DEFAULT_INSTANCE_DIR)))
        return cls(
            data_dir=data_dir,
            dataset_path=Path(dataset)
            if dataset
            else data_dir / "examples" / "illustrative_interventions.csv",
            host=env.get("HOST", "127.0.0.1"),
            port=_int(env, "PORT", 8050),
            debug=_bool(env.get("ATLAS_DEBUG"), False),
            stale_after_days=_int(env, "ATLAS_STALE_AFTER_DAYS", 730),
            chromium=env.get("ATLAS_CHROMIUM") or None,
            instance_dir=instance_dir,
            database_url=env.get("DATABASE_URL") or sqlite_url(instance_dir / "atlas.sqlite3"),
            editor_secret_hash=env.get("ATLAS_EDITOR_SECRET_HASH") or None,
            secret_key=env.get("ATLAS_SECRET_KEY") or None,
            upload_max_mb=_float(env, "ATLAS_UPLOAD_MAX_MB", 10),
            live_poll_seconds=_float(env, "ATLAS_LIVE_POLL_SECONDS", 3),
            session_upload_days=_float(env, "ATLAS_SESSION_UPLOAD_DAYS", 7),
            proxy_hops=_int(env, "ATLAS_PROXY_HOPS", 0),
            editor_idle_hours=_float(env, "ATLAS_EDITOR_IDLE_HOURS", 8),
            editor_session_days=_float(env, "ATLAS_EDITOR_SESSION_DAYS", 7),
            coder_dir=Path(env.get("ATLAS_CODER_DIR", str(data_dir / "models" / "coder"))),
        )
