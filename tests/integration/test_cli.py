import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dashboard.__main__ import main
from dashboard.core.schema import COLUMN_NAMES
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]


def test_cli_good_file_exits_zero(capsys):
    assert main(["validate", str(FIXTURES / "good.csv")]) == 0
    assert "2 of 2 rows accepted" in capsys.readouterr().out


def test_cli_bad_file_exits_one_with_json(capsys):
    assert main(["validate", str(FIXTURES / "bad.csv"), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["rows_total"] == 5 and data["rows_accepted"] == 2
    typo = next(e for e in data["errors"] if e["value"] == "befriendng")
    assert typo["row"] == 3 and typo["column"] == "types"
    assert any("recoded" in w["message"] for w in data["warnings"])


def test_cli_bad_file_human_output_names_row_and_column(capsys):
    main(["validate", str(FIXTURES / "bad.csv")])
    out = capsys.readouterr().out
    assert "ERROR row 3, types: 'befriendng' is not a known intervention type" in out


@pytest.mark.parametrize("name", ["unreadable.csv", "does-not-exist.csv"])
def test_cli_unreadable_file_exits_two_with_one_sentence(capsys, name):
    assert main(["validate", str(FIXTURES / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Cannot read") and "Traceback" not in err


def test_cli_runs_as_module_in_a_fresh_interpreter():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", str(FIXTURES / "unreadable.csv"), "--json"],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )
    assert result.returncode == 2
    assert "binary" in json.loads(result.stdout)["error"]
    assert result.stderr == ""


def test_cli_template_xlsx_has_dropdowns_and_round_trips(tmp_path, capsys):
    path = tmp_path / "template.xlsx"
    assert main(["template", "-o", str(path)]) == 0
    book = load_workbook(path)
    sheet = book["interventions"]
    assert [c.value for c in sheet[1]] == list(COLUMN_NAMES)
    ranges = {str(v.sqref).split(":")[0][:-1]: v for v in sheet.data_validations.dataValidation}
    types_col = "E"  # types is the fifth column
    assert ranges[types_col].type == "list" and "codelists!" in ranges[types_col].formula1
    assert "social_activities" in [c.value for c in book["codelists"]["A"]]
    # A blank template is readable, but a file without data rows is an error (issue 14).
    capsys.readouterr()
    assert main(["validate", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["rows_total"] == 0
    assert [e["message"] for e in report["errors"]] == [
        "The file has a header row but no data rows; add at least one intervention below the "
        "header."]


def test_cli_template_csv_is_the_header(tmp_path):
    path = tmp_path / "template.csv"
    assert main(["template", "-o", str(path)]) == 0
    assert path.read_text(encoding="utf-8-sig").strip() == ",".join(COLUMN_NAMES)


def test_cli_save_dataset_saves_the_next_version_and_exits_like_validate(tmp_path, monkeypatch,
                                                                         capsys):
    from dashboard.store.store import Store

    url = f"sqlite:///{tmp_path / 'atlas.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    args = ["save-dataset", "--name", "bolton-workshop", "--by", "Fay"]
    assert main([*args, str(FIXTURES / "good.csv"), "--note", "Before the room fills"]) == 0
    assert "Saved 2 rows as bolton-workshop, version 1." in capsys.readouterr().out
    assert main([*args, str(FIXTURES / "bad.csv")]) == 1          # rows rejected, the rest saved
    captured = capsys.readouterr()
    assert "Saved 2 rows as bolton-workshop, version 2." in captured.out
    assert "3 row(s) were left out" in captured.err
    assert main([*args, str(FIXTURES / "unreadable.csv")]) == 2   # unreadable: nothing saved
    assert capsys.readouterr().err.startswith("Cannot read")
    assert main(["save-dataset", "--name", "bundled", "--by", "Fay", str(FIXTURES / "good.csv")]) == 2
    store = Store.open(url)
    try:
        versions = store.versions("bolton-workshop")
        assert [(v.version, v.row_count, v.created_by) for v in versions] == [
            (1, 2, "Fay"), (2, 2, "Fay")]
        assert versions[0].comment == "Before the room fills" and not versions[0].illustrative
    finally:
        store.close()
