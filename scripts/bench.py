"""Benchmark suite of the atlas: every figure next to the baseline it is compared with, same run.

Run (about 8 minutes; the machine should be otherwise quiet, but ratios hold when it is not):

    .venv/bin/python scripts/bench.py                # full run, prints a Markdown table
    .venv/bin/python scripts/bench.py --smoke        # tiny run (3 repeats, 5 users for 3 s, 2k rows)

The app is served the way production serves it (``gunicorn -w 2 app:server``) and driven over
HTTP with the callback requests a browser sends (built from ``/_dash-dependencies``), and with
headless Chromium (Debian ``chromium`` and ``chromium-driver``). Sections:

* cold start: process start to the first page and layout, against a minimal Dash app with one
  plotly.express figure under the same gunicorn command;
* page weight: bytes Chromium receives for the national view and for Birmingham's drill-down
  (the largest locality), and bytes of each callback response over HTTP against a full national
  figure;
* callback latency: server time (Flask test client, Dash dispatch and JSON included) of the
  drill-down (its map callback and, separately, the callback for the rest of the locality page),
  a domain change, a filter change and the gap view, median and 95th percentile, each against a
  plain ``plotly.express`` implementation of the same figures timed here;
* browser: navigation to a rendered locality view, against the national view;
* scale: a seeded dataset of 100,000 interventions across all 296 LADs (written to a temporary
  folder), load and validate time, and the same callbacks as a ratio to the bundled dataset;
* concurrency: simulated users clicking through views (think time 3-7 s) against two workers:
  requests served, errors and latency percentiles, as a ratio to one user;
* export: PNG export with a warm Chromium against a fresh one (cold).

Benchmarks print figures; they are not timed tests. ``tests/test_bench_smoke.py`` runs
``--smoke`` and checks only that every row is printed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from callbacks.national import provision_key  # noqa: E402
from dashboard.core.settings import Settings, sqlite_url  # noqa: E402
from dashboard.core.view_state import DEFAULT, ViewState, state_to_dict  # noqa: E402
from layouts.ids import Id  # noqa: E402

BIRMINGHAM = "E08000025"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PLAIN_APP = '''
import plotly.express as px
from dash import Dash, dcc, html

df = px.data.gapminder().query("year == 2007")
app = Dash(__name__, serve_locally=True, compress=True)
app.layout = html.Div([dcc.Graph(figure=px.scatter(df, x="gdpPercap", y="lifeExp"))])
server = app.server
'''


# The table ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, its baseline from the same run, and the budget."""

    section: str
    measure: str
    value: str
    baseline: str = ""
    ratio: str = ""
    budget: str = ""
    verdict: str = ""


ROWS: list[Row] = []
STARTED = time.perf_counter()


def row(section: str, measure: str, value: str, baseline: str = "", ratio: str = "",
        budget: str = "", verdict: str = "") -> None:
    """Record a row and print it at once (a long run shows progress)."""
    ROWS.append(Row(section, measure, value, baseline, ratio, budget, verdict))
    print(f"  [{time.perf_counter() - STARTED:4.0f} s] {section}: {measure}: {value}"
          + (f" | baseline {baseline}" if baseline else "")
          + (f" | ratio {ratio}" if ratio else "") + (f" | {verdict}" if verdict else ""),
          flush=True)


def check(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def print_table() -> None:
    print("\n| section | measure | value | baseline (same run) | ratio | budget | verdict |")
    print("|---|---|---|---|---|---|---|")
    for r in ROWS:
        print(f"| {r.section} | {r.measure} | {r.value} | {r.baseline} | {r.ratio} | {r.budget} "
              f"| {r.verdict} |")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:,.1f} ms"


def kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def paired(funcs: list[Callable[[], object]], runs: int) -> list[list[float]]:
    """Wall times of several functions called in turn (ABAB...), after one warm-up call each.

    Interleaving exposes every function to the same background load, so their ratio holds on a
    shared machine even when the load changes during the run.
    """
    for func in funcs:
        func()
    out: list[list[float]] = [[] for _ in funcs]
    for _ in range(runs):
        for func, times in zip(funcs, out, strict=True):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
    return out


# Serving ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``gunicorn -w 2 <module>:server`` in a subprocess."""

    def __init__(self, module: str, cwd: Path, env: dict[str, str], workers: int = 2) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [str(GUNICORN), "-w", str(workers), "-b", f"127.0.0.1:{self.port}", "--timeout", "120",
             f"{module}:server"],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )

    def wait_for(self, path: str, timeout: float = 120) -> float:
        """Seconds from process start until ``path`` answers 200."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited: " + self.process.stderr.read().decode()[-2000:])
            try:
                with urllib.request.urlopen(self.base + path, timeout=60) as response:
                    if response.status == 200:
                        response.read()
                        return time.perf_counter() - self.started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        raise TimeoutError(path)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def app_env(tmp: Path, dataset: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, ATLAS_INSTANCE_DIR=str(tmp / "instance"))
    env.pop("DATABASE_URL", None)
    if dataset:
        env["ATLAS_DATASET"] = str(dataset)
    return env


def bench_settings(tmp: Path, dataset: Path | None = None) -> Settings:
    settings = Settings.from_env(app_env(tmp, dataset))
    return replace(settings, database_url=sqlite_url(tmp / "instance" / "atlas.sqlite3"))


# Dash callback requests ---------------------------------------------------------------------

class Requests:
    """Bodies of the POSTs to ``/_dash-update-component`` a browser sends when the state changes."""

    # Each state callback is known by one of its outputs (the national and locality pages have
    # two each: the map, and the rest).
    MARKERS = {"national": f"{Id.MAP}.figure", "provision": f"{Id.HEATMAP}.figure",
               "locality_map": f"{Id.LOCALITY_MAP}.figure",
               "locality_rest": f"{Id.LOCALITY_HEATMAP}.figure",
               "gaps": f"{Id.GAP_HEATMAP}.figure"}

    def __init__(self, dependencies: list[dict]) -> None:
        self.callbacks: dict[str, dict] = {}
        markers = self.MARKERS
        for callback in dependencies:
            inputs = callback["inputs"]
            if [(i["id"], i["property"]) for i in inputs] != [(str(Id.STATE), "data")]:
                continue
            for name, marker in markers.items():
                if marker in self.outputs(callback["output"]):
                    self.callbacks[name] = callback
        missing = set(markers) - set(self.callbacks)
        if missing:
            raise RuntimeError(f"callbacks not found in /_dash-dependencies: {missing}")

    @staticmethod
    def outputs(output: str) -> list[str]:
        """``id.property`` of each output of a callback's ``output`` string."""
        return output[2:-2].split("...") if output.startswith("..") else [output]

    def body(self, name: str, state: ViewState, shown: str | None = None) -> bytes:
        """JSON body of one callback request for this state (``shown``: the State value)."""
        callback = self.callbacks[name]
        output = callback["output"]
        parts = self.outputs(output)
        outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
        states = [{"id": s["id"], "property": s["property"], "value": shown}
                  for s in callback["state"]]
        return json.dumps({
            "output": output,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [{"id": str(Id.STATE), "property": "data", "value": state_to_dict(state)}],
            "state": states,
            "changedPropIds": [f"{Id.STATE}.data"],
        }).encode()


def first_filter_code(settings: Settings) -> str:
    from dashboard.core.codelists import load_codelists

    return load_codelists(settings.codelists_dir)["determinants"].codes[0]


def scenarios(filter_code: str) -> dict[str, tuple[ViewState, list[tuple[str, str | None]]]]:
    """The measured interactions: the new state, and the callbacks it sends with the State value
    each finds on the page (the national view was showing ``DEFAULT``).

    A drill-down sends two callbacks (the LSOA map, the rest of the locality page), timed apart;
    a domain or filter change sends the national map and the provision callback, timed together
    (after a domain change the provision callback finds its figures current and sends nothing).
    """
    shown = provision_key(DEFAULT)
    national = [("national", "map"), ("provision", shown)]
    return {
        "drill-down to Birmingham": (ViewState(locality=BIRMINGHAM), [("locality_map", None)]),
        "drill-down to Birmingham, rest of page": (
            ViewState(locality=BIRMINGHAM), [("locality_rest", None)]),
        "change domain (IMD -> Income)": (replace(DEFAULT, domain="income"), national),
        "change a filter (determinant)": (DEFAULT.with_filters(determinants=[filter_code]),
                                          national),
        "gap view": (replace(DEFAULT, page="gaps"), [("gaps", None)]),
    }


MEASURES = {  # what the drill-down rows time: each of the two callbacks a drill-down sends
    "drill-down to Birmingham": "drill-down to Birmingham, locality map callback",
    "drill-down to Birmingham, rest of page": "drill-down to Birmingham, rest-of-page callback "
    "(cards, table, 3 heatmaps, quadrant, priorities, evaluation)",
}


SAME_ORIGIN = {"Origin": "http://localhost"}  # the Flask test client's host


def caller(client, bodies: list[bytes]) -> Callable[[], None]:
    """One interaction through a Flask test client: its callback POSTs in turn."""
    def call() -> None:
        for body in bodies:
            response = client.post("/_dash-update-component", data=body,
                                   content_type="application/json", headers=SAME_ORIGIN)
            assert response.status_code in (200, 204), response.status_code  # 204: no update
    return call


def post(base: str, body: bytes, timeout: float = 120) -> tuple[int, int]:
    """Status and encoded bytes of one callback POST (gzip accepted, as browsers do)."""
    request = urllib.request.Request(
        base + "/_dash-update-component", data=body, method="POST",
        headers={"Content-Type": "application/json", "Accept-Encoding": "gzip",
                 "Origin": base})  # the same-origin check refuses POSTs without it, as for CSRF
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, len(response.read())


# Plain plotly.express baselines ---------------------------------------------------------------

class Plain:
    """What a straightforward plotly.express implementation of each view would do per request."""

    def __init__(self, atlas) -> None:
        self.atlas = atlas
        self.geometry_path = atlas.settings.prepared_dir / "lsoa21_geometry.parquet"

    def drill_down(self, code: str = BIRMINGHAM, domain: str = "imd") -> str:
        import geopandas as gpd
        import plotly.express as px

        from dashboard.views.locality import lsoa_areas

        polygons = gpd.read_parquet(self.geometry_path, filters=[("LAD24CD", "==", code)])
        areas = lsoa_areas(self.atlas, code, domain)
        fig = px.choropleth_map(
            areas, geojson=json.loads(polygons.to_json()), locations="code",
            featureidkey="properties.LSOA21CD", color="decile", hover_name="name",
            map_style="white-bg", zoom=10, center={"lat": 52.48, "lon": -1.89},
        )
        return fig.to_json()

    def drill_down_all(self, code: str = BIRMINGHAM) -> str:
        """The drill-down's five figures in plain px: the LSOA map and the rest of the page's."""
        return self.drill_down(code) + self.drill_down_rest(code)

    def drill_down_rest(self, code: str = BIRMINGHAM) -> str:
        """The rest of the drill-down's figures in plain px: three heatmaps, need/provision scatter.

        The page's cards, table, priorities and evaluation panel have no px counterpart.
        """
        import plotly.express as px

        from dashboard.analysis.gaps import gap_table
        from dashboard.views.gaps import thresholds_of

        rows = self.atlas.dataset.interventions
        mine = rows[rows["locality_code"] == code]
        figures = []
        for row_field, col_field in (("determinants", "types"), ("populations", "determinants"),
                                     ("locality_code", "determinants")):
            pairs = mine[["intervention_id", row_field, col_field]].explode(row_field) \
                .explode(col_field).drop_duplicates()
            figures.append(px.imshow(pd.crosstab(pairs[row_field], pairs[col_field]),
                                     text_auto=True).to_json())
        gaps = gap_table(self.atlas.geography.lads, rows, [code], thresholds_of(DEFAULT))
        figures.append(px.scatter(gaps, x="need_percentile", y="per_10k", text="determinant")
                       .to_json())
        return "".join(figures)

    def national(self, state: ViewState) -> str:
        """The national map and the three heatmaps and the bar chart, all sent in full."""
        import plotly.express as px

        from dashboard.analysis.filters import apply_filters

        lads = self.atlas.geography.lads
        rows = apply_filters(self.atlas.dataset.interventions, state.active_filters)
        frame = pd.DataFrame({"code": lads.index, "name": lads["LAD24NM"],
                              "rank": lads[f"iod25_{state.domain}_rank_avg_score"]})
        frame["interventions"] = rows["locality_code"].value_counts().reindex(
            lads.index, fill_value=0).to_numpy()
        figures = [px.choropleth_map(
            frame, geojson=self.atlas.geography.lad_geojson, locations="code", color="rank",
            hover_name="name", hover_data=["interventions"], map_style="white-bg", zoom=5.1,
            center={"lat": 52.75, "lon": -1.9})]
        for row_field, col_field in (("determinants", "types"), ("populations", "determinants"),
                                     ("locality_code", "determinants")):
            pairs = rows[["intervention_id", row_field, col_field]].explode(row_field) \
                .explode(col_field).drop_duplicates()
            figures.append(px.imshow(pd.crosstab(pairs[row_field], pairs[col_field]),
                                     text_auto=True))
        populations = rows["populations"].map(lambda v: " + ".join(sorted(v)))
        counts = populations.value_counts().head(20)
        figures.append(px.bar(x=counts.to_numpy(), y=counts.index, orientation="h"))
        return "".join(fig.to_json() for fig in figures)

    def gaps(self, state: ViewState) -> str:
        import plotly.express as px

        from dashboard.analysis.gaps import gap_table
        from dashboard.views.common import dataset_localities
        from dashboard.views.gaps import thresholds_of

        table = gap_table(self.atlas.geography.lads, self.atlas.dataset.interventions,
                          dataset_localities(self.atlas), thresholds_of(state))
        classes = table.pivot(index="locality", columns="determinant", values="gap_class")
        codes = classes.apply(lambda c: c.map({k: i for i, k in enumerate(sorted(set(
            table["gap_class"])))}))
        return px.imshow(codes, text_auto=True).to_json()


# Sections -----------------------------------------------------------------------------------

def cold_start(tmp: Path) -> Gunicorn:
    """Start the atlas and a minimal Dash app under gunicorn -w 2; return the running atlas."""
    plain_dir = tmp / "plain"
    plain_dir.mkdir()
    (plain_dir / "plain_app.py").write_text(PLAIN_APP)
    plain = Gunicorn("plain_app", plain_dir, app_env(tmp))
    try:
        plain_page = plain.wait_for("/")
        plain_layout = plain.wait_for("/_dash-layout")
    finally:
        plain.stop()
    served = Gunicorn("app", ROOT, app_env(tmp))
    page = served.wait_for("/")
    layout = served.wait_for("/_dash-layout")
    row("cold start", "process start to first page (GET /, gunicorn -w 2)", ms(page),
        f"minimal Dash app {ms(plain_page)}", f"{page / plain_page:.1f}x")
    row("cold start", "process start to page and layout served", ms(layout),
        f"minimal Dash app {ms(plain_layout)}", f"{layout / plain_layout:.1f}x")
    # The other worker builds the app on its first request: make sure both are warm.
    for _ in range(6):
        served.wait_for("/_dash-layout")
    return served


def http_bytes(served: Gunicorn, requests: Requests, atlas, filter_code: str) -> None:
    """Encoded bytes of callback responses against the full national figure (gzip, as sent)."""
    from dashboard.views.atlas import national_chart

    full = len(gzip.compress(national_chart(atlas, DEFAULT).figure.to_json().encode()))
    cases = {
        "change domain": replace(DEFAULT, domain="income"),
        "change measure": replace(DEFAULT, measure="score"),
        "change a filter": DEFAULT.with_filters(determinants=[filter_code]),
    }
    for label, state in cases.items():
        size = 0
        for name, shown in (("national", "map"), ("provision", provision_key(DEFAULT))):
            status, part = post(served.base, requests.body(name, state, shown))
            assert status in (200, 204), status
            size += part
        row("page weight (HTTP)", f"{label}: national map + provision responses, gzip", kb(size),
            f"full national map figure {kb(full)}", f"{size / full:.3f}", "<= 0.100",
            check(size / full <= 0.1))
    drill = ViewState(locality=BIRMINGHAM)
    status, size = post(served.base, requests.body("locality_map", drill))
    assert status == 200, status
    plain = len(gzip.compress(Plain(atlas).drill_down().encode()))
    row("page weight (HTTP)", "drill-down to Birmingham: locality map callback response, gzip",
        kb(size), f"plain px LSOA map figure {kb(plain)}", f"{size / plain:.2f}")
    status, size = post(served.base, requests.body("locality_rest", drill))
    assert status == 200, status
    plain = len(gzip.compress(Plain(atlas).drill_down_rest().encode()))
    row("page weight (HTTP)", "drill-down to Birmingham: rest-of-page callback response, gzip",
        kb(size), f"plain px 3 heatmaps + need/provision scatter {kb(plain)}",
        f"{size / plain:.2f}")


def callback_latency(app, atlas, runs: int, filter_code: str) -> None:
    """Server time per scenario (Flask test client), interleaved with plain px baselines."""
    label = "callback latency"
    client = app.server.test_client()
    requests = Requests(client.get("/_dash-dependencies").get_json())
    baseline = Plain(atlas)
    plain_funcs = {
        "drill-down to Birmingham": (baseline.drill_down, "plain px LSOA map"),
        "drill-down to Birmingham, rest of page": (
            baseline.drill_down_rest, "plain px of its figures (3 heatmaps, need/provision "
            "scatter; cards, table and panels have no px counterpart)"),
        "change domain (IMD -> Income)": (
            lambda: baseline.national(replace(DEFAULT, domain="income")), "plain px"),
        "change a filter (determinant)": (
            lambda: baseline.national(DEFAULT.with_filters(determinants=[filter_code])),
            "plain px"),
        "gap view": (lambda: baseline.gaps(replace(DEFAULT, page="gaps")), "plain px"),
    }
    calls = {}
    for name, (state, sent) in scenarios(filter_code).items():
        call = calls[name] = caller(client, [requests.body(callback, state, shown)
                                             for callback, shown in sent])
        plain_func, plain_text = plain_funcs[name]
        ours, px_times = paired([call, plain_func], runs)
        ratio = statistics.median(ours) / statistics.median(px_times)
        budget, verdict = ("<= 0.33", check(ratio <= 1 / 3)) \
            if name == "drill-down to Birmingham" else ("", "")
        row(label, f"{MEASURES.get(name, name)}: median / p95 of {runs}",
            f"{ms(statistics.median(ours))} / {ms(percentile(ours, 95))}",
            f"{plain_text} {ms(statistics.median(px_times))} / {ms(percentile(px_times, 95))}",
            f"{ratio:.2f}", budget, verdict)
        if name == "drill-down to Birmingham, rest of page":
            def both(parts=(calls["drill-down to Birmingham"], call)) -> None:
                for part in parts:  # the server work of one drill-down, however a browser overlaps
                    part()

            extra = min(runs, 20)  # an informative row: fewer repeats keep the suite short
            whole, px_all = paired([both, baseline.drill_down_all], extra)
            row(label, f"drill-down to Birmingham, both locality callbacks in turn against px of "
                f"all five figures: median of {extra}", ms(statistics.median(whole)),
                f"plain px, LSOA map + 3 heatmaps + scatter {ms(statistics.median(px_all))}",
                f"{statistics.median(whole) / statistics.median(px_all):.2f}")


def browser(served: Gunicorn, atlas, runs: int, quiet: float = 1.0) -> None:
    """Bytes Chromium receives and time to a rendered view."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.common.by import By

    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options)
    national_map = f"#{Id.MAP} .main-svg"
    locality_map = f"#{Id.LOCALITY_MAP} .main-svg"
    try:
        driver.get(served.base + "/")
        _wait(driver, national_map)
        _settle(driver, quiet)
        national = _bytes(driver)
        driver.find_element(By.ID, str(Id.DOMAIN)).click()
        _click_option(driver, "Income")
        _settle(driver, quiet)
        domain = _bytes(driver)
        driver.find_element(By.ID, str(Id.LOCALITY_PICKER)).click()
        driver.switch_to.active_element.send_keys("Birmingham")
        _click_option(driver, "Birmingham")
        _wait(driver, locality_map)
        _settle(driver, quiet)
        drill = _bytes(driver)
        row("page weight (browser)", "national view, first load: all bytes (data part)",
            f"{kb(national['all'])} ({kb(national['data'])})")
        row("page weight (browser)", "change domain: callback bytes", kb(domain["data"]),
            f"national layout+callback data {kb(national['data'])}",
            f"{domain['data'] / national['data']:.3f}", "<= 0.100",
            check(domain["data"] / national["data"] <= 0.1))
        row("page weight (browser)", "drill-down to Birmingham (picker): callback bytes",
            kb(drill["data"]))
        times = {"national": [], "locality": []}
        for _ in range(runs):
            for key, path, selector in (("national", "/", national_map),
                                        ("locality", f"/locality/{BIRMINGHAM}", locality_map)):
                driver.get("about:blank")
                start = time.perf_counter()
                driver.get(served.base + path)
                _wait(driver, selector, also=f"{selector.split()[0]} canvas")
                times[key].append(time.perf_counter() - start)
        loc, nat = statistics.median(times["locality"]), statistics.median(times["national"])
        row("browser", f"navigation to rendered Birmingham view (median of {runs})", ms(loc),
            f"national view {ms(nat)}", f"{loc / nat:.2f}")
    finally:
        driver.quit()


def _bytes(driver) -> dict[str, int]:
    urls: dict[str, str] = {}
    sizes = {"all": 0, "data": 0}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.responseReceived":
            urls[params["requestId"]] = params["response"]["url"]
        elif message["method"] == "Network.loadingFinished":
            size = int(params.get("encodedDataLength", 0))
            url = urls.get(params["requestId"], "")
            sizes["all"] += size
            if "_dash-layout" in url or "_dash-update-component" in url:
                sizes["data"] += size
    return sizes


def _settle(driver, quiet: float = 1.0, timeout: float = 30) -> None:
    """Wait until Dash has no callback in flight for ``quiet`` seconds."""
    deadline = time.time() + timeout
    calm_since = time.time()
    while time.time() < deadline:
        busy = driver.execute_script(
            "return !!document.querySelector('[data-dash-is-loading=\"true\"]');")
        if busy:
            calm_since = time.time()
        elif time.time() - calm_since >= quiet:
            return
        time.sleep(0.1)


def _wait(driver, selector: str, timeout: float = 60, also: str | None = None) -> None:
    from selenium.webdriver.common.by import By

    deadline = time.time() + timeout
    while time.time() < deadline:
        if driver.find_elements(By.CSS_SELECTOR, selector) and (
                also is None or driver.find_elements(By.CSS_SELECTOR, also)):
            return
        time.sleep(0.05)
    raise TimeoutError(selector)


def _click_option(driver, text: str) -> None:
    from selenium.webdriver.common.by import By

    deadline = time.time() + 10
    while time.time() < deadline:
        for option in driver.find_elements(By.CSS_SELECTOR, "[role=option]"):
            if option.text.strip().startswith(text):
                option.click()
                return
        time.sleep(0.1)
    raise TimeoutError(text)


def concurrency(served: Gunicorn, requests: Requests, filter_code: str, users: int,
                duration: float, think: tuple[float, float]) -> None:
    """Users clicking through views; each click sends the five state callbacks, as a page does.

    (national map, national provision, locality map, rest of the locality page, gaps; the
    page's smaller state callbacks, such as the export choices and the page switch, are not
    sent.)
    """
    clicks = [
        replace(DEFAULT, domain="income"),
        DEFAULT.with_filters(determinants=[filter_code]),
        ViewState(locality=BIRMINGHAM),
        ViewState(locality="E06000009"),
        replace(DEFAULT, page="gaps"),
        replace(DEFAULT, measure="share"),
        DEFAULT,
    ]

    def user(seed: int, stop: float, latencies: list[float], errors: list[str]) -> None:
        rng = random.Random(seed)
        shown_locality: str | None = None
        shown_provision: str | None = None
        step = rng.randrange(len(clicks))
        time.sleep(rng.uniform(0, think[1]))
        while time.time() < stop:
            state = clicks[step % len(clicks)]
            step += 1
            for name, shown in (("national", "map"), ("provision", shown_provision),
                                ("locality_map", shown_locality), ("locality_rest", None),
                                ("gaps", None)):
                start = time.perf_counter()
                try:
                    status, _ = post(served.base, requests.body(name, state, shown), timeout=60)
                    if status not in (200, 204):  # 204: nothing to update
                        errors.append(str(status))
                except Exception as error:  # noqa: BLE001 - every failure is an error here
                    errors.append(type(error).__name__)
                latencies.append(time.perf_counter() - start)
            shown_locality = state.locality
            if not state.locality:
                shown_provision = provision_key(state)
            time.sleep(rng.uniform(*think))

    results = {}
    for n in (1, users):
        latencies: list[float] = []
        errors: list[str] = []
        stop = time.time() + duration
        threads = [threading.Thread(target=user, args=(i, stop, latencies, errors))
                   for i in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        results[n] = (latencies, errors)
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


def served_app(settings: Settings):
    """The app as a gunicorn worker holds it: built, then its loaded data frozen (``app.py``)."""
    import gc

    from app import create_app

    app = create_app(settings)
    gc.collect()
    gc.freeze()
    return app


def make_scale_dataset(folder: Path, rows: int, seed: int = 20251123) -> Path:
    """A seeded dataset of ``rows`` interventions spread over all 296 LADs (bundled rows reused).

    Rows of the bundled example are repeated with new ids, each given a LAD drawn uniformly;
    rows with a location get a point near the LAD's representative point.
    """
    import shapely
    from shapely.geometry import shape

    settings = Settings.from_env()
    base = pd.read_csv(settings.dataset_path, dtype=str, keep_default_na=False)
    lad_geojson = json.loads((settings.prepared_dir / "lad24.geojson").read_text())
    points = {f["id"]: shapely.get_coordinates(shape(f["geometry"]).representative_point())[0]
              for f in lad_geojson["features"]}
    codes = sorted(points)
    rng = np.random.default_rng(seed)
    frame = base.iloc[rng.integers(0, len(base), rows)].reset_index(drop=True)
    frame["intervention_id"] = [f"BENCH-{i:07d}" for i in range(rows)]
    frame["name"] = frame["name"] + " #" + frame.index.astype(str)
    frame["locality_code"] = rng.choice(codes, rows)
    located = frame["latitude"] != ""
    xy = np.array([points[c] for c in frame.loc[located, "locality_code"]])
    jitter = rng.normal(0, 0.003, size=xy.shape)
    frame.loc[located, "longitude"] = [f"{v:.5f}" for v in xy[:, 0] + jitter[:, 0]]
    frame.loc[located, "latitude"] = [f"{v:.5f}" for v in xy[:, 1] + jitter[:, 1]]
    path = folder / f"bench_{rows}.csv"
    frame.to_csv(path, index=False)
    path.with_name(path.stem + ".meta.json").write_text(json.dumps(
        {"name": f"Benchmark dataset ({rows:,} rows, synthetic)", "version": "bench",
         "illustrative": True}))
    return path


def scale(tmp: Path, rows: int, runs: int, filter_code: str) -> None:
    from dashboard.context import load_context

    path = make_scale_dataset(tmp, rows)
    start = time.perf_counter()
    load_context(bench_settings(tmp))
    base_load = time.perf_counter() - start
    start = time.perf_counter()
    atlas = load_context(bench_settings(tmp, path))
    load = time.perf_counter() - start
    n = len(atlas.dataset.interventions)
    lads = atlas.dataset.interventions["locality_code"].nunique()
    row("scale", f"load and validate {n:,} interventions across {lads} LADs", ms(load),
        f"bundled dataset {ms(base_load)}", f"{load / base_load:.1f}x", "< 10 s",
        check(load < 10))
    runs = min(runs, 20)  # a ratio of medians; 20 repeats keep the suite under ten minutes
    clients = [served_app(bench_settings(tmp, dataset)).server.test_client()
               for dataset in (None, path)]
    requests = Requests(clients[0].get("/_dash-dependencies").get_json())

    for name, (state, sent) in scenarios(filter_code).items():
        bodies = [requests.body(callback, state, shown) for callback, shown in sent]
        small, big = (statistics.median(t) for t in paired(
            [caller(clients[0], bodies), caller(clients[1], bodies)], runs))
        row("scale", f"{MEASURES.get(name, name)}: median of {runs}, {rows:,} rows", ms(big),
            f"bundled {ms(small)}", f"{big / small:.1f}x", "<= 3x", check(big / small <= 3))


def export(atlas, runs: int, smoke: bool = False) -> None:
    import datetime as dt

    from dashboard.exports.images import export_figure
    from dashboard.exports.renderer import Renderer
    from dashboard.exports.stamp import Stamp
    from dashboard.figures.frames import PRESETS
    from dashboard.views.parts import build_part

    renderer = Renderer(atlas.settings.chromium)
    stamp = Stamp("http://127.0.0.1:8050/", dt.date.today())
    preset = PRESETS["social"]
    cases = (("national map", DEFAULT, "map"),
             ("Birmingham LSOA map", ViewState(locality=BIRMINGHAM), "map"),
             ("Birmingham heatmap", ViewState(locality=BIRMINGHAM), "determinant_type"))
    if smoke:  # each cold export starts a Chromium: one case is enough to show it works
        cases = cases[2:]
    start = time.perf_counter()
    renderer.render(export_figure(build_part(atlas, DEFAULT, "intersection"), preset, stamp),
                    "png", preset.width, preset.height)
    row("export", "first export of a process (starts Chromium)",
        ms(time.perf_counter() - start))
    for label, state, key in cases:
        figure = export_figure(build_part(atlas, state, key), preset, stamp)
        args = (figure, "png", preset.width, preset.height, preset.scale)
        cold_times, warm_times = paired([lambda args=args: renderer.render_cold(*args),
                                         lambda args=args: renderer.render(*args)], runs)
        cold, warm = statistics.median(cold_times), statistics.median(warm_times)
        row("export", f"{label}, PNG social: warm (median of {runs})", ms(warm),
            f"cold {ms(cold)}", f"{cold / warm:.1f}x faster", ">= 3x", check(cold / warm >= 3))
        if key == "map" and not smoke:  # what exports cost when maps were drawn with WebGL
            webgl = build_part(atlas, state, key).figure
            webgl.update_layout(width=preset.width, height=preset.height)
            webgl_times, vector_times = paired(
                [lambda webgl=webgl: renderer.render(webgl, "png", preset.width, preset.height),
                 lambda args=args: renderer.render(*args)], runs)
            row("export", f"{label}, PNG social, warm: the on-screen WebGL map figure against "
                f"the exported vector map (median of {runs})", ms(statistics.median(webgl_times)),
                f"vector {ms(statistics.median(vector_times))}",
                f"{statistics.median(webgl_times) / statistics.median(vector_times):.1f}x")


# Main ---------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true",
                        help="tiny run: 3 repeats, 5 users for 3 s, 2,000 rows, 1 export")
    parser.add_argument("--runs", type=int, help="callback repeats (default 50; smoke 3)")
    parser.add_argument("--users", type=int, help="simulated users (default 50; smoke 5)")
    parser.add_argument("--duration", type=float, help="seconds per load phase (60; smoke 3)")
    parser.add_argument("--rows", type=int, help="rows of the scale dataset (100000; smoke 2000)")
    args = parser.parse_args(argv)
    # A terminated run still stops its gunicorn and Chromium (finally blocks run on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    smoke = args.smoke
    runs = args.runs or (3 if smoke else 50)
    users = args.users or (5 if smoke else 50)
    duration = args.duration or (3.0 if smoke else 60.0)
    rows = args.rows or (2_000 if smoke else 100_000)
    think = (0.2, 0.5) if smoke else (3.0, 7.0)
    browser_runs, export_runs = (1, 1) if smoke else (5, 3)
    started = time.perf_counter()
    print(f"Atlas benchmark ({'smoke' if smoke else 'full'}): {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}", flush=True)

    from dashboard.context import load_context

    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as name:
        tmp = Path(name)
        settings = bench_settings(tmp)
        filter_code = first_filter_code(settings)
        atlas = load_context(settings)
        served = cold_start(tmp)
        try:
            with urllib.request.urlopen(served.base + "/_dash-dependencies") as response:
                requests = Requests(json.loads(response.read()))
            http_bytes(served, requests, atlas, filter_code)
            callback_latency(served_app(settings), atlas, runs, filter_code)
            browser(served, atlas, browser_runs, 0.5 if smoke else 1.0)
            concurrency(served, requests, filter_code, users, duration, think)
        finally:
            served.stop()
        scale(tmp, rows, runs, filter_code)
        export(atlas, export_runs, smoke)
    print_table()
    print(f"\nSuite wall time: {time.perf_counter() - started:.0f} s. Figures from one run on a "
          "shared machine; ratios compare figures measured in this run.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
