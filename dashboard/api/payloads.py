"""Payloads of the read-only open data API (``/api/v1``): the same numbers as the screens.

Each function returns ``(status, body)`` with a JSON-ready body, so the web layer only routes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from dashboard.analysis.metrics import per_10k
from dashboard.context import AtlasContext
from dashboard.core.dataset_identity import parse_key
from dashboard.core.iod import DOMAINS, IOD_SOURCE, LAD_COUNT, rank_decile
from dashboard.core.numbers import parse_int
from dashboard.core.view_state import FILTER_FIELDS

API_PREFIX = "/api/v1"
MAX_PER_PAGE = 500
LIST_FIELDS = ("types", "determinants", "populations", "social_model", "delivery_mode")


class ApiError(Exception):
    """A request the API answers with an error status and a JSON message."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": message, **extra}


def _number(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def dataset_block(atlas: AtlasContext) -> dict[str, Any]:
    """Name, version and honesty flags of the loaded dataset, on every response."""
    meta = atlas.dataset.meta
    return {"name": meta.name, "version": meta.version, "illustrative": meta.illustrative,
            "notice": meta.notice, "codelists_version": atlas.codelists.version}


def with_dataset(atlas: AtlasContext, value: str | None) -> AtlasContext:
    """The context of ``?dataset=`` (bundled when absent); ApiError 400 malformed, 404 unknown."""
    key, note = parse_key(value)
    if note:
        raise ApiError(400, note.replace("; showing the bundled dataset", ""))
    if key.bundled:
        return atlas
    if atlas.library is None:
        raise ApiError(404, "Saved datasets are not available on this server.")
    checked, revision, problem = atlas.library.check(key)
    if problem:
        raise ApiError(404, problem.replace("; showing the bundled dataset", ""))
    return replace(atlas, dataset=atlas.library.dataset(checked, revision))


def resolve_locality(atlas: AtlasContext, code: str) -> str:
    """The LAD 2024 code asked for; ApiError 404 when unknown, 301 pointer when retired."""
    current, reason = atlas.geography.recode(code)
    if current is None:
        raise ApiError(404, f"{code!r} is not an English local authority district code.")
    if current != code:
        why = reason or f"{code!r} is written {current} (upper case, no spaces)"
        raise ApiError(301, f"{why}; use {current}.", current_code=current,
                       url=f"{API_PREFIX}/localities/{current}")
    return current


def iod_summary(row: Mapping[str, Any]) -> dict[str, Any]:
    """IoD2025 of one district: per domain its average score, rank of it and decile of the rank."""
    def domain(key: str) -> dict[str, Any]:
        rank = _number(row[f"iod25_{key}_rank_avg_score"])
        return {"average_score": _number(row[f"iod25_{key}_avg_score"]),
                "rank_of_average_score": rank,
                "decile_of_rank": None if rank is None else rank_decile(rank),
                "proportion_lsoas_most_deprived_10pct": _number(row[f"iod25_{key}_prop_lsoa_top10"])}
    return {d.key: domain(d.key) for d in DOMAINS}


def localities(atlas: AtlasContext) -> dict[str, Any]:
    """Every LAD 2024 with its IoD2025 summary, adults, interventions mapped and rate."""
    lads = atlas.geography.lads
    counts = atlas.dataset.counts_by_locality()
    items = []
    for code, row in lads.iterrows():
        count = int(counts.get(code, 0))
        items.append({
            "code": code, "name": row["LAD24NM"], "region": row["RGN24NM"],
            "iod2025": iod_summary(row),
            "adults_16plus_census2021": _number(row["c21_adults_16plus"]),
            "interventions": count,
            "interventions_per_10k_adults": _number(per_10k(count, row["c21_adults_16plus"])),
        })
    return {"dataset": dataset_block(atlas), "count": len(items), "ranks_out_of": LAD_COUNT,
            "source": IOD_SOURCE, "localities": items}


def provision_counts(atlas: AtlasContext, interventions) -> dict[str, dict[str, int]]:
    """Interventions per code of types, determinants and populations (zeros kept)."""
    return {field: {code: int(n) for code, n in atlas.dataset.codes.code_counts(
        interventions, field, atlas.codelists[field].codes).items()}
        for field in ("types", "determinants", "populations")}


def parse_filters(atlas: AtlasContext, args: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """UI filter parameters (comma-separated codes); ApiError 400 on an unknown code."""
    filters = {}
    for param, field in FILTER_FIELDS.items():
        if not args.get(param):
            continue
        allowed = atlas.codelists[field].codes
        codes = tuple(c.strip() for c in args[param].split(",") if c.strip())
        unknown = [c for c in codes if c not in allowed]
        if unknown:
            raise ApiError(400, f"Unknown {param} code(s): {', '.join(unknown)}.",
                           allowed=list(allowed))
        filters[param] = codes
    return filters


def _positive_int(args: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    value = parse_int(raw, minimum=1, maximum=maximum)
    if value is None:
        raise ApiError(400, f"{name} must be a whole number from 1 to {maximum}.")
    return value


def interventions(atlas: AtlasContext, args: Mapping[str, str]) -> dict[str, Any]:
    """Interventions filtered like the UI (and by ``locality``), a page at a time."""
    known = {"page", "per_page", "locality", *FILTER_FIELDS}
    unknown = sorted(set(args) - known)
    if unknown:
        raise ApiError(400, f"Unknown parameter(s): {', '.join(unknown)}.", allowed=sorted(known))
    filters = parse_filters(atlas, args)
    locality = resolve_locality(atlas, args["locality"]) if args.get("locality") else None
    # The selection the UI's views make (``views.filtered``): one code path for the numbers.
    rows = atlas.dataset.select({FILTER_FIELDS[p]: codes for p, codes in filters.items()},
                                locality)
    page = _positive_int(args, "page", 1, 10**6)
    per_page = _positive_int(args, "per_page", 100, MAX_PER_PAGE)
    chunk = rows.iloc[(page - 1) * per_page: page * per_page]
    return {"dataset": dataset_block(atlas), "total": len(rows), "page": page,
            "per_page": per_page, "pages": max(1, math.ceil(len(rows) / per_page)),
            "interventions": [_record(r) for r in chunk.to_dict("records")]}


def _record(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if key == "source_row":
            continue
        if key in LIST_FIELDS:
            out[key] = list(value)
        elif hasattr(value, "isoformat"):
            out[key] = None if str(value) == "NaT" else value.date().isoformat()
        else:
            out[key] = _number(value) if not isinstance(value, str) else value
    return out


def codelists(atlas: AtlasContext) -> dict[str, Any]:
    """Every code list with code, label, definition and group."""
    return {"name": atlas.codelists.name, "version": atlas.codelists.version,
            "codelists": {field: cl.table.to_dict("records")
                          for field, cl in atlas.codelists.lists.items()}}


def no_endpoint(path: str) -> dict[str, Any]:
    """Answer for a path under the API prefix that names no endpoint."""
    raise ApiError(404, f"No API endpoint at {API_PREFIX}/{path}; see {API_PREFIX}/openapi.json.")


def locality(atlas: AtlasContext, code: str, args: Mapping[str, str]) -> dict[str, Any]:
    """Need indicators, provision counts, gap classes (with thresholds) and evaluation gap."""
    from dashboard.analysis.gaps import GAP_CLASSES, NEED_INDICATORS, Thresholds, evaluation_gap, gap_table

    current = resolve_locality(atlas, code)
    unknown = sorted(set(args) - {"need", "rate", "share"})
    if unknown:
        raise ApiError(400, f"Unknown parameter(s): {', '.join(unknown)}.",
                       allowed=["need", "rate", "share"])
    thresholds, notes = Thresholds.from_params(args)
    if notes:
        raise ApiError(400, " ".join(notes))
    lads = atlas.geography.lads
    row = lads.loc[current]
    mine = atlas.dataset.select({}, current)
    gaps = gap_table(lads, atlas.dataset.interventions, [current], thresholds,
                     atlas.dataset.codes.pair_counts)
    return {
        "dataset": dataset_block(atlas),
        "code": current, "name": row["LAD24NM"], "region": row["RGN24NM"],
        "iod2025": iod_summary(row), "ranks_out_of": LAD_COUNT, "source": IOD_SOURCE,
        "adults_16plus_census2021": _number(row["c21_adults_16plus"]),
        "interventions": len(mine),
        "interventions_per_10k_adults": _number(per_10k(len(mine), row["c21_adults_16plus"])),
        "need": [
            {"determinant": g.determinant, "indicator": NEED_INDICATORS[g.determinant].label,
             "source": NEED_INDICATORS[g.determinant].source,
             "percentile": _number(g.need_percentile), "rank": _number(g.need_rank),
             "out_of": LAD_COUNT}
            for g in gaps.itertuples()
        ],
        "provision": provision_counts(atlas, mine),
        "gaps": {
            "thresholds": thresholds.to_params(),
            "classes": {c: label for c, label in GAP_CLASSES.items()},
            "rows": [{"determinant": g.determinant, "gap_class": g.gap_class,
                      "interventions": int(g.interventions), "per_10k": _number(g.per_10k),
                      "share_percent": _number(g.share)} for g in gaps.itertuples()],
        },
        "evaluation_gap": _json_ready(evaluation_gap(mine, atlas.codelists,
                                                     atlas.dataset.codes.code_counts)),
    }


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    return _number(value)
