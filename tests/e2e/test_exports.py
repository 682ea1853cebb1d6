import struct
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from app import create_app
from layouts.ids import Id
from tests.e2e.helpers import choose, click, wait_until

pytestmark = pytest.mark.e2e


def downloaded(dash_duo, suffix: str) -> list[Path]:
    return sorted(p for p in Path(dash_duo.download_path).glob(f"*{suffix}")
                  if not p.name.endswith(".crdownload"))


def test_export_buttons_download_captioned_files_of_the_current_view(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    dash_duo.driver.get(dash_duo.server_url + "/locality/E06000009?domain=income")
    dash_duo.wait_for_element(f"#{Id.LOCALITY_MAP} .main-svg", timeout=20)
    # The figure chooser lists the locality page's figures, and the profile button is offered.
    wait_until(lambda: "Deprivation map" in dash_duo.find_element(f"#{Id.EXPORT_PART}").text,
               message="figure chooser")
    assert dash_duo.find_element(f"#{Id.EXPORT_PROFILE}").is_displayed()
    click(dash_duo, f"#{Id.EXPORT_PNG}")                        # social preset by default
    wait_until(lambda: downloaded(dash_duo, ".png"), timeout=60, message="PNG download")
    png = downloaded(dash_duo, ".png")[0]
    assert png.name == "atlas-blackpool-map-social.png"
    assert struct.unpack(">II", png.read_bytes()[16:24]) == (1200, 675)
    wait_until(lambda: "Downloaded atlas-blackpool-map-social.png" in
               dash_duo.find_element(f"#{Id.EXPORT_STATUS}").text, message="status")
    wait_until(lambda: "Blackpool" in dash_duo.find_element(f"#{Id.EXPORT_ALT}")
               .get_attribute("value"), message="alt text")
    assert dash_duo.find_element(f"#{Id.EXPORT_ALT}").get_attribute("value").startswith(
        "Illustrative data. Blackpool: Income")

    choose(dash_duo, Id.EXPORT_PART, "Heatmap: determinants by intervention type")
    click(dash_duo, f"#{Id.EXPORT_CSV}")
    wait_until(lambda: downloaded(dash_duo, ".csv"), timeout=30, message="CSV download")
    text = downloaded(dash_duo, ".csv")[0].read_text(encoding="utf-8-sig")
    assert "ILLUSTRATIVE DATA" in text.splitlines()[0]
    assert "/locality/E06000009?domain=income" in text
    assert "determinant,intervention_type,interventions" in text
    assert dash_duo.get_logs() == []


def test_export_panel_hides_on_the_methods_page(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    dash_duo.wait_for_element(f"#{Id.MAP} .main-svg", timeout=20)
    assert dash_duo.find_element(f"#{Id.EXPORT_PANEL}").is_displayed()
    assert not dash_duo.find_element(f"#{Id.EXPORT_PROFILE}").is_displayed()
    click(dash_duo, f"#{Id.NAV_METHODS}")
    wait_until(lambda: not dash_duo.driver.find_elements(By.ID, Id.EXPORT_PANEL.value),
               message="no export panel on the methods page")
    assert dash_duo.get_logs() == []
