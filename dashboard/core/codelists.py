"""Versioned code lists of the coded intervention dataset (reference tables in data/codelists)."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

_SEPARATORS = re.compile(r"[\s_\-]+")
# A code of this group means "no specific one" (populations: all adults, no specific target);
# listing it together with a specific code of the same list contradicts itself.
CATCH_ALL_GROUP = "general"


def normalise_token(text: str) -> str:
    """Fold case and spacing so that codes and labels compare forgivingly.

    ``"Face-to-face"``, ``"face_to_face"`` and ``" FACE  to face "`` all become ``"face to face"``.
    """
    return _SEPARATORS.sub(" ", str(text).replace("&", " and ")).strip().casefold()


@dataclass(frozen=True)
class CodeList:
    """One reference table: ``code, label, definition, group`` rows in a fixed order."""

    field: str
    table: pd.DataFrame

    @property
    def codes(self) -> tuple[str, ...]:
        """Codes in their published order."""
        return tuple(self.table["code"])

    @property
    def labels(self) -> dict[str, str]:
        """Code to human label."""
        return dict(zip(self.table["code"], self.table["label"], strict=True))

    @property
    def groups(self) -> dict[str, str]:
        """Code to group (for determinants: the level individual/family/community/structural)."""
        return dict(zip(self.table["code"], self.table["group"], strict=True))

    @property
    def catch_all(self) -> tuple[str, ...]:
        """Codes that mean "none in particular" (group ``general``), in published order."""
        return tuple(c for c, g in zip(self.table["code"], self.table["group"], strict=True)
                     if g == CATCH_ALL_GROUP)

    @property
    def lookup(self) -> dict[str, str]:
        """Normalised code or label to code."""
        out: dict[str, str] = {}
        for code, label in zip(self.table["code"], self.table["label"], strict=True):
            out[normalise_token(label)] = code
        for code in self.table["code"]:
            out[normalise_token(code)] = code
        return out

    def suggest(self, value: str) -> str | None:
        """Return the closest code to a near-miss value, or None when nothing is close."""
        lookup = self.lookup
        match = difflib.get_close_matches(normalise_token(value), list(lookup), n=1, cutoff=0.75)
        return lookup[match[0]] if match else None


@dataclass(frozen=True)
class CodeLists:
    """All code lists of one framework version."""

    name: str
    version: str
    lists: Mapping[str, CodeList]

    def __getitem__(self, field: str) -> CodeList:
        """Return the code list of a template column."""
        return self.lists[field]


def load_codelists(folder: Path) -> CodeLists:
    """Read ``manifest.json`` and every reference table it names from ``folder``."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    lists = {}
    for field, filename in manifest["fields"].items():
        table = pd.read_csv(folder / filename, dtype="string", keep_default_na=False)
        missing = {"code", "label", "definition", "group"} - set(table.columns)
        if missing:
            raise ValueError(f"Code list {filename} lacks columns: {', '.join(sorted(missing))}")
        if table["code"].duplicated().any():
            raise ValueError(f"Code list {filename} repeats a code")
        lists[field] = CodeList(field=field, table=table.astype(object))
    return CodeLists(name=manifest["name"], version=manifest["version"], lists=lists)
