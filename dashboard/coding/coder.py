"""Suggestions with a confidence and their evidence: rules and classifier combined.

For every service and every code the confidence is the highest of: a code given by the source
itself (an HSDS taxonomy term of the atlas's own taxonomies: 1.0), each rule that fired (its
precision measured on the hand-tagged charities, or the reviewer's declared confidence where
the data cannot measure it) and the classifier's calibrated probability. A code is *suggested*
only at or above its field's threshold, calibrated on held-out data for precision; a service
without a suggested type, determinant and population group is marked ``needs_review``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.coding.classifier import TextClassifier
from dashboard.coding.rules import REQUIRED_FIELDS, SUGGESTED_FIELDS, Rule, fire, load_rules, matched_words
from dashboard.core.codelists import CodeLists

CANDIDATE_FLOOR = 0.3  # below this a code is not shown at all, not even as "possible"
ATLAS_TAXONOMY_PREFIX = "atlas-"  # HSDS taxonomies the atlas publishes: atlas-types, ...
MODEL_FILE, MANIFEST_FILE = "model.npz", "manifest.json"
CODER_INPUT_COLUMNS = ("text", "provider_text", "given")


@dataclass(frozen=True)
class Suggestion:
    """One code for one service: how sure, why, and whether it is suggested or only possible."""

    code: str
    confidence: float
    evidence: str
    suggested: bool


@dataclass(frozen=True)
class Coder:
    """Rules, their measured confidences, the classifier and the thresholds, read-only.

    Attributes:
        rules: the crosswalk's rules, compiled.
        rule_confidence: (rule, field, code) -> confidence of that code when the rule fires.
        classifier: the persisted text classifier (``None``: rules alone).
        thresholds: field -> the confidence a code needs to be suggested.
        codes: field -> codes in code-list order (the columns of confidence matrices).
        manifest: what the model was trained on, and how (``manifest.json``).
    """

    rules: tuple[Rule, ...]
    rule_confidence: Mapping[tuple[str, str, str], float]
    classifier: TextClassifier | None
    thresholds: Mapping[str, float]
    codes: Mapping[str, tuple[str, ...]]
    manifest: Mapping[str, Any] = field(default_factory=dict)

    def confidences(self, inputs: pd.DataFrame,
                    probabilities: Mapping[str, tuple[Sequence[str], np.ndarray]] | None = None,
                    ) -> dict[str, np.ndarray]:
        """Field -> matrix (services x codes) of the combined confidence of every code.

        ``probabilities`` replaces the classifier's own (training passes held-out ones).
        """
        out = {name: np.zeros((len(inputs), len(codes)), dtype=np.float32)
               for name, codes in self.codes.items()}
        fired = fire(self.rules, inputs["text"], inputs["provider_text"])
        for column, rule in enumerate(self.rules):
            for name, codes in rule.codes.items():
                for code in codes:
                    confidence = self.rule_confidence.get((rule.rule, name, code), 0.0)
                    self._raise(out[name], code, name, fired[:, column] * np.float32(confidence))
        if probabilities is None:
            probabilities = self.probabilities(inputs)
        for name, (codes, matrix) in probabilities.items():
            for column, code in enumerate(codes):
                self._raise(out[name], code, name, matrix[:, column])
        for column, rule in enumerate(self.rules):
            for name, code in rule.blocks:
                if code in self.codes.get(name, ()):
                    out[name][fired[:, column], self.codes[name].index(code)] = 0.0
        for row, given in enumerate(inputs["given"]):
            for name, code, confidence, _ in given or ():
                if code in self.codes.get(name, ()):
                    position = self.codes[name].index(code)
                    out[name][row, position] = max(out[name][row, position], confidence)
        return out

    def _raise(self, matrix: np.ndarray, code: str, name: str, values: np.ndarray) -> None:
        target = matrix[:, self.codes[name].index(code)]
        np.maximum(target, values, out=target)

    def probabilities(self, inputs: pd.DataFrame) -> dict[str, tuple[Sequence[str], np.ndarray]]:
        """Field -> (codes, calibrated probabilities) of the classifier (empty without one)."""
        if self.classifier is None or not len(inputs):
            return {}
        features = self.classifier.features(inputs["text"])
        return {name: (model.codes, model.probabilities(features))
                for name, model in self.classifier.fields.items()}

    def decide(self, confidences: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Field -> boolean matrix of the codes suggested (thresholds and the fields' rules).

        A population group named outright replaces "no specific target" (``all_adults``); a
        service has one provider type, the most confident.
        """
        chosen = {name: matrix >= self.thresholds.get(name, 1.01)
                  for name, matrix in confidences.items()}
        if "populations" in chosen and "all_adults" in self.codes["populations"]:
            pops = chosen["populations"]
            general = self.codes["populations"].index("all_adults")
            specific = np.delete(pops, general, axis=1).any(axis=1)
            pops[specific, general] = False
        if "provider_type" in chosen:
            best = confidences["provider_type"].argmax(axis=1)
            keep = np.zeros_like(chosen["provider_type"])
            keep[np.arange(len(best)), best] = True
            chosen["provider_type"] &= keep
        return chosen

    def suggest(self, inputs: pd.DataFrame) -> list[dict[str, tuple[Suggestion, ...]]]:
        """Per service, field -> its candidate codes, most confident first, with evidence."""
        confidences = self.confidences(inputs)
        chosen = self.decide(confidences)
        fired = fire(self.rules, inputs["text"], inputs["provider_text"])
        features = self.classifier.features(inputs["text"]) if self.classifier else None
        out = []
        for row in range(len(inputs)):
            record = inputs.iloc[row]
            per_field = {}
            for name, codes in self.codes.items():
                found = np.flatnonzero(confidences[name][row] >= CANDIDATE_FLOOR)
                items = [Suggestion(codes[c], round(float(confidences[name][row, c]), 3),
                                    self._evidence(record, row, fired, features, name, codes[c]),
                                    bool(chosen[name][row, c])) for c in found]
                per_field[name] = tuple(sorted(items, key=lambda s: (-s.suggested, -s.confidence)))
            out.append(per_field)
        return out

    def _evidence(self, record: pd.Series, row: int, fired: np.ndarray, features, name: str,
                  code: str) -> str:
        parts = [f"{why} (given by the source)" for given_field, given_code, _, why
                 in record["given"] or () if (given_field, given_code) == (name, code)]
        for column in np.flatnonzero(fired[row]):
            rule = self.rules[column]
            if code in rule.codes.get(name, ()):
                text = record["provider_text"] if rule.applies_to == "provider" else record["text"]
                words = matched_words(rule, text)
                parts.append(f"rule {rule.describe()}" + (f": '{words}'" if words else ""))
        model = self.classifier.fields.get(name) if self.classifier else None
        if model is not None and code in model.codes:
            words = self.classifier.top_words(features, row, name, model.codes.index(code))
            if words:
                parts.append("words " + ", ".join(f"'{w}'" for w in words))
        return "; ".join(parts)


def coding_inputs(records: pd.DataFrame) -> pd.DataFrame:
    """The coder's input per record: its text, its provider's text and codes given by the source.

    ``records`` has the directory-record columns (``name``, ``description``, ``extra_text``,
    ``provider``, ``terms``, ``delivery``). Taxonomy terms of other taxonomies join the text.
    """
    given, texts = [], []
    for record in records.itertuples(index=False):
        own, other = _terms(record.terms)
        hints = [("delivery_mode", code, 0.9, f"HSDS location type ({code.replace('_', ' ')})")
                 for code in record.delivery or ()]
        given.append(tuple(own + hints))
        texts.append(". ".join(t for t in (record.name, record.description, record.extra_text,
                                           *other) if t))
    provider = (records["provider"].fillna("") + ". " + records["name"].fillna("")).tolist()
    return pd.DataFrame({"text": texts, "provider_text": provider, "given": given},
                        index=records.index)


def _terms(terms: Sequence[Mapping[str, str]] | None) -> tuple[list, list[str]]:
    """Codes from the atlas's own HSDS taxonomies, and the names of other taxonomies' terms."""
    own, other = [], []
    for term in terms or ():
        taxonomy = term.get("taxonomy", "")
        field_name = taxonomy.removeprefix(ATLAS_TAXONOMY_PREFIX)
        if taxonomy.startswith(ATLAS_TAXONOMY_PREFIX):
            if field_name in SUGGESTED_FIELDS and term.get("code"):
                own.append((field_name, term["code"], 1.0, f"HSDS taxonomy term {taxonomy}/{term['code']}"))
        elif term.get("name"):
            other.append(term["name"])
    return own, other


def field_codes(codelists: CodeLists) -> dict[str, tuple[str, ...]]:
    """Field -> its codes as suggestions can name them (``unknown`` is never suggested)."""
    return {name: tuple(c for c in codelists[name].codes if c != "unknown") for name in SUGGESTED_FIELDS}


def load_coder(model_dir: Path, rules_path: Path, codelists: CodeLists) -> Coder:
    """The persisted coder (``model.npz`` and ``manifest.json`` in ``model_dir``) and the rules.

    Raises:
        FileNotFoundError: when the model has not been built (``python scripts/train_coder.py``).
    """
    manifest = json.loads((Path(model_dir) / MANIFEST_FILE).read_text(encoding="utf-8"))
    with np.load(Path(model_dir) / MODEL_FILE, allow_pickle=False) as arrays:
        classifier = TextClassifier.from_arrays(arrays, manifest["classifier_fields"])
    confidence = {(r, f, c): float(v) for r, f, c, v in manifest["rule_confidence"]}
    return Coder(rules=load_rules(rules_path), rule_confidence=confidence, classifier=classifier,
                 thresholds=manifest["thresholds"], codes=field_codes(codelists), manifest=manifest)


def prefer_given(suggestions: Mapping[str, tuple[Suggestion, ...]],
                 given: Sequence[tuple]) -> dict[str, tuple[Suggestion, ...]]:
    """Where the source gave a field's codes (the atlas's own taxonomy), exactly those are suggested.

    Other candidates of that field stay, as possible codes, for the person reviewing.
    """
    given_codes: dict[str, set[str]] = {}
    for name, code, confidence, _ in given or ():
        if confidence >= 1.0:
            given_codes.setdefault(name, set()).add(code)
    return {name: tuple(replace(s, suggested=s.code in given_codes[name]) for s in items)
            if name in given_codes else items for name, items in suggestions.items()}


def status_of(suggestions: Mapping[str, Sequence[Suggestion]]) -> str:
    """``suggested`` when every required field has a suggested code, else ``needs_review``."""
    complete = all(any(s.suggested for s in suggestions.get(name, ())) for name in REQUIRED_FIELDS)
    return "suggested" if complete else "needs_review"
