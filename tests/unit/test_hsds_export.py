"""Publishing in HSDS 3.0: documents valid against the schemas, stable ids, a lossless round trip."""

import json
from pathlib import Path

import pytest

from dashboard.api.hsds import HsdsPublisher, service_id, taxonomy_terms
from dashboard.coding.pipeline import OUTPUT_COLUMNS, import_directory, import_tools, read_source
from dashboard.core.cache import Cache
from dashboard.ingest.directories.hsds import read_hsds_json

ROOT = Path(__file__).resolve().parents[2]
PASSING = ROOT / "tests" / "fixtures" / "hsds" / "V3.0-UK-Default" / "service_full.json"
KINDS = {"organizations": "organization", "services": "service", "locations": "location",
         "service_at_locations": "service_at_location", "taxonomies": "taxonomy",
         "taxonomy_terms": "taxonomy_term"}


@pytest.fixture(scope="module")
def tools(settings):
    return import_tools(settings, Cache())


@pytest.fixture(scope="module")
def publisher(codelists, atlas_context):
    return HsdsPublisher(codelists, atlas_context.geography.lad_names)


def test_every_exported_document_validates_against_the_hsds_schemas(publisher, atlas_context, tools):
    documents = publisher.documents(atlas_context.dataset.interventions.head(40))
    assert {k: len(v) > 0 for k, v in documents.items()} == dict.fromkeys(KINDS, True)
    for kind, docs in documents.items():
        for doc in docs:
            assert tools.schemas.problems(KINDS[kind], doc) == [], (kind, doc["id"])


def test_exported_ids_are_uuids_and_stable(publisher, atlas_context):
    rows = atlas_context.dataset.interventions.head(3)
    first, again = publisher.documents(rows), publisher.documents(rows)
    assert first == again
    service = first["services"][0]
    assert service["id"] == service_id(rows.iloc[0]["intervention_id"])
    assert {a["link_type"] for a in service["attributes"]} >= {"types", "determinants", "populations",
                                                                "atlas:intervention_id"}
    area = service["service_areas"][0]
    assert area["extent"] == rows.iloc[0]["locality_code"] and area["name"] == "Blackpool"


def test_code_lists_are_published_as_taxonomies_with_stable_term_ids(codelists):
    terms = taxonomy_terms(codelists, "types")
    assert len(terms) == len(codelists["types"].codes)
    befriending = next(t for t in terms if t["code"] == "befriending")
    assert befriending == next(t for t in taxonomy_terms(codelists, "types") if t["code"] == "befriending")
    assert befriending["taxonomy"] == "atlas-types" and befriending["name"] == "Befriending"


def test_the_passing_fixture_round_trips_without_losing_a_template_field(tools, publisher):
    read = read_source(PASSING, "hsds", tools.schemas)
    first = import_directory(read, tools).rows
    exported = publisher.service(first.iloc[0].to_dict())
    assert tools.schemas.problems("service", exported) == []
    again = import_directory(read_hsds_json([("export.json", json.dumps(exported).encode())],
                                            tools.schemas, {"file": "export.json"}), tools).rows
    held = [c for c in OUTPUT_COLUMNS if c not in ("recorded_by", "source_record", "coding_evidence",
                                                   "coding_confidence", "placement")]
    before, after = first.iloc[0], again.iloc[0]
    for column in held:
        assert str(before[column]) == str(after[column]), column
    assert before["name"] == "Community Counselling" and before["url"] == "http://example.com/counselling"
