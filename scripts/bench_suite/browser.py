"""The browser section: bytes headless Chromium receives and time to a rendered view."""

from __future__ import annotations

import json
import shutil
import statistics
import time

from layouts.ids import Id

from .interactions import BIRMINGHAM
from .serving import Gunicorn
from .table import check, kb, ms, row


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
