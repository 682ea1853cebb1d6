"""Build the assisted coder (data/models/coder): rules measured, classifier trained and calibrated.

    .venv/bin/python scripts/train_coder.py            # from the files in data/ (build time)
    .venv/bin/python scripts/train_coder.py -o DIR     # somewhere else

Training data: the 4,203 hand-tagged charities of UK-CAT (data/directories/ukcat/sample.csv)
mapped through the crosswalk, and the coded rows the project holds (the illustrative dataset).
To retrain with rows people confirmed in the workbench use ``python -m dashboard retrain-coder``.
Nothing is downloaded. Takes about a minute on one core.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.coding.build import build_training, train_and_save  # noqa: E402
from dashboard.coding.loading import default_paths  # noqa: E402
from dashboard.core.settings import Settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", type=Path, help="folder to write (default: data/models/coder)")
    args = parser.parse_args()
    settings = Settings.from_env()
    paths = default_paths(settings)
    started = time.process_time()
    training = build_training(settings, paths)
    manifest = train_and_save(settings, training, paths, args.output or paths.model_dir)
    print(f"Trained on {manifest['examples']} examples in {time.process_time() - started:.0f} s CPU.")
    print(f"Thresholds: {manifest['thresholds']}")
    print(f"Wrote {args.output or paths.model_dir} ({manifest['model_file']['bytes']:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
