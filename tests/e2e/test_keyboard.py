import pytest
from selenium.webdriver.common.keys import Keys

from app import create_app
from layouts.ids import Id
from tests.e2e.helpers import MAP_READY, map_title, wait_until

pytestmark = pytest.mark.e2e


def test_keyboard_alone_reaches_and_changes_the_domain(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    dash_duo.wait_for_element(MAP_READY, timeout=20)
    driver = dash_duo.driver
    driver.execute_script("document.getElementById(arguments[0]).focus();", Id.NAV_ATLAS.value)
    focused_domain = (
        "const wrapper = document.activeElement.closest('.dash-dropdown-wrapper');"
        "return !!wrapper && !!wrapper.querySelector('#' + arguments[0]);"
    )
    for _ in range(40):                       # Tab until the domain control has focus
        driver.switch_to.active_element.send_keys(Keys.TAB)
        if driver.execute_script(focused_domain, Id.DOMAIN.value):
            active = driver.switch_to.active_element
            break
    else:
        raise AssertionError("the domain dropdown cannot be reached with Tab")
    focused_option = "return document.activeElement.value;"
    active.send_keys(Keys.ENTER)                  # open the list: focus lands on the current option
    wait_until(lambda: driver.execute_script(focused_option) == "imd", message="list open")
    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)      # IMD -> Income
    wait_until(lambda: driver.execute_script(focused_option) == "income", message="Income focused")
    driver.switch_to.active_element.send_keys(Keys.ENTER)           # choose it
    wait_until(lambda: "Income" in map_title(dash_duo), message="domain chosen by keyboard")
    assert "domain=income" in driver.current_url
    assert dash_duo.get_logs() == []
