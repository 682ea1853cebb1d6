"""The real dataset in the box: built by the pipeline, named for what it is, never 'illustrative'."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.context import load_context
from dashboard.core.view_state import ViewState
from dashboard.views.switcher import dataset_panel

ROOT = Path(__file__).resolve().parents[2]
STEM = ROOT / "data" / "examples" / "greater_manchester_food_and_trafford_grants"


@pytest.fixture(scope="module")
def atlas(settings):
    return load_context(settings, with_store=True)


def test_real_dataset_keeps_every_record_with_its_coding_status(settings):
    rows = pd.read_csv(f"{STEM}.csv", dtype=str, keep_default_na=False)
    meta = json.loads(Path(f"{STEM}.meta.json").read_text())
    assert len(rows) == meta["rows"] == 171 + 555
    assert set(rows["coding_status"]) <= {"suggested", "needs_review"}  # none claimed as a person's
    assert meta["coding_status"] == rows["coding_status"].value_counts().to_dict()
    assert meta["illustrative"] is False and "not a complete directory" in meta["notice"]
    assert (rows["locality_code"] != "").all()  # every food bank by its point, every grant by district
    placement = rows["placement"]
    assert (placement.str.startswith("point") | placement.str.startswith("whole district")).all()


def test_real_dataset_is_offered_by_the_switcher_and_says_what_it_covers(atlas):
    panel = dataset_panel(atlas, ViewState(dataset="example-greater-manchester"))
    assert {"label": "Real data: Greater Manchester food support 2018 and Trafford community grants "
                     "2013-2024", "value": "example-greater-manchester"} in panel.options
    assert panel.options[0]["value"] == "bundled"  # the illustrative dataset stays the default
    assert panel.notice is None and "(illustrative)" not in panel.label
    assert "not a complete directory" in panel.coverage
    assert "Codes confirmed by a person for 0 of" in panel.coverage
    assert "not a complete directory" in panel.caption and "Illustrative" not in panel.caption
    facts = dict(panel.facts)  # the dataset card at the foot of every page says it too
    assert "not a complete directory" in facts["Coverage and coding"] and "Illustrative" not in facts


def test_real_dataset_rebuilds_byte_for_byte_from_its_sources(tmp_path):
    before = {p: Path(p).read_bytes() for p in (f"{STEM}.csv", f"{STEM}.meta.json", f"{STEM}.report.json")}
    try:
        done = subprocess.run([sys.executable, "scripts/build_real_dataset.py"], cwd=ROOT,
                              capture_output=True, text=True, timeout=900, check=False)
        assert done.returncode == 0, done.stderr
        for path, content in before.items():
            assert Path(path).read_bytes() == content, f"{path} changed when rebuilt"
    finally:
        for path, content in before.items():
            Path(path).write_bytes(content)
