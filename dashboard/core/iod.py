"""English Indices of Deprivation 2025: domains, measures and attribution lines."""

from __future__ import annotations

from dataclasses import dataclass

LAD_COUNT = 296
IOD_SOURCE = (
    "Source: English Indices of Deprivation 2025, MHCLG. Contains public sector information "
    "licensed under the Open Government Licence v3.0."
)
BOUNDARY_SOURCE = (
    "Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right 2024."
)
HEX_SOURCE = "Hex cartogram: House of Commons Library, Open Parliament Licence v3.0."
CENSUS_SOURCE = (
    "Source: Census 2021, Office for National Statistics, licensed under the Open Government "
    "Licence v3.0."
)


@dataclass(frozen=True)
class Domain:
    """One IoD2025 domain (or the overall IMD) and the determinant it measures need for."""

    key: str
    label: str
    determinant: str | None


DOMAINS: tuple[Domain, ...] = (
    Domain("imd", "Index of Multiple Deprivation (IMD)", None),
    Domain("income", "Income", "financial_stress"),
    Domain("employment", "Employment", "unemployment"),
    Domain("education", "Education, Skills and Training", "education_skills"),
    Domain("health", "Health Deprivation and Disability", "physical_health"),
    Domain("crime", "Crime", "community_safety"),
    Domain("barriers", "Barriers to Housing and Services", "housing"),
    Domain("living", "Living Environment", "living_environment"),
)
DOMAIN_BY_KEY: dict[str, Domain] = {d.key: d for d in DOMAINS}


def lad_rank_column(domain: str) -> str:
    """Column of the published LAD rank of average score for a domain (1 = most deprived)."""
    return f"iod25_{domain}_rank_avg_score"


def lad_score_column(domain: str) -> str:
    """Column of the published LAD average score for a domain."""
    return f"iod25_{domain}_avg_score"


def rank_decile(rank: int, count: int = LAD_COUNT) -> int:
    """Decile class of a rank among ``count`` areas: 1 holds the most deprived tenth."""
    return (int(rank) - 1) * 10 // count + 1
