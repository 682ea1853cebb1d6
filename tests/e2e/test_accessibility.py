import pytest

from app import create_app
from layouts.ids import Id
from tests.e2e.axe import format_violations, run_axe

pytestmark = pytest.mark.e2e


def test_home_page_has_no_serious_accessibility_violations(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    dash_duo.wait_for_element(f"#{Id.MAP} .main-svg", timeout=20)
    violations = run_axe(dash_duo.driver)
    assert violations == [], format_violations(violations)
    assert dash_duo.get_logs() == []


def test_locality_page_has_no_serious_accessibility_violations(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    dash_duo.driver.get(dash_duo.server_url + "/locality/E08000025")
    dash_duo.wait_for_element(f"#{Id.LOCALITY_MAP} .main-svg", timeout=20)
    dash_duo.wait_for_element(f"#{Id.LOCALITY_TABLE} .ag-row", timeout=20)
    violations = run_axe(dash_duo.driver)
    assert violations == [], format_violations(violations)
    assert dash_duo.get_logs() == []
