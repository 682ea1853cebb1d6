"""Browser helpers for the atlas's Dash 4 components."""

from __future__ import annotations

import time
from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

MAP_READY = "#national-deprivation-graph .main-svg"


def choose(dash_duo, dropdown_id: str, option_text: str, search: str | None = None) -> None:
    """Open a dcc.Dropdown, optionally type a search, and click the option with this text."""
    element = dash_duo.find_element(f"#{dropdown_id}")
    # In the middle of the viewport: near its edge, another element may take the click.
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()
    if search:
        box = dash_duo.driver.switch_to.active_element
        box.send_keys(search)
    deadline = time.time() + 10
    while time.time() < deadline:
        for option in dash_duo.driver.find_elements(By.CSS_SELECTOR, "[role=option]"):
            if option.text.strip().startswith(option_text):
                option.click()
                dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
                return
        time.sleep(0.2)
    raise AssertionError(f"no option {option_text!r} in #{dropdown_id}")


def open_filters(dash_duo) -> None:
    """Open the filters and dataset panel (its controls are drawn only while it is open)."""
    click(dash_duo, "#controls-filters-button")
    dash_duo.wait_for_element("#controls-filters-offcanvas #filters-types-dropdown", timeout=10)


def close_filters(dash_duo) -> None:
    """Close the filters panel with its close button, and wait until it has gone."""
    dash_duo.find_element("#controls-filters-offcanvas .btn-close").click()
    wait_until(lambda: not dash_duo.driver.find_elements(By.CSS_SELECTOR,
                                                         "#controls-filters-offcanvas.show"),
               message="filters panel closed")
    time.sleep(0.4)  # the backdrop fades out


def callback_requests(dash_duo) -> int:
    """Callback requests the page has sent since it was loaded."""
    return dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('/_dash-update-component')).length;")


def settled(dash_duo, quiet: float = 1.5, timeout: float = 60) -> None:
    """Wait until no callback is in flight and none has started for ``quiet`` seconds."""
    deadline, calm_since, last = time.time() + timeout, time.time(), None
    while time.time() < deadline:
        state = dash_duo.driver.execute_script(
            "return [performance.getEntriesByType('resource').length,"
            " !!document.querySelector('[data-dash-is-loading=\"true\"]')];")
        if state[1] or state[0] != last:
            last, calm_since = state[0], time.time()
        elif time.time() - calm_since >= quiet:
            return
        time.sleep(0.2)
    raise AssertionError("the page did not settle")


def map_title(dash_duo, graph_id: str = "national-deprivation-graph") -> str:
    return dash_duo.find_element(f"#{graph_id} .gtitle").text


def summary_text(dash_duo, summary_id: str) -> str:
    return dash_duo.driver.execute_script(
        "return document.getElementById(arguments[0]).textContent;", summary_id)


def wait_until(predicate, timeout: float = 15, message: str = "condition") -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if predicate():
                return
        except Exception:  # the DOM is re-rendering; try again
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")


def click(dash_duo, selector: str) -> None:
    """Scroll an element into the middle of the viewport, then click it like a user.

    Figures above it may still be drawing and move it, so a click that lands elsewhere is retried.
    """
    for attempt in range(10):
        element = dash_duo.find_element(selector)
        dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        time.sleep(0.3)
        try:
            element.click()
            return
        except WebDriverException:
            if attempt == 9:
                raise


HERE = Path(__file__).parent


def script(name: str) -> str:
    """A measuring script kept beside the tests (``tap_targets.js``, ``slide_layout.js``)."""
    return (HERE / name).read_text(encoding="utf-8")


def browser(width: int, height: int, mobile: bool = False):
    """A second, separate Chromium (its own storage) with a viewport of exactly this size."""
    from selenium import webdriver

    from tests.conftest import pytest_setup_options

    driver = webdriver.Chrome(options=pytest_setup_options())
    viewport(driver, width, height, mobile)
    return driver


def viewport(driver, width: int, height: int, mobile: bool = False) -> None:
    """Make the page's viewport exactly ``width`` x ``height`` CSS px (a phone when ``mobile``)."""
    driver.set_window_size(width, height)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def pick_in(driver, dropdown_id: str, option_text: str, search: str | None = None) -> None:
    """``choose`` for any driver: open a dropdown, type a search, click the option."""
    element = driver.find_element(By.ID, dropdown_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    time.sleep(0.3)
    element.click()
    if search:
        driver.switch_to.active_element.send_keys(search)
    deadline = time.time() + 15
    while time.time() < deadline:
        for option in driver.find_elements(By.CSS_SELECTOR, "[role=option]"):
            if option.text.strip().startswith(option_text):
                option.click()
                driver.switch_to.active_element.send_keys(Keys.ESCAPE)
                return
        time.sleep(0.2)
    raise AssertionError(f"no option {option_text!r} in #{dropdown_id}")


def press(driver, element_id: str) -> None:
    """Scroll a button into view and click it."""
    element = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    time.sleep(0.3)
    element.click()


def text_in(driver, element_id: str) -> str:
    return driver.execute_script(
        "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';",
        element_id)


def errors_in(driver) -> list[dict]:
    """Browser console errors (SEVERE) of a plain Selenium driver."""
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
