"""Entry point: ``create_app(settings)`` builds the atlas; ``server`` serves it under gunicorn.

Nothing heavy happens at import: data is loaded inside ``create_app``, and ``server`` builds
the app on its first request in each worker process.
"""

from __future__ import annotations

import gc
import threading

from dash import Dash

from dashboard.core.settings import Settings


def create_app(settings: Settings | None = None) -> Dash:
    """Load prepared data and the configured dataset, then build the Dash app."""
    from callbacks import register_all
    from dashboard.context import load_context
    from dashboard.exports.renderer import Renderer
    from dashboard.views.page import APP_TITLE, atlas_shell
    from layouts.page import build_layout
    from server import register_server
    from server.static_files import flask_server

    settings = settings or Settings.from_env()
    atlas = load_context(settings, with_store=True)
    atlas.library.expire_sessions()
    app = Dash(
        __name__,
        server=flask_server(__name__),
        title=APP_TITLE,
        serve_locally=True,
        update_title=None,
        compress=True,
        # Only the shell is in the layout; each page's section is built when the URL opens it.
        suppress_callback_exceptions=True,
        assets_path_ignore=["vendor"],  # served by server.static_files, loaded by the page's scripts
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en-GB">', 1)
    app.layout = build_layout(**atlas_shell(atlas))
    register_all(app, atlas, Renderer(settings.chromium))
    join = create_join_app(app, atlas)
    register_server(app, atlas, also=(join,))  # last: its CSP hashes the inline scripts before
    return app


# The participant page loads Bootstrap and the CSS only: none of the atlas's scripts (the plotly
# and table loaders, caption and map fitting, the presenter's keys) nor the plotly bundle.
JOIN_ASSETS_IGNORE = r"\.js$|03-presenter\.css"


def create_join_app(app: Dash, atlas) -> Dash:
    """The participant page, ``/join?dataset=NAME``: a small Dash app on the atlas's server.

    A page of its own, so a phone loads a form and nothing of the atlas's controls.
    """
    from callbacks import join as join_callbacks
    from layouts.join import join_layout
    from server.join import JOIN_PREFIX

    join = Dash(__name__, server=app.server, url_base_pathname=JOIN_PREFIX,
                title="Add a service we missed", serve_locally=True, update_title=None,
                assets_ignore=JOIN_ASSETS_IGNORE, assets_path_ignore=["vendor"])
    join.index_string = join.index_string.replace("<html>", '<html lang="en-GB">', 1)
    join.layout = join_layout(int(atlas.settings.live_poll_seconds * 1000))
    join_callbacks.register(join, atlas)
    return join


class _LazyServer:
    """WSGI callable that builds the app once per process, on the first request.

    After building, the data loaded at start (the bundled or configured dataset: hundreds of
    thousands of small objects, the lists of codes in every row) are moved out of the garbage
    collector's generations with ``gc.freeze()``:
    they live as long as the process, and a full collection would otherwise walk them all in
    the middle of whichever request triggered it (the slowest 5% of drill-downs).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wsgi = None

    def __call__(self, environ, start_response):
        if self._wsgi is None:
            with self._lock:
                if self._wsgi is None:
                    self._wsgi = create_app().server
                    gc.collect()  # what building left behind is freed, not frozen
                    gc.freeze()
        return self._wsgi(environ, start_response)


server = _LazyServer()


def main() -> None:
    """Serve the atlas with Flask's server on ``HOST``:``PORT`` (defaults 127.0.0.1:8050)."""
    settings = Settings.from_env()
    app = create_app(settings)
    print(f"Community mental-health provision atlas on http://{settings.host}:{settings.port}")
    app.run(host=settings.host, port=settings.port, debug=settings.debug)


if __name__ == "__main__":
    main()
