"""Spreadsheets of services (CSV or XLSX) and 360Giving grant files, to directory records.

Any spreadsheet: the column for each field is detected from common headers (``Name``/``Title``,
``Description``/``Activities``, ``Address``, ``Postcode``, ``Latitude``/``Longitude``,
``Website``/``URL``, ``Area code``/``Local authority code``...) and any of them can be set or
cleared by hand (``name=Service title``, ``description=``). 360Giving files use the standard's
own headers (``Identifier``, ``Title``, ``Recipient Org:Name``, ``Beneficiary Location:
Geographic Code``...), flattened in either of the standard's spreadsheet forms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.ingest.directories.records import (
    DirectoryError,
    ReadResult,
    Rejected,
    iso_date,
    number,
    postcode,
    records_frame,
    text,
)
from dashboard.ingest.reading import ReadError, ReadLimits, normalise_header, read_table

# Record field -> headers that name it (normalised: lower case, spaces as "_"), best first.
ALIASES: dict[str, tuple[str, ...]] = {
    "source_id": ("id", "identifier", "intervention_id", "service_id", "record_id", "reference", "ref"),
    "name": ("name", "title", "service_name", "service", "project_name", "activity_name",
             "project", "activity", "organisation_name", "organization_name"),
    "provider": ("provider", "provider_name", "organisation", "organization", "org_name",
                 "delivered_by", "charity_name", "recipient_org:name"),
    "description": ("description", "activities", "service_description", "details", "summary",
                    "about", "purpose", "objects"),
    "address": ("address", "full_address", "street_address", "address_1", "address_line_1"),
    "postcode": ("postcode", "post_code", "postal_code", "zip", "zip_code"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng", "long"),
    "url": ("website", "url", "web", "web_address", "website_url", "link", "homepage"),
    "area_code": ("area_code", "locality_code", "local_authority_code", "la_code", "lad_code",
                  "district_code", "gss_code", "lad24cd", "lad23cd", "lad22cd", "lad21cd",
                  "lad20cd", "lad19cd", "lsoa21cd", "lsoa_code"),
    "area_name": ("area_name", "local_authority", "local_authority_name", "la_name", "district",
                  "district_name", "borough"),
    "status": ("status",),
    "start_date": ("start_date",),
    "end_date": ("end_date",),
    "last_verified": ("last_verified", "last_updated", "date_checked"),
    "extra_text": ("eligibility", "who_it_is_for", "notes"),
}
# 360Giving standard headers (flattened "Recipient Org:Name" or "Recipient Org:0:Name" forms).
GIVING_ALIASES: dict[str, tuple[str, ...]] = {
    "source_id": ("identifier",),
    "name": ("title",),
    "description": ("description",),
    "provider": ("recipient_org:name", "recipient_org:0:name"),
    "address": ("recipient_org:street_address", "recipient_org:0:street_address"),
    "postcode": ("recipient_org:postal_code", "recipient_org:0:postal_code"),
    "url": ("recipient_org:web_address", "recipient_org:0:web_address", "url"),
    "latitude": ("beneficiary_location:latitude", "beneficiary_location:0:latitude"),
    "longitude": ("beneficiary_location:longitude", "beneficiary_location:0:longitude"),
    "area_code": ("beneficiary_location:geographic_code", "beneficiary_location:0:geographic_code"),
    "area_name": ("beneficiary_location:name", "beneficiary_location:0:name"),
    "start_date": ("planned_dates:start_date", "planned_dates:0:start_date", "award_date"),
    "end_date": ("planned_dates:end_date", "planned_dates:0:end_date"),
    "extra_text": ("grant_programme:title", "grant_programme:0:title"),
}
GIVING_REQUIRED = ("identifier", "title", "recipient_org:name")
# "Voluntary Sector Grant to Be Active": the grant's title names the funded group's activity.
_GRANT_TITLE = re.compile(r"^(?P<programme>.*?\b(grant|funding|award)s?)\s*(to|for)\s*(?P<recipient>\S.*)$",
                          re.IGNORECASE)
_CLASSIFICATION = re.compile(r"^classifications?:(\d+:)?(title|code)$")
FIELD_NAMES = tuple(ALIASES)
TEXT_JOIN = "+"  # text=Referral method+Opening times: several columns of extra text


def parse_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """``field=Column`` pairs (``--map``) as a dict; an empty column clears a field.

    Raises:
        DirectoryError: for a pair without ``=`` or an unknown field.
    """
    out: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field = {"id": "source_id", "text": "extra_text"}.get(field.strip(), field.strip())
        if not sep or field not in ALIASES:
            raise DirectoryError(f"--map {pair!r} is not field=Column with a known field; fields: "
                                 f"{', '.join(f for f in FIELD_NAMES if f != 'source_id')}, id.")
        out[field] = column.strip()
    return out


def detect_mapping(columns: Sequence[str], aliases: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Field -> the first (normalised) column that one of its aliases names."""
    present = set(columns)
    mapping = {}
    for field, names in aliases.items():
        found = next((name for name in names if name in present), None)
        if found and found not in mapping.values():
            mapping[field] = found
    return mapping


def _apply_overrides(mapping: dict[str, str], overrides: Mapping[str, str],
                     source_columns: Mapping[str, str]) -> dict[str, str]:
    for field, column in overrides.items():
        if not column:
            mapping.pop(field, None)
            continue
        names = column.split(TEXT_JOIN) if field == "extra_text" else [column]
        keys = [normalise_header(name) for name in names]
        for name, key in zip(names, keys, strict=True):
            if key not in source_columns:
                raise DirectoryError(f"--map {field}={column}: the file has no column {name!r} "
                                     f"(columns: {', '.join(source_columns.values())}).")
        mapping[field] = TEXT_JOIN.join(keys)
    return mapping


def read_spreadsheet(name: str, content: bytes, overrides: Mapping[str, str] | None = None, *,
                     giving: bool = False, sheet: str | None = None,
                     limits: ReadLimits | None = None) -> ReadResult:
    """Records of a CSV or XLSX of services, or of a 360Giving file (``giving``).

    ``limits`` bound what an uploaded file may hold (cells, unpacked workbook size), as for a
    template upload.

    Raises:
        DirectoryError: when the file cannot be read, or no column names the services.
    """
    aliases = GIVING_ALIASES if giving else ALIASES
    headers = ["name", "title", "description"] + sorted(
        {alias for names in (*ALIASES.values(), *GIVING_ALIASES.values()) for alias in names}
        | {normalise_header(c) for v in (overrides or {}).values() for c in v.split(TEXT_JOIN) if c})
    try:
        table = read_table(Path(name), content=content, sheet=sheet, headers=headers, limits=limits)
    except ReadError as error:
        raise DirectoryError(f"{error} Nothing was imported.") from None
    columns = list(table.cells.columns)
    if giving and not all(c in columns for c in GIVING_REQUIRED):
        raise DirectoryError(f"{name} is not a 360Giving file: it lacks the standard columns "
                             "Identifier, Title and Recipient Org:Name. Nothing was imported.")
    mapping = _apply_overrides(detect_mapping(columns, aliases), overrides or {},
                               table.source_columns)
    if "name" not in mapping:
        raise DirectoryError(f"No column of {name} names the services (such as Name or Title); "
                             "say which with --map name=COLUMN. Columns: "
                             f"{', '.join(table.source_columns.values())}. Nothing was imported.")
    records, rejected = _records(table, mapping, giving)
    used = {c for v in mapping.values() for c in v.split(TEXT_JOIN)}
    used |= {c for c in columns if giving and _CLASSIFICATION.match(c)}
    unused = [table.source_columns[c] for c in columns if c not in used]
    warnings = [f"Columns not used: {', '.join(unused)}."] if unused else []
    if table.blank_rows:
        warnings.append(f"{len(table.blank_rows)} empty row(s) skipped.")
    if "provider" not in mapping:
        warnings.append("No provider column: each service's provider is its own name "
                        "(say which column with --map provider=COLUMN).")
    shown = {field: " + ".join(table.source_columns[c] for c in column.split(TEXT_JOIN))
             for field, column in mapping.items()}
    source = {"kind": "360giving" if giving else "csv", "file": name,
              "sheet": table.sheet, "encoding": table.encoding}
    return ReadResult(records_frame(records), tuple(rejected), tuple(warnings), source, shown)


def _records(table, mapping: Mapping[str, str], giving: bool) -> tuple[list[dict], list[Rejected]]:
    cells: pd.DataFrame = table.cells.fillna("")
    classification = [c for c in cells.columns if giving and _CLASSIFICATION.match(c)]
    records, rejected = [], []
    for position, row in enumerate(cells.to_dict("records")):
        where = f"row {table.rows[position]}"
        record = _record(row, mapping, where)
        if giving:
            record = _grant(record, row)
        problem = table.row_problems.get(table.rows[position])
        if problem or not record["name"]:
            named = " + ".join(table.source_columns.get(c, c) for c in mapping["name"].split(TEXT_JOIN))
            rejected.append(Rejected(where, record["source_id"], record["name"], problem or (
                f"The service name (column {named}) is empty; every service needs a name.")))
            continue
        record["terms"] = [{"taxonomy": "360Giving classification", "id": "", "code": "",
                            "name": text(row[c])} for c in classification if text(row[c])]
        records.append(record)
    return records, rejected


def _grant(record: dict[str, Any], row: Mapping[str, Any]) -> dict[str, Any]:
    """A 360Giving grant as a service: named by its recipient part, started when awarded.

    A grant titled "Voluntary Sector Grant to Be Active" is read as the service "Be Active";
    the title is kept in ``source_record``. A grant without planned dates starts on its award
    date.
    """
    title = record["name"]
    found = _GRANT_TITLE.match(title)
    if found:
        record["name"] = found.group("recipient").strip()
        record["source_record"] += f" ({title})"
    record["start_date"] = record["start_date"] or iso_date(row.get("award_date", ""))
    return record


def _record(row: Mapping[str, Any], mapping: Mapping[str, str], where: str) -> dict[str, Any]:
    def get(field: str) -> str:
        if field not in mapping:
            return ""
        return ". ".join(t for t in (text(row.get(c, "")) for c in mapping[field].split(TEXT_JOIN)) if t)

    name = get("name")
    return {
        "source_record": where, "source_id": get("source_id"), "name": name,
        "provider": get("provider") or name, "description": get("description"),
        "url": get("url"), "status": get("status").lower(),
        "latitude": number(get("latitude")), "longitude": number(get("longitude")),
        "postcode": postcode(get("postcode")), "address": get("address"),
        "area_code": get("area_code").upper().replace(" ", ""), "area_name": get("area_name"),
        "last_verified": iso_date(get("last_verified")), "start_date": iso_date(get("start_date")),
        "end_date": iso_date(get("end_date")), "extra_text": get("extra_text"),
    }
