"""HSDS 3.0 / Open Referral UK JSON: documents to directory records.

A source is a set of JSON documents (a folder, a zip of one, or a single file): service
documents, paginated lists of services (``contents``), service-at-location documents and
organisations with their services are read; taxonomy and other documents are skipped and
named. The feed's declared version (``api_details.json`` or the API's ``/``) must be 3.x.
Each service is checked against the HSDS 3.0 schema: one without an ``id`` or ``name`` is
rejected; other schema problems are reported without rejecting it (the atlas does not use
those fields).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from dashboard.ingest.directories.hsds_schema import HsdsSchemas
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

MAX_SOURCE_BYTES = 200 * 1024 * 1024  # a folder or zip larger than this is refused
ATLAS_TAXONOMY = "atlas-"  # the taxonomies an atlas export publishes its code lists as
_GSS_DISTRICT = re.compile(r"\bE0[6789]\d{6}\b")
_VERSION_3 = re.compile(r"(^|[^\d.])3(\.\d+)*($|[^\d.])")
Documents = Sequence[tuple[str, bytes]]


def documents_from_path(path: Path, suffixes: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """The files of a folder, a zip or one file whose names end in ``suffixes``, by name.

    Raises:
        DirectoryError: when the path does not exist, holds no such file or is too large.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
        found = [(p.name, p.read_bytes()) for p in files]
    elif path.is_file():
        content = path.read_bytes()
        found = documents_from_bytes(path.name, content, suffixes)
    else:
        raise DirectoryError(f"{path} does not exist.")
    if not found:
        raise DirectoryError(f"{path} holds no {' or '.join(suffixes)} file.")
    if sum(len(c) for _, c in found) > MAX_SOURCE_BYTES:
        raise DirectoryError(f"{path} holds more than {MAX_SOURCE_BYTES // 2**20} MB of files.")
    return found


def documents_from_bytes(name: str, content: bytes, suffixes: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """One uploaded file as documents: the members of a zip, or the file itself."""
    if not content.startswith(b"PK\x03\x04"):
        return [(name, content)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = [m for m in archive.infolist()
                   if not m.is_dir() and Path(m.filename).suffix.lower() in suffixes
                   and not Path(m.filename).name.startswith(".")]
        if sum(m.file_size for m in members) > MAX_SOURCE_BYTES:
            raise DirectoryError(f"{name} unpacks to more than {MAX_SOURCE_BYTES // 2**20} MB.")
        return sorted((Path(m.filename).name, archive.read(m)) for m in members)
    except zipfile.BadZipFile:
        raise DirectoryError(f"{name} is not a valid zip file.") from None


def parse_json(name: str, content: bytes) -> Any:
    """Parse one document; a malformed one raises an error naming it, the line and column."""
    try:
        return json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DirectoryError(f"{name} is not UTF-8 text, so it cannot be JSON.") from None
    except json.JSONDecodeError as error:
        raise DirectoryError(f"{name} is not valid JSON: {error.msg} at line {error.lineno}, "
                             f"column {error.colno}. Nothing was imported.") from None


def check_version(details: Mapping[str, Any], where: str) -> str | None:
    """Raise for a feed that declares another HSDS version than 3.x; the version found otherwise."""
    declared = text(details.get("version"))
    if declared and not _VERSION_3.search(declared):
        raise DirectoryError(f"{where} declares version '{declared}'; this reader reads HSDS 3.0 "
                             "(Open Referral UK 3.0) feeds. Nothing was imported.")
    return declared or None


def kind_of(document: Any) -> str:
    """What an HSDS document is: page, service, service_at_location, organization, details, other."""
    if isinstance(document, list):
        return "list"
    if not isinstance(document, dict):
        return "other"
    if isinstance(document.get("contents"), list):
        return "page"
    if "version" in document and "id" not in document:
        return "details"
    if isinstance(document.get("service"), dict) and document["service"].get("id"):
        return "service_at_location"
    if isinstance(document.get("services"), list):
        return "organization"
    if "location_type" in document or "taxonomy_terms" in document or "term" in document:
        return "other"
    if "status" in document or "service_at_locations" in document or "organization" in document:
        return "service"
    return "other"


def services_in(document: Any, name: str) -> Iterator[tuple[dict, str]]:
    """Every service object a document holds, with where it is (``file, item n``)."""
    kind = kind_of(document)
    if kind == "service":
        yield document, name
    elif kind in ("page", "list"):
        items = document["contents"] if kind == "page" else document
        for position, item in enumerate(items, start=1):
            if kind_of(item) == "service":
                yield item, f"{name}, item {position}"
    elif kind == "service_at_location":
        service = dict(document["service"])
        service.setdefault("service_at_locations", [
            {k: v for k, v in document.items() if k != "service"}])
        yield service, name
    elif kind == "organization":
        organisation = {k: v for k, v in document.items() if k != "services"}
        for position, item in enumerate(document["services"], start=1):
            if isinstance(item, dict):
                yield {"organization": organisation, **item}, f"{name}, service {position}"


def read_hsds_json(documents: Documents, schemas: HsdsSchemas, source: Mapping[str, Any]) -> ReadResult:
    """Records of every service in a set of HSDS JSON documents.

    The same service id in several documents (a full document and a list, say) is read once,
    from the fullest of them; the same id twice in one list is kept twice (and reported).
    """
    first: dict[str, tuple[int, str]] = {}  # id -> (position in order, document name)
    order: list[tuple[dict, str]] = []
    warnings, skipped, merged = [], [], 0
    for name, content in documents:
        document = parse_json(name, content)
        if kind_of(document) == "details":
            version = check_version(document, name)
            warnings.append(f"{name}: the feed declares HSDS version {version or 'not given'}.")
            continue
        services = list(services_in(document, name))
        if not services:
            skipped.append(name)
        for service, where in services:
            key = text(service.get("id"))
            if key in first and first[key][1] != name:  # another view of a service read before
                merged += 1
                position = first[key][0]
                if _fullness(service) > _fullness(order[position][0]):
                    order[position] = (service, where)
                continue
            first.setdefault(key, (len(order), name))
            order.append((service, where))
    if merged:
        warnings.append(f"{merged} service object(s) repeated the id of a service in another "
                        "document; each service was read once, from its fullest document.")
    if skipped:
        warnings.append(f"Not service documents, skipped: {', '.join(skipped)}.")
    return services_to_result(order, schemas, source, warnings)


def services_to_result(services: Sequence[tuple[dict, str]], schemas: HsdsSchemas,
                       source: Mapping[str, Any], warnings: Sequence[str] = ()) -> ReadResult:
    """Check each service against the schema and turn the acceptable ones into records."""
    records, rejected, notes = [], [], list(warnings)
    unused_problems: list[str] = []
    for service, where in services:
        problems = schemas.problems("service", service)
        fatal = [p for p in problems if _is_fatal(p.path, p.message)]
        if fatal or not text(service.get("name")) or not text(service.get("id")):
            reason = "; ".join(str(p) for p in fatal) or "a service needs an id and a name"
            rejected.append(Rejected(where, text(service.get("id")), text(service.get("name")),
                                     f"Not a usable HSDS 3.0 service: {reason}."))
            continue
        unused_problems += [f"{where}: {p}" for p in problems]
        records.append(service_record(service, where))
    if unused_problems:
        shown = "; ".join(unused_problems[:5]) + (" ..." if len(unused_problems) > 5 else "")
        notes.append(f"{len(unused_problems)} schema problem(s) in fields the atlas does not use "
                     f"(the services were kept): {shown}")
    return ReadResult(records_frame(records), tuple(rejected), tuple(notes), dict(source))


def _is_fatal(path: str, message: str) -> bool:
    """Schema errors the atlas cannot work around: a missing or malformed id or name."""
    top = path.split(".")[0].split("[")[0]
    return top in ("id", "name") or (not path and ("'id'" in message or "'name'" in message))


def _fullness(value: Any) -> int:
    if isinstance(value, dict):
        return sum(1 + _fullness(v) for v in value.values())
    if isinstance(value, list):
        return sum(_fullness(v) for v in value)
    return 0


def service_record(service: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The record of one HSDS 3.0 service object (nested form)."""
    organisation = service.get("organization") if isinstance(service.get("organization"), dict) else {}
    location, address = _first_location(service)
    areas = [a for a in service.get("service_areas") or [] if isinstance(a, dict)]
    area_text = " ".join(text(a.get(k)) for a in areas for k in ("extent", "uri", "name"))
    codes = _GSS_DISTRICT.findall(area_text)
    schedules = [s for s in service.get("schedules") or [] if isinstance(s, dict)]
    kind = text(location.get("location_type")).lower()
    fields = {**_atlas_codes(service), **_atlas_values(service)}
    return {
        "source_record": where, "source_id": fields.pop("intervention_id", "") or text(service.get("id")),
        "name": text(service.get("name")), "provider": text(organisation.get("name")),
        "description": text(service.get("description")), "url": text(service.get("url")),
        "status": text(service.get("status")).lower(),
        "latitude": number(location.get("latitude")), "longitude": number(location.get("longitude")),
        "postcode": postcode(address.get("postal_code")),
        "address": ", ".join(t for t in (text(address.get("address_1")), text(address.get("city")))
                             if t),
        "area_code": codes[0] if codes else "",
        "area_name": text(areas[0].get("name")) if len(areas) == 1 else "",
        "terms": _terms(service),
        "delivery": {"physical": ["face_to_face"], "virtual": ["online"]}.get(kind, []),
        "last_verified": iso_date(service.get("assured_date")) or iso_date(service.get("last_modified")),
        "extra_text": " ".join(t for t in [text(service.get("eligibility_description")),
                                           *[text(s.get("attending_type")) for s in schedules]] if t),
        "fields": fields,
    }


def _atlas_codes(service: Mapping[str, Any]) -> dict[str, str]:
    """Codes an atlas export carried as terms of its own taxonomies (``atlas-<column>``)."""
    codes: dict[str, list[str]] = {}
    for term in _terms(service):
        if term["taxonomy"].startswith(ATLAS_TAXONOMY) and term["code"]:
            codes.setdefault(term["taxonomy"].removeprefix(ATLAS_TAXONOMY), []).append(term["code"])
    return {column: "|".join(values) for column, values in codes.items()}


def _atlas_values(service: Mapping[str, Any]) -> dict[str, str]:
    """Template values an atlas export carried in value attributes (``link_type`` ``atlas:...``)."""
    out = {}
    for attribute in service.get("attributes") or []:
        if isinstance(attribute, dict) and text(attribute.get("link_type")).startswith("atlas:"):
            out[text(attribute["link_type"]).removeprefix("atlas:")] = text(attribute.get("value"))
    return out


def _first_location(service: Mapping[str, Any]) -> tuple[dict, dict]:
    """The first location with coordinates (else the first at all) and its first address."""
    locations = [sal.get("location") for sal in service.get("service_at_locations") or []
                 if isinstance(sal, dict) and isinstance(sal.get("location"), dict)]
    with_point = [loc for loc in locations if number(loc.get("latitude")) is not None]
    location = (with_point or locations or [{}])[0]
    addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
    return location, (addresses or [{}])[0]


def _terms(service: Mapping[str, Any]) -> list[dict[str, str]]:
    """Taxonomy terms of a service's attributes: taxonomy, term id, code and name."""
    terms = []
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if isinstance(term, dict):
            detail = term.get("taxonomy_detail") if isinstance(term.get("taxonomy_detail"), dict) else {}
            terms.append({"taxonomy": text(term.get("taxonomy")) or text(detail.get("name"))
                          or text(term.get("taxonomy_id")),
                          "id": text(term.get("id")), "code": text(term.get("code")),
                          "name": text(term.get("name")) or text(term.get("term"))})
    return terms
