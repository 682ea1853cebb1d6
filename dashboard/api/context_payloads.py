"""Context payloads of the API: ICBs, a locality's neighbours and change, dataset changes.

The same numbers as the screens: ``views.similar``, ``views.change``, ``analysis.mh_need``,
``analysis.history``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.analysis.areas import area_assignment
from dashboard.analysis.gaps import Thresholds
from dashboard.analysis.history import version_changes
from dashboard.analysis.metrics import per_10k
from dashboard.analysis.mh_need import CAVEAT, HEALTH_INDICATORS, health_gap_table
from dashboard.api.payloads import API_PREFIX, ApiError, _number, dataset_block, locality
from dashboard.context import AtlasContext
from dashboard.core.areas import NEIGHBOUR_KINDS, NEIGHBOURS_SOURCE, NHS_SOURCE
from dashboard.core.dataset_identity import DatasetKey, parse_key
from dashboard.core.iod import DOMAINS, IOD_SOURCE
from dashboard.views.change import CAVEAT as CHANGE_CAVEAT
from dashboard.views.change import changes as change_rows
from dashboard.views.similar import nearest


def _nhs(atlas: AtlasContext):
    if atlas.geography.nhs is None:
        raise ApiError(404, "NHS geography is not available on this server.")
    return atlas.geography.nhs


def _icb_item(atlas: AtlasContext, code: str, counts: Mapping[str, int]) -> dict[str, Any]:
    nhs = _nhs(atlas)
    row = nhs.areas.loc[code]
    count = int(counts.get(code, 0))
    return {
        "code": code, "name": row["name"], "short_name": row["short_name"],
        "nhs_code": row["nhs_code"],
        "iod2025": {d.key: {"average_score": _number(row[f"iod25_{d.key}_avg_score"]),
                            "rank_of_average_score": _number(row[f"iod25_{d.key}_rank_avg_score"]),
                            "proportion_lsoas_most_deprived_10pct":
                                _number(row[f"iod25_{d.key}_prop_lsoa_top10"])}
                    for d in DOMAINS},
        "adults_16plus_census2021": _number(row["c21_adults_16plus"]),
        "interventions": count,
        "interventions_per_10k_adults": _number(per_10k(count, row["c21_adults_16plus"])),
    }


def icbs(atlas: AtlasContext) -> dict[str, Any]:
    """The 42 ICBs (April 2024) with MHCLG's published IoD2025 figures and provision."""
    nhs = _nhs(atlas)
    counts = area_assignment(atlas.dataset, atlas.geography, "icb").value_counts()
    codes = sorted(nhs.level("icb").index)
    return {"dataset": dataset_block(atlas), "count": len(codes), "ranks_out_of": len(codes),
            "sources": [IOD_SOURCE, NHS_SOURCE],
            "counting": "An intervention counts in the ICB holding its location when its "
                        "district is split between ICBs, otherwise in the ICB holding most of "
                        "its district's residents (Census 2021).",
            "icbs": [_icb_item(atlas, code, counts) for code in codes]}


def icb(atlas: AtlasContext, code: str) -> dict[str, Any]:
    """One ICB: its figures, Sub-ICB locations and the districts with residents in it."""
    nhs = _nhs(atlas)
    code = code.strip().upper()
    if nhs.level_of(code) != "icb":
        raise ApiError(404, f"{code!r} is not an ICB code (April 2024, E54…).")
    counts = area_assignment(atlas.dataset, atlas.geography, "icb").value_counts()
    sicbl_counts = area_assignment(atlas.dataset, atlas.geography, "sicbl").value_counts()
    sub = nhs.level("sicbl")
    sub = sub[sub["ICB24CD"] == code].sort_index()
    lads = atlas.geography.lads
    return {
        "dataset": dataset_block(atlas), **_icb_item(atlas, code, counts),
        "ranks_out_of": len(nhs.level("icb")),
        "sub_icb_locations": [
            {"code": c, "name": r["name"], "nhs_code": r["nhs_code"],
             "imd_average_score_computed": _number(r["iod25_imd_avg_score"]),
             "imd_rank_of_average_score": _number(r["iod25_imd_rank_avg_score"]),
             "ranks_out_of": len(nhs.level("sicbl")),
             "interventions": int(sicbl_counts.get(c, 0))} for c, r in sub.iterrows()],
        "districts": [
            {"code": d.LAD24CD, "name": lads.at[d.LAD24CD, "LAD24NM"],
             "share_of_residents_in_icb": round(float(d.share), 4),
             "url": f"{API_PREFIX}/localities/{d.LAD24CD}"}
            for d in nhs.districts_of(code).itertuples()],
        "sources": [IOD_SOURCE, NHS_SOURCE],
    }


def locality_with_context(atlas: AtlasContext, code: str,
                          args: Mapping[str, str]) -> dict[str, Any]:
    """``/localities/{code}``: ``payloads.locality`` plus neighbours, change and Health Index."""
    body = locality(atlas, code, args)
    thresholds, _ = Thresholds.from_params(args)  # locality() has refused bad ones
    return {**body, **locality_context(atlas, body["code"], thresholds)}


def locality_context(atlas: AtlasContext, code: str, thresholds: Thresholds) -> dict[str, Any]:
    """Neighbours, change since 2019 and Health Index need of one district, for its payload."""
    districts = atlas.geography.districts
    if districts is None:
        return {}
    names = atlas.geography.lad_names
    neighbours = {}
    for kind in NEIGHBOUR_KINDS:
        shown, skipped = nearest(atlas, code, kind)
        letter = districts.table.at[code, f"cluster_{kind}"]
        neighbours[kind] = {
            "nearest": [{"code": c, "name": names[c],
                         "url": f"{API_PREFIX}/localities/{c}"} for c in shown],
            "skipped_outside_england": skipped,
            "cluster": None if letter != letter or letter is None else str(letter),
        }
    change = {}
    for domain in DOMAINS:
        row = change_rows(atlas, domain.key).loc[code]
        change[domain.key] = {k: _number(row[k]) for k in (
            "rank_2019", "rank_2025", "decile_2019", "decile_2025", "change")}
        change[domain.key]["watch"] = bool(row["watch"])
    merged = change_rows(atlas, "imd").loc[code]
    health = health_gap_table(atlas.geography.lads, districts.table,
                              atlas.dataset.select({}, code), [code], thresholds)
    indicators = {i.target: i for i in HEALTH_INDICATORS}
    return {
        "neighbours": {**neighbours, "source": NEIGHBOURS_SOURCE,
                       "note": "The five nearest English districts (IoD covers England only)."},
        "change_since_2019": {
            "domains": change, "out_of": len(districts.table),
            "merged_since_2019": bool(merged["merged"]),
            "predecessors_2019": str(merged["predecessors"]).split("|"),
            "note": CHANGE_CAVEAT},
        "mental_health_need": {
            "rows": [{"target": r.target, "indicator": indicators[r.target].indicator,
                      "index_value": _number(r.value), "need_percentile":
                      _number(r.need_percentile), "interventions": int(r.interventions),
                      "per_10k": _number(r.per_10k), "gap_class": r.gap_class}
                     for r in health.itertuples()],
            "caveat": CAVEAT},
    }


def _version(args: Mapping[str, str], name: str) -> int:
    raw = args.get(name)
    if raw is None or not raw.isdigit() or int(raw) < 1:
        raise ApiError(400, f"{name} must be a version number (1, 2, 3...).")
    return int(raw)


def dataset_changes(atlas: AtlasContext, name: str, args: Mapping[str, str]) -> dict[str, Any]:
    """What changed between two versions of a saved dataset (optionally in one ``locality``)."""
    unknown = sorted(set(args) - {"from", "to", "locality"})
    if unknown:
        raise ApiError(400, f"Unknown parameter(s): {', '.join(unknown)}.",
                       allowed=["from", "to", "locality"])
    key, note = parse_key(name)
    if note or key.bundled or key.session or key.version is not None:
        raise ApiError(400, "Name a saved dataset, without a version: "
                            f"{API_PREFIX}/datasets/<name>/changes?from=1&to=2.")
    versions = {v.version: v for v in atlas.library.versions(key.name)} if atlas.library else {}
    if not versions:
        raise ApiError(404, f"There is no saved dataset {key.name!r}.")
    first, second = _version(args, "from"), _version(args, "to")
    missing = [v for v in (first, second) if v not in versions]
    if missing:
        raise ApiError(404, f"{key.name!r} has no version {missing[0]}; it has versions "
                            f"1 to {max(versions)}.")
    locality = args.get("locality")
    if locality and locality not in atlas.geography.lads.index:
        raise ApiError(404, f"{locality!r} is not a LAD 2024 code.")
    rows = [atlas.library.dataset(DatasetKey(key.name, v), None).interventions
            for v in (first, second)]
    determinants = atlas.codelists["determinants"].codes
    result = version_changes(rows[0], rows[1], determinants, locality=locality)

    def item(frame, ident):
        match = frame[frame["intervention_id"] == ident].iloc[0]
        return {"intervention_id": ident, "name": match["name"], "provider": match["provider"],
                "locality": match["locality_code"]}

    return {
        "dataset": key.name, "locality": locality,
        "from": _version_block(versions[first]), "to": _version_block(versions[second]),
        "counts": result.counts,
        "added": [item(rows[1], i) for i in result.added],
        "removed": [item(rows[0], i) for i in result.removed],
        "recoded": [{**item(rows[1], i), "fields": list(f)} for i, f in result.recoded.items()],
        "edited": [{**item(rows[1], i), "fields": list(f)} for i, f in result.edited.items()],
        "by_locality_and_determinant": [{k: _number(v) for k, v in cell.items()}
                                        for cell in result.cells.to_dict("records")],
    }


def _version_block(info) -> dict[str, Any]:
    return {"version": info.version, "created_at": info.created_at.isoformat(),
            "created_by": info.created_by, "rows": info.row_count, "comment": info.comment,
            "illustrative": info.illustrative}
