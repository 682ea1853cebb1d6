"""Rows of a dataset version to and from JSON text, reloaded with the same dtypes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


def _column_values(series: pd.Series) -> list[Any]:
    """JSON-ready values of one column; NaN stays NaN (Python's json writes it) to reload exactly."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [None if pd.isna(v) else v.isoformat() for v in series]
    if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_integer_dtype(series.dtype):
        if series.hasnans:
            return [None if pd.isna(v) else _plain(v) for v in series]
        return series.tolist()
    if pd.api.types.is_float_dtype(series.dtype):
        return series.tolist()
    return [_plain(v) for v in series.astype(object)]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, list | tuple | np.ndarray):
        return [_plain(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, pd.Timestamp | dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def encode_rows(rows: pd.DataFrame) -> tuple[list[list[str]], list[str]]:
    """Column spec ``[[name, dtype], ...]`` and one JSON text per row."""
    spec = [[str(name), str(rows[name].dtype)] for name in rows.columns]
    names = [str(name) for name in rows.columns]
    columns = [_column_values(rows[name]) for name in rows.columns]
    texts = [json.dumps(dict(zip(names, values, strict=True)), ensure_ascii=False, separators=(",", ":"))
             for values in zip(*columns, strict=True)] if len(rows) else []
    return spec, texts


def decode_rows(spec: list[list[str]], texts: Sequence[str]) -> pd.DataFrame:
    """Inverse of :func:`encode_rows`: the rows with the dtypes of ``spec``."""
    records = [json.loads(text) for text in texts]
    frame = {}
    for name, dtype in spec:
        values = [record.get(name) for record in records]
        frame[name] = _typed(values, dtype)
    return pd.DataFrame(frame, columns=[name for name, _ in spec])


def _typed(values: list[Any], dtype: str) -> pd.Series:
    if dtype == "object":
        cells = np.empty(len(values), dtype=object)
        for position, value in enumerate(values):  # element-wise: lists must stay list cells
            cells[position] = value
        return pd.Series(cells, dtype=object)
    if dtype.startswith("datetime64"):
        return pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601").astype(dtype)
    return pd.Series(values, dtype=dtype)
