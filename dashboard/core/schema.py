"""The exchange template: one row per intervention per locality (see DOMAIN.md)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MULTI_SEPARATOR = "|"


class Kind(StrEnum):
    """How a template column is checked."""

    ID = "id"
    TEXT = "text"
    LOCALITY = "locality"
    CODES = "codes"
    CODE = "code"
    NUMBER = "number"
    LATITUDE = "latitude"
    LONGITUDE = "longitude"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    """One column of the exchange template."""

    name: str
    kind: Kind
    required: bool = False
    help: str = ""

    @property
    def is_coded(self) -> bool:
        """True when the column takes codes from a code list."""
        return self.kind in (Kind.CODES, Kind.CODE)

    @property
    def multi(self) -> bool:
        """True when several codes separated by ``|`` are allowed."""
        return self.kind is Kind.CODES


COLUMNS: tuple[Column, ...] = (
    Column("intervention_id", Kind.ID, True, "Unique text within the file"),
    Column("name", Kind.TEXT, True, "Name of the intervention"),
    Column("provider", Kind.TEXT, True, "Organisation that delivers it"),
    Column("locality_code", Kind.LOCALITY, True, "ONS code of an English local authority district"),
    Column("types", Kind.CODES, True, "Intervention type codes separated by |; first is primary"),
    Column("determinants", Kind.CODES, True, "Determinant codes separated by |; first is primary"),
    Column("populations", Kind.CODES, True, "Population group codes separated by |"),
    Column("social_model", Kind.CODES, False, "Social-model component codes separated by |"),
    Column("provider_type", Kind.CODE, False, "One provider type code"),
    Column("delivery_mode", Kind.CODES, False, "face_to_face, telephone, online separated by |"),
    Column("format", Kind.CODE, False, "individual, group, both or population"),
    Column("cost_to_participant", Kind.CODE, False, "free, low_cost, charged or unknown"),
    Column("status", Kind.CODE, False, "active, paused, ended or unknown"),
    Column("outcomes_measured", Kind.CODE, False, "yes, no or unknown (blank means unknown)"),
    Column("evaluation_level", Kind.CODE, False, "none, monitoring, internal, independent, ..."),
    Column("annual_reach", Kind.NUMBER, False, "People reached a year (number, 0 or more)"),
    Column("annual_cost_gbp", Kind.NUMBER, False, "Annual cost in pounds (number, 0 or more)"),
    Column("latitude", Kind.LATITUDE, False, "WGS84 latitude of where it is delivered"),
    Column("longitude", Kind.LONGITUDE, False, "WGS84 longitude of where it is delivered"),
    Column("start_date", Kind.DATE, False, "ISO date YYYY-MM-DD"),
    Column("end_date", Kind.DATE, False, "ISO date YYYY-MM-DD"),
    Column("last_verified", Kind.DATE, False, "ISO date YYYY-MM-DD the record was last checked"),
    Column("identification_route", Kind.CODE, False, "How the intervention was found"),
    Column("description", Kind.TEXT, False, "Free text"),
    Column("url", Kind.TEXT, False, "Web address"),
    Column("recorded_by", Kind.TEXT, False, "Who recorded it"),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
MULTI_FIELDS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.multi)

# Codes whose list offers "unknown": a blank cell is recorded as unknown.
BLANK_MEANS_UNKNOWN: tuple[str, ...] = (
    "provider_type",
    "cost_to_participant",
    "status",
    "outcomes_measured",
    "evaluation_level",
)
