"""The learned part of assisted coding: TF-IDF features and one logistic regression per code.

Fitted at build time (:mod:`dashboard.coding.training`) and persisted as plain arrays (the
vocabulary, idf weights, coefficients and each code's isotonic calibration), so the file is
small, loads without unpickling anything, and predicts the same with any scikit-learn that has
``TfidfVectorizer``. A code's score is calibrated on held-out predictions into the share of
services with that score that really had the code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

VECTORIZER_OPTIONS = {"ngram_range": (1, 2), "min_df": 2, "max_features": 20_000,
                      "sublinear_tf": True, "strip_accents": "unicode", "lowercase": True,
                      "token_pattern": r"(?u)\b[^\W\d_][^\W\d_]+\b", "dtype": np.float32}


def make_vectorizer(vocabulary: Sequence[str] | None = None) -> TfidfVectorizer:
    """The one TF-IDF configuration of training and prediction (a fixed vocabulary when given).

    scikit-learn is imported here, when a coder is first used, not when the atlas starts.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    options = dict(VECTORIZER_OPTIONS)
    if vocabulary is not None:
        options.pop("min_df")
        options.pop("max_features")
        options["vocabulary"] = {term: position for position, term in enumerate(vocabulary)}
    return TfidfVectorizer(**options)


@dataclass(frozen=True)
class FieldModel:
    """The classifiers of one field: one row of coefficients per code, and its calibration.

    Attributes:
        codes: codes with a classifier (those with enough examples), in code-list order.
        coef: coefficients, codes x vocabulary.
        intercept: one per code.
        calibration: per code, the isotonic curve (score thresholds, calibrated values).
    """

    codes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    calibration: tuple[tuple[np.ndarray, np.ndarray], ...]

    def scores(self, features: sparse.spmatrix) -> np.ndarray:
        """Decision scores, rows x codes."""
        return np.asarray(features @ self.coef.T.astype(np.float32)) + self.intercept

    def probabilities(self, features: sparse.spmatrix) -> np.ndarray:
        """Calibrated probabilities, rows x codes."""
        raw = self.scores(features)
        out = np.empty_like(raw)
        for column, (x, y) in enumerate(self.calibration):
            out[:, column] = np.interp(raw[:, column], x, y)
        return out


@dataclass(frozen=True)
class TextClassifier:
    """TF-IDF vocabulary and idf weights shared by every field's classifiers."""

    vocabulary: tuple[str, ...]
    idf: np.ndarray
    fields: Mapping[str, FieldModel]
    vectorizer: TfidfVectorizer = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        vectorizer = make_vectorizer(self.vocabulary)
        vectorizer.idf_ = self.idf
        object.__setattr__(self, "vectorizer", vectorizer)

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """TF-IDF rows of ``texts``."""
        return self.vectorizer.transform(list(texts)).tocsr()

    def top_words(self, features: sparse.csr_matrix, row: int, field_name: str, column: int,
                  count: int = 3) -> list[str]:
        """The words of one text that most raised one code's score."""
        start, end = features.indptr[row], features.indptr[row + 1]
        terms, values = features.indices[start:end], features.data[start:end]
        weights = values * self.fields[field_name].coef[column, terms]
        best = np.argsort(-weights)[:count]
        return [self.vocabulary[terms[i]] for i in best if weights[i] > 0]

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Everything as named arrays (``numpy.savez_compressed``)."""
        arrays = {"vocabulary": np.asarray(self.vocabulary, dtype=str), "idf": self.idf}
        for name, model in self.fields.items():
            arrays[f"{name}.codes"] = np.asarray(model.codes, dtype=str)
            arrays[f"{name}.coef"] = model.coef.astype(np.float16)
            arrays[f"{name}.intercept"] = model.intercept
            for code, (x, y) in zip(model.codes, model.calibration, strict=True):
                arrays[f"{name}.{code}.x"], arrays[f"{name}.{code}.y"] = x, y
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], field_names: Sequence[str]) -> TextClassifier:
        """Inverse of :meth:`to_arrays`."""
        fields = {}
        for name in field_names:
            codes = tuple(str(c) for c in arrays[f"{name}.codes"])
            fields[name] = FieldModel(
                codes=codes, coef=np.asarray(arrays[f"{name}.coef"], dtype=np.float32),
                intercept=np.asarray(arrays[f"{name}.intercept"], dtype=np.float32),
                calibration=tuple((np.asarray(arrays[f"{name}.{c}.x"]), np.asarray(arrays[f"{name}.{c}.y"]))
                                  for c in codes))
        return cls(vocabulary=tuple(str(t) for t in arrays["vocabulary"]),
                   idf=np.asarray(arrays["idf"], dtype=np.float64), fields=fields)
