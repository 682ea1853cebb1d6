"""Benchmark the atlas: bytes sent to a real browser and server time of the drill-down callback.

Run: .venv/bin/python scripts/bench_atlas.py [--runs 20]
Needs Debian chromium and chromium-driver (installed by `make test`). Prints figures measured in
this run; the baseline for server time is a plain plotly.express implementation of the same
LSOA figure (read the LAD's polygons with geopandas, px.choropleth_map, serialise), timed here.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import plotly.express as px  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from callbacks.locality import update_locality  # noqa: E402
from dashboard.context import load_context  # noqa: E402
from dashboard.settings import Settings  # noqa: E402
from dashboard.state import ViewState  # noqa: E402
from dashboard.views import locality_map, lsoa_areas  # noqa: E402

BIRMINGHAM = "E08000025"


def timed(func, runs: int) -> tuple[float, float]:
    """First-call and median-of-the-rest wall time in milliseconds."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times[1:])


def server_times(runs: int) -> None:
    settings = Settings.from_env()
    ctx = load_context(settings)
    state = ViewState(locality=BIRMINGHAM)
    geometry_path = settings.prepared_dir / "lsoa21_geometry.parquet"

    def ours_callback() -> str:
        outputs = update_locality(ctx, state, None)
        return json.dumps(outputs, cls=_encoder())

    def ours_map() -> str:
        return locality_map(ctx, BIRMINGHAM, state, ctx.dataset.interventions)[0].to_json()

    def plain_px() -> str:
        polygons = gpd.read_parquet(geometry_path, filters=[("LAD24CD", "==", BIRMINGHAM)])
        areas = lsoa_areas(ctx, BIRMINGHAM, "imd")
        fig = px.choropleth_map(
            areas, geojson=json.loads(polygons.to_json()), locations="code",
            featureidkey="properties.LSOA21CD", color="decile", hover_name="name",
            map_style="white-bg", zoom=10, center={"lat": 52.48, "lon": -1.89},
        )
        return fig.to_json()

    rows = [("plain plotly.express LSOA map (baseline)", *timed(plain_px, runs)),
            ("atlas LSOA map, same figure", *timed(ours_map, runs)),
            ("atlas whole drill-down callback", *timed(ours_callback, runs))]
    baseline = rows[0][2]
    print(f"Drill-down to Birmingham, server time incl. JSON serialisation ({runs} runs after a "
          "first call):")
    for label, first, median in rows:
        print(f"  {label:<42} first {first:7.1f} ms  median {median:7.1f} ms  "
              f"median/baseline {median / baseline:.2f}")
    print("  (the whole callback also builds three heatmaps, the cards and the table rows)")


def _encoder():
    import plotly.utils

    return plotly.utils.PlotlyJSONEncoder


def browser_bytes() -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.common.by import By

    app = create_app(Settings.from_env())
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options)
    try:
        driver.get(base + "/")
        _wait(driver, "#national-deprivation-graph .main-svg")
        time.sleep(2)
        national = _bytes(driver)
        driver.find_element(By.ID, "controls-domain-dropdown").click()
        _click_option(driver, "Income")
        time.sleep(3)
        domain = _bytes(driver)
        driver.find_element(By.ID, "controls-locality-dropdown").click()
        driver.switch_to.active_element.send_keys("Birmingham")
        _click_option(driver, "Birmingham")
        _wait(driver, "#locality-lsoa-graph .main-svg")
        time.sleep(3)
        drill = _bytes(driver)
    finally:
        driver.quit()
        server.shutdown()
    print("Bytes received by Chromium (encoded as sent over HTTP):")
    print(f"  national view, first load          {national['all']:>10,} B in all, of which "
          f"{national['data']:>9,} B layout and callback data")
    print(f"  change domain (IMD -> Income)      {domain['data']:>10,} B callback data "
          f"({domain['data'] / national['data']:.3f} of the national data)")
    print(f"  drill-down to Birmingham (picker)  {drill['data']:>10,} B callback data")


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


def _wait(driver, selector: str, timeout: float = 30) -> None:
    from selenium.webdriver.common.by import By

    deadline = time.time() + timeout
    while time.time() < deadline:
        if driver.find_elements(By.CSS_SELECTOR, selector):
            return
        time.sleep(0.2)
    raise TimeoutError(selector)


def _click_option(driver, text: str) -> None:
    from selenium.webdriver.common.by import By

    deadline = time.time() + 10
    while time.time() < deadline:
        for option in driver.find_elements(By.CSS_SELECTOR, "[role=option]"):
            if option.text.strip().startswith(text):
                option.click()
                return
        time.sleep(0.2)
    raise TimeoutError(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    server_times(args.runs)
    browser_bytes()


if __name__ == "__main__":
    main()
