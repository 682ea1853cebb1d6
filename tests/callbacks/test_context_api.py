"""The context API endpoints and the over-time panel, on a real SQLite store with three versions."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from app import create_app
from callbacks.citation import download_links
from callbacks.locality_context import update_context
from callbacks.search import open_result
from dashboard.context import check_state, load_context, scoped, view_of_url
from dashboard.core.settings import Settings
from dashboard.views.monitoring import monitoring, versions_query


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """The app and its context on a store holding 'area' v1-v3: v2 drops Blackpool's first two
    rows and adds housing to its next three; v3 records outcomes for five of them."""
    settings = Settings.from_env({"ATLAS_INSTANCE_DIR": str(tmp_path_factory.mktemp("inst"))})
    context = load_context(settings, with_store=True)
    store = context.library.store
    rows = context.dataset.interventions
    store.save_version("area", rows, actor="Ann", illustrative=True, notice="Synthetic.")
    second = rows.copy()
    blackpool = second.index[second["locality_code"] == "E06000009"]
    second = second.drop(blackpool[:2])
    for i in blackpool[2:5]:
        second.at[i, "determinants"] = [*second.at[i, "determinants"], "housing"]
    store.save_version("area", second, actor="Ann", illustrative=True, notice="Synthetic.")
    third = second.copy()
    third.loc[blackpool[2:7], "outcomes_measured"] = "yes"
    store.save_version("area", third, actor="Ann", illustrative=True, notice="Synthetic.")
    yield create_app(settings), context
    store.close()


def test_api_icbs_equal_published_figures(saved, settings):
    app = saved[0]
    body = app.server.test_client().get("/api/v1/icbs").get_json()
    published = pd.read_csv(settings.raw_dir / "imd" / "iod2025_icb24_summaries.csv")
    assert body["count"] == 42
    first = next(i for i in body["icbs"] if i["code"] == "E54000048")
    row = published.set_index("icb24_code").loc["E54000048"]
    assert first["iod2025"]["imd"]["average_score"] == row["imd_average_score"]
    assert first["iod2025"]["imd"]["rank_of_average_score"] == row["imd_rank_of_average_score"]
    assert sum(i["interventions"] for i in body["icbs"]) == 404


def test_api_one_icb_lists_its_districts(saved):
    client = saved[0].server.test_client()
    body = client.get("/api/v1/icbs/E54000048").get_json()
    codes = [d["code"] for d in body["districts"]]
    assert "E06000009" in codes and len(codes) == 17
    assert body["interventions"] == 56  # every Blackpool intervention counts here
    assert client.get("/api/v1/icbs/E06000009").status_code == 404


def test_api_locality_has_neighbours_change_and_health_need(saved):
    body = saved[0].server.test_client().get("/api/v1/localities/E06000009").get_json()
    assert [n["code"] for n in body["neighbours"]["global"]["nearest"]][:2] == [
        "E06000010", "E06000027"]
    assert body["change_since_2019"]["domains"]["imd"]["rank_2019"] == 1
    targets = {r["target"] for r in body["mental_health_need"]["rows"]}
    assert targets == {"existing_mh", "wellbeing"}


def test_api_dataset_changes_between_versions(saved):
    client = saved[0].server.test_client()
    body = client.get("/api/v1/datasets/area/changes?from=1&to=2&locality=E06000009").get_json()
    assert body["counts"] == {"added": 0, "removed": 2, "recoded": 3, "edited": 0}
    housing = [c for c in body["by_locality_and_determinant"] if c["determinant"] == "housing"]
    assert housing == [{"locality": "E06000009", "determinant": "housing", "before": 0,
                        "after": 3, "change": 3}]  # Blackpool had no housing provision
    assert client.get("/api/v1/datasets/area/changes?from=1&to=9").status_code == 404
    assert client.get("/api/v1/datasets/area/changes?from=x&to=2").status_code == 400
    assert client.get("/api/v1/datasets/nothing/changes?from=1&to=2").status_code == 404


def test_dataset_download_is_the_whole_dataset(saved):
    client = saved[0].server.test_client()
    response = client.get("/download/dataset.csv?dataset=area@2")
    assert response.status_code == 200
    assert 'filename="area-v2.csv"' in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8-sig")
    assert text.startswith("# Illustrative data. Interventions: area, version 2.")
    table = pd.read_csv(io.BytesIO(response.data), comment="#", encoding="utf-8-sig")
    assert len(table) == 404 - 2
    assert client.get("/download/dataset.xlsx?dataset=nothing").status_code == 404
    csv_link, xlsx_link, hsds_link = download_links("area@2")
    assert (csv_link, xlsx_link) == ("/download/dataset.csv?dataset=area%402",
                                     "/download/dataset.xlsx?dataset=area%402")
    assert hsds_link == "/api/hsds/services?dataset=area%402"
    published = client.get(hsds_link)
    assert published.status_code == 200 and published.get_json()["total_items"] == 404 - 2


def test_over_time_panel_compares_versions_and_follows_figures(saved):
    context = saved[1]
    state, _ = check_state(context, view_of_url(context, "/locality/E06000009",
                                                "?dataset=area")[0])
    panel = monitoring(scoped(context, state), state)
    assert panel.chosen == (2, 3)
    assert panel.summary[0].startswith("From version 2 to version 3 in Blackpool: 0 added, "
                                       "0 removed, 0 recoded")
    assert "5 otherwise edited" in panel.summary[0]
    assert "v1" in panel.provision.summary and "Outcomes measured" in panel.evaluation.summary
    assert versions_query(context, state, 2, 3) is None  # what the panel shows already
    assert versions_query(context, state, 3, 1) == "?dataset=area&from=1&to=3"
    values = update_context(scoped(context, state), state)
    assert values["from"] == 2 and values["to"] == 3 and values["choice"] == {}
    bundled, _ = view_of_url(context, "/locality/E06000009", "")
    assert "saved dataset" in monitoring(context, bundled).message


def test_search_result_opens_its_link():
    assert open_result("/locality/E06000009?ward=E05015186") == (
        "/locality/E06000009", "?ward=E05015186")
    assert open_result("/?focus=E54000048") == ("/", "?focus=E54000048")


def test_map_click_on_an_icb_drills_into_its_districts(atlas_context):
    from dash import no_update

    from callbacks.pages import page_registry
    from callbacks.state_sync import resolve
    from dashboard.core.context_state import map_click
    from dashboard.core.view_state import control_values
    from layouts.ids import Id

    pages = page_registry(atlas_context)
    state, _ = view_of_url(atlas_context, "/", "?areas=icb")
    # The page sends what map_click says (callbacks/national.py, in the browser).
    click = map_click("E54000048")
    assert click == {"areas": "lad", "focus": "E54000048"}
    out = resolve(atlas_context, pages, Id.PAGE_CONTROLS, "/", "?areas=icb",
                  control_values(state), click, shown=["national", None, "bundled", "icb"])
    assert out["pathname"] is no_update and out["search"] == "?focus=E54000048"
    assert out["state"]["area_level"] == "lad" and out["state"]["focus"] == "E54000048"
    drilled = control_values(view_of_url(atlas_context, "/", "?focus=E54000048")[0])
    assert map_click("E06000009") == {"locality": "E06000009"}
    district = resolve(atlas_context, pages, Id.LOCALITY_PICKER, "/", "?focus=E54000048",
                       {**drilled, "locality": "E06000009"})
    assert district["pathname"] == "/locality/E06000009"
    # the query stays ?focus=E54000048 (unchanged, so not written): the back link returns to
    # the drill
    assert district["search"] is no_update
    assert district["links"]["national"]["href"] == "/?focus=E54000048"


def test_icb_level_exports_name_their_codes(atlas_context):
    from dashboard.views.parts import part_table

    state, _ = view_of_url(atlas_context, "/", "?areas=icb")
    table = part_table(scoped(atlas_context, state), state, "map")
    assert list(table.columns[:2]) == ["ICB24CD", "ICB24NM"] and len(table) == 42
