"""Build the assisted coder (data/models/coder): rules measured, classifier trained and calibrated.

    .venv/bin/python scripts/train_coder.py            # from the files in data/ (build time)
    .venv/bin/python scripts/train_coder.py -o DIR     # somewhere else

Training data: the 4,203 hand-tagged charities of UK-CAT (data/directories/ukcat/sample.csv)
mapped through the crosswalk, and the coded rows the project holds (the illustrative dataset).
To retrain with rows people confirmed in the workbench use ``python -m dashboard retrain-coder``.
Nothing is downloaded. Takes about half a minute of CPU.

Before training the shipped coder it measures a held-out split: a coder built the same way
without a seeded fifth of the charities scores them, per field and per code. The figures are
printed and (writing the default folder) kept in docs/coding.md between its held-out markers.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.coding.build import build_training, held_out_split, train_and_save  # noqa: E402
from dashboard.coding.evaluation_tables import (  # noqa: E402
    code_tables,
    field_table,
    pct,
    replace_between,
    unscored_note,
)
from dashboard.coding.loading import default_paths  # noqa: E402
from dashboard.core.settings import Settings  # noqa: E402

DOC = ROOT / "docs" / "coding.md"
START, END = "<!-- held-out:start -->", "<!-- held-out:end -->"


def held_out_text(settings: Settings, paths, training) -> str:
    """The held-out split's figures as Markdown, between the doc's markers."""
    split = held_out_split(settings, paths, training)
    return "\n".join([
        START, "", f"Measured by `scripts/train_coder.py`: {split.rows:,} charities (a seeded fifth of "
        "the hand-tagged sample) held out; the coder trained on the rest and the illustrative rows, "
        f"calibrated on the hand-coded sample, scored on them. {pct(split.needs_review)} would be "
        "*needs review*.", "", *field_table(split), *code_tables(split), *unscored_note(split), "", END])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", type=Path, help="folder to write (default: data/models/coder)")
    args = parser.parse_args()
    settings = Settings.from_env()
    paths = default_paths(settings)
    started = time.process_time()
    training = build_training(settings, paths)
    measured = held_out_text(settings, paths, training)
    print(measured)
    if args.output is None:
        DOC.write_text(replace_between(DOC.read_text(encoding="utf-8"), START, END, measured),
                       encoding="utf-8")
    manifest = train_and_save(settings, training, paths, args.output or paths.model_dir)
    print(f"Trained on {manifest['examples']} examples in {time.process_time() - started:.0f} s CPU.")
    print(f"Thresholds: {manifest['thresholds']}")
    print(f"Wrote {args.output or paths.model_dir} ({manifest['model_file']['bytes']:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
