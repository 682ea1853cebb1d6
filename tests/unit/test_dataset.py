import io

import pandas as pd
from openpyxl import Workbook

from dashboard.analysis.dataset import load_dataset
from dashboard.ingest.validation import validate_file


def test_dataset_bundled_loads_every_row_and_is_marked_illustrative(settings, codelists, localities):
    dataset = load_dataset(settings.dataset_path, codelists, localities)
    raw_rows = len(pd.read_csv(settings.dataset_path, dtype=str))
    assert dataset.report.rows_total == raw_rows == dataset.report.rows_accepted
    assert dataset.report.errors == ()
    assert dataset.meta.illustrative is True
    assert dataset.meta.caption.startswith("Illustrative data.")
    assert dataset.counts_by_locality().sum() == raw_rows
    assert set(dataset.counts_by_locality().index) <= set(localities.names)


def test_dataset_xlsx_and_csv_of_the_same_rows_validate_identically(settings, codelists, localities):
    frame = pd.read_csv(settings.dataset_path, dtype=str, keep_default_na=False)
    book = Workbook()
    sheet = book.active
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([_typed(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    from_xlsx = validate_file("data.xlsx", codelists, localities, content=buffer.getvalue())
    from_csv = validate_file(settings.dataset_path, codelists, localities)
    assert from_xlsx.rows_accepted == from_csv.rows_accepted == len(frame)
    pd.testing.assert_frame_equal(from_xlsx.accepted, from_csv.accepted)


def _typed(value: str):
    """Write numbers as numbers, as a spreadsheet user would."""
    if value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number
