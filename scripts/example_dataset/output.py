"""The CSV and metadata JSON exactly as committed."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd


def csv_text(frame: pd.DataFrame) -> str:
    """The CSV exactly as committed: header, ``\\n`` line endings, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    writer.writerows(frame.itertuples(index=False, name=None))
    return buffer.getvalue()


def meta_text(metadata: dict) -> str:
    """The metadata JSON exactly as committed."""
    return json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"
