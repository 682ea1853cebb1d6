"""A workshop as a room lives it: a facilitator at 1440 x 900 and participants' phones at 390 x 844,
each a separate Chromium, on one server; then the slides on a 1920 x 1080 screen.

Every wait is on page state (text, elements), never on a clock.
"""

import re
import time
import uuid
from dataclasses import replace

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

from app import create_app
from dashboard.context import load_context
from dashboard.core.settings import sqlite_url
from dashboard.ingest.validation import validate_file
from dashboard.security.secrets import hash_secret
from dashboard.store.records import SubmissionForm
from dashboard.views.playlist import Slide, playlist_href
from layouts.ids import Id, JoinId
from tests.conftest import FIXTURES
from tests.e2e.helpers import (
    browser,
    errors_in,
    pick_in,
    press,
    script,
    text_in,
    viewport,
    wait_until,
)

pytestmark = pytest.mark.e2e
SECRET = "workshop secret"
SCRIPT = "<script>alert(1)</script>"
LOAD = 60  # s: the first render of a page on a busy machine


@pytest.fixture
def room_settings(settings, tmp_path):
    return replace(settings, instance_dir=tmp_path, database_url=sqlite_url(tmp_path / "a.sqlite3"),
                   editor_secret_hash=hash_secret(SECRET), live_poll_seconds=1.0)


@pytest.fixture
def phone():
    driver = browser(390, 844, mobile=True)
    yield driver
    driver.quit()


def send(driver, by, name, place, offers, helps, who, *, keep_place=False):
    """Fill the participant form as a thumb would, and send it; returns the confirmation."""
    if by:
        box = driver.find_element(By.ID, JoinId.BY)
        box.clear()
        box.send_keys(by)
    driver.find_element(By.ID, JoinId.NAME).send_keys(name)
    driver.find_element(By.ID, JoinId.PROVIDER).send_keys("Community trust")
    if not keep_place:
        pick_in(driver, JoinId.LOCALITY, place, search=place[:5])
    for label in offers:
        pick_in(driver, JoinId.TYPES, label)
    for label in helps:
        pick_in(driver, JoinId.DETERMINANTS, label)
    for label in who:
        pick_in(driver, JoinId.POPULATIONS, label)
    press(driver, JoinId.SEND)
    wait_until(lambda: "Your reference is" in text_in(driver, JoinId.DONE_TEXT), timeout=LOAD,
               message=f"confirmation of {name}")
    return text_in(driver, JoinId.DONE_TEXT)


def text_of(driver, selector):
    return driver.execute_script("return document.querySelector(arguments[0]).textContent;",
                                 selector)


def field_value(driver, element_id):
    return driver.execute_script("return document.getElementById(arguments[0]).value;", element_id)


def picked(driver, dropdown_id):
    """What a dropdown shows: its chosen labels, or its placeholder."""
    return driver.find_element(By.CSS_SELECTOR, f"#{dropdown_id} .dash-dropdown-value").text


def queue_rows(dash_duo):
    return dash_duo.driver.find_elements(
        By.CSS_SELECTOR, f"#{Id.WORKSHOP_QUEUE} .ag-center-cols-container .ag-row")


def queue_cell(dash_duo, name, column):
    """The cell of ``column`` in the queue's row whose service is ``name``."""
    for row in queue_rows(dash_duo):
        cells = {c.get_attribute("col-id"): c for c in row.find_elements(By.CSS_SELECTOR, ".ag-cell")}
        if cells.get("name") is not None and cells["name"].text == name:
            return cells[column]
    raise AssertionError(f"no queue row {name!r}")


def click_cell(dash_duo, name, column="name"):
    """Click a queue cell like a user; the grid may redraw under the pointer, so try again."""
    for attempt in range(10):
        try:
            cell = queue_cell(dash_duo, name, column)
            dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", cell)
            time.sleep(0.3)
            cell.click()
            return
        except (WebDriverException, AssertionError):
            if attempt == 9:
                raise


def test_a_room_adds_services_from_phones_and_the_facilitator_keeps_every_edit(
        dash_duo, room_settings, phone):
    atlas = load_context(room_settings, with_store=True)
    atlas.library.store.save_version("Live", atlas.dataset.interventions, actor="Fay",
                                     illustrative=True, notice=atlas.dataset.meta.notice)
    dash_duo.start_server(create_app(room_settings))
    facilitator = dash_duo.driver
    viewport(facilitator, 1440, 900)
    join = dash_duo.server_url + "/join?dataset=Live"

    # The phone: the form first, in plain English, nothing of the atlas, every target 44 px.
    phone.get(join)
    wait_until(lambda: "Workshop: Live" in text_in(phone, JoinId.LINE), timeout=LOAD,
               message="the workshop line")
    assert text_in(phone, JoinId.LINE) == ("Workshop: Live (illustrative data). Add a service the "
                                           "map is missing.")
    assert phone.find_element(By.ID, JoinId.BY).rect["y"] < 844 / 2     # no scrolling to start
    assert not phone.find_elements(By.ID, Id.DATASET_PICKER)
    taps = phone.execute_script(script("tap_targets.js"), 44)
    assert taps["count"] >= 9 and taps["small"] == [], taps
    sent = send(phone, "Sam", "Men's shed", "Blackpool", ["Peer support"], ["Social isolation"],
                ["Men"])
    first_ref = re.search(r"reference is (\w{6})", sent).group(1)
    press(phone, JoinId.KEEP_PLACE)                                  # add another here
    wait_until(lambda: picked(phone, JoinId.LOCALITY) == "Blackpool", message="place kept")
    assert field_value(phone, JoinId.NAME) == "" and field_value(phone, JoinId.PROVIDER) == ""
    assert picked(phone, JoinId.TYPES) == "Type or choose"            # nothing else carried over
    send(phone, None, "Walk and talk", "Blackpool", ["Physical activity"], ["Physical health"],
         ["Older adults"], keep_place=True)
    press(phone, JoinId.FRESH)                                       # start fresh
    wait_until(lambda: picked(phone, JoinId.LOCALITY) == "Type a town or district",
               message="place cleared")
    assert field_value(phone, JoinId.BY) == "Sam"                    # the phone remembers who

    # The facilitator: nothing of anyone before signing in; then the queue, with labels.
    facilitator.get(dash_duo.server_url + "/workshop?dataset=Live")
    wait_until(lambda: "Sign in as the facilitator" in text_in(facilitator, Id.WORKSHOP_QUEUE_NOTE),
               timeout=LOAD, message="sign-in note")
    assert "Sam" not in facilitator.find_element(By.TAG_NAME, "body").text
    assert "join?dataset=Live" in text_in(facilitator, Id.WORKSHOP_JOIN_TEXT)
    facilitator.find_element(By.ID, Id.EDITOR_NAME).send_keys("Fay")
    facilitator.find_element(By.ID, Id.EDITOR_SECRET).send_keys(SECRET)
    press(facilitator, Id.EDITOR_LOGIN)
    wait_until(lambda: len(queue_rows(dash_duo)) == 2, timeout=LOAD, message="two entries")
    assert queue_cell(dash_duo, "Men's shed", "types").text == "Peer support and mentoring"

    # An edit in progress survives a new arrival.
    click_cell(dash_duo, "Men's shed")
    wait_until(lambda: first_ref in text_in(facilitator, Id.WORKSHOP_EDIT_HEADING),
               message="edit panel")
    facilitator.find_element(By.ID, Id.WORKSHOP_EDIT_NAME).send_keys(" Blackpool")
    send(phone, None, SCRIPT, "Hastings", ["Food security"], ["Food insecurity"], ["Parents"])
    wait_until(lambda: len(queue_rows(dash_duo)) == 3, message="a new arrival")
    assert field_value(facilitator, Id.WORKSHOP_EDIT_NAME) == "Men's shed Blackpool"
    assert SCRIPT in facilitator.find_element(By.ID, Id.WORKSHOP_QUEUE).text   # text, not HTML
    press(facilitator, Id.WORKSHOP_EDIT_KEEP)
    wait_until(lambda: "queue-cell-edited" in queue_cell(
        dash_duo, "Men's shed Blackpool", "name").get_attribute("class"), message="highlight")
    assert queue_cell(dash_duo, "Men's shed Blackpool", "edited_text").text == "service"

    # Approve the corrected entry; a rejection needs a reason, and the box clears after use.
    click_cell(dash_duo, "Men's shed Blackpool")
    press(facilitator, Id.WORKSHOP_APPROVE)
    wait_until(lambda: "Live is now version 2" in text_in(facilitator, Id.WORKSHOP_QUEUE_STATUS),
               message="approved")
    wait_until(lambda: len(queue_rows(dash_duo)) == 2, message="approved entry left the queue")
    click_cell(dash_duo, "Walk and talk")
    press(facilitator, Id.WORKSHOP_REJECT)
    wait_until(lambda: "Give a reason" in text_in(facilitator, Id.WORKSHOP_QUEUE_STATUS),
               message="reason asked for")
    facilitator.find_element(By.ID, Id.WORKSHOP_REASON).send_keys("Already on the map")
    press(facilitator, Id.WORKSHOP_REJECT)
    wait_until(lambda: "Rejected 1" in text_in(facilitator, Id.WORKSHOP_QUEUE_STATUS),
               message="rejected")
    assert field_value(facilitator, Id.WORKSHOP_REASON) == ""

    # The participant learns the outcome without reloading.
    wait_until(lambda: "Not added" in text_in(phone, JoinId.MINE), message="outcome on the phone")
    mine = text_in(phone, JoinId.MINE)
    assert "Added to the map (version 2), with the facilitator's corrections" in mine
    assert "Men's shed Blackpool" in mine and f"Reference {first_ref}" in mine
    assert "Reason: Already on the map" in mine and "Waiting for the facilitator" in mine

    # Another participant (the facilitator's own browser) sends one: the phone never sees it.
    facilitator.switch_to.new_window("tab")
    facilitator.get(join)
    wait_until(lambda: "Workshop: Live" in text_in(facilitator, JoinId.LINE), timeout=LOAD,
               message="second participant's page")
    send(facilitator, "Ann", "Ann's quiet group", "Blackpool", ["Befriending"],
         ["Social isolation"], ["Women"])
    phone.refresh()
    wait_until(lambda: "Men's shed Blackpool" in text_in(phone, JoinId.MINE), timeout=LOAD,
               message="the phone's own list after a reload")
    assert "Ann" not in text_in(phone, JoinId.MINE)
    phone.get(dash_duo.server_url + "/workshop?dataset=Live")        # not signed in
    wait_until(lambda: "Sign in as the facilitator" in text_in(phone, Id.WORKSHOP_QUEUE_NOTE),
               timeout=LOAD, message="anonymous workshop page")
    body = phone.find_element(By.TAG_NAME, "body").text
    assert "Ann" not in body and "Already on the map" not in body and "Sam" not in body
    assert not phone.find_elements(By.CSS_SELECTOR, "img[src=x]")
    assert errors_in(phone) == [] and dash_duo.get_logs() == []


def test_a_slide_follows_its_dataset_live_and_is_labelled_as_its_own_data(dash_duo, room_settings):
    atlas = load_context(room_settings, with_store=True)
    report = validate_file(FIXTURES / "good.csv", atlas.codelists, atlas.library.store.localities)
    store = atlas.library.store
    store.save_version("Council", report.accepted, actor="Fay", comment="a real directory")
    dash_duo.start_server(create_app(room_settings))
    driver = dash_duo.driver
    viewport(driver, 1920, 1080)
    driver.get(dash_duo.server_url + playlist_href((Slide("/?dataset=Council", "determinant_type"),)))
    graph = f"#{Id.PRESENT_GRAPH} .infolayer"
    dash_duo.wait_for_element(graph, timeout=LOAD)

    def words():
        return text_of(driver, graph)

    wait_until(lambda: "Council, version 1" in words(), message="the slide's dataset")
    stage = driver.find_element(By.ID, Id.PRESENT_STAGE).text
    assert "Illustrative" not in stage and "Illustrative" not in words()
    assert not driver.find_elements(By.CSS_SELECTOR, ".presenter-badge")
    # A participant's entry is approved: the slide shows the new version by itself.
    entry = store.submit("Council", SubmissionForm.of(
        name="Men's shed", provider="Shed trust", locality="E06000009", types="peer_support",
        determinants="social_isolation", populations="men"), client_id=str(uuid.uuid4()),
        actor="Sam").submission
    store.approve([entry.id], actor="Fay")
    wait_until(lambda: "Council, version 2" in words(), timeout=LOAD, message="the new version")
    assert "Updated: Council is now version 2" in text_in(driver, Id.PRESENT_UPDATED)
    assert driver.current_url.endswith("#1")                          # no key was pressed
    assert dash_duo.get_logs() == []


ROOM_SLIDES = (Slide("/", "map"), Slide("/", "determinant_type"),
               Slide("/", "population_determinant"), Slide("/", "locality_determinant", reveal=True),
               Slide("/", "intersection"), Slide("/locality/E06000009", "quadrant"),
               Slide("/gaps", "gaps"), Slide("/gaps", "parity"))


def test_every_slide_is_set_for_the_back_of_the_room(dash_duo, settings):
    """At 1920 x 1080: tick and axis labels at least 28 px, titles 44 px, no label overlapping
    another or leaving the slide, measured in the drawn page."""
    dash_duo.start_server(create_app(settings))
    driver = dash_duo.driver
    viewport(driver, 1920, 1080)
    counters = [f"Slide {n} of {len(ROOM_SLIDES)}" + phase for n, slide in enumerate(ROOM_SLIDES, 1)
                for phase in ((" (provision; next: the gaps)", " (gaps revealed)") if slide.reveal
                              else ("",))]
    driver.get(dash_duo.server_url + playlist_href(ROOM_SLIDES))
    caption = f"#{Id.PRESENT_GRAPH} .infolayer"     # title, header and source lines
    shown = ""
    for step, counter in enumerate(counters, start=1):
        driver.execute_script("window.location.hash = arguments[0];", f"#{step}")
        wait_until(lambda counter=counter: text_in(driver, Id.PRESENT_COUNTER) == counter,
                   timeout=LOAD, message=counter)
        # the figure is drawn after the counter changes: wait for this slide's own caption
        wait_until(lambda shown=shown: driver.find_elements(By.CSS_SELECTOR, caption) and
                   text_of(driver, caption) != shown, timeout=LOAD, message=f"{counter} drawn")
        shown = text_of(driver, caption)
        root = driver.find_element(By.CSS_SELECTOR, f"#{Id.PRESENT_GRAPH}")
        found = driver.execute_script(script("slide_layout.js"), root, 28)
        assert found["labels"] > 5, counter
        assert found["small"] == [], (counter, found["small"])
        assert found["titles"] and min(found["titles"]) >= 44, (counter, found["titles"])
        assert found["overlaps"] == [], (counter, found["overlaps"][:5])
        assert found["outside"] == [], (counter, found["outside"][:5])
    assert dash_duo.get_logs() == []
