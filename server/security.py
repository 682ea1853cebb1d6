"""Session signing, the same-origin check and security headers on the Flask server.

See ``dashboard/security/policy.py`` for the policy. Registered after every Dash callback: its
content security policy hashes every inline script registered before it.
"""

from __future__ import annotations

from collections.abc import Sequence

import flask
from dash import Dash
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.context import AtlasContext
from dashboard.security.policy import DATA_HEADERS, content_security_policy, same_origin, security_headers
from dashboard.security.secrets import load_or_create_secret_key


class SessionCookies(SecureCookieSessionInterface):
    """Signed session cookies marked ``Secure`` whenever the request came over HTTPS.

    Directly, or through reverse proxies whose ``X-Forwarded-Proto`` is trusted
    (``ATLAS_PROXY_HOPS``); a plain-HTTP development server still gets a cookie it can use.
    """

    def get_cookie_secure(self, app: flask.Flask) -> bool:
        """``Secure`` for requests that came over HTTPS."""
        return flask.has_request_context() and flask.request.is_secure


def register(app: Dash, atlas: AtlasContext, also: Sequence[Dash] = ()) -> None:
    """Session key and cookie flags, the same-origin check and the headers (register last).

    ``also``: other Dash apps on the same server, whose inline scripts the policy allows too.
    """
    server = app.server
    settings = atlas.settings
    server.secret_key = load_or_create_secret_key(settings.instance_dir, settings.secret_key)
    server.session_interface = SessionCookies()
    server.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                         SESSION_COOKIE_NAME="atlas_session",
                         PERMANENT_SESSION_LIFETIME=settings.editor_lifetime,
                         # base64 grows uploads by a third: requests up to three times the
                         # limit reach the upload handler, which answers with a clear sentence.
                         MAX_CONTENT_LENGTH=int(settings.upload_max_bytes * 4) + 2**20)
    if settings.proxy_hops:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=settings.proxy_hops,
                                   x_proto=settings.proxy_hops)
    hashes = dict.fromkeys([*app.csp_hashes(), *(h for other in also for h in other.csp_hashes())])
    headers = security_headers(content_security_policy(hashes))

    def refuse_cross_site():
        request = flask.request
        if not same_origin(request.method, request.host, request.headers):
            return flask.Response("Cross-site request refused.", status=403,
                                  mimetype="text/plain")
        return None

    # First of all hooks: a cross-site request is refused before anything reads its body.
    server.before_request_funcs.setdefault(None, []).insert(0, refuse_cross_site)

    @server.after_request
    def add_headers(response):
        for name, value in (headers if response.mimetype == "text/html" else DATA_HEADERS).items():
            response.headers.setdefault(name, value)
        return response
