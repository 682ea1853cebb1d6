"""The HSDS 3.0 JSON Schemas, validated against with every reference resolved locally.

The schema files (``data/directories/hsds3/schema``, CC BY-SA 4.0, Open Referral) refer to each
other by relative file name (``"$ref": "organization.json"``); they are loaded into one
``referencing`` registry so nothing is ever fetched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

OBJECT_SCHEMAS = ("service", "organization", "location", "service_at_location", "taxonomy",
                  "taxonomy_term", "attribute", "address", "service_area")


@dataclass(frozen=True)
class SchemaProblem:
    """One schema error: where in the document (a JSON path) and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(top level)'}: {self.message}"


class HsdsSchemas:
    """Validators of the HSDS 3.0 objects (``service.json`` ...) and of the API's page wrapper.

    Args:
        folder: the folder of HSDS 3.0 schema files (one ``<object>.json`` each, plus
            ``openapi.json`` for the ``Page`` wrapper of list responses).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        contents = {path.name: json.loads(path.read_text(encoding="utf-8"))
                    for path in sorted(self.folder.glob("*.json"))}
        if "service.json" not in contents:
            raise FileNotFoundError(self.folder / "service.json")
        openapi = contents.pop("openapi.json", {})
        self.page_schema: dict = openapi.get("components", {}).get("schemas", {}).get("Page", {})
        self.registry = Registry().with_resources(
            (name, Resource(schema, specification=DRAFT202012)) for name, schema in contents.items())
        self._validators = {
            name.removesuffix(".json"): Draft202012Validator(
                {"$ref": name}, registry=self.registry, format_checker=FormatChecker())
            for name in contents}

    def problems(self, kind: str, document: Any) -> list[SchemaProblem]:
        """Every schema error of ``document`` as an HSDS ``kind`` (``service``, ``taxonomy``...)."""
        validator = self._validators[kind]
        return [SchemaProblem(_json_path(error.absolute_path), error.message)
                for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path))]

    def page_problems(self, page: Any, kind: str) -> list[SchemaProblem]:
        """Errors of a paginated list response: the ``Page`` fields and every item of ``contents``."""
        found = [SchemaProblem(_json_path(e.absolute_path), e.message)
                 for e in Draft202012Validator(self.page_schema).iter_errors(page)]
        if not isinstance(page, dict) or not isinstance(page.get("contents"), list):
            return [*found, SchemaProblem("contents", "a page must hold a 'contents' list")]
        for position, item in enumerate(page["contents"]):
            found += [SchemaProblem(f"contents[{position}].{p.path}".rstrip("."), p.message)
                      for p in self.problems(kind, item)]
        return found


def _json_path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
