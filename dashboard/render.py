"""Server-side image rendering with kaleido and the system Chromium, kept warm between requests.

Starting Chromium costs seconds; a :class:`Renderer` starts it on the first export of a process
and reuses it for every later one. Calls are serialised with a lock because kaleido's
synchronous server answers one request at a time.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass, field

import plotly.graph_objects as go

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")


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


@dataclass
class Renderer:
    """A kaleido renderer that starts Chromium once and reuses it (one per process).

    Attributes:
        chromium: path of the Chromium executable, or None to search ``PATH``.
    """

    chromium: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def warm(self) -> bool:
        """Whether Chromium is already running for this process."""
        import kaleido

        return kaleido._global_server.is_running()  # noqa: SLF001 - no public accessor

    def render(self, figure: go.Figure, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        """Render a figure to PNG, SVG or PDF bytes at ``width`` x ``height`` CSS pixels.

        Raises:
            RenderError: Chromium is missing or the render failed.
        """
        import kaleido

        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        chromium = find_chromium(self.chromium)
        with self._lock:
            if not self.warm:
                kaleido.start_sync_server(mathjax=False, path=chromium, silence_warnings=True)
            try:
                return kaleido.calc_fig_sync(figure, opts=opts)
            except Exception as error:  # kaleido raises many kinds; the user needs one sentence
                raise RenderError(f"The image could not be rendered ({type(error).__name__}: "
                                  f"{error}).") from error

    def render_cold(self, figure: go.Figure, fmt: str, width: int, height: int,
                    scale: float = 1) -> bytes:
        """Render with a fresh Chromium that is closed afterwards (the cold-start baseline)."""
        import kaleido
        from kaleido._sync_server import oneshot_async_run

        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        kopts = {"mathjax": False, "path": find_chromium(self.chromium)}
        # Not calc_fig_sync: it would reuse the warm server when one is running.
        return oneshot_async_run(kaleido.calc_fig, args=(figure,),
                                 kwargs={"opts": opts, "kopts": kopts})
