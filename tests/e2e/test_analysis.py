import pytest
from selenium.webdriver.common.keys import Keys

from app import create_app
from layouts.ids import Id
from tests.e2e.axe import format_violations, run_axe
from tests.e2e.helpers import choose, click, summary_text, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture
def atlas(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    dash_duo.wait_for_element(f"#{Id.MAP} .main-svg", timeout=20)
    return dash_duo


def test_gaps_view_shows_classes_and_priorities(atlas):
    click(atlas, f"#{Id.NAV_GAPS}")
    wait_until(lambda: "High need, no provision" in atlas.find_element(f"#{Id.GAP_HEATMAP}").text,
               message="gap heatmap legend")
    assert atlas.driver.current_url.endswith("/gaps")
    wait_until(lambda: "Blackpool" in atlas.find_element(f"#{Id.GAP_PRIORITIES}").text,
               message="priority list")
    priorities = atlas.find_element(f"#{Id.GAP_PRIORITIES}").text
    assert "of 296" in priorities
    assert "Welfare system" in atlas.find_element(f"#{Id.GAP_UNINDICATED}").text
    violations = run_axe(atlas.driver)
    assert violations == [], format_violations(violations)
    assert atlas.get_logs() == []


def test_gaps_thresholds_change_the_classes_and_the_url(atlas):
    atlas.driver.get(atlas.server_url + "/gaps?need=50")
    atlas.wait_for_element(f"#{Id.GAP_HEATMAP} .main-svg", timeout=20)
    wait_until(lambda: "percentile ≥ 50" in atlas.find_element(f"#{Id.GAP_METHOD}").text,
               message="threshold from URL")
    before = summary_text(atlas, Id.GAP_HEATMAP_SUMMARY)
    field = atlas.find_element(f"#{Id.GAP_NEED}")
    # Select and overtype: WebDriver's clear() blurs the field, and a debounced input sends the
    # empty value (the default threshold) on blur, a different reclassification from 95's.
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("95\n")
    wait_until(lambda: "need=95" in atlas.driver.current_url, message="threshold in the URL")
    wait_until(lambda: "percentile ≥ 95" in atlas.find_element(f"#{Id.GAP_METHOD}").text,
               message="threshold in the method line")
    wait_until(lambda: summary_text(atlas, Id.GAP_HEATMAP_SUMMARY) != before, message="reclass")
    assert atlas.get_logs() == []


def test_compare_view_puts_localities_side_by_side(atlas):
    atlas.driver.get(atlas.server_url + "/compare?codes=E06000009,E08000025")
    wait_until(lambda: "Blackpool (E06000009)" in atlas.find_element(f"#{Id.COMPARE_CONTENT}")
               .text, message="compare content")
    content = atlas.find_element(f"#{Id.COMPARE_CONTENT}").text
    assert "Birmingham (E08000025)" in content and "Dataset:" in content
    choose(atlas, Id.COMPARE_PICKER, "Hastings", search="Hast")
    wait_until(lambda: "codes=E06000009%2CE08000025%2CE07000062" in atlas.driver.current_url
               or "codes=E06000009,E08000025,E07000062" in atlas.driver.current_url,
               message="url with three codes")
    wait_until(lambda: "Hastings (E07000062)" in atlas.find_element(f"#{Id.COMPARE_CONTENT}").text,
               message="third locality")
    violations = run_axe(atlas.driver)
    assert violations == [], format_violations(violations)
    assert atlas.get_logs() == []


def test_methods_page_explains_the_calculation(atlas):
    click(atlas, f"#{Id.NAV_METHODS}")
    wait_until(lambda: "percentile" in atlas.find_element(f"#{Id.METHODS_PAGE}").text.lower(),
               message="the method's text")
    assert not atlas.find_element(f"#{Id.CONTROL_BAR}").is_displayed()  # no controls here
    assert atlas.get_logs() == []
