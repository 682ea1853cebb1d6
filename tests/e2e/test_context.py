"""Context in a real browser: NHS areas and the ICB drill, similar areas, search, citation."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from app import create_app
from layouts.ids import Id
from tests.e2e.helpers import MAP_READY, click, map_title, summary_text, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture
def atlas(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    dash_duo.wait_for_element(MAP_READY, timeout=20)
    return dash_duo


def test_context_icb_level_then_drill_into_an_icb(atlas):
    click(atlas, f"#{Id.AREA_LEVEL} input[value=icb]")
    wait_until(lambda: "42 ICBs" in summary_text(atlas, Id.MAP_SUMMARY), timeout=30,
               message="ICB map")
    assert "areas=icb" in atlas.driver.current_url
    assert "among 42 ICBs" in summary_text(atlas, Id.MAP)  # in the caption's footer
    # The drill is what a click on an ICB does (callbacks test the click): open it by link.
    atlas.driver.get(atlas.server_url + "/?focus=E54000048")
    wait_until(lambda: "its 17 districts" in atlas.find_element(f"#{Id.AREA_FOCUS}").text,
               timeout=30, message="districts of the ICB")
    wait_until(lambda: "Districts with residents in Lancashire and South Cumbria ICB"
               in map_title(atlas), timeout=30, message="map of the ICB's districts")
    click(atlas, f"#{Id.AREA_FOCUS} a[href^='/?areas=icb']")
    wait_until(lambda: "42 ICBs" in summary_text(atlas, Id.MAP_SUMMARY), timeout=30,
               message="back to the ICBs")
    assert atlas.get_logs() == []


def test_context_similar_areas_and_compare_preset(atlas):
    atlas.driver.get(atlas.server_url + "/locality/E06000009")
    wait_until(lambda: "nearest neighbours (global" in
               atlas.find_element(f"#{Id.SIMILAR_PANEL}").text, timeout=30,
               message="similar areas")
    click(atlas, f"#{Id.SIMILAR_KIND} input[value=economic]")
    wait_until(lambda: "Hastings" in atlas.find_element(f"#{Id.SIMILAR_PANEL}").text,
               timeout=30, message="economic neighbours")
    assert "similar=economic" in atlas.driver.current_url
    assert "rank 1 of 296 in 2025, 1 in 2019" in atlas.find_element(f"#{Id.CHANGE_PANEL}").text
    click(atlas, f"#{Id.SIMILAR_PANEL} a.btn")
    wait_until(lambda: atlas.find_element(f"#{Id.COMPARE_PAGE}").is_displayed(), timeout=30,
               message="compare page")
    assert "codes=E06000009,E06000018" in atlas.driver.current_url
    assert atlas.get_logs() == []


def test_context_search_by_keyboard_with_a_typo_opens_the_ward(atlas):
    atlas.find_element(f"#{Id.SEARCH}").click()
    box = atlas.driver.switch_to.active_element
    box.send_keys("anchorsolme")
    wait_until(lambda: any("Anchorsholme" in o.text for o in
                           atlas.driver.find_elements(By.CSS_SELECTOR, "[role=option]")),
               timeout=20, message="ward option")
    atlas.driver.switch_to.active_element.send_keys(Keys.ENTER)
    atlas.wait_for_text_to_equal(f"#{Id.LOCALITY_TITLE}", "Blackpool (E06000009)", timeout=30)
    assert "ward=E05015186" in atlas.driver.current_url
    wait_until(lambda: "Anchorsholme ward" in summary_text(atlas, Id.LOCALITY_MAP_SUMMARY),
               timeout=30, message="ward outlined")
    citation = atlas.find_element(f"#{Id.CITE_TEXT}").get_attribute("value")
    assert citation.startswith("Blackpool (E06000009).") and "version 1.0.0" in citation
    assert atlas.get_logs() == []
