"""A validated, columnar copy of each dataset version, written once and shared by every worker.

Validating a million rows (or decoding them from the database) takes seconds and, held as
pandas objects, hundreds of megabytes in every gunicorn worker. So the first process that
loads a version writes its accepted rows, validation report and code patterns to an Arrow IPC
file in the instance folder (``columnar/<key>.arrow``, uncompressed), and every process, that
one included, reads the file memory-mapped: text, numbers and dates are the file's pages, which
the operating system shares between workers; only an array of pointers per column of codes is
built per process (rows with the same codes share one Python list).

A key names exactly what a copy was made from (the file's path, size and modification time,
the code lists, the district list, the validation settings and date; or the database, dataset,
version and when it was saved), so a copy is never stale: anything else gets a new key. A lock
file makes the second worker wait for the first instead of validating again. When the folder
cannot be written, or rows hold something the format cannot keep exactly, the dataset is
served from memory as before (and the reason logged).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

from dashboard.analysis.dataset import InterventionDataset, with_coding
from dashboard.analysis.metrics import CodeIndex, FieldCodes, distinct_objects
from dashboard.core.cache import Cache
from dashboard.core.dataset_identity import DatasetMeta
from dashboard.ingest.validation import Issue, ValidationReport

FORMAT = "atlas-columnar-2"  # change when validation, the rows or this layout change
KEEP = 24  # copies kept in the folder; the least recently used go first
INDEX_PREFIX = "index:"  # an indexed column stored as text also keeps its patterns
LOG = logging.getLogger(__name__)


class Unencodable(ValueError):
    """A column holds values this format cannot give back exactly."""


class ColumnarCopies:
    """The columnar copies in one folder (``<instance>/columnar``).

    Args:
        folder: where copies live; created on first write.
        keep: how many copies to keep.
    """

    def __init__(self, folder: Path, keep: int = KEEP) -> None:
        self.folder = Path(folder)
        self.keep = keep

    def path(self, parts: Mapping[str, object]) -> Path:
        """The file of the copy that ``parts`` (what the version was made from) name."""
        text = json.dumps({"format": FORMAT, **parts}, sort_keys=True, default=str)
        return self.folder / f"{hashlib.sha256(text.encode()).hexdigest()[:32]}.arrow"

    def dataset(self, parts: Mapping[str, object], meta: DatasetMeta,
                make: Callable[[], InterventionDataset], cache: Cache) -> InterventionDataset:
        """The version ``parts`` name: read from its copy, or made, written once and read back.

        ``make`` validates or decodes the version (only the first process to need it calls it).
        """
        path = self.path(parts)
        found = self._read(path, meta, cache)
        if found is not None:
            return found
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock = open(path.with_suffix(".lock"), "a+b")  # noqa: SIM115 - closed below
        except OSError as error:
            LOG.warning("No columnar copy (%s): serving the dataset from memory.", error)
            return make()
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            found = self._read(path, meta, cache)  # written while this process waited
            if found is not None:
                return found
            made = make()
            try:
                write_copy(path, made)
            except (OSError, Unencodable, pa.ArrowException) as error:
                LOG.warning("No columnar copy of %s (%s): serving it from memory.", meta.name, error)
                return made
            del made  # its rows go; the copy's pages are what every process keeps
            pa.default_memory_pool().release_unused()  # and Arrow gives their memory back
        self._prune(path)
        return read_copy(path, meta, cache)

    def _read(self, path: Path, meta: DatasetMeta, cache: Cache) -> InterventionDataset | None:
        try:
            dataset = read_copy(path, meta, cache)
        except FileNotFoundError:
            return None
        except (OSError, KeyError, ValueError, pa.ArrowException) as error:
            LOG.warning("Unreadable columnar copy %s (%s): making it again.", path.name, error)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept by _prune
        return dataset

    def _prune(self, keeping: Path) -> None:
        """Delete the least recently used copies beyond ``keep`` (open maps stay valid)."""
        def used(path: Path) -> float:
            try:
                return path.stat().st_mtime
            except OSError:  # pruned by another process meanwhile
                return 0.0

        copies = sorted(self.folder.glob("*.arrow"), key=used, reverse=True)
        for old in [p for p in copies if p != keeping][self.keep - 1:]:
            with contextlib.suppress(OSError):
                old.unlink()
                old.with_suffix(".lock").unlink(missing_ok=True)


def file_parts(path: Path) -> dict[str, object]:
    """What names a dataset file's contents without reading it: path, size, modification time."""
    stat = path.stat()
    return {"file": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def folder_digest(*paths: Path) -> str:
    """A digest of small input files (code lists, district list): any change gives a new key."""
    digest = hashlib.sha256()
    for path in paths:
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def today_part() -> str:
    """Today's date: validation warnings (records verified long ago) depend on it."""
    return dt.date.today().isoformat()


def write_copy(path: Path, dataset: InterventionDataset) -> None:
    """Write the dataset's rows, report and code patterns to ``path`` (atomically)."""
    frame, index = dataset.interventions, dataset.codes.fields
    columns, dtypes = {}, {}
    for name in frame.columns:
        column, kind = _encode(frame[name], index.get(name))
        columns[str(name)], dtypes[str(name)] = column, kind
        if name in index and kind != "codes":
            columns[INDEX_PREFIX + str(name)] = _dictionary(index[name])
    about = {"format": FORMAT, "dtypes": dtypes, "indexed": list(index),
             "report": _report_dict(dataset.report)}
    table = pa.table(columns).combine_chunks()  # one chunk a column: numpy views when read
    table = table.replace_schema_metadata({"atlas": json.dumps(about)})
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with pa.OSFile(str(partial), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def read_copy(path: Path, meta: DatasetMeta, cache: Cache) -> InterventionDataset:
    """The dataset in the copy at ``path``, memory-mapped; ``meta`` says what it is."""
    table = ipc.open_file(pa.memory_map(str(path))).read_all()
    about = json.loads(table.schema.metadata[b"atlas"])
    if about.get("format") != FORMAT:
        raise ValueError(f"format {about.get('format')!r}")
    patterns: dict[str, FieldCodes] = {}
    columns = {}
    for name, kind in about["dtypes"].items():
        column = table.column(name)
        if kind == "codes":
            patterns[name] = _patterns(column)
            columns[name] = _objects(patterns[name].patterns)[patterns[name].rows]
        else:
            columns[name] = _decode(column, kind)
    for name in about["indexed"]:
        if name not in patterns:
            patterns[name] = _patterns(table.column(INDEX_PREFIX + name))
    frame = pd.DataFrame({name: pd.Series(values, copy=False, dtype=object if isinstance(
        values, np.ndarray) and values.dtype == object else None)
        for name, values in columns.items()}, copy=False)
    report = _report(about["report"], frame)
    codes = CodeIndex.from_fields(frame, patterns)
    return InterventionDataset(meta=with_coding(meta, codes), interventions=frame, report=report,
                               codes=codes, cache=cache)


def _encode(series: pd.Series, patterns: FieldCodes | None) -> tuple[pa.Array, str]:
    """An Arrow column that gives ``series`` back exactly, and how to read it."""
    dtype = series.dtype
    if pd.api.types.is_object_dtype(dtype):  # lists of codes, or codes (None: no code), shared across rows
        rows, cells = distinct_objects(series.to_numpy())
        kinds = {type(value) for value in cells}
        if kinds - {list} and kinds - {str, type(None)}:
            raise Unencodable(f"column {series.name!r} holds {sorted(k.__name__ for k in kinds)}")
        found = patterns or (FieldCodes.of_cells(rows, cells) if kinds == {list} else
                             FieldCodes.of(series))
        if not all(isinstance(c, str) for p in found.patterns if p is not None
                   for c in (p if isinstance(p, list) else [p])):
            raise Unencodable(f"column {series.name!r} holds codes that are not text")
        return _dictionary(found), "codes"
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" and dtype.na_value is not pd.NA:
        return pa.array(series.array), "str"
    if pd.api.types.is_datetime64_dtype(dtype):
        return pa.array(series.to_numpy().view("int64")), str(dtype)
    if dtype.kind in "biuf":
        return pa.array(series.to_numpy()), str(dtype)
    raise Unencodable(f"column {series.name!r} has dtype {dtype}")


def _decode(column: pa.ChunkedArray, kind: str) -> object:
    if kind == "str":
        return pd.arrays.ArrowStringArray(column, dtype=pd.StringDtype("pyarrow", na_value=np.nan))
    values = column.chunk(0).to_numpy(zero_copy_only=True) if column.num_chunks == 1 else \
        column.to_numpy()
    return values.view(kind) if kind.startswith("datetime64") else values


def _dictionary(found: FieldCodes) -> pa.DictionaryArray:
    """Row patterns as an Arrow dictionary column: int32 rows, the patterns as its values."""
    lists = bool(found.patterns) and isinstance(found.patterns[-1], list)
    values = pa.array(found.patterns, pa.list_(pa.string()) if lists else pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(np.asarray(found.rows, dtype=np.int32)), values)


def _patterns(column: pa.ChunkedArray) -> FieldCodes:
    chunk = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    rows = chunk.indices.to_numpy(zero_copy_only=True)
    return FieldCodes.from_patterns(rows, chunk.dictionary.to_pylist())


def _objects(items: list) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    for position, item in enumerate(items):
        out[position] = item
    return out


def _report_dict(report: ValidationReport) -> dict:
    return {"rows_total": report.rows_total, "rows_accepted": report.rows_accepted,
            "errors": [asdict(i) for i in report.errors],
            "warnings": [asdict(i) for i in report.warnings], "source": report.source,
            "unlisted_errors": report.unlisted_errors,
            "unlisted_warnings": report.unlisted_warnings}


def _report(data: dict, accepted: pd.DataFrame) -> ValidationReport:
    def issues(items: list[dict]) -> tuple[Issue, ...]:
        return tuple(Issue(**{**i, "rows": tuple(tuple(span) for span in i.get("rows", ()))})
                     for i in items)

    return ValidationReport(rows_total=data["rows_total"], rows_accepted=data["rows_accepted"],
                            errors=issues(data["errors"]), warnings=issues(data["warnings"]),
                            accepted=accepted, source=data["source"],
                            unlisted_errors=data.get("unlisted_errors", 0),
                            unlisted_warnings=data.get("unlisted_warnings", 0))

