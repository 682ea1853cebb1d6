"""NHS geography and district context, read from the prepared artefacts (read-only).

- :class:`NhsGeography`: Sub-ICB locations and ICBs (April 2024) with their IoD2025 summaries
  and boundaries, and every LSOA's district, ward, Sub-ICB location and ICB;
- :class:`DistrictContext`: per district, IoD2019 on 2024 boundaries, the ONS clusters and
  nearest neighbours, and the ONS Health Index subdomains.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

LEVELS: dict[str, str] = {"lad": "Local authorities", "sicbl": "Sub-ICB locations",
                          "icb": "ICBs"}
LEVEL_NOUNS: dict[str, tuple[str, str]] = {  # singular, plural, as in a sentence
    "lad": ("district", "districts"), "sicbl": ("Sub-ICB location", "Sub-ICB locations"),
    "icb": ("ICB", "ICBs")}
LEVEL_VINTAGES: dict[str, str] = {"lad": "LAD 2024", "sicbl": "Sub-ICB locations, April 2024",
                                  "icb": "ICBs, April 2024"}
NEIGHBOUR_KINDS: dict[str, str] = {"global": "Global", "economic": "Economic",
                                   "demographic": "Demographic"}
NHS_SOURCE = ("Source: Office for National Statistics, LSOA (2021) to Sub-ICB location to ICB "
              "(April 2024) lookup, licensed under the Open Government Licence v3.0.")
NHS_MAP_SOURCE = ("Source: Office for National Statistics (LSOA 2021 boundaries, LSOA to Sub-ICB "
                  "location to ICB lookup April 2024, Census 2021) licensed under the Open "
                  "Government Licence v3.0. Contains OS data © Crown copyright and database "
                  "right 2024.")
NEIGHBOURS_SOURCE = ("Source: Office for National Statistics, statistical nearest neighbours and "
                     "local authority clusters 2025, licensed under the Open Government Licence "
                     "v3.0.")
HEALTH_INDEX_SOURCE = ("Source: Office for National Statistics, Health Index for England 2021, "
                       "licensed under the Open Government Licence v3.0.")
IOD19_SOURCE = ("Source: English Indices of Deprivation 2019, MHCLG (change since 2019). Contains "
                "public sector information licensed under the Open Government Licence v3.0.")
IOD_BOTH_SOURCE = ("Source: English Indices of Deprivation 2025 and 2019, MHCLG. Contains public "
                   "sector information licensed under the Open Government Licence v3.0.")


@dataclass(frozen=True, eq=False)
class NhsGeography:
    """Sub-ICB locations and ICBs, and what each LSOA belongs to.

    Attributes:
        areas: one row per Sub-ICB location and ICB, index ``code``; ``level``, ``name``,
            ``short_name``, ``nhs_code``, ``ICB24CD``, ``iod25_source``, ``lsoa_count``,
            ``c21_population``, ``c21_adults_16plus`` and the ``iod25_*`` summaries.
        lsoas: one row per English LSOA, index ``LSOA21CD``; ``LAD24CD``, ``WD24CD``,
            ``WD24NM``, ``SICBL24CD``, ``ICB24CD``, ``c21_population``, ``c21_adults_16plus``.
        geojson: level (``sicbl``, ``icb``) -> FeatureCollection, feature id the area code.
        overlap: one row per (district, Sub-ICB location) sharing residents: ``LAD24CD``,
            ``SICBL24CD``, ``ICB24CD``, ``lsoas``, ``population`` and ``share`` (of the
            district's residents, 0-1).
    """

    areas: pd.DataFrame
    lsoas: pd.DataFrame
    geojson: dict[str, dict]
    overlap: pd.DataFrame

    def level(self, level: str) -> pd.DataFrame:
        """The areas of one level (``sicbl`` or ``icb``), index ``code``."""
        return self.areas[self.areas["level"] == level]

    def level_of(self, code: str) -> str | None:
        """``sicbl`` or ``icb`` for a known area code, else ``None``."""
        return str(self.areas.at[code, "level"]) if code in self.areas.index else None

    def best_fit(self, level: str) -> pd.Series:
        """Per district (index ``LAD24CD``), the area of ``level`` holding most of its residents."""
        column = "SICBL24CD" if level == "sicbl" else "ICB24CD"
        by_area = self.overlap.groupby(["LAD24CD", column])["population"].sum().reset_index()
        by_area = by_area.sort_values(["LAD24CD", "population", column],
                                      ascending=[True, False, True])
        return by_area.drop_duplicates("LAD24CD").set_index("LAD24CD")[column]

    def districts_of(self, code: str) -> pd.DataFrame:
        """Districts with residents in an area, largest share first.

        Columns ``LAD24CD``, ``population`` (its residents in the area) and ``share`` (of the
        district's residents, 0-1).
        """
        column = "ICB24CD" if self.level_of(code) == "icb" else "SICBL24CD"
        rows = self.overlap[self.overlap[column] == code]
        grouped = rows.groupby("LAD24CD")[["population", "share"]].sum().reset_index()
        return grouped.sort_values(["share", "LAD24CD"], ascending=[False, True],
                                   ignore_index=True)


@dataclass(frozen=True, eq=False)
class DistrictContext:
    """Per-district context: IoD2019 on 2024 boundaries, ONS clusters, neighbours, Health Index.

    Attributes:
        table: index ``LAD24CD``; ``iod19_<domain>_avg_score``, ``iod19_<domain>_rank_avg_score``
            (of 296), ``iod19_imd_decile``, ``iod19_imd_published_rank`` (of 317),
            ``iod19_predecessors``, ``iod19_merged``, ``cluster_<kind>``, ``hi_mental_health``,
            ``hi_wellbeing``, ``hi_year``, ``hi_merged``.
        neighbours: ``LAD24CD``, ``kind``, ``position``, ``neighbour_code``,
            ``neighbour_lad24`` (``<NA>`` outside England), ``neighbour_name``.
        clusters: kind -> letter -> the ONS sentence describing the cluster.
    """

    table: pd.DataFrame
    neighbours: pd.DataFrame
    clusters: dict[str, dict[str, str]]

    def neighbours_of(self, code: str, kind: str) -> pd.DataFrame:
        """The 20 neighbours of a district for one kind, nearest first."""
        rows = self.neighbours[(self.neighbours["LAD24CD"] == code)
                               & (self.neighbours["kind"] == kind)]
        return rows.sort_values("position", ignore_index=True)


def _overlap(lsoas: pd.DataFrame) -> pd.DataFrame:
    grouped = lsoas.groupby(["LAD24CD", "SICBL24CD", "ICB24CD"], sort=True).agg(
        lsoas=("c21_population", "size"), population=("c21_population", "sum")).reset_index()
    totals = grouped.groupby("LAD24CD")["population"].transform("sum")
    grouped["share"] = grouped["population"].astype("float64") / totals.astype("float64")
    return grouped


def load_nhs(prepared_dir: Path) -> NhsGeography | None:
    """The NHS geography of a prepared folder (``None`` when it was built without it)."""
    paths = [prepared_dir / name for name in ("nhs24.parquet", "lsoa21_areas.parquet",
                                              "sicbl24.geojson", "icb24.geojson")]
    if not all(path.exists() for path in paths):
        return None
    lsoas = pd.read_parquet(paths[1])
    return NhsGeography(
        areas=pd.read_parquet(paths[0]).set_index("code"),
        lsoas=lsoas.set_index("LSOA21CD"),
        geojson={level: json.loads((prepared_dir / f"{level}24.geojson").read_text("utf-8"))
                 for level in ("sicbl", "icb")},
        overlap=_overlap(lsoas),
    )


def load_district_context(prepared_dir: Path) -> DistrictContext | None:
    """The district context of a prepared folder (``None`` when it was built without it)."""
    paths = [prepared_dir / name for name in ("lad24_context.parquet", "lad24_neighbours.parquet",
                                              "ons_clusters.json")]
    if not all(path.exists() for path in paths):
        return None
    return DistrictContext(
        table=pd.read_parquet(paths[0]).set_index("LAD24CD"),
        neighbours=pd.read_parquet(paths[1]),
        clusters=json.loads(paths[2].read_text(encoding="utf-8")),
    )

# The footer's lines for what the context features show (besides the atlas's own sources).
CONTEXT_SOURCES = (IOD19_SOURCE, NHS_SOURCE, NEIGHBOURS_SOURCE, HEALTH_INDEX_SOURCE)
