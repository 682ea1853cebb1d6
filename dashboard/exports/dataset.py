"""The whole loaded dataset as an exchange-template file (CSV or XLSX).

Both carry the dataset's name, version and illustrative label: the CSV as ``#`` lines before
the header (``pandas.read_csv(comment="#")`` skips them), the XLSX on an "About" sheet after the
"Data" sheet, which uploads again as it is.
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.analysis.dataset import InterventionDataset
from dashboard.core.schema import COLUMN_NAMES, MULTI_SEPARATOR
from dashboard.exports.tables import table_bytes

DOWNLOAD_URL = "/download/dataset.{fmt}"  # takes ?dataset= as the atlas's URL does
FORMATS = {"csv": "text/csv", "xlsx": ("application/vnd.openxmlformats-officedocument."
                                       "spreadsheetml.sheet")}
INTERNAL = ("source_row",)


def template_table(dataset: InterventionDataset) -> pd.DataFrame:
    """The accepted rows in the template's columns (extra columns kept after them).

    Lists are joined with ``|``, dates written as ISO dates, missing values left blank.
    """
    rows = dataset.interventions
    extra = [c for c in rows.columns if c not in COLUMN_NAMES and c not in INTERNAL]
    out = pd.DataFrame(index=rows.index)
    for column in [*COLUMN_NAMES, *extra]:
        if column not in rows:
            out[column] = ""
            continue
        values = rows[column]
        if values.map(lambda v: isinstance(v, list | tuple)).any():
            values = values.map(lambda v: MULTI_SEPARATOR.join(v)
                                if isinstance(v, list | tuple) else v)
        elif pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.strftime("%Y-%m-%d")
        out[column] = values
    return out.reset_index(drop=True)


def dataset_file(dataset: InterventionDataset, fmt: str) -> tuple[bytes, str, str]:
    """File content, name and media type of the whole dataset.

    Raises:
        ValueError: ``fmt`` is not ``csv`` or ``xlsx``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}: use csv or xlsx.")
    meta = dataset.meta
    table = template_table(dataset)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{meta.name}-v{meta.version}").strip("_")
    lines = [meta.caption, "Exchange template of the community mental-health provision atlas: "
             "one row per intervention per locality; lists separated by |.",
             *([meta.notice] if meta.notice else [])]
    return table_bytes(table, lines, fmt), f"{stem}.{fmt}", FORMATS[fmt]
