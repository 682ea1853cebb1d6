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
    "coding_status",
)

# Optional columns beside the template that say how a row was coded (assisted coding, the /code
# workbench). The validator knows them: they raise no "not part of the template" warning and
# their values are checked; a file without them is read exactly as before.
PROVENANCE_COLUMNS: tuple[Column, ...] = (
    Column("coding_status", Kind.CODE, False,
           "suggested, needs_review, confirmed or edited (blank: not recorded)"),
    Column("coding_confidence", Kind.NUMBER, False,
           "Lowest confidence (0 to 1) among the row's suggested codes"),
    Column("coding_evidence", Kind.TEXT, False, "The words or rule that suggested each code"),
    Column("lsoa_code", Kind.TEXT, False, "LSOA 2021 code where an import placed the service"),
    Column("placement", Kind.TEXT, False, "How an import placed it: a point, a whole district, "
           "or not placed (and why)"),
    Column("duplicate_of", Kind.TEXT, False, "intervention_id of a record with the same name and place"),
    Column("source_record", Kind.TEXT, False, "Where the record came from in the imported source"),
)
PROVENANCE_BY_NAME: dict[str, Column] = {c.name: c for c in PROVENANCE_COLUMNS}
PROVENANCE_NAMES: tuple[str, ...] = tuple(PROVENANCE_BY_NAME)
# Coding statuses meaning a person looked at the codes (the rest are machine suggestions).
PERSON_CODED: tuple[str, ...] = ("confirmed", "edited")
