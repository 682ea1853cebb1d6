"""A dataset published in the Human Services Data Specification 3.0 (Open Referral UK style).

Every intervention becomes an HSDS ``service`` with its provider as ``organization``, its point
as a ``location`` (with the LSOA as external identifier) joined by a ``service_at_location``,
its district as a ``service_area`` (the ONS code as extent), and its codes as ``attributes``
linking it to ``taxonomy_terms`` of the atlas's code lists, published as HSDS ``taxonomies``.
Ids are UUIDs, stable across exports: a service keeps an intervention id that is already a
UUID, else gets a name-based UUID; every template value HSDS has no field for rides in an
attribute (``link_type`` ``atlas:<column>``), so importing an export gives the rows back.

Used by ``python -m dashboard export-hsds`` and the read-only ``/api/hsds`` endpoints.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.core.codelists import CodeLists
from dashboard.core.schema import MULTI_SEPARATOR

HSDS_PREFIX = "/api/hsds"
HSDS_VERSION = "3.0"
NAMESPACE = uuid.UUID("6f0c6f0e-8d8e-4b1c-9d0a-5e7f1a2b3c4d")  # the atlas's own, for uuid5 ids
TAXONOMY_FIELDS = ("types", "determinants", "populations", "social_model", "provider_type",
                   "delivery_mode", "format", "cost_to_participant", "outcomes_measured",
                   "evaluation_level", "identification_route", "coding_status")
VALUE_ATTRIBUTES = ("intervention_id", "start_date", "end_date", "annual_reach", "annual_cost_gbp",
                    "recorded_by", "status", "lsoa_code", "placement")
TAXONOMY_PREFIX = "atlas-"
_STATUS = {"active": "active", "paused": "temporarily closed", "ended": "defunct"}
TAXONOMY_NAMES = {"types": "intervention types", "determinants": "determinants (risk and protective "
                  "factors for mental health)", "populations": "population groups",
                  "social_model": "social-model components", "provider_type": "provider types",
                  "delivery_mode": "delivery modes", "format": "formats",
                  "cost_to_participant": "costs to participants", "outcomes_measured":
                  "outcomes measured", "evaluation_level": "evaluation levels",
                  "identification_route": "identification routes",
                  "coding_status": "coding statuses (who coded the service)"}


def stable_id(*parts: str) -> str:
    """A UUID made from ``parts`` (the same parts always give the same id)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def service_id(intervention_id: str) -> str:
    """The HSDS id of an intervention: its own id when that is a UUID, else a stable one."""
    try:
        return str(uuid.UUID(str(intervention_id)))
    except ValueError:
        return stable_id("service", str(intervention_id))


def taxonomy_id(field: str) -> str:
    """The stable id of the taxonomy publishing one code list."""
    return stable_id("taxonomy", field)


def term_id(field: str, code: str) -> str:
    """The stable id of one code's taxonomy term."""
    return stable_id("term", field, code)


def taxonomies(codelists: CodeLists) -> list[dict[str, Any]]:
    """The atlas's code lists as HSDS taxonomies."""
    return [{"id": taxonomy_id(field), "name": f"{TAXONOMY_PREFIX}{field}",
             "description": f"Community mental-health provision atlas: {TAXONOMY_NAMES[field]} "
                            f"({codelists.name}).",
             "version": codelists.version} for field in TAXONOMY_FIELDS]


def taxonomy_terms(codelists: CodeLists, field: str | None = None) -> list[dict[str, Any]]:
    """The codes of one code list (or of all) as HSDS taxonomy terms."""
    terms = []
    for name in [field] if field else TAXONOMY_FIELDS:
        table = codelists[name].table
        for code, label, definition in zip(table["code"], table["label"], table["definition"],
                                           strict=True):
            terms.append({"id": term_id(name, code), "code": code, "name": label,
                          "description": definition or label, "taxonomy": f"{TAXONOMY_PREFIX}{name}",
                          "taxonomy_id": taxonomy_id(name), "language": "en"})
    return terms


def term_index(codelists: CodeLists) -> dict[str, tuple[str, str]]:
    """Term id -> (field, code)."""
    return {term["id"]: (term["taxonomy"].removeprefix(TAXONOMY_PREFIX), term["code"])
            for term in taxonomy_terms(codelists)}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT \
        or (not isinstance(value, list | tuple | str) and pd.isna(value))


def _text(value: Any) -> str:
    if _missing(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _codes(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return [c for c in _text(value).split(MULTI_SEPARATOR) if c]


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


class HsdsPublisher:
    """HSDS documents of one dataset's rows (normalised or as text cells).

    Args:
        codelists: the code lists whose terms the attributes link to.
        lad_names: LAD 2024 code -> name (service areas).
    """

    def __init__(self, codelists: CodeLists, lad_names: Mapping[str, str]) -> None:
        self.codelists = codelists
        self.lad_names = lad_names
        self.terms = {(t["taxonomy"].removeprefix(TAXONOMY_PREFIX), t["code"]): t
                      for t in taxonomy_terms(codelists)}

    def organization(self, provider: str) -> dict[str, Any]:
        """The organisation of a provider name."""
        name = provider or "Provider not recorded"
        return {"id": stable_id("organization", name), "name": name,
                "description": f"{name}: a provider in the community mental-health provision atlas."}

    def location(self, row: Mapping[str, Any]) -> dict[str, Any] | None:
        """Where the service is delivered (its point), or None without coordinates."""
        lat, lon = _number(row.get("latitude")), _number(row.get("longitude"))
        if lat is None or lon is None:
            return None
        sid = service_id(_text(row.get("intervention_id")))
        location = {"id": stable_id("location", sid), "location_type": "physical",
                    "name": f"Where {_text(row.get('name'))} is delivered", "latitude": lat,
                    "longitude": lon}
        if _text(row.get("lsoa_code")):
            location.update(external_identifier=_text(row.get("lsoa_code")),
                            external_identifier_type="LSOA21CD")
        return location

    def service_at_location(self, row: Mapping[str, Any]) -> dict[str, Any] | None:
        """The link between the service and its location (location nested), or None."""
        location = self.location(row)
        if location is None:
            return None
        sid = service_id(_text(row.get("intervention_id")))
        return {"id": stable_id("service_at_location", sid), "service_id": sid,
                "location_id": location["id"], "location": location}

    def service(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The full HSDS service of one intervention row."""
        sid = service_id(_text(row.get("intervention_id")))
        service: dict[str, Any] = {
            "id": sid, "name": _text(row.get("name")), "description": _text(row.get("description")),
            "status": _STATUS.get(_text(row.get("status")), "active"),
            "organization": self.organization(_text(row.get("provider"))),
            "attributes": self.attributes(sid, row)}
        for key, value in (("url", _text(row.get("url"))), ("assured_date", _text(row.get("last_verified")))):
            if value:
                service[key] = value
        link = self.service_at_location(row)
        service["service_at_locations"] = [link] if link else []
        district = _text(row.get("locality_code"))
        service["service_areas"] = [{
            "id": stable_id("service_area", sid, district), "name": self.lad_names.get(district, district),
            "description": "Local authority district (ONS LAD 2024 code).", "extent": district,
            "extent_type": "text", "uri": f"https://statistics.data.gov.uk/id/statistical-geography/{district}",
        }] if district else []
        return service

    def attributes(self, sid: str, row: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Codes as links to taxonomy terms, and the template's other values as value attributes."""
        out = []
        for field in TAXONOMY_FIELDS:
            for code in _codes(row.get(field)):
                term = self.terms.get((field, code))
                if term is not None:
                    out.append({"id": stable_id("attribute", sid, field, code), "link_id": sid,
                                "link_type": field, "link_entity": "service",
                                "taxonomy_term_id": term["id"], "taxonomy_term": term})
        for column in VALUE_ATTRIBUTES:
            value = _text(row.get(column))
            if value:
                out.append({"id": stable_id("attribute", sid, column), "link_id": sid,
                            "link_type": f"atlas:{column}", "link_entity": "service", "value": value})
        return out

    def documents(self, rows: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
        """Every document of an export, by kind, each list without repeats.

        Kinds: organizations, services, locations, service_at_locations, taxonomies and
        taxonomy_terms.
        """
        records = rows.to_dict("records")
        services = [self.service(r) for r in records]
        organisations = {s["organization"]["id"]: s["organization"] for s in services}
        links = [link for s in services for link in s["service_at_locations"]]
        return {"organizations": list(organisations.values()), "services": services,
                "locations": [link["location"] for link in links],
                "service_at_locations": [{k: v for k, v in link.items() if k != "location"}
                                         for link in links],
                "taxonomies": taxonomies(self.codelists),
                "taxonomy_terms": taxonomy_terms(self.codelists)}


def page(items: Sequence[dict[str, Any]], total: int, number: int, per_page: int,
         extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """An HSDS paginated list (``total_items``, ``total_pages``, ``contents``...)."""
    pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return {"total_items": total, "total_pages": pages, "page_number": number, "size": len(items),
            "first_page": number == 1, "last_page": number >= pages, "empty": total == 0,
            "contents": list(items), **(dict(extra) if extra else {})}
