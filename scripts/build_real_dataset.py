"""Build the real dataset in data/examples from the two Greater Manchester directories.

    .venv/bin/python scripts/build_real_dataset.py

Runs the same pipeline as ``python -m dashboard import`` (read, place on LSOA 2021 / LAD 2024,
suggest codes with the assisted coder in data/models/coder) on

- data/directories/real/gm_food_banks_pantries_2018.csv (171 food banks, pantries and food
  clubs; GM Poverty Action via Trafford Data Lab, OGL v3), and
- data/directories/real/trafford_council_vcs_grants_360giving_2013_2024.csv (555 Trafford
  Council grants to community groups, 360Giving, OGL v3),

and writes greater_manchester_food_and_trafford_grants.csv (every record, with its coding
status, placement and evidence), its .meta.json (name, coverage, sources and licences, counts)
and its .report.json (every record's fate). Codes are machine suggestions: none is marked as
confirmed by a person. Rows the coder could not code confidently stay in the file as
``needs_review``; the atlas leaves them out of its counts (the validator needs a type, a
determinant and a population group) and says how many.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from dashboard.coding.build import GM_SOURCES, source_path  # noqa: E402
from dashboard.coding.pipeline import import_directory, import_tools, read_source, write_rows  # noqa: E402
from dashboard.core.cache import Cache  # noqa: E402
from dashboard.core.settings import Settings  # noqa: E402

STEM = "greater_manchester_food_and_trafford_grants"
NAME = "Greater Manchester food support 2018 and Trafford community grants 2013-2024"
SOURCES = [
    {"file": "gm_food_banks_pantries_2018.csv", "what": "171 food banks, pantries and food clubs "
     "across the ten Greater Manchester districts (2018)",
     "attribution": "Compiled by GM Poverty Action, republished by Trafford Data Lab. Contains public "
                    "sector information licensed under the Open Government Licence v3.0."},
    {"file": "trafford_council_vcs_grants_360giving_2013_2024.csv", "what": "555 Trafford Council "
     "grants to voluntary and community groups (2013-2024, 360Giving)",
     "attribution": "Trafford Council. Contains public sector information licensed under the Open "
                    "Government Licence v3.0."},
]


def main() -> int:
    settings = Settings.from_env()
    tools = import_tools(settings, Cache())
    parts, reports = [], {}
    for source in GM_SOURCES:
        read = read_source(source_path(settings, source), source.kind, tools.schemas,
                           overrides=source.overrides)
        result = import_directory(read, tools, id_prefix=source.id_prefix or "IMP",
                                  context=source.context)
        parts.append(result.rows)
        reports[source.file] = result.report.to_dict()
        print(f"{source.file}: " + " ".join(result.report.summary_lines()[:3]))
    rows = pd.concat(parts, ignore_index=True)
    examples = settings.data_dir / "examples"
    write_rows(rows, examples / f"{STEM}.csv")
    statuses = Counter(rows["coding_status"])
    coded = len(rows) - statuses.get("needs_review", 0)
    manifest = json.loads((settings.coder_dir / "manifest.json").read_text(encoding="utf-8"))
    meta = {
        "key": "greater-manchester", "name": NAME, "version": "1.0.0", "illustrative": False,
        "notice": ("Two published sources, not a complete directory: 171 Greater Manchester food "
                   "banks and pantries (GM Poverty Action via Trafford Data Lab, 2018) and 555 Trafford "
                   "Council community grants (2013-2024), both OGL v3. Codes are machine suggestions; "
                   f"{len(rows) - coded} services with no confident code are not counted until a "
                   "person codes them."),
        "sources": SOURCES, "built_by": "scripts/build_real_dataset.py",
        "coder": {"thresholds": manifest["thresholds"], "manifest_sha256": hashlib.sha256(
            (settings.coder_dir / "manifest.json").read_bytes()).hexdigest()},
        "rows": len(rows), "coding_status": dict(statuses.most_common()),
        "localities": dict(Counter(rows["locality_code"].replace("", "not placed")).most_common()),
    }
    (examples / f"{STEM}.meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                                                encoding="utf-8")
    (examples / f"{STEM}.report.json").write_text(json.dumps(reports, indent=1, ensure_ascii=False)
                                                  + "\n", encoding="utf-8")
    print(f"Wrote {len(rows)} rows ({dict(statuses)}) to {examples / STEM}.csv and its meta and report.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
