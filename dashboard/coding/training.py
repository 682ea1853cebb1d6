"""Fit the coder: measure the rules, train the classifier, calibrate it and the thresholds.

Training data are the 4,203 hand-tagged charities of UK-CAT (their tags mapped through the
crosswalk: a charity with no beneficiary-group tag is coded "no specific target"), every coded
row the project holds (the illustrative dataset, with its synthetic markers stripped) and, on
retraining, rows a person confirmed or edited. Nothing is downloaded.

Calibration is on held-out data: each code's classifier score is mapped to the share of
services with that score that really had the code (isotonic regression on 5-fold out-of-fold
scores); each field's threshold is the lowest at which the suggestions, on the same held-out
scores of hand-coded rows, reach the target precision.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from dashboard.coding.classifier import VECTORIZER_OPTIONS, FieldModel, TextClassifier, make_vectorizer
from dashboard.coding.coder import MANIFEST_FILE, MODEL_FILE, Coder
from dashboard.coding.rules import REQUIRED_FIELDS, SUGGESTED_FIELDS, Rule, fire

TARGET_PRECISION = 0.80
FOLDS = 5
SEED = 20211691
C = 4.0
MIN_POSITIVES = 10   # a code with fewer training examples gets no classifier (rules only)
NOT_LEARNED = {"all_adults"}  # "no specific target" is an absence: a rule (ATL00) decides it
MIN_MEASURED = 20    # a code needs this many hand-tagged examples to measure a rule's precision
PRIOR_WEIGHT = 5.0   # smoothing of a rule's measured precision towards its prior
UKCAT_PRIOR = 0.5    # prior of a UK-CAT rule (the reviewer declares the atlas rules' priors)
DEFAULT_THRESHOLD = 0.75  # for a field the hand-tagged data cannot measure
_SYNTHETIC = re.compile(r"^Illustrative: |\s*\([^)]*\)$|\s*Synthetic record for illustration only; "
                        r"not a real service\.?$")


@dataclass(frozen=True)
class TrainingSet:
    """Coder inputs (``text``, ``provider_text``, ``given``), label matrices and their origin.

    Attributes:
        inputs: one row per example, as :func:`dashboard.coding.coder.coding_inputs` gives.
        labels: field -> boolean matrix (examples x codes of ``codes``).
        origin: per example, where it came from (``ukcat``, ``illustrative``, ``confirmed``,
            ``sample``...).
        sources: the files read, with their sha256 and rows (for the manifest).
    """

    inputs: pd.DataFrame
    labels: Mapping[str, np.ndarray]
    origin: np.ndarray
    sources: tuple[Mapping[str, object], ...] = ()

    def subset(self, rows: np.ndarray) -> TrainingSet:
        """The examples at ``rows`` (positions)."""
        return TrainingSet(self.inputs.iloc[rows].reset_index(drop=True),
                           {f: m[rows] for f, m in self.labels.items()}, self.origin[rows],
                           self.sources)


def file_source(path: Path, rows: int, role: str) -> dict[str, object]:
    """What the manifest says about one training file."""
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return {"file": Path(path).name, "role": role, "rows": rows, "sha256": digest}


def label_matrix(cells: Sequence[Sequence[str]], codes: Sequence[str]) -> np.ndarray:
    """Boolean matrix (rows x codes) of which codes each row's list holds."""
    position = {code: i for i, code in enumerate(codes)}
    out = np.zeros((len(cells), len(codes)), dtype=bool)
    for row, held in enumerate(cells):
        for code in held:
            if code in position:
                out[row, position[code]] = True
    return out


def ukcat_training(sample_path: Path, rules: Sequence[Rule], codes: Mapping[str, Sequence[str]],
                   beneficiary_tags: frozenset[str]) -> TrainingSet:
    """The hand-tagged charities, their tags mapped to codes through the crosswalk.

    ``beneficiary_tags`` are UK-CAT's beneficiary-group tags: a charity with none of them (and
    no tag mapped to a population group) targets no specific group (``all_adults``).
    """
    sample = pd.read_csv(sample_path, dtype=str, keep_default_na=False)
    mapping = {rule.rule: rule.codes for rule in rules if rule.source == "UK-CAT"}
    cells: dict[str, list[list[str]]] = {name: [] for name in SUGGESTED_FIELDS}
    for tags_text in sample["UKCAT"]:
        tags = [t for t in tags_text.split(";") if t]
        for name in SUGGESTED_FIELDS:
            cells[name].append(sorted({c for t in tags for c in mapping.get(t, {}).get(name, ())}))
        if not cells["populations"][-1] and not beneficiary_tags.intersection(tags):
            cells["populations"][-1] = ["all_adults"]
    inputs = pd.DataFrame({"text": (sample["name"].str.title() + ". " + sample["activities"]).tolist(),
                           "provider_text": sample["name"].tolist(), "given": [()] * len(sample)})
    return TrainingSet(inputs, {n: label_matrix(cells[n], codes[n]) for n in SUGGESTED_FIELDS},
                       np.full(len(sample), "ukcat", dtype=object),
                       (file_source(sample_path, len(sample), "hand-tagged charities (UK-CAT)"),))


def template_training(rows: pd.DataFrame, codes: Mapping[str, Sequence[str]], origin: str,
                      source: Mapping[str, object] | None = None) -> TrainingSet:
    """Coded exchange-template rows (lists of codes, as validation gives them) as examples.

    Illustrative rows lose their synthetic markers (the ``Illustrative:`` prefix, the locality in
    brackets, the closing "Synthetic record..." sentence) so the classifier learns the words
    that describe the services, not the marks of the generator.
    """
    names = rows["name"].fillna("").map(lambda t: _SYNTHETIC.sub("", t))
    descriptions = rows["description"].fillna("").map(lambda t: _SYNTHETIC.sub("", t))
    labels = {}
    for name in SUGGESTED_FIELDS:
        column = rows[name] if name in rows else pd.Series([[]] * len(rows))
        cells = [v if isinstance(v, list) else ([v] if isinstance(v, str) and v else [])
                 for v in column]
        labels[name] = label_matrix(cells, codes[name])
    inputs = pd.DataFrame({"text": (names + ". " + descriptions).tolist(),
                           "provider_text": (rows["provider"].fillna("") + ". " + names).tolist(),
                           "given": [()] * len(rows)})
    return TrainingSet(inputs, labels, np.full(len(rows), origin, dtype=object),
                       (source,) if source else ())


def combine(sets: Sequence[TrainingSet]) -> TrainingSet:
    """Several training sets as one."""
    return TrainingSet(pd.concat([s.inputs for s in sets], ignore_index=True),
                       {n: np.vstack([s.labels[n] for s in sets]) for n in sets[0].labels},
                       np.concatenate([s.origin for s in sets]),
                       tuple(src for s in sets for src in s.sources))


def measure_rules(examples: TrainingSet, rules: Sequence[Rule], codes: Mapping[str, Sequence[str]],
                  priors: Mapping[tuple[str, str, str], float] | None = None,
                  complete: bool = False) -> dict[tuple[str, str, str], float]:
    """Each rule's confidence per code: its precision on ``examples``, smoothed towards a prior.

    The prior is ``priors``' value, else the reviewer's declared confidence (atlas rules), else
    ``UKCAT_PRIOR``. Hand tags name a charity's main activities only, so on them a code held
    fewer than ``MIN_MEASURED`` times is not measured (the rule keeps its prior); examples coded
    ``complete``-ly in the framework measure every rule that fires on them.
    """
    fired = fire(tuple(rules), examples.inputs["text"], examples.inputs["provider_text"])
    out = {}
    for column, rule in enumerate(rules):
        declared = rule.declared if rule.declared is not None else UKCAT_PRIOR
        for name, rule_codes in rule.codes.items():
            for code in rule_codes:
                key = (rule.rule, name, code)
                prior = (priors or {}).get(key, declared)
                truth = examples.labels[name][:, codes[name].index(code)]
                fires = fired[:, column]
                if (not fires.any()) if complete else truth.sum() < MIN_MEASURED:
                    out[key] = round(prior, 3)
                    continue
                hits = float((fires & truth).sum())
                out[key] = round((hits + PRIOR_WEIGHT * prior) / (fires.sum() + PRIOR_WEIGHT), 3)
    return out


def _fit_field(features, labels: np.ndarray, codes: Sequence[str]) -> tuple[list[str], np.ndarray,
                                                                           np.ndarray]:
    """One logistic regression per code with enough examples: codes, coefficients, intercepts."""
    kept, coefs, intercepts = [], [], []
    for column, code in enumerate(codes):
        target = labels[:, column]
        if code in NOT_LEARNED or target.sum() < MIN_POSITIVES or target.all():
            continue
        model = LogisticRegression(C=C, solver="liblinear", max_iter=500).fit(features, target)
        kept.append(code)
        coefs.append(model.coef_[0].astype(np.float32))
        intercepts.append(np.float32(model.intercept_[0]))
    width = features.shape[1]
    return kept, (np.vstack(coefs) if coefs else np.zeros((0, width), np.float32)), \
        np.asarray(intercepts, dtype=np.float32)


def out_of_fold_scores(training: TrainingSet, codes: Mapping[str, Sequence[str]]) -> dict[str, np.ndarray]:
    """Field -> decision scores (examples x codes) of classifiers that did not see the example."""
    scores = {n: np.full((len(training.inputs), len(codes[n])), np.nan, np.float32)
              for n in REQUIRED_FIELDS}
    folds = KFold(FOLDS, shuffle=True, random_state=SEED)
    texts = training.inputs["text"].tolist()
    for train, test in folds.split(texts):
        vectorizer = make_vectorizer()
        features = vectorizer.fit_transform([texts[i] for i in train])
        held_out = vectorizer.transform([texts[i] for i in test])
        for name in REQUIRED_FIELDS:
            kept, coef, intercept = _fit_field(features, training.labels[name][train], codes[name])
            for row, code in enumerate(kept):
                column = codes[name].index(code)
                scores[name][test, column] = held_out @ coef[row] + intercept[row]
    return scores


def _calibration(scores: np.ndarray, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    known = ~np.isnan(scores)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(scores[known], truth[known].astype(float))
    return iso.X_thresholds_.astype(np.float32), iso.y_thresholds_.astype(np.float32)


def fit_classifier(training: TrainingSet, codes: Mapping[str, Sequence[str]],
                   oof: Mapping[str, np.ndarray]) -> TextClassifier:
    """Classifiers on every example, each code calibrated on its out-of-fold scores."""
    vectorizer = make_vectorizer()
    features = vectorizer.fit_transform(training.inputs["text"].tolist())
    vocabulary = tuple(vectorizer.get_feature_names_out())
    fields = {}
    for name in REQUIRED_FIELDS:
        kept, coef, intercept = _fit_field(features, training.labels[name], codes[name])
        calibration = tuple(_calibration(oof[name][:, codes[name].index(code)],
                                         training.labels[name][:, codes[name].index(code)])
                            for code in kept)
        fields[name] = FieldModel(tuple(kept), coef, intercept, calibration)
    return TextClassifier(vocabulary, vectorizer.idf_.astype(np.float64), fields)


def choose_thresholds(coder: Coder, confidences: Mapping[str, np.ndarray],
                      labels: Mapping[str, np.ndarray], min_measured: int = MIN_MEASURED) -> dict[str, float]:
    """Per field, the lowest threshold (0.50 to 0.99) whose suggestions reach ``TARGET_PRECISION``.

    Precision counts only the codes the labels hold at least ``min_measured`` times (hand tags
    name a charity's main activities only, so other codes cannot be judged on them); a field
    with no such code keeps ``DEFAULT_THRESHOLD``.
    """
    thresholds = {}
    for name in SUGGESTED_FIELDS:
        measurable = labels[name].sum(axis=0) >= min_measured
        thresholds[name] = DEFAULT_THRESHOLD
        if not measurable.any():
            continue
        for step in range(50, 100):
            trial = replace(coder, thresholds={**coder.thresholds, name: step / 100})
            decided = trial.decide({name: confidences[name].copy()})[name][:, measurable]
            suggested = decided.sum()
            if suggested and (decided & labels[name][:, measurable]).sum() / suggested \
                    >= TARGET_PRECISION:
                thresholds[name] = step / 100
                break
        else:
            thresholds[name] = 0.99
    return thresholds


def fit_coder(training: TrainingSet, rules: Sequence[Rule], codes: Mapping[str, tuple[str, ...]],
              calibration: TrainingSet | None = None, classifier: TextClassifier | None = None) -> Coder:
    """Measure the rules, fit and calibrate the classifier, choose the thresholds.

    Rules are first measured on the hand-tagged charities. With a ``calibration`` set (services
    coded completely by hand in the framework, never trained on) the rules' confidences are
    measured again on it, the charities' figures as priors, and the thresholds are chosen on
    it; without one, on the held-out scores of the training examples coded by people.
    ``classifier`` reuses one fitted on the same ``training`` (cross-validating calibration).
    """
    priors = measure_rules(training.subset(np.flatnonzero(training.origin == "ukcat")), rules, codes)
    oof = None
    if classifier is None:
        oof = out_of_fold_scores(training, codes)
        classifier = fit_classifier(training, codes, oof)
    coder = Coder(tuple(rules), priors, classifier, {}, codes)
    if calibration is not None:
        measured = measure_rules(calibration, rules, codes, priors, complete=True)
        coder = replace(coder, rule_confidence=measured)
        thresholds = choose_thresholds(coder, coder.confidences(calibration.inputs),
                                       calibration.labels, min_measured=1)
        return replace(coder, thresholds=thresholds)
    if oof is None:
        raise ValueError("A reused classifier needs a calibration set.")
    confidences = coder.confidences(training.inputs, held_out_probabilities(classifier, oof, codes))
    people = training.origin != "illustrative"
    thresholds = choose_thresholds(coder, {n: m[people] for n, m in confidences.items()},
                                   {n: m[people] for n, m in training.labels.items()})
    return replace(coder, thresholds=thresholds)


def held_out_probabilities(classifier: TextClassifier, oof: Mapping[str, np.ndarray],
                           codes: Mapping[str, Sequence[str]]) -> dict[str, tuple[Sequence[str], np.ndarray]]:
    """The out-of-fold scores through each code's calibration (what the coder would have said)."""
    out = {}
    for name, model in classifier.fields.items():
        matrix = np.zeros((oof[name].shape[0], len(model.codes)), dtype=np.float32)
        for column, (code, (x, y)) in enumerate(zip(model.codes, model.calibration, strict=True)):
            raw = oof[name][:, codes[name].index(code)]
            matrix[:, column] = np.where(np.isnan(raw), 0.0, np.interp(np.nan_to_num(raw), x, y))
        out[name] = (model.codes, matrix)
    return out


def save_coder(coder: Coder, folder: Path, training: TrainingSet,
               notes: Mapping[str, object] | None = None) -> dict[str, object]:
    """Write ``model.npz`` and ``manifest.json`` (what it was trained on, how, its thresholds).

    The manifest holds no timestamp, so the same inputs give the same files.
    """
    import json

    import sklearn

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model_path = folder / MODEL_FILE
    np.savez_compressed(model_path, **coder.classifier.to_arrays())
    origins, counts = np.unique(training.origin, return_counts=True)
    manifest = {
        "name": "Assisted coder of the community mental-health provision atlas",
        "trained_on": list(training.sources),
        "examples": {str(o): int(c) for o, c in zip(origins, counts, strict=True)},
        "label_counts": {name: {code: int(n) for code, n in zip(coder.codes[name], matrix.sum(axis=0),
                                                                  strict=True) if n}
                         for name, matrix in training.labels.items()},
        "classifier_fields": list(coder.classifier.fields),
        "classifier_codes": {n: list(m.codes) for n, m in coder.classifier.fields.items()},
        "thresholds": coder.thresholds,
        "target_precision": TARGET_PRECISION,
        "rule_confidence": [[r, f, c, v] for (r, f, c), v in sorted(coder.rule_confidence.items())],
        "parameters": {"C": C, "folds": FOLDS, "seed": SEED, "min_positives": MIN_POSITIVES,
                       "min_measured": MIN_MEASURED, "prior_weight": PRIOR_WEIGHT,
                       "vectorizer": {k: (list(v) if isinstance(v, tuple) else str(v))
                                      for k, v in VECTORIZER_OPTIONS.items()}},
        "scikit_learn": sklearn.__version__,
        "model_file": {"file": MODEL_FILE, "bytes": model_path.stat().st_size,
                       "vocabulary": len(coder.classifier.vocabulary)},
        **(dict(notes) if notes else {}),
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    return manifest
