"""The concurrency section: simulated users clicking through views against two gunicorn workers."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, replace

from dashboard.core.view_state import DEFAULT, ViewState

from .interactions import BIRMINGHAM, Requests, post
from .serving import Gunicorn
from .table import check, ms, percentile, row


def user_clicks(filter_code: str) -> list[ViewState]:
    """The views a simulated user clicks through, in turn from a random first one."""
    return [
        replace(DEFAULT, domain="income"),
        DEFAULT.with_filters(determinants=[filter_code]),
        ViewState(locality=BIRMINGHAM),
        ViewState(locality="E06000009"),
        replace(DEFAULT, page="gaps"),
        replace(DEFAULT, measure="share"),
        DEFAULT,
    ]


@dataclass(frozen=True)
class Load:
    """What every simulated user shares: the server, the requests, the clicks and think time."""

    served: Gunicorn
    requests: Requests
    clicks: list[ViewState]
    think: tuple[float, float]

    def user(self, seed: int, stop: float, latencies: list[float], errors: list[str]) -> None:
        """One user until ``stop``: each click sends the five state callbacks, then a pause."""
        rng = random.Random(seed)
        shown_locality: str | None = None
        step = rng.randrange(len(self.clicks))
        time.sleep(rng.uniform(0, self.think[1]))
        while time.time() < stop:
            state = self.clicks[step % len(self.clicks)]
            step += 1
            for name, shown in (("national", "map"), ("provision", None),
                                ("locality_map", shown_locality), ("locality_rest", None),
                                ("gaps", None)):
                start = time.perf_counter()
                try:
                    status, _ = post(self.served.base, self.requests.body(name, state, shown),
                                     timeout=60)
                    if status not in (200, 204):  # 204: nothing to update
                        errors.append(str(status))
                except Exception as error:  # noqa: BLE001 - every failure is an error here
                    errors.append(type(error).__name__)
                latencies.append(time.perf_counter() - start)
            shown_locality = state.locality
            time.sleep(rng.uniform(*self.think))

    def phase(self, users: int, duration: float) -> tuple[list[float], list[str]]:
        """Latencies and errors of ``users`` users (seeds 0, 1, ...) for ``duration`` seconds."""
        latencies: list[float] = []
        errors: list[str] = []
        stop = time.time() + duration
        threads = [threading.Thread(target=self.user, args=(i, stop, latencies, errors))
                   for i in range(users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return latencies, errors


def concurrency(served: Gunicorn, requests: Requests, filter_code: str, users: int,
                duration: float, think: tuple[float, float]) -> None:
    """Users clicking through views; each click sends the five state callbacks, as a page does.

    (national map, national provision, locality map, rest of the locality page, gaps; the
    page's smaller state callbacks, such as the export choices and the page switch, are not
    sent.)
    """
    load = Load(served, requests, user_clicks(filter_code), think)
    results = {}
    for n in (1, users):
        results[n] = load.phase(n, duration)
    one, many = results[1], results[users]
    p50, p95 = percentile(one[0], 50), percentile(one[0], 95)
    m50, m95 = percentile(many[0], 50), percentile(many[0], 95)
    think_text = f"think {think[0]:g}-{think[1]:g} s"
    row("concurrency", f"1 user, {duration:g} s ({think_text}): requests, errors, p50 / p95",
        f"{len(one[0])} req, {len(one[1])} errors, {ms(p50)} / {ms(p95)}")
    row("concurrency", f"{users} users, {duration:g} s, 2 workers: requests, errors",
        f"{len(many[0])} req ({len(many[0]) / duration:.1f}/s), {len(many[1])} errors",
        "", "", "0 errors", check(not many[1]))
    row("concurrency", f"{users} users: latency p50 / p95", f"{ms(m50)} / {ms(m95)}",
        f"1 user {ms(p50)} / {ms(p95)}", f"p95 {m95 / p95:.1f}x", "p95 <= 5x",
        check(m95 / p95 <= 5))
