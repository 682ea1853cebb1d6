"""Generate the ILLUSTRATIVE (synthetic) community mental-health intervention dataset.

The records are invented. Their patterns follow the published findings of the mapping study
Duncan et al., BMC Public Health 2021;21:1691 (407 community, non-clinical interventions for
adults in five deprived English local authorities, July 2019 to May 2020), which has no public
copy of its records:

* social isolation is by far the most targeted determinant, delivered mainly through social
  activities and befriending, then community linking and peer support;
* financial stress and mental-health stigma come next; housing, food insecurity, caring,
  bereavement and LGBTQ+ discrimination are rare; structural determinants such as the welfare
  system, air quality, urban decay, climate, media and political structures are absent;
* older adults and minority-ethnic people are the most targeted specific groups; intersectional
  groups (two or more identity groups at once) are few, minority-ethnic men and minority-ethnic
  LGBTQ+ people least of all;
* evaluation data (outcomes, evaluation level, reach, cost) are mostly missing.

Everything is derived from ``numpy.random.default_rng(seed)`` and files inside this repository
(code lists, IoD2025 and Census 2021 summaries, LSOA 2021 boundaries), so the same seed gives
byte-identical output. Run from the project root::

    python scripts/generate_example_dataset.py [--seed 20211691]

Writes ``data/examples/illustrative_interventions.csv`` and ``.meta.json`` beside it. The
generator itself is the package ``scripts/example_dataset``; this file is its command line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

# The package sits beside this file; it must import also when the file is loaded by path
# (tests/integration/test_example_dataset.py), not only when run as a script.
SCRIPTS = str(Path(__file__).resolve().parent)
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)

from example_dataset.checks import summarise  # noqa: E402
from example_dataset.config import DEFAULT_SEED, OUT_CSV, OUT_META, ROOT  # noqa: E402
from example_dataset.output import csv_text, meta_text  # noqa: E402
from example_dataset.records import build_dataset  # noqa: E402

__all__ = ["build_dataset", "csv_text", "main", "meta_text", "summarise"]


def main(argv: list[str] | None = None) -> int:
    """Write the CSV and metadata JSON, then print the pattern summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--quiet", action="store_true", help="do not print the summary")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    frame, metadata = build_dataset(args.seed)
    OUT_CSV.parent.mkdir(parents=True, exist_ok=True)
    OUT_CSV.write_bytes(csv_text(frame).encode("utf-8"))
    OUT_META.write_bytes(meta_text(metadata).encode("utf-8"))
    elapsed = time.perf_counter() - started
    if not args.quiet:
        print(json.dumps(summarise(frame), indent=2))
        print(f"Wrote {len(frame)} rows to {OUT_CSV.relative_to(ROOT)} in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
