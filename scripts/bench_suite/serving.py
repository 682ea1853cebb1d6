"""Serving the app the way production does (gunicorn), and the settings of a benchmark run."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

from dashboard.core.settings import Settings, sqlite_url

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PLAIN_APP = '''
import plotly.express as px
from dash import Dash, dcc, html

df = px.data.gapminder().query("year == 2007")
app = Dash(__name__, serve_locally=True, compress=True)
app.layout = html.Div([dcc.Graph(figure=px.scatter(df, x="gdpPercap", y="lifeExp"))])
server = app.server
'''


def free_port() -> int:
    """A TCP port free on the loopback interface now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``gunicorn -w 2 <module>:server`` in a subprocess."""

    def __init__(self, module: str, cwd: Path, env: dict[str, str], workers: int = 2,
                 timeout: int = 120) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [str(GUNICORN), "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
             "--timeout", str(timeout), f"{module}:server"],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )

    def wait_for(self, path: str, timeout: float = 120) -> float:
        """Seconds from process start until ``path`` answers 200."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited: " + self.process.stderr.read().decode()[-2000:])
            try:
                with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                    if response.status == 200:
                        response.read()
                        return time.perf_counter() - self.started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        raise TimeoutError(path)

    def stop(self) -> None:
        """Terminate gunicorn, killing it if it has not exited in 20 s, and then its workers.

        (A worker busy with a long request, say a first start still validating, outlives a
        killed master; it is killed by its process id.)
        """
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        workers = [int(p) for p in children.read_text().split()] if children.exists() else []
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for pid in workers:
            with contextlib.suppress(OSError):  # gone already (and its id not reused)
                if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.kill(pid, signal.SIGKILL)


def app_env(tmp: Path, dataset: Path | None = None) -> dict[str, str]:
    """Environment of a served app: a temporary instance folder, no database URL."""
    env = dict(os.environ, ATLAS_INSTANCE_DIR=str(tmp / "instance"))
    env.pop("DATABASE_URL", None)
    if dataset:
        env["ATLAS_DATASET"] = str(dataset)
    return env


def bench_settings(tmp: Path, dataset: Path | None = None) -> Settings:
    """Settings of an in-process app like ``app_env``, with SQLite in the instance folder."""
    settings = Settings.from_env(app_env(tmp, dataset))
    return replace(settings, database_url=sqlite_url(tmp / "instance" / "atlas.sqlite3"))


def served_app(settings: Settings):
    """The app as a gunicorn worker holds it: built, then its loaded data frozen (``app.py``)."""
    import gc

    from app import create_app

    app = create_app(settings)
    gc.collect()
    gc.freeze()
    return app
