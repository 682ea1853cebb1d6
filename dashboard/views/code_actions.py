"""What the coding workbench does: start a draft, move through it, accept, edit, check, save.

Each action takes the read-only context, the workbench state and plain values, writes to the
store's draft when it changes a row, and returns the new state with a sentence for the person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from dashboard.coding.coder import Suggestion, coding_inputs
from dashboard.coding.pipeline import (
    OUTPUT_COLUMNS,
    ImportResult,
    import_directory,
    import_tools,
    parse_evidence,
    read_source,
    rows_csv,
)
from dashboard.context import AtlasContext, scoped
from dashboard.core.dataset_identity import check_name, parse_key
from dashboard.core.schema import MULTI_SEPARATOR, PERSON_CODED
from dashboard.core.view_state import ViewState
from dashboard.ingest.directories.records import DirectoryError, records_frame
from dashboard.ingest.directories.spreadsheets import parse_overrides
from dashboard.ingest.reading import RawTable, ReadError, ReadLimits, read_table
from dashboard.ingest.uploads import UploadError, decode_upload, summary
from dashboard.ingest.validation import ValidationReport, validate_table
from dashboard.store.errors import NotFoundError
from dashboard.views.code import PAGE_SIZE, PICK_FIELDS, CodeState, codes_of
from dashboard.views.notice import Notice, Opened

DIRECTORY_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt", ".json", ".zip")
FORMAT_CHOICES = {"auto": "Detect from the file", "hsds": "HSDS 3.0 / Open Referral UK JSON (file or zip)",
                  "hsds-csv": "HSDS tabular package (zip of CSV files)", "360giving": "360Giving grants",
                  "csv": "Any spreadsheet of services", "template": "A coded exchange template (continue)"}


def _store(atlas: AtlasContext):
    if atlas.library is None or atlas.library.store is None:
        raise UploadError("The workbench needs the database, which is not available on this server.")
    return atlas.library.store


def guess_format(filename: str, content: bytes) -> str:
    """The format a file most likely is, from its name and first line."""
    name = filename.lower()
    if name.endswith(".json"):
        return "hsds"
    if name.endswith(".zip"):
        return "hsds" if b".json" in content[:65536] else "hsds-csv"
    head = content[:4096].decode("utf-8", errors="ignore").lower()
    if "recipient org:name" in head and "identifier" in head:
        return "360giving"
    if "intervention_id" in head and "determinants" in head:
        return "template"
    return "csv"


def draft_rows(rows: pd.DataFrame, suggestions) -> list[dict[str, Any]]:
    """Coded rows and their suggestions as the store keeps a draft's rows."""
    out = []
    for row, suggested in zip(rows.to_dict("records"), suggestions, strict=True):
        data = {c: ("" if _blank(row.get(c)) else row.get(c)) for c in OUTPUT_COLUMNS}
        confidence = row.get("coding_confidence")
        out.append({"status": row.get("coding_status") or "unknown",
                    "placed": bool(data["locality_code"]), "duplicate": bool(data["duplicate_of"]),
                    "confidence": None if _blank(confidence) else float(confidence), "data": data,
                    "suggestions": {f: [asdict(s) for s in items] for f, items in suggested.items()}})
    return out


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and np.isnan(value))


def coded_rows(atlas: AtlasContext, frame: pd.DataFrame) -> ImportResult:
    """Rows already coded (a template file, a dataset) with fresh suggestions to compare with.

    Their codes and coding status stay as they are; the coder's suggestions are shown beside them.
    """
    text = frame.reindex(columns=list(OUTPUT_COLUMNS), fill_value="").fillna("")
    text = text.map(lambda v: MULTI_SEPARATOR.join(v) if isinstance(v, list) else v)
    records = records_frame({"name": str(r["name"]), "provider": str(r["provider"]),
                             "description": str(r["description"])} for r in text.to_dict("records"))
    tools = import_tools(atlas.settings, atlas.cache)
    fresh = tools.coder.suggest(coding_inputs(records)) if len(records) else ()
    # What the import recorded (it read the source's full text and context) comes first.
    suggestions = tuple(_recorded_first(parse_evidence(evidence), found)
                        for evidence, found in zip(text["coding_evidence"], fresh, strict=True))
    status = text["coding_status"].where(text["coding_status"].isin(
        ["suggested", "needs_review", *PERSON_CODED]), "unknown")
    return ImportResult(text.assign(coding_status=status), None, suggestions)


def _recorded_first(recorded: Mapping[str, Sequence[Suggestion]],
                    fresh: Mapping[str, Sequence[Suggestion]]) -> dict[str, tuple[Suggestion, ...]]:
    """Per field, the recorded suggestions, then fresh ones for codes they do not name."""
    out = {}
    for name in dict.fromkeys([*recorded, *fresh]):
        kept = {s.code for s in recorded.get(name, ())}
        out[name] = (*recorded.get(name, ()), *(s for s in fresh.get(name, ()) if s.code not in kept))
    return out


def start_import(atlas: AtlasContext, contents: str | None, filename: str | None, kind: str | None,
                 mapping: str | None, actor: str | None = None,
                 context: str | None = None) -> tuple[CodeState, Notice]:
    """Import an uploaded directory (or coded template) into a new draft and open it."""
    try:
        store = _store(atlas)
        content = decode_upload(contents, filename, atlas.settings.upload_max_bytes, DIRECTORY_SUFFIXES)
        kind = kind if kind and kind != "auto" else guess_format(filename, content)
        limits = ReadLimits.for_upload(atlas.settings.upload_max_bytes)  # as for a template upload
        if kind == "template":
            result = coded_rows(atlas, read_table(filename, content=content, limits=limits).cells)
            lines = [f"Read {len(result.rows)} coded rows from {filename}."]
        else:
            tools = import_tools(atlas.settings, atlas.cache)
            read = read_source(filename, kind, tools.schemas, content=content, limits=limits,
                               overrides=parse_overrides((mapping or "").splitlines()))
            result = import_directory(read, tools, context=context or "")
            lines = result.report.summary_lines()
    except (UploadError, DirectoryError, ReadError, ValueError) as error:
        return CodeState(), Notice.of(str(error), "danger")
    report = {"summary": lines, **(result.report.to_dict() if result.report else {})}
    token = store.create_draft(filename, draft_rows(result.rows, result.suggestions), report=report,
                               notice=f"Imported from {filename} with the directory import.",
                               actor=actor or "anonymous")
    return first_row(atlas, CodeState(token, "all")), Notice.of(lines, "success")


def start_review(atlas: AtlasContext, state: ViewState, actor: str | None = None) -> tuple[CodeState, Notice]:
    """Open the dataset a view shows in a new draft, to check and correct its codes.

    A shipped example is read from its file, so rows still waiting to be coded are there too.
    """
    try:
        store = _store(atlas)
    except UploadError as error:
        return CodeState(), Notice.of(str(error), "danger")
    key, _ = parse_key(state.dataset)
    dataset = scoped(atlas, state).dataset
    if key.example and key.name in atlas.library.examples:
        frame = pd.read_csv(atlas.library.examples[key.name], dtype=str, keep_default_na=False)
    else:
        frame = dataset.interventions
    result = coded_rows(atlas, frame)
    token = store.create_draft(dataset.meta.name, draft_rows(result.rows, result.suggestions),
                               report={"summary": [f"{len(result.rows)} services of {dataset.meta.name}, "
                                                   f"version {dataset.meta.version}."]},
                               notice=dataset.meta.notice, actor=actor or "anonymous")
    return first_row(atlas, CodeState(token, "all")), Notice.of(
        f"Opened {len(result.rows):,} services of {dataset.meta.name} for review.", "success")


def first_row(atlas: AtlasContext, state: CodeState) -> CodeState:
    """The state with the first row of its filter selected (page 0)."""
    position = _store(atlas).draft_neighbour(state.token, state.filter, None, 1)
    return replace(state, page=0, row=position)


def move(atlas: AtlasContext, state: CodeState, step: int) -> CodeState:
    """Select the next (1) or previous (-1) row of the filter, turning the page when needed."""
    if not state.token:
        return state
    store = _store(atlas)
    position = store.draft_neighbour(state.token, state.filter, state.row, step)
    if position is None:
        return state
    rank = store.draft_rank(state.token, state.filter, position)
    return replace(state, row=position, page=rank // PAGE_SIZE)


def set_filter(atlas: AtlasContext, state: CodeState, filter_name: str) -> CodeState:
    """Show another filter, from its first row."""
    return first_row(atlas, replace(state, filter=filter_name)) if state.token else state


def set_page(atlas: AtlasContext, state: CodeState, page: int) -> CodeState:
    """Show another page of the filter, with its first row selected."""
    if not state.token:
        return state
    total, rows = _store(atlas).draft_page(state.token, state.filter, max(0, page) * PAGE_SIZE, PAGE_SIZE)
    if not rows:
        return state
    return replace(state, page=max(0, page), row=rows[0].position)


def accept(atlas: AtlasContext, state: CodeState, actor: str | None) -> tuple[CodeState, Notice]:
    """Confirm the selected row's suggested codes as they are, then go to the next row."""
    rows = _selected(atlas, state)
    if not rows:
        return state, Notice.of("Choose a service first.", "warning")
    row = rows[0]
    missing = [f for f in ("types", "determinants", "populations") if not codes_of(row.data.get(f))]
    if missing:
        return state, Notice.of(f"This service has no {' or '.join(missing)} yet: choose them in the "
                                "pickers and save, or move on.", "warning")
    _store(atlas).update_draft_rows(state.token, {row.position: ({**row.data, "coding_status": "confirmed"},
                                                                 "confirmed")}, actor=actor or "anonymous")
    return move(atlas, state, 1), Notice.of(f"Confirmed the codes of {row.data.get('name')}.", "success")


def save_codes(atlas: AtlasContext, state: CodeState, picks: Mapping[str, Any],
               actor: str | None) -> tuple[CodeState, Notice]:
    """Save the codes chosen in the pickers for the selected row (``edited`` when they differ)."""
    rows = _selected(atlas, state)
    if not rows:
        return state, Notice.of("Choose a service first.", "warning")
    row, data = rows[0], dict(rows[0].data)
    changed = False
    for name in PICK_FIELDS:
        chosen = [c for c in codes_of(picks.get(name) or []) if c in atlas.codelists[name].codes]
        changed |= chosen != codes_of(data.get(name))
        data[name] = MULTI_SEPARATOR.join(chosen)
    status = "edited" if changed or row.status in ("needs_review", "unknown", "edited") else "confirmed"
    data["coding_status"] = status
    _store(atlas).update_draft_rows(state.token, {row.position: (data, status)}, actor=actor or "anonymous")
    return move(atlas, state, 1), Notice.of(f"Saved the codes of {data.get('name')} ({status}).", "success")


def accept_above(atlas: AtlasContext, state: CodeState, threshold: float | None,
                 actor: str | None) -> tuple[CodeState, Notice]:
    """Confirm every suggested row whose every suggested code is at or above ``threshold``."""
    if not state.token:
        return state, Notice.of("Import a directory first.", "warning")
    threshold = float(threshold if threshold is not None else 0.9)
    store = _store(atlas)
    rows = store.draft_rows(state.token, status="suggested", min_confidence=threshold)
    store.update_draft_rows(state.token, {r.position: ({**r.data, "coding_status": "confirmed"}, "confirmed")
                                          for r in rows}, actor=actor or "anonymous")
    return state, Notice.of(f"Confirmed {len(rows):,} services whose suggested codes all had a "
                            f"confidence of {threshold:.0%} or more.", "success" if rows else "info")


def _selected(atlas: AtlasContext, state: CodeState):
    if not state.token or state.row is None:
        return []
    try:
        return _store(atlas).draft_rows(state.token, [state.row])
    except NotFoundError:
        return []


def draft_table(atlas: AtlasContext, state: CodeState) -> pd.DataFrame:
    """Every row of the draft as exchange-template text cells with the coding columns."""
    rows = _store(atlas).draft_rows(state.token)
    return pd.DataFrame([r.data for r in rows], columns=list(OUTPUT_COLUMNS)).fillna("")


def validate_draft(atlas: AtlasContext, state: CodeState) -> ValidationReport:
    """The draft checked by the same validator as an upload (rows as a spreadsheet shows them)."""
    table = draft_table(atlas, state).astype(str)
    raw = RawTable(cells=table, rows=tuple(range(2, len(table) + 2)),
                   source_columns={c: c for c in table.columns})
    return validate_table(raw, atlas.codelists, atlas.library.store.localities,
                          stale_after_days=atlas.settings.stale_after_days)


def check(atlas: AtlasContext, state: CodeState) -> tuple[dict | None, Notice]:
    """The validation report (for the page's table) and its one-sentence summary."""
    if not state.token:
        return None, Notice.of("Import a directory first.", "warning")
    report = validate_draft(atlas, state)
    data = {**report.to_dict(), "filename": "coded draft"}
    return data, Notice.of(f"Checked with the upload validator: {summary(data)} Rows without a "
                           "type, determinant, population group or district are rejected until "
                           "coded or placed.", "success" if report.ok else "warning")


def download(atlas: AtlasContext, state: CodeState) -> tuple[str, str] | None:
    """The draft as the exchange template with the coding columns (CSV text, file name)."""
    if not state.token:
        return None
    name = _store(atlas).draft(state.token).name
    return rows_csv(draft_table(atlas, state)), f"{Path(name).stem or 'directory'}-coded.csv"


def save_draft(atlas: AtlasContext, state: CodeState, editor: str | None, name: str | None,
               note: str | None) -> Opened:
    """Save the draft's accepted rows as the next version of a named dataset (editors only)."""
    if editor is None:
        return Opened(Notice.of("Only a signed-in editor can save datasets.", "danger"))
    name = (name or "").strip()
    problem = check_name(name) if state.token else "Import a directory first."
    if problem:
        return Opened(Notice.of(problem, "danger"))
    report = validate_draft(atlas, state)
    if report.rows_accepted == 0:
        return Opened(Notice.of("No row passes the validator yet; code some services first.", "danger"))
    store = _store(atlas)
    draft = store.draft(state.token)
    info = store.save_version(name, report.accepted, actor=editor, notice=draft.notice,
                              comment=(note or "").strip() or f"Coded in the workbench from {draft.name}")
    left = report.rows_total - report.rows_accepted
    rest = f"; {left:,} rows still need codes or a place and were left out." if left else "."
    return Opened(Notice.of(f"Saved {info.row_count:,} services as {name}, version {info.version}{rest}",
                            "success", (f"View {name}", f"/?dataset={quote(name)}")))
