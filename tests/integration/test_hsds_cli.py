"""The export-hsds and retrain-coder commands, run as a user would (subprocesses, real files)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from dashboard.coding.pipeline import hsds_schemas
from dashboard.core.settings import sqlite_url
from dashboard.ingest.validation import validate_file
from dashboard.store.store import Store
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
KINDS = {"organizations": "organization", "services": "service", "locations": "location",
         "service_at_locations": "service_at_location", "taxonomies": "taxonomy",
         "taxonomy_terms": "taxonomy_term"}


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=900, check=False, env={**os.environ, **(env or {})})


def test_export_hsds_writes_valid_documents_that_say_what_the_dataset_is(tmp_path, settings):
    done = run("export-hsds", "example-greater-manchester", "-o", str(tmp_path / "gm"))
    assert done.returncode == 0, done.stderr
    schemas = hsds_schemas(settings)
    counts = {}
    for folder, kind in KINDS.items():
        files = sorted((tmp_path / "gm" / folder).glob("*.json"))
        counts[folder] = len(files)
        for path in files:
            assert schemas.problems(kind, json.loads(path.read_text(encoding="utf-8"))) == [], path
    index = json.loads((tmp_path / "gm" / "index.json").read_text(encoding="utf-8"))
    meta = json.loads((ROOT / "data" / "examples" /
                       "greater_manchester_food_and_trafford_grants.meta.json").read_text())
    assert index["illustrative"] is False and "not a complete directory" in index["dataset"]
    assert counts["services"] == meta["coding_status"]["suggested"]  # coded rows; the rest need review
    assert f"{counts['services']:,} services" in done.stdout
    service = json.loads(next((tmp_path / "gm" / "services").glob("*.json")).read_text())
    statuses = [a["taxonomy_term"]["code"] for a in service["attributes"]
                if a["link_type"] == "coding_status"]
    assert statuses == ["suggested"]  # every published service says its codes await a person


def test_export_hsds_of_the_illustrative_dataset_says_so_and_a_missing_one_exits_2(tmp_path):
    done = run("export-hsds", "bundled", "-o", str(tmp_path / "ill"))
    assert done.returncode == 0, done.stderr
    index = json.loads((tmp_path / "ill" / "index.json").read_text(encoding="utf-8"))
    assert index["illustrative"] is True and "llustrative" in index["dataset"]
    missing = run("export-hsds", "no-such-dataset", "-o", str(tmp_path / "none"))
    assert missing.returncode == 2 and "Cannot export no-such-dataset" in missing.stderr
    assert not (tmp_path / "none").exists()  # nothing half-written


def test_retrain_coder_learns_from_rows_a_person_confirmed(tmp_path, settings, codelists, localities):
    url = sqlite_url(tmp_path / "atlas.sqlite3")
    rows = validate_file(settings.dataset_path, codelists, localities, today=TODAY).accepted.head(30)
    store = Store.open(url)
    try:
        store.save_version("bolton-coded", rows.assign(coding_status=["confirmed"] * 20 + ["suggested"] * 10),
                           actor="Ann")
    finally:
        store.close()
    done = run("retrain-coder", "--dataset", "bolton-coded", "-o", str(tmp_path / "coder"),
               env={"DATABASE_URL": url})
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "coder" / "manifest.json").read_text(encoding="utf-8"))
    people = [s for s in manifest["trained_on"] if s["role"] == "rows a person confirmed or edited"]
    assert [s["rows"] for s in people] == [20]  # the 10 merely suggested rows are left out
    assert (tmp_path / "coder" / "model.npz").stat().st_size < 5 * 2**20
