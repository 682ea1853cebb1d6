"""Browser round trips: upload for a session, an approval reaching another tab, text never run as HTML."""

import re
import uuid
from dataclasses import replace

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

from app import create_app
from dashboard.context import load_context
from dashboard.core.settings import sqlite_url
from dashboard.ingest.uploads import too_large_message
from dashboard.security.secrets import hash_secret
from dashboard.store.records import SubmissionForm
from layouts.ids import Id
from tests.conftest import FIXTURES
from tests.e2e.axe import format_violations, run_axe
from tests.e2e.helpers import MAP_READY, click, summary_text, wait_until

pytestmark = pytest.mark.e2e
SECRET = "workshop secret"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def workshop_settings(settings, tmp_path):
    return replace(settings, instance_dir=tmp_path, database_url=sqlite_url(tmp_path / "a.sqlite3"),
                   editor_secret_hash=hash_secret(SECRET), live_poll_seconds=1.0)


def text_of(dash_duo, element_id: str) -> str:
    return dash_duo.driver.execute_script(
        "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';",
        element_id)


def isolation_count(dash_duo) -> int:
    """Interventions on social isolation, read from the heatmap's text alternative."""
    found = re.search(r"Social isolation and loneliness \((\d+)\)",
                      text_of(dash_duo, Id.HEATMAP_SUMMARY))
    return int(found.group(1)) if found else -1


def no_alert(dash_duo) -> bool:
    try:
        dash_duo.driver.switch_to.alert  # noqa: B018
    except NoAlertPresentException:
        return True
    return False


def test_upload_round_trip_uses_the_file_for_the_session(dash_duo, workshop_settings):
    dash_duo.start_server(create_app(workshop_settings))
    dash_duo.driver.get(dash_duo.server_url + "/data")
    dash_duo.wait_for_element(f"#{Id.DATA_UPLOAD}", timeout=20)
    upload = dash_duo.find_element(f"#{Id.DATA_UPLOAD} input[type=file]")
    upload.send_keys(str(FIXTURES / "good.csv"))
    wait_until(lambda: "2 of 2 rows accepted" in text_of(dash_duo, Id.DATA_SUMMARY),
               message="validation summary")
    dash_duo.wait_for_element(f"#{Id.DATA_PREVIEW} .ag-row", timeout=20)
    assert "Lunch club" in dash_duo.find_element(f"#{Id.DATA_PREVIEW}").text
    violations = run_axe(dash_duo.driver)
    assert violations == [], format_violations(violations)
    click(dash_duo, f"#{Id.DATA_USE}")
    wait_until(lambda: "dataset=session-" in dash_duo.driver.current_url, message="session link")
    dash_duo.wait_for_element(MAP_READY, timeout=20)
    wait_until(lambda: "Your upload (good.csv)" in text_of(dash_duo, Id.DATASET_LABEL),
               message="dataset label")
    wait_until(lambda: "Your upload (good.csv), version 1" in summary_text(
        dash_duo, "national-deprivation-graph"), message="map caption (its footer names the data)")
    wait_until(lambda: "Social isolation and loneliness (2), Financial stress and debt (1)"
               in text_of(dash_duo, Id.HEATMAP_SUMMARY), message="heatmap of the uploaded rows")
    assert dash_duo.get_logs() == []


def test_a_file_over_the_limit_gets_the_limit_sentence_and_is_not_sent(dash_duo, workshop_settings,
                                                                         tmp_path):
    settings = replace(workshop_settings, upload_max_mb=0.5)
    big = tmp_path / "big.csv"
    good = (FIXTURES / "good.csv").read_text(encoding="utf-8")
    big.write_text(good + "\n" * (5 * settings.upload_max_bytes), encoding="utf-8")  # > 4x
    dash_duo.start_server(create_app(settings))
    dash_duo.driver.get(dash_duo.server_url + "/data")
    dash_duo.wait_for_element(f"#{Id.DATA_UPLOAD}", timeout=20)
    dash_duo.find_element(f"#{Id.DATA_UPLOAD} input[type=file]").send_keys(str(big))
    expected = too_large_message("big.csv", settings.upload_max_bytes)
    wait_until(lambda: expected in text_of(dash_duo, Id.DATA_STATUS), message="limit sentence")
    assert text_of(dash_duo, Id.DATA_SUMMARY) == ""
    # a file within the limit is then read as usual
    dash_duo.find_element(f"#{Id.DATA_UPLOAD} input[type=file]").send_keys(
        str(FIXTURES / "good.csv"))
    wait_until(lambda: "2 of 2 rows accepted" in text_of(dash_duo, Id.DATA_SUMMARY),
               message="validation summary")
    assert dash_duo.get_logs() == []


def test_live_entry_approved_by_the_editor_reaches_another_tab(dash_duo, workshop_settings):
    atlas = load_context(workshop_settings, with_store=True)
    atlas.library.store.save_version("Live", atlas.dataset.interventions, actor="Fay",
                                     illustrative=True, notice=atlas.dataset.meta.notice)
    dash_duo.start_server(create_app(workshop_settings))
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/?dataset=Live")
    dash_duo.wait_for_element(MAP_READY, timeout=20)
    wait_until(lambda: "Live, version 1" in text_of(dash_duo, Id.DATASET_LABEL), message="label")
    wait_until(lambda: isolation_count(dash_duo) > 0, message="heatmap")
    before = isolation_count(dash_duo)
    viewer = driver.current_window_handle

    # A participant's entry (sent from the phone page, tested in test_workshop_room.py).
    atlas.library.store.submit("Live", SubmissionForm.of(
        name=SCRIPT, provider=IMG, locality="E06000009", types="peer_support",
        determinants="social_isolation", populations="men"), client_id=str(uuid.uuid4()),
        actor="Sam " + IMG)

    driver.switch_to.new_window("tab")
    driver.get(dash_duo.server_url + "/workshop?dataset=Live")
    dash_duo.find_element(f"#{Id.EDITOR_NAME}").send_keys("Fay")
    dash_duo.find_element(f"#{Id.EDITOR_SECRET}").send_keys(SECRET)
    click(dash_duo, f"#{Id.EDITOR_LOGIN}")
    wait_until(lambda: "Signed in as editor: Fay" in text_of(dash_duo, Id.EDITOR_STATUS),
               message="signed in")
    dash_duo.wait_for_element(f"#{Id.WORKSHOP_QUEUE} .ag-row", timeout=20)
    queue = dash_duo.find_element(f"#{Id.WORKSHOP_QUEUE}").text
    assert SCRIPT in queue and IMG in queue  # shown literally, as text
    assert not driver.find_elements(By.CSS_SELECTOR, "img[src=x]")
    click(dash_duo, f"#{Id.WORKSHOP_QUEUE} .ag-row .ag-checkbox-input")
    click(dash_duo, f"#{Id.WORKSHOP_APPROVE}")
    try:
        wait_until(lambda: "Live is now version 2" in text_of(dash_duo, Id.WORKSHOP_QUEUE_STATUS),
                   message="approved")
    except AssertionError as error:  # say what the facilitator saw instead
        raise AssertionError(f"{error}; status {text_of(dash_duo, Id.WORKSHOP_QUEUE_STATUS)!r}, "
                             f"queue {dash_duo.find_element(f'#{Id.WORKSHOP_QUEUE}').text!r}, "
                             f"logs {dash_duo.get_logs()!r}") from None
    dash_duo.wait_for_element(f"#{Id.WORKSHOP_AUDIT} .ag-row", timeout=20)
    assert "Fay" in dash_duo.find_element(f"#{Id.WORKSHOP_AUDIT}").text

    driver.switch_to.window(viewer)  # never reloaded
    wait_until(lambda: "Live, version 2" in text_of(dash_duo, Id.DATASET_LABEL), timeout=20,
               message="live version")
    wait_until(lambda: isolation_count(dash_duo) == before + 1, message="heatmap update")
    assert no_alert(dash_duo)
    assert dash_duo.get_logs() == []
