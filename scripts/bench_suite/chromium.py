"""Headless Chromium driven over the DevTools protocol: a page load measured from inside the page.

A probe script, added to every document before its own scripts run, records (relative to the
navigation start, ``performance.now()``):

* ``mapDrawn``: the first animation frame after the page's own map (the graph under a CSS
  selector) has a ``choroplethmap`` trace with areas, MapLibre reports it loaded and a fill
  layer is on it, i.e. the map is on screen;
* ``lastDraw``: the frame after the latest ``Plotly.react`` / ``Plotly.newPlot`` resolved, so
  the end of a redraw after a control change.

The same probe measures the atlas and the plain ``px.choropleth_map`` app.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass

PROBE = """
(function () {
  var SELECTOR = %s;
  var bench = window.__bench = {mapDrawn: null, lastDraw: 0, draws: 0};
  var real;
  function wrap(plotly) {
    if (!plotly || typeof plotly.react !== "function" || plotly.__benchWrapped) { return; }
    ["react", "newPlot"].forEach(function (name) {
      var original = plotly[name];
      plotly[name] = function () {
        var result = original.apply(this, arguments);
        Promise.resolve(result).then(function () {
          requestAnimationFrame(function () { bench.lastDraw = performance.now(); bench.draws++; });
        }, function () {});
        return result;
      };
    });
    plotly.__benchWrapped = true;
  }
  Object.defineProperty(window, "Plotly", {configurable: true, enumerable: true,
    get: function () { return real; },
    set: function (value) { real = value; wrap(value); }});
  function mapOf(root) {
    if (!root) { return null; }
    var gd = root.classList.contains("js-plotly-plot") ? root : root.querySelector(".js-plotly-plot");
    var layout = gd && gd._fullLayout;
    var subplot = layout && layout.map && layout.map._subplot;
    var shown = gd && (gd._fullData || []).some(function (trace) {
      return trace.type === "choroplethmap" && trace.locations && trace.locations.length > 0;
    });
    return shown && subplot && subplot.map ? subplot.map : null;
  }
  function poll() {
    var map = mapOf(document.querySelector(SELECTOR));
    if (map && map.loaded() && map.getStyle().layers.some(function (l) { return l.type === "fill"; })) {
      requestAnimationFrame(function () { bench.mapDrawn = performance.now(); });
      return;
    }
    requestAnimationFrame(poll);
  }
  requestAnimationFrame(poll);
})();
"""

# Callback requests, their count and when the last one ended (ms from navigation start).
CALLBACKS = """
var entries = performance.getEntriesByType("resource")
  .filter(function (e) { return e.name.indexOf("/_dash-update-component") >= 0; });
return {count: entries.length,
        end: entries.reduce(function (m, e) { return Math.max(m, e.responseEnd); }, 0),
        resources: performance.getEntriesByType("resource").length,
        loading: !!document.querySelector('[data-dash-is-loading="true"]'),
        ready: document.readyState === "complete"};
"""


@dataclass(frozen=True)
class Load:
    """One measured page load (times in seconds from the navigation start)."""

    map_drawn: float
    busy_to_map: float
    busy: float
    dom: int
    callbacks: int
    bytes_all: int
    bytes_data: int


class Chromium:
    """Headless Chromium with performance logging, its cache off (every load is cold)."""

    def __init__(self, width: int = 1440, height: int = 900) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options

        options = Options()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--disable-background-networking",
                         "--disable-component-update", "--no-first-run",
                         f"--window-size={width},{height}"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        self.driver = webdriver.Chrome(options=options)
        self.cdp("Network.enable")
        self.cdp("Performance.enable")
        self.cold(True)
        self._probe: str | None = None

    def cdp(self, command: str, **params):
        """One DevTools protocol command."""
        return self.driver.execute_cdp_cmd(command, params)

    def cold(self, disabled: bool) -> None:
        """Turn the HTTP cache off (cold loads) or on, emptying it either way."""
        self.cdp("Network.clearBrowserCache")
        self.cdp("Network.setCacheDisabled", cacheDisabled=disabled)

    def busy(self) -> float:
        """Seconds of main-thread tasks of the page so far (DevTools ``TaskDuration``)."""
        metrics = self.cdp("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "TaskDuration")

    def load(self, url: str, selector: str, quiet: float = 1.0, timeout: float = 120) -> Load:
        """Open ``url`` from a blank page and measure it until its map is drawn and it settles."""
        self.driver.get("about:blank")
        if self._probe:
            self.cdp("Page.removeScriptToEvaluateOnNewDocument", identifier=self._probe)
        self._probe = self.cdp("Page.addScriptToEvaluateOnNewDocument",
                               source=PROBE % json.dumps(selector))["identifier"]
        self.driver.get_log("performance")  # drop what came before
        self.driver.get(url)
        busy_start = 0.0  # a new document: the metric restarts
        drawn = self.wait("return window.__bench && window.__bench.mapDrawn;", timeout)
        busy_to_map = self.busy() - busy_start
        self.settle(quiet, timeout)
        busy = self.busy() - busy_start
        state = self.driver.execute_script(CALLBACKS)
        dom = self.driver.execute_script("return document.getElementsByTagName('*').length;")
        all_bytes, data_bytes = self.transferred()
        return Load(drawn / 1000, busy_to_map, busy, dom, state["count"], all_bytes, data_bytes)

    def change(self, script: str, quiet: float = 1.0, timeout: float = 120) -> tuple[int, float, int]:
        """Run ``script`` (a control change) and wait until the page settles again.

        Returns the callback requests it sent, the seconds until the last of them answered or
        the last figure it redrew was on screen (whichever came later), and the bytes received.
        """
        before = self.driver.execute_script(CALLBACKS)
        self.driver.get_log("performance")
        start = self.driver.execute_script(
            "var t = performance.now();" + script + "; return t;")
        self.settle(quiet, timeout, after=before["count"])
        after = self.driver.execute_script(CALLBACKS)
        drawn = self.driver.execute_script("return window.__bench.lastDraw;")
        _, data_bytes = self.transferred()
        return after["count"] - before["count"], (max(after["end"], drawn) - start) / 1000, data_bytes

    def wait(self, script: str, timeout: float):
        """Poll ``script`` until it returns a value that is not null."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.driver.execute_script(script)
            if value is not None:
                return value
            time.sleep(0.05)
        raise TimeoutError(script)

    def settle(self, quiet: float, timeout: float, after: int = -1) -> None:
        """Wait until no callback is in flight and no resource started for ``quiet`` seconds
        (and, with ``after``, until more than ``after`` callback requests were sent)."""
        deadline = time.time() + timeout
        last, calm_since = None, time.time()
        while time.time() < deadline:
            state = self.driver.execute_script(CALLBACKS)
            signature = (state["resources"], state["count"])
            if state["loading"] or not state["ready"] or signature != last \
                    or state["count"] <= after:
                last, calm_since = signature, time.time()
            elif time.time() - calm_since >= quiet:
                return
            time.sleep(0.1)
        raise TimeoutError("page did not settle")

    def transferred(self) -> tuple[int, int]:
        """Bytes received since the log was last read: all, and callback plus layout data."""
        urls: dict[str, str] = {}
        total = data = 0
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.responseReceived":
                urls[params["requestId"]] = params["response"]["url"]
            elif message["method"] == "Network.loadingFinished":
                size = int(params.get("encodedDataLength", 0))
                total += size
                if any(part in urls.get(params["requestId"], "")
                       for part in ("_dash-layout", "_dash-update-component")):
                    data += size
        return total, data

    def quit(self) -> None:
        """Close the browser."""
        self.driver.quit()
