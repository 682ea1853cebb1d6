"""Web security policy of the atlas: the same-origin check and response headers.

Cross-site request forgery: every state-changing request (POST, PUT, PATCH, DELETE; Dash
callbacks are POSTs) must come from a page of this site. Browsers send ``Origin`` on every
cross-origin POST and on same-origin fetches, and ``Sec-Fetch-Site`` on every request; a request
is refused when ``Sec-Fetch-Site`` says ``cross-site``, when ``Origin`` (or, without it,
``Referer``) names another host than the one the request was sent to, or when neither header is
present. This is OWASP's "verifying origin with standard headers" defence; it needs no token in
the page, so cached pages and several workers need no shared token state. The session cookie is
also ``SameSite=Lax`` and ``HttpOnly``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


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


# Every other response (JSON, scripts, styles, images, callback answers): a policy that lets
# nothing load and nothing frame it, should a browser ever open one as a document.
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"
DATA_HEADERS = {"Content-Security-Policy": DATA_POLICY, "X-Content-Type-Options": "nosniff"}


def security_headers(csp: str) -> dict[str, str]:
    """Headers every HTML page carries (other responses carry ``DATA_HEADERS``).

    The page's policy, framing and opener rules act on documents only; the dozens of small
    callback responses a click causes carry the short ``DATA_POLICY`` instead (about 0.7 KB
    less on each).
    """
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
