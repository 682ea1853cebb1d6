"""Peak memory of validating one upload shape, above the idle process: ``python -m
tests.memory.measure_upload SHAPE`` prints ``{"shape", "bytes", "extra_mb", "outcome"}``.

Linux only: the peak (``VmHWM``) is reset through ``/proc/self/clear_refs`` once the process is
idle (code lists and localities loaded, everything imported, the file's bytes made), so
loading does not count; the data URL the browser sends is made after that, so it does.
"""

from __future__ import annotations

import base64
import gc
import json
import sys
from pathlib import Path

from dashboard.core.codelists import load_codelists
from dashboard.core.settings import Settings
from dashboard.ingest.uploads import UploadError, validate_upload
from dashboard.ingest.validation import Localities
from tests.memory.upload_shapes import SHAPES


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


def main(shape: str) -> None:
    settings = Settings.from_env()
    codelists = load_codelists(settings.codelists_dir)
    localities = Localities.from_prepared(settings.prepared_dir)
    import python_calamine  # noqa: F401  (imported by reading XLSX; part of the idle worker)

    name, content = SHAPES[shape]()  # the file as the browser holds it
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    idle = _status_kb("VmRSS")
    url = "data:application/octet-stream;base64," + base64.b64encode(content).decode()
    size = len(content)
    del content
    try:
        report = validate_upload(url, name, codelists, localities, max_bytes=settings.upload_max_bytes)
        outcome = f"read: {report.rows_total} rows, {len(report.errors)} errors"
    except UploadError as error:
        outcome = f"refused: {error}"
    peak = _status_kb("VmHWM")
    print(json.dumps({"shape": shape, "bytes": size, "extra_mb": round((peak - idle) / 1024, 1),
                      "outcome": outcome[:300]}))


if __name__ == "__main__":
    main(sys.argv[1])
