"""Where the coder's inputs live, and building it from them (build time and retraining)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.coding.coder import coding_inputs, field_codes
from dashboard.coding.evaluation import Evaluation, held_out
from dashboard.coding.loading import CoderPaths
from dashboard.coding.pipeline import hsds_schemas, read_source, with_context
from dashboard.coding.rules import SUGGESTED_FIELDS, load_rules
from dashboard.coding.training import (
    SEED,
    TrainingSet,
    combine,
    file_source,
    fit_coder,
    label_matrix,
    save_coder,
    template_training,
    ukcat_training,
)
from dashboard.core.codelists import load_codelists
from dashboard.core.settings import Settings
from dashboard.ingest.validation import Localities, validate_file


@dataclass(frozen=True)
class DirectorySource:
    """One of the real directories in ``data/directories/real`` and how it is imported."""

    file: str
    kind: str
    overrides: Mapping[str, str]
    id_prefix: str
    context: str = ""


# The two Greater Manchester directories, read the same way for the dataset, the hand-coded
# sample's text and the coder's calibration.
GM_SOURCES = (
    DirectorySource("gm_food_banks_pantries_2018.csv", "csv",
                    {"extra_text": "Referral method+Opening times"}, "GMFOOD",
                    "Food bank, food pantry or food club (a list of Greater Manchester food banks)"),
    DirectorySource("trafford_council_vcs_grants_360giving_2013_2024.csv", "360giving", {}, ""),
)
SAMPLE_FILE = "gm_hand_coded_sample.csv"


def source_path(settings: Settings, source: DirectorySource) -> Path:
    """Where a real directory's file is."""
    return settings.data_dir / "directories" / "real" / source.file


def sample_training(settings: Settings, codes: Mapping[str, Sequence[str]]) -> TrainingSet:
    """The hand-coded sample of the Greater Manchester files (``data/coding``) as examples.

    Each sampled record is read from its file by the importer, so its text is exactly what the
    coder sees when the file is imported.
    """
    path = settings.data_dir / "coding" / SAMPLE_FILE
    sample = pd.read_csv(path, dtype=str, keep_default_na=False)
    schemas = hsds_schemas(settings)
    inputs = []
    for source in GM_SOURCES:
        records = read_source(source_path(settings, source), source.kind, schemas,
                              overrides=source.overrides).records
        by_row = {where.split(" (")[0]: position for position, where in enumerate(records["source_record"])}
        wanted = sample.loc[sample["source_file"] == source.file, "source_row"]
        picked = records.iloc[[by_row[f"row {row}"] for row in wanted]]
        inputs.append(coding_inputs(with_context(picked, source.context)))
    ordered = pd.concat([sample.loc[sample["source_file"] == s.file] for s in GM_SOURCES])
    labels = {name: label_matrix([[c for c in cell.split("|") if c] for cell in ordered[name]],
                                 codes[name]) for name in SUGGESTED_FIELDS}
    return TrainingSet(pd.concat(inputs, ignore_index=True), labels,
                       np.full(len(ordered), "sample", dtype=object),
                       (file_source(path, len(sample), "hand-coded sample of the Greater Manchester "
                                    "files, coded by an AI engineer (calibration, never trained on)"),))


def beneficiary_tags(ukcat_tags: Path) -> frozenset[str]:
    """UK-CAT's beneficiary-group tags (category ``Beneficiary group``)."""
    tags = pd.read_csv(ukcat_tags, dtype=str, keep_default_na=False)
    return frozenset(tags.loc[tags["Category"] == "Beneficiary group", "Code"])


def build_training(settings: Settings, paths: CoderPaths,
                   confirmed: Sequence[tuple[str, pd.DataFrame]] = ()) -> TrainingSet:
    """The hand-tagged charities, the illustrative rows and any confirmed rows, as examples.

    ``confirmed`` are (where from, validated rows) whose ``coding_status`` a person set
    (``confirmed`` or ``edited``); other rows of those tables are left out.
    """
    codelists = load_codelists(settings.codelists_dir)
    codes = field_codes(codelists)
    rules = load_rules(paths.rules)
    parts = [ukcat_training(paths.ukcat_sample, rules, codes, beneficiary_tags(paths.ukcat_tags))]
    localities = Localities.from_prepared(settings.prepared_dir)
    illustrative = validate_file(paths.illustrative, codelists, localities).accepted
    parts.append(template_training(illustrative, codes, "illustrative",
                                   file_source(paths.illustrative, len(illustrative),
                                               "coded rows the project holds (illustrative, "
                                               "synthetic markers stripped)")))
    for where, rows in confirmed:
        people = rows[rows.get("coding_status", pd.Series("", index=rows.index))
                      .isin(["confirmed", "edited"])]
        if len(people):
            parts.append(template_training(people, codes, "confirmed",
                                           {"file": where, "role": "rows a person confirmed or edited",
                                            "rows": len(people)}))
    return combine(parts)


def train_and_save(settings: Settings, training: TrainingSet, paths: CoderPaths, folder: Path) -> dict:
    """Fit the coder on ``training``, calibrate it on the hand-coded sample, write it to ``folder``."""
    codes = field_codes(load_codelists(settings.codelists_dir))
    rules = load_rules(paths.rules)
    calibration = sample_training(settings, codes)
    coder = fit_coder(training, rules, codes, calibration=calibration)
    return save_coder(coder, folder, combine([training, calibration]), {
        "crosswalk": file_source(paths.rules, len(rules), "reviewed crosswalk and atlas rules"),
        "calibration": "rule confidences and thresholds measured on the hand-coded sample "
                       "(never trained on); classifier scores calibrated on 5-fold held-out "
                       "scores of the training examples"})


def held_out_split(settings: Settings, paths: CoderPaths, training: TrainingSet,
                   share: float = 0.2) -> Evaluation:
    """Score a coder trained without a random ``share`` of the hand-tagged charities on them.

    The coder is built exactly as :func:`train_and_save` builds the shipped one (calibrated on
    the hand-coded sample), from every example except the held-out charities (seeded split).
    """
    codes = field_codes(load_codelists(settings.codelists_dir))
    rules = load_rules(paths.rules)
    charities = np.flatnonzero(training.origin == "ukcat")
    test = np.sort(np.random.default_rng(SEED).choice(charities, size=round(share * len(charities)),
                                                      replace=False))
    train = np.setdiff1d(np.arange(len(training.origin)), test)
    coder = fit_coder(training.subset(train), rules, codes, calibration=sample_training(settings, codes))
    return held_out(coder, training.subset(test), codes, SUGGESTED_FIELDS, only_held=True)
