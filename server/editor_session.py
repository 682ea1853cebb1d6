"""The editor role of a browser session: sign in, sign out, and who is signed in.

The role lives in the signed Flask session cookie (``editor`` display name plus a fingerprint of
the configured secret hash, so a new secret signs everyone out); every write handler checks it
on the server.
"""

from __future__ import annotations

import flask

from dashboard.context import AtlasContext
from dashboard.security.secrets import EditorSecret, secret_fingerprint
from dashboard.security.sign_in import SIGN_IN_LIMIT, SIGN_IN_WINDOW, client_key, sign_in_refusal

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
