"""The coding workbench (``/code``): what it shows for a draft, one page of services at a time.

The workbench's own state (which draft, filter, page and row) is a small dict kept in the
browser (``CodeState``); the rows live in the store's draft, so every request reads one page
of 25 and the selected row, whatever the draft's size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dashboard.coding.loading import cached_coder
from dashboard.context import AtlasContext
from dashboard.core.schema import MULTI_SEPARATOR
from dashboard.store.drafts import DRAFT_FILTERS, DraftInfo, DraftRow
from dashboard.store.errors import NotFoundError
from dashboard.views.notice import Notice

PAGE_SIZE = 25
CHIP_FIELDS = ("types", "determinants", "populations")
PICK_FIELDS = ("types", "determinants", "populations", "delivery_mode", "provider_type")
FIELD_LABELS = {"types": "Types", "determinants": "Determinants", "populations": "Population groups",
                "delivery_mode": "Delivery", "provider_type": "Provider type"}
FILTER_LABELS = {"all": "All", "needs_review": "Needs review", "suggested": "Suggested, not checked",
                 "coded": "Coded by a person", "not_placed": "Not placed", "duplicate": "Possible duplicates"}
STATUS_LABELS = {"needs_review": "Needs review", "suggested": "Suggested", "confirmed": "Confirmed",
                 "edited": "Edited", "unknown": "Not recorded"}
HIGH = 0.9  # a chip at or above this confidence is shown as high


@dataclass(frozen=True)
class CodeState:
    """Which draft, filter, page and row the workbench shows (kept in the browser)."""

    token: str | None = None
    filter: str = "all"
    page: int = 0
    row: int | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any] | None) -> CodeState:
        """The state of a store's data (anything malformed is dropped)."""
        data = data or {}
        filter_name = data.get("filter") if data.get("filter") in DRAFT_FILTERS else "all"
        page = data.get("page") if isinstance(data.get("page"), int) and data["page"] >= 0 else 0
        row = data.get("row") if isinstance(data.get("row"), int) else None
        token = data.get("token") if isinstance(data.get("token"), str) else None
        return cls(token, filter_name, page, row)

    def to_dict(self) -> dict[str, Any]:
        """The dict the browser keeps."""
        return {"token": self.token, "filter": self.filter, "page": self.page, "row": self.row}


@dataclass(frozen=True)
class Chip:
    """One code on a service: its label, how sure the coder was and why (hover text).

    ``band`` is ``high``, ``medium`` or ``low`` for machine suggestions, ``person`` for a code a
    person confirmed or chose, ``possible`` for a candidate below the threshold.
    """

    field: str
    code: str
    label: str
    confidence: float | None
    evidence: str
    band: str

    @property
    def text(self) -> str:
        """What the chip reads: the label and, for a suggestion, its confidence."""
        if self.confidence is None or self.band == "person":
            return self.label
        return f"{self.label} {self.confidence:.0%}"


@dataclass(frozen=True)
class ListRow:
    """One service in the list."""

    position: int
    name: str
    detail: str
    status: str
    status_label: str
    chips: tuple[Chip, ...]
    flags: tuple[str, ...]
    selected: bool


@dataclass(frozen=True)
class RowEditor:
    """The selected service: what it says, its codes to edit, and the other candidates."""

    position: int
    title: str
    facts: tuple[tuple[str, str], ...]
    picks: Mapping[str, list[str] | str | None]
    possible: Mapping[str, tuple[Chip, ...]]
    evidence: tuple[str, ...]
    status_label: str


@dataclass(frozen=True)
class CodePage:
    """Everything the workbench shows for one state."""

    state: CodeState
    title: str = ""
    coded: int = 0
    total: int = 0
    counts: Mapping[str, int] = field(default_factory=dict)
    matching: int = 0
    pages: int = 1
    rows: tuple[ListRow, ...] = ()
    editor: RowEditor | None = None
    report: tuple[str, ...] = ()
    notice: Notice | None = None

    @property
    def progress_text(self) -> str:
        """``37 of 60 coded``: services whose codes a person confirmed or chose."""
        return f"{self.coded:,} of {self.total:,} coded"


def codes_of(cell: Any) -> list[str]:
    """The codes of a template cell (``a|b`` text or a list)."""
    if isinstance(cell, list | tuple):
        return [str(c) for c in cell if c]
    return [c for c in str(cell or "").split(MULTI_SEPARATOR) if c]


def _band(confidence: float | None, threshold: float, person: bool) -> str:
    if person:
        return "person"
    if confidence is None:
        return "medium"
    return "high" if confidence >= HIGH else "medium" if confidence >= threshold else "low"


def chips(atlas: AtlasContext, row: DraftRow, thresholds: Mapping[str, float],
          fields: Sequence[str] = CHIP_FIELDS) -> tuple[Chip, ...]:
    """The row's codes as chips, each with the coder's confidence and evidence when it had one."""
    person = row.status in ("confirmed", "edited")
    out = []
    for name in fields:
        known = {s["code"]: s for s in row.suggestions.get(name, [])}
        labels = atlas.codelists[name].labels
        for code in codes_of(row.data.get(name)):
            found = known.get(code, {})
            confidence = found.get("confidence")
            why = found.get("evidence") or ("chosen by a person" if person else "given in the file")
            out.append(Chip(name, code, labels.get(code, code), confidence, why,
                            _band(confidence, thresholds.get(name, 0.75), person)))
    return tuple(out)


def possible_chips(atlas: AtlasContext, row: DraftRow) -> dict[str, tuple[Chip, ...]]:
    """Candidates the coder found but did not suggest, per field (for the person to add)."""
    out = {}
    for name in PICK_FIELDS:
        chosen = set(codes_of(row.data.get(name)))
        labels = atlas.codelists[name].labels
        out[name] = tuple(Chip(name, s["code"], labels.get(s["code"], s["code"]), s["confidence"],
                               s["evidence"], "possible")
                          for s in row.suggestions.get(name, []) if s["code"] not in chosen)
    return out


def list_row(atlas: AtlasContext, row: DraftRow, thresholds: Mapping[str, float],
             selected: int | None) -> ListRow:
    """One service as the list shows it."""
    data = row.data
    place = atlas.geography.lad_names.get(str(data.get("locality_code") or ""), "")
    flags = []
    if not row.placed:
        flags.append("Not placed")
    if row.duplicate:
        flags.append(f"Possible duplicate of {data.get('duplicate_of')}")
    detail = " · ".join(t for t in (str(data.get("provider") or ""), place or "no place") if t)
    return ListRow(row.position, str(data.get("name") or "(no name)"), detail, row.status,
                   STATUS_LABELS.get(row.status, row.status), chips(atlas, row, thresholds),
                   tuple(flags), row.position == selected)


def row_editor(atlas: AtlasContext, row: DraftRow) -> RowEditor:
    """The selected service, with its codes in the pickers."""
    data = row.data
    place = atlas.geography.lad_names.get(str(data.get("locality_code") or ""), "")
    facts = [("Provider", str(data.get("provider") or "")),
             ("Description", str(data.get("description") or "")),
             ("Place", f"{place} ({data.get('locality_code')})" if place else "Not placed"),
             ("LSOA", str(data.get("lsoa_code") or "")),
             ("How it was placed", str(data.get("placement") or "")),
             ("Possible duplicate of", str(data.get("duplicate_of") or "")),
             ("Web address", str(data.get("url") or "")), ("Source", str(data.get("source_record") or ""))]
    picks = {name: codes_of(data.get(name)) for name in PICK_FIELDS}
    picks["provider_type"] = (picks["provider_type"] or [None])[0]
    evidence = tuple(part.strip() for part in str(data.get("coding_evidence") or "").split(" | ") if part)
    return RowEditor(row.position, str(data.get("name") or "(no name)"),
                     tuple((label, text) for label, text in facts if text), picks,
                     possible_chips(atlas, row), evidence, STATUS_LABELS.get(row.status, row.status))


def code_page(atlas: AtlasContext, state: CodeState, notice: Notice | None = None) -> CodePage:
    """The workbench for ``state``: counts, one page of the filtered rows and the selected row."""
    store = atlas.library.store if atlas.library else None
    if store is None or not state.token:
        return CodePage(CodeState(), notice=notice)
    try:
        info: DraftInfo = store.draft(state.token)
        matching, rows = store.draft_page(state.token, state.filter, state.page * PAGE_SIZE, PAGE_SIZE)
        selected = store.draft_rows(state.token, [state.row]) if state.row is not None else []
    except NotFoundError as error:
        return CodePage(CodeState(), notice=Notice.of(str(error), "warning"))
    thresholds = coder_thresholds(atlas)
    report = tuple(info.report.get("summary", ()))
    return CodePage(state=state, title=info.name, coded=info.coded, total=info.row_count,
                    counts=info.counts, matching=matching, pages=max(1, -(-matching // PAGE_SIZE)),
                    rows=tuple(list_row(atlas, r, thresholds, state.row) for r in rows),
                    editor=row_editor(atlas, selected[0]) if selected else None,
                    report=report, notice=notice)


def coder_thresholds(atlas: AtlasContext) -> dict[str, float]:
    """The coder's thresholds (from its manifest), for colouring chips."""
    try:
        return dict(cached_coder(atlas.settings, atlas.cache).thresholds)
    except FileNotFoundError:
        return {}
