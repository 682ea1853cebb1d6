"""Server-side image rendering with kaleido and the system Chromium, kept warm between requests.

Starting Chromium costs seconds; a :class:`Renderer` starts one on its first render and reuses it
for every later one. Each renderer owns its Chromium and an event loop on a private thread (no
process-wide singleton), serialises renders with a lock, gives up on a render after a timeout and
then restarts Chromium, so a stuck render can never hang a request.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import threading
import urllib.parse
from concurrent.futures import TimeoutError as FutureTimeout

import plotly.graph_objects as go

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
RENDER_TIMEOUT_S = 60.0


class RenderError(RuntimeError):
    """The image engine is missing or failed; the message says what to do."""


def find_chromium(configured: str | None = None) -> str:
    """Path of the Chromium kaleido drives: the configured one, else the first on ``PATH``.

    Raises:
        RenderError: no Chromium was found.
    """
    if configured:
        if shutil.which(configured) or os.path.isfile(configured):
            return configured
        raise RenderError(f"Image export needs Chromium, but {configured!r} does not exist.")
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise RenderError("Image export needs Chromium: install the Debian package 'chromium' "
                      "(or set ATLAS_CHROMIUM to its path).")


def _options(fmt: str, width: int, height: int, scale: float) -> dict:
    return {"format": fmt, "width": width, "height": height, "scale": scale}


# plotly.js fetches a world topojson for every geo subplot from its CDN, even when no base layer
# is drawn (``figures.vector_map`` draws none). Its ``topojsonURL`` is a prefix the file name is
# appended to: an inline, empty topology with a fragment for that name answers without a fetch.
NO_TOPOJSON = "data:application/json," + urllib.parse.quote(
    json.dumps({"type": "Topology", "objects": {}, "arcs": []})) + "#"


class Renderer:
    """A kaleido renderer that keeps one Chromium running (one per server process).

    Args:
        chromium: path of the Chromium executable, or None to search ``PATH``.
        timeout: seconds a render may take before it is abandoned and Chromium restarted.
    """

    def __init__(self, chromium: str | None = None, timeout: float = RENDER_TIMEOUT_S) -> None:
        self.chromium = chromium
        self.timeout = timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None

    @property
    def warm(self) -> bool:
        """Whether this renderer's Chromium is running."""
        return self._kaleido is not None

    def _run(self, coroutine, timeout: float):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def _start(self, chromium: str) -> None:
        import kaleido

        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            threading.Thread(target=self._loop.run_forever, name="kaleido-renderer",
                             daemon=True).start()

        async def open_kaleido():
            instance = kaleido.Kaleido(n=1, timeout=self.timeout, mathjax=False, path=chromium)
            await instance.open()
            return instance

        self._kaleido = self._run(open_kaleido(), self.timeout)

    def _stop(self) -> None:
        instance, self._kaleido = self._kaleido, None
        if instance is not None:
            try:
                self._run(instance.close(), 10)
            except Exception:  # noqa: BLE001 - a broken Chromium is being discarded anyway
                pass

    def close(self) -> None:
        """Stop Chromium and the renderer's thread."""
        with self._lock:
            self._stop()
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._loop = None

    def render(self, figure: go.Figure, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        """Render a figure to PNG, SVG or PDF bytes at ``width`` x ``height`` CSS pixels.

        Raises:
            RenderError: Chromium is missing, the render failed or took longer than the timeout.
        """
        chromium = find_chromium(self.chromium)
        with self._lock:
            try:
                if self._kaleido is None:
                    self._start(chromium)
                return self._run(self._kaleido.calc_fig(figure, _options(fmt, width, height, scale),
                                                        topojson=NO_TOPOJSON), self.timeout)
            except FutureTimeout as error:
                self._stop()
                raise RenderError(f"The image took longer than {self.timeout:g} s to render; "
                                  "please try again.") from error
            except Exception as error:  # kaleido raises many kinds; the user needs one sentence
                self._stop()
                raise RenderError(f"The image could not be rendered ({type(error).__name__}: "
                                  f"{error}).") from error

    def render_cold(self, figure: go.Figure, fmt: str, width: int, height: int,
                    scale: float = 1) -> bytes:
        """Render with a fresh Chromium that is closed afterwards (the cold-start baseline)."""
        import kaleido

        chromium = find_chromium(self.chromium)

        async def once():
            async with kaleido.Kaleido(n=1, timeout=self.timeout, mathjax=False,
                                       path=chromium) as instance:
                return await instance.calc_fig(figure, _options(fmt, width, height, scale),
                                               topojson=NO_TOPOJSON)

        return asyncio.run(once())
