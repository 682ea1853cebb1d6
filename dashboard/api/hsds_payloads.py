"""Payloads of the read-only HSDS 3.0 endpoints (``/api/hsds``), Open Referral UK style.

``/services`` is paginated as the specification says (``total_items``, ``total_pages``,
``page_number``, ``size``, ``first_page``, ``last_page``, ``empty``, ``contents``) and takes its
query parameters ``search`` (text in the name, description or provider), ``taxonomy_term_id``,
``taxonomy_id``, ``organization_id``, ``page`` and ``per_page``; every endpoint takes
``?dataset=`` exactly like the atlas and names the dataset it answered from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from dashboard.api.hsds import (
    HSDS_PREFIX,
    HSDS_VERSION,
    HsdsPublisher,
    page,
    service_id,
    stable_id,
    taxonomies,
    taxonomy_terms,
    term_index,
)
from dashboard.api.payloads import ApiError, dataset_block
from dashboard.context import AtlasContext

DEFAULT_PER_PAGE, MAX_PER_PAGE = 50, 500
SERVICE_PARAMS = {"page", "per_page", "search", "taxonomy_term_id", "taxonomy_id", "organization_id"}
TERM_PARAMS = {"page", "per_page", "search", "taxonomy_id"}


def _paging(args: Mapping[str, str]) -> tuple[int, int]:
    try:
        number = int(args.get("page", "1"))
        per_page = int(args.get("per_page", str(DEFAULT_PER_PAGE)))
    except ValueError:
        raise ApiError(400, "page and per_page must be whole numbers.") from None
    if number < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ApiError(400, f"page starts at 1; per_page is 1 to {MAX_PER_PAGE}.")
    return number, per_page


def _unknown(args: Mapping[str, str], known: set[str]) -> None:
    extra = sorted(set(args) - known)
    if extra:
        raise ApiError(400, f"Unknown parameter(s): {', '.join(extra)}. Known: {', '.join(sorted(known))}.")


def details() -> dict[str, Any]:
    """``/``: the HSDS version of the API and where its description is."""
    return {"version": HSDS_VERSION, "profile": "https://docs.openreferral.org/en/v3.0/",
            "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"}


def _publisher(atlas: AtlasContext) -> HsdsPublisher:
    return HsdsPublisher(atlas.codelists, atlas.geography.lad_names)


def _service_ids(atlas: AtlasContext) -> pd.Series:
    """HSDS id of every row of the dataset (positions as index), kept per loaded dataset."""
    dataset = atlas.dataset
    return atlas.cache.get("hsds", dataset.token, lambda: pd.Series(
        [service_id(str(i)) for i in dataset.interventions["intervention_id"]]))


def _mask(atlas: AtlasContext, args: Mapping[str, str]) -> np.ndarray:
    rows = atlas.dataset.interventions
    mask = np.ones(len(rows), dtype=bool)
    text = args.get("search", "").strip()
    if text:
        found = np.zeros(len(rows), dtype=bool)
        for column in ("name", "description", "provider"):
            values = rows[column].fillna("").astype(str)
            found |= values.str.contains(text, case=False, regex=False).to_numpy()
        mask &= found
    terms = term_index(atlas.codelists)
    if args.get("taxonomy_term_id"):
        if args["taxonomy_term_id"] not in terms:
            raise ApiError(404, f"There is no taxonomy term {args['taxonomy_term_id']!r}.")
        field, code = terms[args["taxonomy_term_id"]]
        mask &= _holds(rows, field, {code})
    if args.get("taxonomy_id"):
        fields = {f for term, (f, _) in terms.items() if stable_id("taxonomy", f) == args["taxonomy_id"]}
        if not fields:
            raise ApiError(404, f"There is no taxonomy {args['taxonomy_id']!r}.")
        field = fields.pop()
        mask &= _holds(rows, field, set(atlas.codelists[field].codes) - {"unknown"})
    if args.get("organization_id"):
        providers = rows["provider"].fillna("").astype(str)
        ids = {p: stable_id("organization", p or "Provider not recorded") for p in providers.unique()}
        mask &= (providers.map(ids) == args["organization_id"]).to_numpy()
    return mask


def _holds(rows: pd.DataFrame, field: str, codes: set[str]) -> np.ndarray:
    if field not in rows.columns:
        return np.zeros(len(rows), dtype=bool)
    return rows[field].map(lambda v: bool(codes.intersection(v)) if isinstance(v, list)
                           else v in codes).to_numpy(dtype=bool)


def services(atlas: AtlasContext, args: Mapping[str, str]) -> dict[str, Any]:
    """``/services``: one page of full HSDS services matching the query."""
    _unknown(args, SERVICE_PARAMS)
    number, per_page = _paging(args)
    positions = np.flatnonzero(_mask(atlas, args))
    chosen = positions[(number - 1) * per_page:number * per_page]
    publisher = _publisher(atlas)
    contents = [publisher.service(r) for r in atlas.dataset.interventions.iloc[chosen].to_dict("records")]
    return page(contents, len(positions), number, per_page, {"dataset": dataset_block(atlas)})


def service(atlas: AtlasContext, sid: str) -> dict[str, Any]:
    """``/services/{id}``: one full HSDS service (404 when the dataset has none with that id)."""
    ids = _service_ids(atlas)
    found = np.flatnonzero(ids.to_numpy() == sid)
    if not len(found):
        raise ApiError(404, f"There is no service {sid!r} in this dataset.")
    return _publisher(atlas).service(atlas.dataset.interventions.iloc[int(found[0])].to_dict())


def taxonomy_list(atlas: AtlasContext, args: Mapping[str, str]) -> dict[str, Any]:
    """``/taxonomies``: the atlas's code lists as HSDS taxonomies."""
    _unknown(args, {"page", "per_page", "search"})
    number, per_page = _paging(args)
    items = [t for t in taxonomies(atlas.codelists) if args.get("search", "").lower() in
             (t["name"] + " " + t["description"]).lower()]
    return page(items[(number - 1) * per_page:number * per_page], len(items), number, per_page,
                {"dataset": dataset_block(atlas)})


def taxonomy_term_list(atlas: AtlasContext, args: Mapping[str, str]) -> dict[str, Any]:
    """``/taxonomy_terms``: every code as an HSDS taxonomy term (``taxonomy_id`` narrows)."""
    _unknown(args, TERM_PARAMS)
    number, per_page = _paging(args)
    items = taxonomy_terms(atlas.codelists)
    if args.get("taxonomy_id"):
        items = [t for t in items if t["taxonomy_id"] == args["taxonomy_id"]]
        if not items:
            raise ApiError(404, f"There is no taxonomy {args['taxonomy_id']!r}.")
    text = args.get("search", "").lower()
    items = [t for t in items if text in (t["code"] + " " + t["name"] + " " + t["description"]).lower()]
    return page(items[(number - 1) * per_page:number * per_page], len(items), number, per_page,
                {"dataset": dataset_block(atlas)})


def one_of(items: list[dict[str, Any]], item_id: str, what: str) -> dict[str, Any]:
    """The item with ``item_id`` (404 naming ``what`` when there is none)."""
    for item in items:
        if item["id"] == item_id:
            return item
    raise ApiError(404, f"There is no {what} {item_id!r}.")


def links(prefix: str = HSDS_PREFIX) -> dict[str, str]:
    """The endpoints, for the API's own description."""
    return {name: f"{prefix}/{name}" for name in ("services", "taxonomies", "taxonomy_terms")}
