"""Session signing, the editor role, the same-origin check and security headers on the server.

See ``dashboard/security.py`` for the policy. The editor role lives in the signed Flask session
cookie (``editor`` display name plus a fingerprint of the configured secret hash, so a new secret
signs everyone out); every write handler checks it on the server.
"""

from __future__ import annotations

import flask
from dash import Dash
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.context import AtlasContext
from dashboard.security.policy import (
    DATA_HEADERS,
    SIGN_IN_LIMIT,
    SIGN_IN_WINDOW,
    client_key,
    content_security_policy,
    load_or_create_secret_key,
    same_origin,
    security_headers,
    sign_in_refusal,
)
from dashboard.security.secrets import EditorSecret
from dashboard.views.workshop import secret_fingerprint

EDITOR_KEY, FINGERPRINT_KEY = "editor", "editor_secret"


def current_editor(atlas: AtlasContext) -> str | None:
    """Display name of the signed-in editor of this request, or ``None``."""
    configured = atlas.settings.editor_secret_hash
    if configured is None or not flask.has_request_context():
        return None
    session = flask.session
    if session.get(FINGERPRINT_KEY) != secret_fingerprint(configured):
        return None
    return session.get(EDITOR_KEY) or None


def sign_in(atlas: AtlasContext, name: str | None, secret: str | None) -> str | None:
    """Check the secret; on success mark the session as an editor's. Returns an error sentence.

    Each attempt is counted per client in the store before its guess is checked, and taken back
    when the guess was right; a client with too many wrong ones is refused without checking
    (``dashboard.security.policy.SIGN_IN_LIMIT``).
    """
    configured = atlas.settings.editor_secret_hash
    if configured is None:
        return "Editing is off: set ATLAS_EDITOR_SECRET_HASH on the server."
    display = (name or "").strip()[:100]
    if not display:
        return "Give your display name; it is recorded with every change you make."
    store = atlas.library.store if atlas.library else None
    attempt = None
    if store is not None:
        attempt = store.sign_in_attempt(client_key(flask.request.remote_addr),
                                        limit=SIGN_IN_LIMIT, window=SIGN_IN_WINDOW)
        if attempt.wait is not None:
            return sign_in_refusal(attempt.wait)
    if not EditorSecret(configured).check(secret):
        return "That is not the editor secret."
    if attempt is not None:
        store.forget_sign_in_attempt(attempt.id)
    flask.session.clear()
    flask.session[EDITOR_KEY] = display
    flask.session[FINGERPRINT_KEY] = secret_fingerprint(configured)
    return None


def sign_out() -> None:
    """Forget the editor role of this session."""
    flask.session.clear()


def register(app: Dash, atlas: AtlasContext) -> None:
    """Session key and cookie flags, the same-origin check and the headers (register last)."""
    server = app.server
    server.secret_key = load_or_create_secret_key(atlas.settings.instance_dir,
                                                  atlas.settings.secret_key)
    server.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                         SESSION_COOKIE_NAME="atlas_session",
                         # base64 grows uploads by a third: requests up to three times the
                         # limit reach the upload handler, which answers with a clear sentence.
                         MAX_CONTENT_LENGTH=int(atlas.settings.upload_max_bytes * 4) + 2**20)
    if atlas.settings.proxy_hops:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=atlas.settings.proxy_hops)
    headers = security_headers(content_security_policy(app.csp_hashes()))

    @server.before_request
    def refuse_cross_site():
        request = flask.request
        if not same_origin(request.method, request.host, request.headers):
            return flask.Response("Cross-site request refused.", status=403,
                                  mimetype="text/plain")
        return None

    @server.after_request
    def add_headers(response):
        for name, value in (headers if response.mimetype == "text/html" else DATA_HEADERS).items():
            response.headers.setdefault(name, value)
        return response
