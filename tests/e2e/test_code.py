"""The coding workbench in a real browser: import, code with the keys, check, save."""

from dataclasses import replace

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from app import create_app
from dashboard.core.settings import sqlite_url
from dashboard.security.secrets import hash_secret
from layouts.ids import CODE_FILTER_TYPE, Id
from tests.e2e.axe import format_violations, run_axe
from tests.e2e.helpers import click, wait_until

pytestmark = pytest.mark.e2e
SECRET = "coding secret"
CSV = ("Name,Description,Postcode,latitude,longitude\n"
       "Bolton food bank,Emergency food parcels and a weekly drop-in,BL3 2HP,53.5603452,-2.4180017\n"
       "Friendship group,Befriending for isolated older people,BL1 2BZ,53.5815171,-2.4344326\n"
       "Hall,A hall,,,\n")


@pytest.fixture
def code_settings(settings, tmp_path):
    return replace(settings, instance_dir=tmp_path, database_url=sqlite_url(tmp_path / "a.sqlite3"),
                   editor_secret_hash=hash_secret(SECRET))


def text_of(dash_duo, element_id: str) -> str:
    return dash_duo.driver.execute_script(
        "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';", element_id)


def test_workbench_imports_a_directory_and_codes_it_from_the_keyboard(dash_duo, code_settings, tmp_path):
    source = tmp_path / "bolton.csv"
    source.write_text(CSV, encoding="utf-8")
    dash_duo.start_server(create_app(code_settings))
    dash_duo.driver.get(dash_duo.server_url + "/code")
    dash_duo.wait_for_element(f"#{Id.CODE_UPLOAD}", timeout=30)
    dash_duo.find_element(f"#{Id.CODE_UPLOAD} input[type=file]").send_keys(str(source))
    click(dash_duo, f"#{Id.CODE_IMPORT}")
    wait_until(lambda: "0 of 3 coded" in text_of(dash_duo, Id.CODE_PROGRESS_TEXT), timeout=120,
               message="the draft to open")
    assert "3 records read: 3 imported, 0 rejected." in text_of(dash_duo, Id.CODE_STATUS)
    assert "1 not placed" in text_of(dash_duo, Id.CODE_COUNTS)
    chip = dash_duo.find_element(".code-row-selected .code-chip")
    assert "Why:" in chip.get_attribute("title")  # the evidence, on hover

    dash_duo.find_element("body").send_keys("a")  # accept the first service's codes
    wait_until(lambda: "1 of 3 coded" in text_of(dash_duo, Id.CODE_PROGRESS_TEXT), timeout=60,
               message="the accepted row to count")
    assert "Friendship group" in dash_duo.find_element(".code-row-selected").text  # moved on
    dash_duo.find_element("body").send_keys("k")
    wait_until(lambda: "Bolton food bank" in dash_duo.find_element(".code-row-selected").text,
               message="the previous row")
    assert "✓" in dash_duo.find_element(".code-row-selected .code-chip").text  # chosen by a person

    dash_duo.find_element("body").send_keys("j")
    dash_duo.find_element("body").send_keys("j")
    wait_until(lambda: "Hall" in dash_duo.find_element(".code-row-selected").text, message="the last row")
    dash_duo.find_element("body").send_keys("e")  # edit: focus the type picker and choose
    active = dash_duo.driver.switch_to.active_element
    active.send_keys("Social activities")
    wait_until(lambda: dash_duo.driver.find_elements(By.CSS_SELECTOR, "[role=option]"), message="options")
    active.send_keys(Keys.ENTER)
    active.send_keys(Keys.ESCAPE)
    dash_duo.find_element("body").send_keys("s")
    wait_until(lambda: "(edited)" in text_of(dash_duo, Id.CODE_ROW_STATUS), timeout=60,
               message="the edit to save")
    wait_until(lambda: "2 of 3 coded" in text_of(dash_duo, Id.CODE_PROGRESS_TEXT), timeout=60,
               message="the edited row to count")

    # A filter (a pattern-matching button) shows only the service that could not be placed.
    dash_duo.driver.execute_script(
        "document.getElementById(JSON.stringify({index: 'not_placed', type: arguments[0]})).click();",
        CODE_FILTER_TYPE)
    shown = "return Array.from(document.querySelectorAll('.code-row')).map(r => r.textContent);"
    wait_until(lambda: [t.startswith("Hall") for t in dash_duo.driver.execute_script(shown)] == [True],
               timeout=60, message="the not-placed filter")

    click(dash_duo, f"#{Id.CODE_CHECK}")
    wait_until(lambda: "Checked with the upload validator" in text_of(dash_duo, Id.CODE_CHECK_RESULT),
               timeout=60, message="the validator's report")
    violations = run_axe(dash_duo.driver, f"#{Id.CODE_PAGE}")
    assert violations == [], format_violations(violations)
    assert dash_duo.get_logs() == []
