"""Tabular HSDS 3.0 (the CSV data package): one CSV per object, joined by ids into services.

``services.csv`` is required; ``organizations.csv``, ``locations.csv``,
``service_at_location(s).csv``, ``addresses.csv``, ``attributes.csv``, ``taxonomy_terms.csv``,
``service_areas.csv`` and ``schedules.csv`` are used when present. Each service is nested as in
the JSON form and read by the same code (:func:`hsds.services_to_result`).
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.ingest.directories.hsds import Documents, services_to_result
from dashboard.ingest.directories.hsds_schema import HsdsSchemas
from dashboard.ingest.directories.records import DirectoryError, ReadResult, number

USED_TABLES = ("services", "organizations", "locations", "service_at_location",
               "service_at_locations", "addresses", "attributes", "taxonomy_terms",
               "service_areas", "schedules")
_NUMERIC = {"latitude", "longitude", "minimum_age", "maximum_age", "year_incorporated", "amount",
            "extension", "interval", "count", "timezone"}


def _read_csv(name: str, content: bytes) -> list[dict[str, Any]]:
    """Rows of one CSV as dicts without empty cells, numbers where the schema wants numbers."""
    try:
        frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise DirectoryError(f"{name} is not a readable CSV file ({error}). Nothing was imported.") \
            from None
    rows = []
    for record in frame.to_dict("records"):
        row: dict[str, Any] = {}
        for key, value in record.items():
            value = value.strip()
            if value == "":
                continue
            converted = number(value) if key in _NUMERIC else None
            row[key] = converted if converted is not None else value
        rows.append(row)
    return rows


def _by(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[str(row.get(key, ""))].append(row)
    return grouped


def _strip(row: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in keys}


def nested_services(tables: Mapping[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Services in the nested JSON form, from the tabular package's tables."""
    organisations = {row.get("id"): row for row in tables.get("organizations", [])}
    addresses = _by(tables.get("addresses", []), "location_id")
    locations = {row.get("id"): {**row, "addresses": [_strip(a, "location_id")
                                                      for a in addresses.get(str(row.get("id")), [])]}
                 for row in tables.get("locations", [])}
    links = _by(tables.get("service_at_location", []) + tables.get("service_at_locations", []),
                "service_id")
    terms = {row.get("id"): row for row in tables.get("taxonomy_terms", [])}
    attributes = _by(tables.get("attributes", []), "link_id")
    areas = _by(tables.get("service_areas", []), "service_id")
    schedules = _by(tables.get("schedules", []), "service_id")
    services = []
    for row in tables["services"]:
        key = str(row.get("id", ""))
        service = dict(row)
        if row.get("organization_id") in organisations:
            service["organization"] = organisations[row["organization_id"]]
        service["service_at_locations"] = [
            {**_strip(link, "service_id", "location_id"),
             "location": locations.get(link.get("location_id"), {})}
            for link in links.get(key, []) if link.get("location_id") in locations]
        service["attributes"] = [
            {**_strip(a, "link_id", "taxonomy_term_id", "link_entity"),
             "taxonomy_term": terms[a["taxonomy_term_id"]]}
            for a in attributes.get(key, []) if a.get("taxonomy_term_id") in terms]
        service["service_areas"] = [_strip(a, "service_id") for a in areas.get(key, [])]
        service["schedules"] = [_strip(s, "service_id") for s in schedules.get(key, [])]
        services.append(service)
    return services


def read_hsds_tabular(documents: Documents, schemas: HsdsSchemas,
                      source: Mapping[str, Any]) -> ReadResult:
    """Records of the services of an HSDS tabular package (a folder or zip of CSV files)."""
    tables = {Path(name).stem.lower(): _read_csv(name, content) for name, content in documents
              if Path(name).stem.lower() in USED_TABLES}
    if "services" not in tables:
        names = ", ".join(name for name, _ in documents) or "no CSV files"
        raise DirectoryError("An HSDS tabular package needs a services.csv (found: "
                             f"{names}). Nothing was imported.")
    unused = sorted(Path(n).name for n, _ in documents if Path(n).stem.lower() not in USED_TABLES)
    warnings = [f"Tables not used by the atlas: {', '.join(unused)}."] if unused else []
    missing = [t for t in ("organizations", "locations") if t not in tables]
    if missing:
        warnings.append(f"No {' or '.join(t + '.csv' for t in missing)}: providers or places "
                        "may be missing.")
    services = nested_services(tables)
    where = [(service, f"services.csv, row {position + 2}") for position, service in enumerate(services)]
    for service, _ in where:
        service.pop("organization_id", None)  # tabular-only field; nested form has the object
        service.pop("program_id", None)
    return services_to_result(where, schemas, source, warnings)
