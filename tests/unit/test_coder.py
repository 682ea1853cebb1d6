"""The persisted assisted coder: what it was trained on, its suggestions, precision before recall."""

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.coding.coder import coding_inputs, field_codes, status_of
from dashboard.coding.loading import cached_coder, default_paths
from dashboard.coding.rules import load_rules
from dashboard.coding.training import TrainingSet, fit_coder, label_matrix
from dashboard.core.cache import Cache
from dashboard.ingest.directories.records import records_frame

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def coder(settings):
    return cached_coder(settings, Cache())


def suggest(coder, **record):
    inputs = coding_inputs(records_frame([{"name": "", **record}]))
    return coder.suggest(inputs)[0]


def suggested(found, field):
    return [s.code for s in found[field] if s.suggested]


def test_manifest_names_every_training_file_with_its_hash_and_the_thresholds(coder, settings):
    manifest = json.loads((default_paths(settings).model_dir / "manifest.json").read_text())
    files = {Path(p).name: p for p in (settings.data_dir / "directories" / "ukcat" / "sample.csv",
                                       settings.data_dir / "examples" / "illustrative_interventions.csv",
                                       settings.data_dir / "coding" / "gm_hand_coded_sample.csv")}
    for source in manifest["trained_on"]:
        assert source["sha256"] == hashlib.sha256(files[source["file"]].read_bytes()).hexdigest(), source
    crosswalk = manifest["crosswalk"]
    assert crosswalk["sha256"] == hashlib.sha256(default_paths(settings).rules.read_bytes()).hexdigest()
    assert manifest["examples"] == {"illustrative": 404, "sample": 150, "ukcat": 4203}
    assert all(0.5 <= t <= 0.99 for t in manifest["thresholds"].values())
    assert manifest["model_file"]["bytes"] < 3 * 2**20  # small enough to ship
    assert "all_adults" not in manifest["classifier_codes"]["populations"]  # an absence, not learned


def test_a_food_bank_is_coded_with_its_evidence(coder):
    found = suggest(coder, name="Trussell Trust", description="Emergency food parcels. Monday 10am - 12noon")
    assert suggested(found, "types") == ["food_security"]
    assert "food_insecurity" in suggested(found, "determinants")
    assert suggested(found, "populations") == ["all_adults"]
    assert "face_to_face" in suggested(found, "delivery_mode")
    food = found["types"][0]
    assert food.confidence >= 0.8 and "rule" in food.evidence and "food parcel" in food.evidence.lower()
    assert status_of(found) == "suggested"


def test_a_named_group_replaces_no_specific_target_and_childrens_services_never_get_it(coder):
    found = suggest(coder, name="Friendship group", description="Befriending for isolated older people")
    assert "befriending" in suggested(found, "types") and "older_adults" in suggested(found, "populations")
    assert "all_adults" not in suggested(found, "populations")
    children = suggest(coder, name="Swim club", description="Swimming lessons for children aged 5-12")
    assert not any(s.code == "all_adults" for s in children["populations"])


def test_nothing_confident_means_needs_review_not_a_guess(coder):
    found = suggest(coder, name="Purchase equipment", description="Grant towards running costs")
    assert status_of(found) == "needs_review"
    assert suggested(found, "types") == [] and suggested(found, "determinants") == []


def test_codes_given_by_an_atlas_export_are_taken_with_full_confidence(coder):
    term = {"taxonomy": "atlas-types", "code": "peer_support", "name": "Peer support", "id": ""}
    found = suggest(coder, name="Anything", terms=[term])
    peer = next(s for s in found["types"] if s.code == "peer_support")
    assert peer.confidence == 1.0 and peer.suggested and "given by the source" in peer.evidence


def test_fitting_calibrates_thresholds_on_a_held_out_set(settings, codelists):
    codes = field_codes(codelists)
    rules = load_rules(default_paths(settings).rules)
    texts = ["Food bank parcels for families", "Walking group for older people", "Choir and singing",
             "Befriending isolated people", "Allotment gardening club", "Advice on debt and benefits"] * 12

    def examples(origin: str) -> TrainingSet:
        labels = {name: label_matrix([[] for _ in texts], codes[name]) for name in codes}
        wanted = {"Food": "food_security", "Walking": "physical_activity", "Choir": "arts_creative",
                  "Befriending": "befriending", "Allotment": "green_space_animals",
                  "Advice": "community_linking"}
        labels["types"] = label_matrix([[wanted[t.split()[0]]] for t in texts], codes["types"])
        return TrainingSet(pd.DataFrame({"text": texts, "provider_text": texts, "given": [()] * len(texts)}),
                           labels, np.full(len(texts), origin, dtype=object))

    fitted = fit_coder(examples("ukcat"), rules, codes, calibration=examples("sample"))
    assert set(fitted.thresholds) == set(codes) and 0.5 <= fitted.thresholds["types"] <= 0.99
    assert fitted.classifier.fields["types"].codes  # one model per code with enough examples
    decided = fitted.decide(fitted.confidences(examples("sample").inputs))["types"]
    assert decided.sum() and (decided & examples("sample").labels["types"]).sum() / decided.sum() >= 0.8
