"""Measure the assisted coder and write the tables of docs/coding.md (between its markers).

    .venv/bin/python scripts/evaluate_coder.py           # about 15 minutes of CPU
    .venv/bin/python scripts/evaluate_coder.py --print   # print the tables, do not write

Three measurements, each on data the coder being scored never learned from:

1. the hand-tagged charities (UK-CAT sample), 5-fold cross-validated: each fold's coder is
   trained on the other folds and the illustrative rows, calibrated on the hand-coded sample;
2. the hand-coded Greater Manchester sample, 5-fold cross-validated: the classifier never saw
   the sample; each fold's rule confidences and thresholds are calibrated on the other folds;
3. the same sample scored by the rules alone and by a coder calibrated on the charities only
   (no sample), for comparison.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from dashboard.coding.build import build_training, sample_training  # noqa: E402
from dashboard.coding.coder import field_codes  # noqa: E402
from dashboard.coding.evaluation import Evaluation, cross_validate, held_out  # noqa: E402
from dashboard.coding.evaluation_tables import (  # noqa: E402
    code_tables,
    confusion_tables,
    field_table,
    pct,
    replace_between,
    unscored_note,
)
from dashboard.coding.loading import default_paths  # noqa: E402
from dashboard.coding.rules import SUGGESTED_FIELDS, load_rules  # noqa: E402
from dashboard.coding.training import combine, fit_coder  # noqa: E402
from dashboard.core.codelists import load_codelists  # noqa: E402
from dashboard.core.settings import Settings  # noqa: E402

DOC = ROOT / "docs" / "coding.md"
START, END = "<!-- measurements:start -->", "<!-- measurements:end -->"
FIELDS = SUGGESTED_FIELDS


def section(title: str, evaluation: Evaluation, what: str, per_code: bool = False) -> list[str]:
    thresholds = "; ".join(
        f"{name} {min(t[name] for t in evaluation.thresholds):.2f}"
        + (f"-{max(t[name] for t in evaluation.thresholds):.2f}"
           if len({t[name] for t in evaluation.thresholds}) > 1 else "")
        for name in FIELDS)
    return ["", f"#### {title}", "", what, "",
            f"{evaluation.rows:,} services; {pct(evaluation.needs_review)} would be marked "
            f"*needs review* (no confident type, determinant or population group). Thresholds: "
            f"{thresholds}.", "", *field_table(evaluation), *confusion_tables(evaluation),
            *(code_tables(evaluation) if per_code else []), *unscored_note(evaluation)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--print", action="store_true", help="print instead of writing docs/coding.md")
    args = parser.parse_args()
    started = time.process_time()
    settings = Settings.from_env()
    paths = default_paths(settings)
    codes = field_codes(load_codelists(settings.codelists_dir))
    rules = load_rules(paths.rules)
    training = build_training(settings, paths)
    sample = sample_training(settings, codes)
    charities = training.subset(np.flatnonzero(training.origin == "ukcat"))
    illustrative = training.subset(np.flatnonzero(training.origin == "illustrative"))

    on_charities = cross_validate(
        charities, lambda part: fit_coder(combine([illustrative, part]), rules, codes, calibration=sample),
        codes, FIELDS, only_held=True)
    full = fit_coder(training, rules, codes)  # classifier never sees the sample
    on_sample = cross_validate(
        sample, lambda part: fit_coder(training, rules, codes, calibration=part,
                                       classifier=full.classifier), codes, FIELDS)
    rules_only = held_out(replace(full, classifier=None), sample, codes, FIELDS)
    no_sample = held_out(full, sample, codes, FIELDS)
    lines = [START, "",
             f"Measured by `scripts/evaluate_coder.py` ({time.process_time() - started:.0f} s of CPU).",
             *section("1. The hand-tagged charities, cross-validated", on_charities,
                      "4,203 charities tagged by hand (UK-CAT), their tags mapped to codes through the "
                      "crosswalk; 5 folds, each scored by a coder trained without it.", per_code=True),
             *section("2. The hand-coded Greater Manchester sample, cross-validated", on_sample,
                      "150 services coded by hand in the atlas's framework; the classifier never saw "
                      "them; 5 folds, each scored with rule confidences and thresholds calibrated on "
                      "the other four.", per_code=True),
             *section("3a. The same sample, rules alone (no classifier)", rules_only,
                      "The crosswalk's rules with the confidences measured on the charities."),
             *section("3b. The same sample, calibrated on the charities only", no_sample,
                      "Rules and classifier calibrated on the charities' hand tags, not on the sample."),
             "", END]
    text = "\n".join(lines)
    if args.print:
        print(text)
        return 0
    DOC.write_text(replace_between(DOC.read_text(encoding="utf-8"), START, END, text), encoding="utf-8")
    print(f"Wrote the measurements into {DOC.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
