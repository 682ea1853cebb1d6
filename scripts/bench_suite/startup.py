"""Start-up and memory at scale: gunicorn -w 2 on a large dataset, time to pages, RSS per worker."""

from __future__ import annotations

import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .interactions import Requests, post, scenarios
from .serving import ROOT, Gunicorn, app_env
from .table import check, ms, row

GB = 1024 ** 3


@dataclass(frozen=True)
class Memory:
    """Memory of one process from ``/proc``, in bytes.

    Attributes:
        rss: resident now (VmRSS), shared file pages included.
        peak: largest resident size so far (VmHWM).
        pss: proportional share: each shared page divided by the processes that map it.
        shared: resident pages of files and shared memory (RssFile + RssShmem).
    """

    rss: int
    peak: int
    pss: int
    shared: int


def _status(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            out[key] = int(value.split()[0]) * 1024
    return out


def memory(pid: int) -> Memory:
    """The memory figures of process ``pid`` now."""
    status = _status(pid)
    rollup = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, value = line.partition(":")
        rollup[key] = int(value.split()[0]) * 1024
    return Memory(status["VmRSS"], status["VmHWM"], rollup.get("Pss", 0),
                  status.get("RssFile", 0) + status.get("RssShmem", 0))


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` so far (what it cost, whatever the load)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def workers(master: int) -> list[int]:
    """Process ids of gunicorn's workers (the master's children)."""
    text = Path(f"/proc/{master}/task/{master}/children").read_text()
    return sorted(int(pid) for pid in text.split())


def gb(n: float) -> str:
    """Bytes as gigabytes (1024^3), two decimals."""
    return f"{n / GB:.2f} GB"


def _first_pages(served: Gunicorn, timeout: float) -> list[float]:
    """Seconds from start until each of two simultaneous ``GET /`` is answered.

    A sync worker building the app does not accept another connection, so the two requests
    reach the two workers: the later time is when every worker serves pages.
    """
    times: list[float] = []

    def get() -> None:
        times.append(served.wait_for("/", timeout))

    threads = [threading.Thread(target=get, daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    return sorted(times)


def _exercise(served: Gunicorn, filter_code: str) -> None:
    """Send every measured interaction a few times, so each worker computes its views."""
    with urllib.request.urlopen(served.base + "/_dash-dependencies") as response:
        import json

        requests = Requests(json.loads(response.read()))
    for _ in range(3):
        for state, sent in scenarios(filter_code).values():
            for callback, shown in sent:
                status, _ = post(served.base, requests.body(callback, state, shown))
                assert status in (200, 204), status


def startup(tmp: Path, path: Path, rows: int, filter_code: str, timeout: float = 600) -> None:
    """Two starts of ``gunicorn -w 2 app:server`` on the dataset at ``path``, then its memory.

    The first start finds no columnar copy of the dataset in the instance folder; the second
    (a restart, as after a deploy) reads the copy the first wrote. The bundled dataset's start
    in a fresh instance folder is the baseline. Memory is read from ``/proc`` for each worker
    after both served a page, and again after every measured interaction was sent three times.
    """
    base_dir = tmp / "startup-bundled"
    base_dir.mkdir()
    bundled = Gunicorn("app", ROOT, app_env(base_dir))
    try:
        base_first, base_all = _first_pages(bundled, timeout)
        base_memory = max(memory(pid).rss for pid in workers(bundled.process.pid))
        base_cpu = max(cpu_seconds(pid) for pid in workers(bundled.process.pid))
    finally:
        bundled.stop()
    scale_dir = tmp / "startup-scale"
    scale_dir.mkdir()
    for label in ("first start (no columnar copy yet)", "restart (columnar copy present)"):
        served = Gunicorn("app", ROOT, app_env(scale_dir, path), timeout=int(timeout))
        try:
            first, every = _first_pages(served, timeout)
            cpu = max(cpu_seconds(pid) for pid in workers(served.process.pid))
            row("scale", f"{label}, {rows:,} rows, gunicorn -w 2: process start to first page / "
                "to a page from every worker (CPU seconds of the busier worker)",
                f"{ms(first)} / {ms(every)} ({cpu:.1f} s CPU)",
                f"bundled {ms(base_first)} / {ms(base_all)} ({base_cpu:.1f} s CPU)",
                f"{every / base_all:.1f}x", "< 20 s", check(every < 20))
            _memory_rows(served, rows, f"after the {label.split(' (')[0]}", base_memory)
            if label.startswith("restart"):
                _exercise(served, filter_code)
                _memory_rows(served, rows, "after the measured interactions x3", base_memory)
        finally:
            served.stop()


def _memory_rows(served: Gunicorn, rows: int, when: str, base_rss: int) -> None:
    figures = [memory(pid) for pid in workers(served.process.pid)]
    rss, peak = max(m.rss for m in figures), max(m.peak for m in figures)
    row("scale", f"memory per worker {when}, {rows:,} rows: RSS (peak since start) / PSS / "
        "shared file pages, largest of 2 workers",
        f"{gb(rss)} ({gb(peak)}) / {gb(max(m.pss for m in figures))} / "
        f"{gb(max(m.shared for m in figures))}", f"bundled dataset RSS {gb(base_rss)}",
        f"{rss / base_rss:.1f}x", "peak <= 1.5 GB", check(peak <= 1.5 * GB))
