"""A writer process for the kill tests: ``python -m tests.storage_writer URL MODE``.

MODE ``pause``: save one large version, announce ``paused`` after two batches (inside the open
transaction) and wait there to be killed. MODE ``loop``: save versions one after another,
printing ``committed N`` after each commit, until killed.
"""

from __future__ import annotations

import sys
import time

import pandas as pd

from dashboard.core.codelists import load_codelists
from dashboard.core.settings import Settings
from dashboard.ingest.validation import Localities, validate_file
from dashboard.store.store import Store

COPIES = 10  # 4,040 rows a version


def main(url: str, mode: str) -> None:
    settings = Settings.from_env({})
    report = validate_file(settings.dataset_path, load_codelists(settings.codelists_dir),
                           Localities.from_prepared(settings.prepared_dir))
    parts = []
    for n in range(COPIES):
        part = report.accepted.copy()
        part["intervention_id"] = part["intervention_id"] + f"-{n}"
        parts.append(part)
    rows = pd.concat(parts, ignore_index=True)
    store = Store.open(url)

    def pause(done: int, total: int) -> None:
        if done >= 2000:
            print("paused", flush=True)
            time.sleep(600)

    if mode == "pause":
        store.save_version("area", rows, actor="Writer", progress=pause)
        return
    while True:
        info = store.save_version("area", rows, actor="Writer")
        print(f"committed {info.version}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
