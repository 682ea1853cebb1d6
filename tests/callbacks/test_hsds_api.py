"""The read-only HSDS 3.0 endpoints: every response validated against the HSDS schemas."""

import pytest

from app import create_app
from dashboard.api.hsds import taxonomy_id, term_id
from dashboard.coding.pipeline import hsds_schemas


@pytest.fixture(scope="module")
def client(settings):
    return create_app(settings).server.test_client()


@pytest.fixture(scope="module")
def schemas(settings):
    return hsds_schemas(settings)


def page_of(client, schemas, url, kind="service"):
    response = client.get(url)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert schemas.page_problems(body, kind) == []
    return body


def test_hsds_services_are_paginated_as_the_specification_says(client, schemas, atlas_context):
    total = len(atlas_context.dataset.interventions)
    first = page_of(client, schemas, "/api/hsds/services?per_page=25")
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) == \
        (total, -(-total // 25), 1, 25)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    assert first["dataset"]["illustrative"] is True
    last = page_of(client, schemas, f"/api/hsds/services?per_page=25&page={first['total_pages']}")
    assert last["last_page"] and last["size"] == total - 25 * (first["total_pages"] - 1)
    assert {s["id"] for s in first["contents"]}.isdisjoint({s["id"] for s in last["contents"]})


def test_hsds_services_search_and_taxonomy_term_queries(client, schemas, atlas_context):
    rows = atlas_context.dataset.interventions
    found = page_of(client, schemas, "/api/hsds/services?search=befriend&per_page=500")
    assert found["total_items"] > 0
    assert all("befriend" in (s["name"] + s["description"] + s["organization"]["name"]).lower()
               for s in found["contents"])
    term = term_id("types", "befriending")
    tagged = page_of(client, schemas, f"/api/hsds/services?taxonomy_term_id={term}&per_page=500")
    assert tagged["total_items"] == int(rows["types"].map(lambda v: "befriending" in v).sum())
    assert all(any(a.get("taxonomy_term_id") == term for a in s["attributes"]) for s in tagged["contents"])
    every = page_of(client, schemas, f"/api/hsds/services?taxonomy_id={taxonomy_id('types')}")
    assert every["total_items"] == len(rows)
    provider = found["contents"][0]["organization"]
    mine = page_of(client, schemas, f"/api/hsds/services?organization_id={provider['id']}&per_page=500")
    assert {s["organization"]["name"] for s in mine["contents"]} == {provider["name"]}


def test_hsds_one_service_matches_the_list_and_validates(client, schemas):
    listed = page_of(client, schemas, "/api/hsds/services?per_page=1")["contents"][0]
    response = client.get(f"/api/hsds/services/{listed['id']}")
    assert response.status_code == 200 and response.get_json() == listed
    assert schemas.problems("service", response.get_json()) == []


def test_hsds_taxonomies_and_terms_validate_and_filter(client, schemas, codelists):
    taxonomies = page_of(client, schemas, "/api/hsds/taxonomies", "taxonomy")
    names = {t["name"] for t in taxonomies["contents"]}
    assert {"atlas-types", "atlas-determinants", "atlas-populations", "atlas-coding_status"} <= names
    one = client.get(f"/api/hsds/taxonomies/{taxonomy_id('types')}").get_json()
    assert schemas.problems("taxonomy", one) == [] and one["name"] == "atlas-types"
    terms = page_of(client, schemas, f"/api/hsds/taxonomy_terms?taxonomy_id={taxonomy_id('determinants')}"
                    "&per_page=500", "taxonomy_term")
    assert terms["total_items"] == len(codelists["determinants"].codes)
    term = client.get(f"/api/hsds/taxonomy_terms/{term_id('types', 'befriending')}").get_json()
    assert schemas.problems("taxonomy_term", term) == [] and term["code"] == "befriending"


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/api/hsds/services/not-a-service", 404, "There is no service"),
    ("/api/hsds/services?per_page=0", 400, "per_page is 1 to 500"),
    ("/api/hsds/services?page=x", 400, "whole numbers"),
    ("/api/hsds/services?colour=red", 400, "Unknown parameter(s): colour"),
    ("/api/hsds/services?taxonomy_term_id=nope", 404, "no taxonomy term"),
    ("/api/hsds/services?dataset=nope", 404, "has not been found"),
    ("/api/hsds/taxonomies/nope", 404, "no taxonomy"),
])
def test_hsds_errors_are_json_with_the_right_status(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status and words in response.get_json()["error"]


def test_hsds_answers_for_the_dataset_asked_for(client, schemas):
    body = page_of(client, schemas, "/api/hsds/services?dataset=example-greater-manchester&per_page=5")
    assert body["dataset"]["illustrative"] is False
    assert body["dataset"]["name"].startswith("Greater Manchester food support 2018")
    assert body["total_items"] > 100
    assert client.get("/api/hsds/").get_json()["version"] == "3.0"
