import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from app import create_app
from dashboard.views.playlist import Slide, playlist_href
from layouts.ids import Id
from tests.e2e.axe import format_violations, run_axe
from tests.e2e.helpers import MAP_READY, click, wait_until

pytestmark = pytest.mark.e2e

SLIDES = (Slide("/locality/E06000009?domain=income", "map"),
          Slide("/", "locality_determinant", reveal=True),
          Slide("/gaps", "gaps"))
GRAPH_TITLE = f"#{Id.PRESENT_GRAPH} .gtitle"


def counter(dash_duo) -> str:
    return dash_duo.find_element(f"#{Id.PRESENT_COUNTER}").text


def title(dash_duo) -> str:
    return dash_duo.find_element(GRAPH_TITLE).text


def slide_words(dash_duo) -> str:
    """Every caption line of the slide: title, header lines and sources."""
    return dash_duo.driver.execute_script(
        "return document.querySelector(arguments[0]).textContent;", f"#{Id.PRESENT_GRAPH} .infolayer")


def outlines(dash_duo) -> int:
    """Outlined cells (closed shapes; the lines between determinant levels are open)."""
    return len([path for path in dash_duo.driver.find_elements(
        By.CSS_SELECTOR, f"#{Id.PRESENT_GRAPH} .shapelayer path")
        if path.get_attribute("d").rstrip().endswith("Z")])


def press(dash_duo, key, expected_counter, fragment):
    ActionChains(dash_duo.driver).send_keys(key).perform()
    wait_until(lambda: counter(dash_duo) == expected_counter, message=expected_counter)
    wait_until(lambda: dash_duo.driver.current_url.endswith(fragment), message=fragment)


def test_presenter_steps_through_a_playlist_with_the_keyboard(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    dash_duo.driver.get(dash_duo.server_url + playlist_href(SLIDES))
    dash_duo.wait_for_element(GRAPH_TITLE, timeout=60)   # the first slide is a map of LSOAs
    wait_until(lambda: counter(dash_duo) == "Slide 1 of 3", message="first slide")
    assert "Blackpool: Income" in title(dash_duo)
    assert not dash_duo.find_element(f"#{Id.DOMAIN}").is_displayed()   # atlas controls hidden
    assert dash_duo.find_element(".presenter-badge").text == "Illustrative data"
    driver = dash_duo.driver
    # Focus on the map, which has keys of its own: the presenter's keys still step the talk.
    driver.find_element(By.CSS_SELECTOR, f"#{Id.PRESENT_GRAPH} canvas.maplibregl-canvas").click()

    press(dash_duo, Keys.ARROW_RIGHT, "Slide 2 of 3 (provision; next: the gaps)", "#2")
    wait_until(lambda: "Localities, by determinant" in title(dash_duo), message="grid title")
    assert outlines(dash_duo) == 0 and "Gaps revealed" not in slide_words(dash_duo)
    press(dash_duo, Keys.PAGE_DOWN, "Slide 2 of 3 (gaps revealed)", "#3")   # what clickers send
    wait_until(lambda: outlines(dash_duo) > 0, message="gap outlines")
    wait_until(lambda: "Gaps revealed" in slide_words(dash_duo), message="gaps revealed title")
    press(dash_duo, Keys.SPACE, "Slide 3 of 3", "#4")
    wait_until(lambda: "gap class" in title(dash_duo), message="gap classes")
    press(dash_duo, Keys.ARROW_RIGHT, "Slide 3 of 3", "#4")                 # stays on the last
    press(dash_duo, Keys.ARROW_LEFT, "Slide 2 of 3 (gaps revealed)", "#3")
    press(dash_duo, Keys.HOME, "Slide 1 of 3", "#1")
    wait_until(lambda: "Blackpool: Income" in title(dash_duo), message="first again")
    press(dash_duo, Keys.END, "Slide 3 of 3", "#4")
    press(dash_duo, Keys.PAGE_UP, "Slide 2 of 3 (gaps revealed)", "#3")

    ActionChains(driver).send_keys(Keys.HOME).perform()
    wait_until(lambda: counter(dash_duo) == "Slide 1 of 3", message="back to the first")
    # A clicker pressed three times in quick succession moves three steps, none lost.
    ActionChains(driver).send_keys(Keys.PAGE_DOWN).send_keys(Keys.PAGE_DOWN) \
        .send_keys(Keys.PAGE_DOWN).perform()
    wait_until(lambda: driver.current_url.endswith("#4"), message="three quick steps")
    wait_until(lambda: counter(dash_duo) == "Slide 3 of 3", message="third step shown")
    press(dash_duo, Keys.PAGE_UP, "Slide 2 of 3 (gaps revealed)", "#3")

    driver.refresh()                                              # the step is in the URL
    dash_duo.wait_for_element(GRAPH_TITLE, timeout=20)
    wait_until(lambda: counter(dash_duo) == "Slide 2 of 3 (gaps revealed)", message="reloaded")
    click(dash_duo, f"#{Id.PRESENT_PREVIOUS}")                     # the buttons work too
    wait_until(lambda: counter(dash_duo).startswith("Slide 2 of 3 (provision"), message="button")
    violations = run_axe(driver, f"#{Id.PRESENT_PAGE}")
    assert violations == [], format_violations(violations)

    click(dash_duo, f"#{Id.PRESENT_EXIT}")
    wait_until(lambda: driver.current_url.endswith("/"), message="exit to the slide's view")
    dash_duo.wait_for_element(MAP_READY, timeout=20)
    assert dash_duo.find_element(f"#{Id.DOMAIN}").is_displayed()
    assert dash_duo.get_logs() == []


def slide_list(dash_duo) -> list[str]:
    return [label.text for label in dash_duo.driver.find_elements(
        By.CSS_SELECTOR, f"#{Id.BUILDER_LIST} label")]


def test_presenter_playlist_round_trip(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/locality/E06000009?domain=income")
    dash_duo.wait_for_element(f"#{Id.LOCALITY_MAP} .main-svg", timeout=20)
    driver.execute_script("window.localStorage.clear();")
    click(dash_duo, f"#{Id.PLAYLIST_ADD}")
    wait_until(lambda: "Added slide 1: Blackpool" in dash_duo.find_element(
        f"#{Id.PLAYLIST_ADD_STATUS}").text, message="first slide added")
    click(dash_duo, f"#{Id.NAV_GAPS}")
    wait_until(lambda: "/gaps?domain=income" in driver.current_url, message="gaps page")
    click(dash_duo, f"#{Id.PLAYLIST_ADD}")
    wait_until(lambda: "Added slide 2: Need against provision" in dash_duo.find_element(
        f"#{Id.PLAYLIST_ADD_STATUS}").text, message="second slide added")

    click(dash_duo, f"#{Id.NAV_PRESENT}")
    wait_until(lambda: len(slide_list(dash_duo)) == 2, message="builder list")
    assert slide_list(dash_duo) == [
        "1. Blackpool (E06000009): Deprivation map",
        "2. Need against provision: Gap classes by locality and determinant"]
    # The second slide is chosen (just added): move it up, and show its parity chart instead.
    click(dash_duo, f"#{Id.BUILDER_UP}")
    wait_until(lambda: slide_list(dash_duo)[0].startswith("1. Need against provision"),
               message="reordered")
    driver.execute_script(
        "const s = document.getElementById(arguments[0]); s.value = 'parity';"
        "s.dispatchEvent(new Event('change', {bubbles: true}));", Id.BUILDER_PART.value)
    wait_until(lambda: slide_list(dash_duo)[0].endswith("Population groups against parity"),
               message="figure chosen")
    expected = slide_list(dash_duo)
    wait_until(lambda: "slide=" in dash_duo.find_element(f"#{Id.BUILDER_LINK}")
               .get_attribute("value"), message="playlist link")
    link = dash_duo.find_element(f"#{Id.BUILDER_LINK}").get_attribute("value")
    click(dash_duo, f"#{Id.BUILDER_COPY}")
    wait_until(lambda: dash_duo.find_element(f"#{Id.BUILDER_STATUS}").text, message="copy")
    violations = run_axe(driver, f"#{Id.PRESENT_PAGE}")
    assert violations == [], format_violations(violations)

    click(dash_duo, f"#{Id.BUILDER_START}")
    wait_until(lambda: counter(dash_duo) == "Slide 1 of 2", message="start presenting")
    assert driver.current_url == link

    # A fresh page load of the link, with nothing saved in the browser, shows the same slides.
    driver.execute_script("window.localStorage.clear();")
    driver.get(link)
    dash_duo.wait_for_element(GRAPH_TITLE, timeout=20)
    wait_until(lambda: counter(dash_duo) == "Slide 1 of 2", message="presenting")
    assert "Population groups" in title(dash_duo)
    outline = [item.get_attribute("textContent").removesuffix(" (shown now)") for item in
               driver.find_elements(By.CSS_SELECTOR, f"#{Id.PRESENT_OUTLINE} li")]
    assert outline == [label.split(". ", 1)[1] for label in expected]
    press(dash_duo, Keys.ARROW_RIGHT, "Slide 2 of 2", "#2")
    wait_until(lambda: "Blackpool: Index of Multiple" in title(dash_duo)
               or "Blackpool: Income" in title(dash_duo), message="Blackpool map")

    # Edit playlist copies the shared playlist into this browser's builder.
    click(dash_duo, f"#{Id.PRESENT_EDIT}")
    wait_until(lambda: slide_list(dash_duo) == expected, message="builder from the link")
    assert driver.current_url.endswith("/present")
    assert dash_duo.get_logs() == []
