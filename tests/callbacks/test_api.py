import pytest

from app import create_app


@pytest.fixture(scope="module")
def client(settings):
    return create_app(settings).server.test_client()


def test_api_openapi_document_lists_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/api/v1/localities", "/api/v1/localities/{code}",
                                      "/api/v1/interventions", "/api/v1/codelists",
                                      "/api/v1/icbs", "/api/v1/icbs/{code}",
                                      "/api/v1/datasets/{name}/changes"}


def test_api_openapi_document_is_valid(client):
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").get_json())


def test_api_localities_match_published_summaries(client, atlas_context):
    body = client.get("/api/v1/localities").get_json()
    assert body["count"] == 296 and body["dataset"]["illustrative"] is True
    blackpool = next(item for item in body["localities"] if item["code"] == "E06000009")
    lads = atlas_context.geography.lads
    assert blackpool["iod2025"]["imd"]["rank_of_average_score"] == 1
    assert blackpool["iod2025"]["imd"]["average_score"] == lads.loc["E06000009",
                                                                    "iod25_imd_avg_score"]
    mapped = int((atlas_context.dataset.interventions["locality_code"] == "E06000009").sum())
    assert blackpool["interventions"] == mapped


def test_api_interventions_filter_like_the_ui_and_paginate(client, atlas_context):
    from dashboard.analysis.filters import apply_filters

    body = client.get("/api/v1/interventions?determinants=housing,caring&per_page=2").get_json()
    expected = apply_filters(atlas_context.dataset.interventions,
                             {"determinants": ("housing", "caring")})
    assert body["total"] == len(expected) and len(body["interventions"]) == 2
    assert body["pages"] == -(-len(expected) // 2)
    first = body["interventions"][0]
    assert isinstance(first["determinants"], list)
    assert {"housing", "caring"} & set(first["determinants"])


@pytest.mark.parametrize(
    ("url", "status", "fragment"),
    [
        ("/api/v1/interventions?types=knitting", 400, "Unknown types code"),
        ("/api/v1/interventions?page=0", 400, "page must be"),
        ("/api/v1/interventions?colour=red", 400, "Unknown parameter"),
        ("/api/v1/interventions?locality=E99999999", 404, "not an English"),
        ("/api/v1/localities/E99999999", 404, "not an English"),
        ("/api/v1/nothing-here", 404, "No API endpoint"),
    ],
)
def test_api_errors_are_json_with_a_message(client, url, status, fragment):
    response = client.get(url)
    assert response.status_code == status
    assert fragment in response.get_json()["error"]


def test_api_retired_code_points_to_the_current_one(client):
    response = client.get("/api/v1/localities/E07000026")
    assert response.status_code == 301
    body = response.get_json()
    assert body["current_code"] == "E06000063"
    assert response.headers["Location"].endswith("/api/v1/localities/E06000063")


@pytest.mark.parametrize(("old", "current"), [("E08000020", "E08000037"),
                                             ("E07000100", "E07000240")])
def test_api_codes_changed_by_boundary_orders_point_to_the_current_one(client, old, current):
    response = client.get(f"/api/v1/localities/{old}")
    assert response.status_code == 301
    body = response.get_json()
    assert body["current_code"] == current and "ONS Code History Database" in body["error"]
    assert response.headers["Location"].endswith(f"/api/v1/localities/{current}")


def test_api_codelists_carry_version(client):
    body = client.get("/api/v1/codelists").get_json()
    assert body["version"] == "1.0.0"
    assert [c["code"] for c in body["codelists"]["types"]][0] == "social_activities"


def test_api_locality_agrees_with_the_ui(client, atlas_context):
    from dashboard.core.view_state import ViewState
    from dashboard.views.gaps import gap_heatmap
    from dashboard.views.locality import locality_cards

    body = client.get("/api/v1/localities/E06000009?need=70&rate=2").get_json()
    assert body["gaps"]["thresholds"] == {"need": "70", "rate": "2", "share": "5"}
    state = ViewState(thresholds=(70.0, 2.0, 5.0))
    _, ui = gap_heatmap(atlas_context, state, ["E06000009"])
    api_classes = {r["determinant"]: r["gap_class"] for r in body["gaps"]["rows"]}
    assert api_classes == dict(zip(ui["determinant"], ui["gap_class"], strict=True))
    cards = {c.label: c.value for c in locality_cards(atlas_context, "E06000009",
                                                      atlas_context.dataset.interventions)}
    assert str(body["interventions"]) == cards["Interventions mapped"]
    assert f"{body['interventions_per_10k_adults']:.1f}" == cards["Interventions per 10,000 adults"]
    assert body["provision"]["determinants"]["social_isolation"] > 0
    assert body["provision"]["determinants"]["welfare_system"] == 0
    assert 0 <= body["evaluation_gap"]["evaluated"]["percent"] <= 100


def test_api_locality_bad_threshold_is_400(client):
    response = client.get("/api/v1/localities/E06000009?need=150")
    assert response.status_code == 400 and "need" in response.get_json()["error"]
