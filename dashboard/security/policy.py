"""Web security policy of the atlas: session key, same-origin check, response headers.

Cross-site request forgery: every state-changing request (POST, PUT, PATCH, DELETE; Dash
callbacks are POSTs) must come from a page of this site. Browsers send ``Origin`` on every
cross-origin POST and on same-origin fetches, and ``Sec-Fetch-Site`` on every request; a request
is refused when ``Sec-Fetch-Site`` says ``cross-site``, when ``Origin`` (or, without it,
``Referer``) names another host than the one the request was sent to, or when neither header is
present. This is OWASP's "verifying origin with standard headers" defence; it needs no token in
the page, so cached pages and several workers need no shared token state. The session cookie is
also ``SameSite=Lax`` and ``HttpOnly``.

Guessing the editor secret: after ``SIGN_IN_LIMIT`` wrong secrets from one client within
``SIGN_IN_WINDOW``, sign-in from that client is refused, without checking, until the oldest of
them is older than the window. A client is an IPv4 address or an IPv6 /64 network (one
household or device gets a whole /64). Attempts are counted in the database, which every worker
shares, before the guess is checked.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import os
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SECRET_KEY_FILE = "secret_key"
SIGN_IN_LIMIT = 10
SIGN_IN_WINDOW = dt.timedelta(minutes=15)


def client_key(address: str | None) -> str:
    """Who a sign-in attempt is counted against: the IPv4 address, or the IPv6 /64 network."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def sign_in_refusal(wait: dt.timedelta) -> str:
    """The sentence for a client that must wait ``wait`` before trying the secret again."""
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (f"Too many wrong secrets from your address in the last "
            f"{int(SIGN_IN_WINDOW.total_seconds() // 60)} minutes. Try again in {minutes} {unit}.")


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
        import time

        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty; delete it and start again.")


def _host_of(url: str | None) -> str | None:
    if not url or url == "null":
        return None
    parts = urlsplit(url)
    return parts.netloc.lower() or None


def same_origin(method: str, host: str, headers: Mapping[str, str]) -> bool:
    """True when a request may change state: safe method, or sent by a page of ``host``."""
    if method.upper() not in UNSAFE_METHODS:
        return True
    if headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return False
    origin = headers.get("Origin")
    source = _host_of(origin) if origin else _host_of(headers.get("Referer"))
    return source is not None and source == (host or "").lower()


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """A policy that lets Dash, plotly and MapLibre run with nothing inline but hashed scripts.

    Dash's renderer bootstrap and clientside callbacks are inline scripts: they are allowed by
    their hashes (``Dash.csp_hashes``). Plotly sets inline styles; MapLibre draws in blob workers
    and images.
    """
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "child-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


DATA_HEADERS = {"X-Content-Type-Options": "nosniff"}  # enough for JSON, scripts and images


def security_headers(csp: str) -> dict[str, str]:
    """Headers every HTML page carries (other responses carry ``DATA_HEADERS``).

    The policy, framing and opener rules act on documents only; left off the dozens of small
    callback responses a click causes, they save about 0.7 KB on each.
    """
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
