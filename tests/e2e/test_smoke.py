import pytest

from app import create_app
from layouts.ids import Id

pytestmark = pytest.mark.e2e


def test_home_page_renders_without_console_errors(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    dash_duo.wait_for_element(f"#{Id.MAP} .main-svg", timeout=20)
    dash_duo.wait_for_element(f"#{Id.HEATMAP} .main-svg", timeout=20)
    banner = dash_duo.find_element(f"#{Id.BANNER}")
    assert "Illustrative data" in banner.text
    assert "Community mental-health provision atlas" in dash_duo.find_element("h1").text
    map_title = dash_duo.find_element(f"#{Id.MAP} .gtitle").text
    assert "Index of Multiple Deprivation" in map_title
    assert dash_duo.get_logs() == []
