"""The editor role of a browser session: sign in, sign out, and who is signed in.

Signing in records a session in the store (``dashboard.store.editor_sessions``), which every
worker and host shares; the signed Flask cookie (``atlas_session``) holds only the session's
random token. A request is an editor's while that session is live: not signed out, used within
``ATLAS_EDITOR_IDLE_HOURS``, younger than ``ATLAS_EDITOR_SESSION_DAYS``, and started under the
editor secret configured now (a new secret signs everyone out). Every write handler checks it
on the server.
"""

from __future__ import annotations

import flask

from dashboard.context import AtlasContext
from dashboard.core.limits import DISPLAY_NAME, length_problem
from dashboard.security.secrets import EditorSecret, secret_fingerprint
from dashboard.security.sign_in import SIGN_IN_LIMIT, SIGN_IN_WINDOW, client_key, sign_in_refusal

TOKEN_KEY = "editor_session"
_CHECKED = "atlas_editor"  # flask.g: the editor of this request, looked up once


def request_client() -> str:
    """Who this request counts against: its IPv4 address or IPv6 /64 (after ATLAS_PROXY_HOPS)."""
    return client_key(flask.request.remote_addr if flask.has_request_context() else None)


def _store(atlas: AtlasContext):
    return atlas.library.store if atlas.library else None


def current_editor(atlas: AtlasContext) -> str | None:
    """Display name of the signed-in editor of this request, or ``None``."""
    configured = atlas.settings.editor_secret_hash
    store = _store(atlas)
    if configured is None or store is None or not flask.has_request_context():
        return None
    if _CHECKED not in flask.g:
        token = flask.session.get(TOKEN_KEY)
        live = store.editor_session(token, idle=atlas.settings.editor_idle,
                                    absolute=atlas.settings.editor_lifetime) if token else None
        valid = live is not None and live.secret_fingerprint == secret_fingerprint(configured)
        setattr(flask.g, _CHECKED, live.editor if valid else None)
    return flask.g.get(_CHECKED)


def sign_in(atlas: AtlasContext, name: str | None, secret: str | None) -> str | None:
    """Check the secret; on success start an editor session. Returns an error sentence.

    Each attempt is counted per client in the store before its guess is checked, and taken back
    when the guess was right; a client with too many wrong ones is refused without checking
    (``dashboard.security.sign_in.SIGN_IN_LIMIT``).
    """
    configured = atlas.settings.editor_secret_hash
    if configured is None:
        return "Editing is off: set ATLAS_EDITOR_SECRET_HASH on the server."
    display = (name or "").strip()
    if not display:
        return "Give your display name; it is recorded with every change you make."
    problem = length_problem("Your display name", display, DISPLAY_NAME)
    if problem:
        return problem
    store = _store(atlas)
    if store is None:
        return "Signing in needs the database, which is not available on this server."
    attempt = store.sign_in_attempt(request_client(), limit=SIGN_IN_LIMIT, window=SIGN_IN_WINDOW)
    if attempt.wait is not None:
        return sign_in_refusal(attempt.wait)
    if not EditorSecret(configured).check(secret):
        return "That is not the editor secret."
    store.forget_sign_in_attempt(attempt.id)
    store.forget_editor_sessions(atlas.settings.editor_lifetime)  # all long expired
    _end(store)
    flask.session.clear()
    flask.session.permanent = True  # the cookie expires with the session (absolute expiry)
    flask.session[TOKEN_KEY] = store.start_editor_session(display, secret_fingerprint(configured))
    flask.g.pop(_CHECKED, None)
    return None


def _end(store) -> None:
    token = flask.session.get(TOKEN_KEY)
    if token:
        store.end_editor_session(token)


def sign_out(atlas: AtlasContext) -> None:
    """End this browser's editor session on every worker and host, and forget the cookie."""
    store = _store(atlas)
    if store is not None:
        _end(store)
    flask.session.clear()
    flask.g.pop(_CHECKED, None)
