import pytest

from app import create_app
from layouts.ids import Id
from tests.e2e.helpers import (
    MAP_READY,
    choose,
    click,
    close_filters,
    map_title,
    open_filters,
    summary_text,
    wait_until,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def atlas(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    dash_duo.wait_for_element(MAP_READY, timeout=20)
    return dash_duo


def url(dash_duo) -> str:
    return dash_duo.driver.current_url


def test_atlas_choosing_a_domain_recolours_the_map(atlas):
    before = summary_text(atlas, Id.MAP_SUMMARY)
    choose(atlas, Id.DOMAIN, "Barriers to Housing and Services")
    wait_until(lambda: "Barriers to Housing" in map_title(atlas), message="map title")
    after = summary_text(atlas, Id.MAP_SUMMARY)
    assert after.startswith("Barriers to Housing and Services") and after != before
    assert "domain=barriers" in url(atlas)
    assert atlas.get_logs() == []


def test_atlas_filter_changes_the_heatmaps(atlas):
    wait_until(lambda: summary_text(atlas, Id.HEATMAP_SUMMARY), message="heatmap")
    before = summary_text(atlas, Id.HEATMAP_SUMMARY)
    open_filters(atlas)
    choose(atlas, Id.FILTER_POPULATIONS, "Older adults")
    wait_until(lambda: summary_text(atlas, Id.HEATMAP_SUMMARY) != before, message="heatmap")
    assert "populations=older_adults" in url(atlas)
    subtitle = atlas.find_element(f"#{Id.HEATMAP} .gtitle").text
    assert "Population group: Older adults" in subtitle
    assert atlas.get_logs() == []


def test_atlas_drill_down_by_picker_and_back(atlas):
    choose(atlas, Id.LOCALITY_PICKER, "Blackpool", search="Blackp")
    atlas.wait_for_text_to_equal(f"#{Id.LOCALITY_TITLE}", "Blackpool (E06000009)", timeout=20)
    assert url(atlas).endswith("/locality/E06000009")
    # The map has its own callback: the title above may arrive first, over an empty figure.
    wait_until(lambda: "Blackpool" in map_title(atlas, Id.LOCALITY_MAP), timeout=20,
               message="map title")
    atlas.wait_for_element(f"#{Id.LOCALITY_TABLE} .ag-row", timeout=20)
    atlas.driver.execute_script("document.getElementById(arguments[0]).scrollIntoView();",
                                Id.LOCALITY_TABLE.value)
    click(atlas, f"#{Id.LOCALITY_TABLE} .ag-row .ag-cell")
    wait_until(lambda: "Provider" in atlas.find_element(f"#{Id.LOCALITY_DETAIL}").text,
               message="detail panel")
    click(atlas, f"#{Id.LOCALITY_BACK}")
    wait_until(lambda: atlas.find_element(f"#{Id.NATIONAL_PAGE}").is_displayed(),
               message="national view")
    assert atlas.get_logs() == []


def test_atlas_drill_down_by_url_restores_the_whole_view(atlas):
    atlas.driver.get(atlas.server_url + "/locality/E08000025?domain=income&map=hex"
                     "&determinants=social_isolation")
    atlas.wait_for_text_to_equal(f"#{Id.LOCALITY_TITLE}", "Birmingham (E08000025)", timeout=20)
    wait_until(lambda: "Birmingham" in map_title(atlas, Id.LOCALITY_MAP), timeout=20,
               message="map title")
    title = map_title(atlas, Id.LOCALITY_MAP)
    assert "Income" in title and "Social isolation and loneliness" in title
    assert atlas.find_element(f"#{Id.DOMAIN}").text.strip() == "Income"
    assert "Filters (1)" in atlas.find_element(f"#{Id.FILTERS_BUTTON}").text
    open_filters(atlas)
    wait_until(lambda: "Social isolation" in atlas.find_element(f"#{Id.FILTER_DETERMINANTS}").text,
               message="the filter the link set")
    assert atlas.get_logs() == []


def test_atlas_copied_url_reopens_the_same_view(atlas):
    choose(atlas, Id.DOMAIN, "Crime")
    open_filters(atlas)
    choose(atlas, Id.FILTER_TYPES, "Befriending")
    wait_until(lambda: "types=befriending" in url(atlas), message="url")
    close_filters(atlas)
    click(atlas, f"#{Id.COPY_LINK}")
    wait_until(lambda: atlas.find_element(f"#{Id.LINK_STATUS}").text != "", message="status")
    copied = atlas.find_element(f"#{Id.LINK_TEXT}").get_attribute("value")
    assert "types=befriending" in copied and "domain=crime" in copied
    summary = summary_text(atlas, Id.HEATMAP_SUMMARY)
    atlas.driver.get("about:blank")
    atlas.driver.get(copied)
    atlas.wait_for_element(MAP_READY, timeout=20)
    wait_until(lambda: "Crime" in map_title(atlas), message="restored title")
    wait_until(lambda: summary_text(atlas, Id.HEATMAP_SUMMARY) == summary,
               message="restored heatmap")
    open_filters(atlas)
    wait_until(lambda: "Befriending" in atlas.find_element(f"#{Id.FILTER_TYPES}").text,
               message="the filter the link set")
    assert atlas.get_logs() == []


def test_atlas_locality_without_data_shows_empty_state(atlas):
    atlas.driver.get(atlas.server_url + "/locality/E09000001")
    atlas.wait_for_text_to_equal(f"#{Id.LOCALITY_TITLE}", "City of London (E09000001)",
                                 timeout=20)
    wait_until(lambda: "No interventions for City of London" in
               atlas.find_element(f"#{Id.LOCALITY_EMPTY}").text, message="empty state")
    assert atlas.get_logs() == []


def test_atlas_invalid_url_values_give_a_visible_note(atlas):
    atlas.driver.get(atlas.server_url + "/locality/E99999999?domain=weather")
    atlas.wait_for_element(f"#{Id.NOTES} .alert", timeout=20)
    notes = atlas.find_element(f"#{Id.NOTES}").text
    assert "E99999999" in notes and "weather" in notes
    assert atlas.find_element(f"#{Id.NATIONAL_PAGE}").is_displayed()
    assert atlas.get_logs() == []
