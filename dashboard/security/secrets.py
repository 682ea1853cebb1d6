"""Secrets: the editor secret (who may change stored data) and the session-signing key.

The secret itself is never stored. ``ATLAS_EDITOR_SECRET_HASH`` holds an scrypt hash made by
``python -m dashboard hash-secret``; a candidate is hashed with the same salt and parameters and
compared in constant time. With no hash configured, every editor write is disabled.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

_SCHEME = "scrypt"
# scrypt cost: 16 MiB of memory, tens of milliseconds per check; slow for guessing, fine for a login.
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES, _KEY_BYTES = 16, 32
SECRET_KEY_FILE = "secret_key"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(secret: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=256 * 1024 * 1024)


def hash_secret(secret: str, *, salt: bytes | None = None) -> str:
    """Hash ``secret`` for ``ATLAS_EDITOR_SECRET_HASH``: ``scrypt$n$r$p$salt$key`` (base64url).

    Raises:
        ValueError: when the secret is empty.
    """
    if not secret:
        raise ValueError("The editor secret must not be empty.")
    salt = secrets.token_bytes(_SALT_BYTES) if salt is None else salt
    key = _derive(secret, salt, _N, _R, _P, _KEY_BYTES)
    return f"{_SCHEME}${_N}${_R}${_P}${_b64(salt)}${_b64(key)}"


@dataclass(frozen=True)
class EditorSecret:
    """Checks a candidate editor secret against the configured hash.

    Attributes:
        encoded: the ``scrypt$...`` hash, or ``None`` when no secret is configured.
    """

    encoded: str | None

    def __post_init__(self) -> None:
        if self.encoded is not None:
            self._parts()  # fail at start, not at the first login, when the hash is malformed

    @property
    def writes_enabled(self) -> bool:
        """True when a secret is configured; without one nobody can edit."""
        return self.encoded is not None

    def _parts(self) -> tuple[int, int, int, bytes, bytes]:
        fields = (self.encoded or "").split("$")
        try:
            scheme, n, r, p, salt, key = fields
            if scheme != _SCHEME:
                raise ValueError(scheme)
            return int(n), int(r), int(p), _unb64(salt), _unb64(key)
        except ValueError:
            raise ValueError(
                "ATLAS_EDITOR_SECRET_HASH is not a hash made by 'python -m dashboard hash-secret' "
                "(expected scrypt$N$r$p$salt$key)."
            ) from None

    def check(self, candidate: str | None) -> bool:
        """True only when a secret is configured and ``candidate`` matches it (constant time)."""
        if self.encoded is None or not candidate:
            return False
        n, r, p, salt, key = self._parts()
        return hmac.compare_digest(_derive(candidate, salt, n, r, p, len(key)), key)


def secret_fingerprint(encoded_hash: str | None) -> str:
    """Short digest of the configured secret hash; a new secret signs everyone out."""
    return hashlib.sha256((encoded_hash or "").encode("utf-8")).hexdigest()[:16]


def load_or_create_secret_key(instance_dir: Path, configured: str | None = None) -> str:
    """The session-signing key: ``configured`` when set, else one kept in ``instance_dir``.

    The file is created atomically (mode 0600) by whichever process comes first; the others read
    it, so every gunicorn worker signs cookies with the same key.
    """
    if configured:
        return configured
    path = Path(instance_dir) / SECRET_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(48))
    for _ in range(50):  # another process may be writing it this very moment
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty; delete it and start again.")
