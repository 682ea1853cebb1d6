"""The records of the illustrative dataset, drawn one at a time, and the metadata beside them.

The draws happen in a fixed order per record (codes, populations, provider, format, delivery,
cost, dates and status, evaluation, reach and cost figures, location, start and end, route,
name): changing that order changes every record after it, so the functions below keep it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .checks import check_patterns
from .config import (
    COLUMNS,
    COORDINATE_SHARE,
    DEFAULT_SEED,
    FIRST_LOCKDOWN,
    STUDY_END,
    STUDY_START,
    WEEKDAYS,
)
from .inputs import (
    Locality,
    allocate_rows,
    load_lsoa_polygons,
    read_codelists,
    read_localities,
    set_locality_factors,
)
from .planning import Plan, plan_records
from .sampling import (
    draw_codes,
    draw_cost,
    draw_evaluation,
    draw_populations,
    draw_reach,
    iso,
    pick,
    point_in,
    social_model_for,
    unique_name,
)


@dataclass
class Providers:
    """Invented providers: numbered across the dataset, often reused within one district."""

    count: int = 0
    pools: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def draw(self, rng: np.random.Generator, locality: str, provider_type: str) -> str:
        """A provider of this type in this district: an earlier one (45%) or a new one."""
        pool = self.pools.setdefault((locality, provider_type), [])
        if pool and rng.random() < 0.45:
            return pool[int(rng.integers(len(pool)))]
        self.count += 1
        provider = f"Illustrative provider {self.count:03d}"
        pool.append(provider)
        return provider


def draw_status(rng: np.random.Generator, delivery: str) -> tuple[dt.date, str, str]:
    """Date last verified, status and delivery mode (changed by the first lockdown)."""
    study_days = (STUDY_END - STUDY_START).days
    verified = STUDY_START + dt.timedelta(days=int(rng.integers(0, study_days + 1)))
    status = pick(rng, {"active": 0.88, "ended": 0.05, "unknown": 0.07})
    if verified >= FIRST_LOCKDOWN and status == "active" and "face_to_face" in delivery:
        # Spring 2020: many face-to-face groups paused or moved to phone and online.
        change = pick(rng, {"paused": 0.35, "remote": 0.35, "same": 0.3})
        if change == "paused":
            status = "paused"
        elif change == "remote":
            delivery = "telephone|online"
    return verified, status, delivery


def draw_evidence(rng: np.random.Generator, fmt: str, types: str) -> dict[str, str]:
    """Evaluation fields; reach and cost figures are rare, less so where outcomes are measured."""
    outcomes, evaluation = draw_evaluation(rng)
    reach_p = 0.45 if outcomes == "yes" else 0.06
    cost_p = 0.35 if outcomes == "yes" else 0.05
    reach = draw_reach(rng, fmt, types) if rng.random() < reach_p else ""
    annual_cost = draw_cost(rng, fmt) if rng.random() < cost_p else ""
    return {
        "outcomes_measured": outcomes,
        "evaluation_level": evaluation,
        "annual_reach": reach,
        "annual_cost_gbp": annual_cost,
    }


def draw_location(rng: np.random.Generator, polygons: list) -> dict[str, str]:
    """Latitude and longitude inside one of the district's LSOAs, or blank for most records."""
    if rng.random() < COORDINATE_SHARE:
        lat, lon = point_in(rng, polygons)
        return {"latitude": f"{lat:.5f}", "longitude": f"{lon:.5f}"}
    return {"latitude": "", "longitude": ""}


def draw_dates(rng: np.random.Generator, verified: dt.date, status: str) -> dict[str, str]:
    """Start date (months to decades before verification), end date only when ended."""
    years_back = min(float(rng.exponential(6.0)), 40.0)
    start = verified - dt.timedelta(days=90 + int(years_back * 365.25))
    end = ""
    if status == "ended":
        span = (verified - start).days
        end = iso(start + dt.timedelta(days=int(rng.integers(30, span))))
    return {"start_date": iso(start), "end_date": end, "last_verified": iso(verified)}


def draw_name_stem(rng: np.random.Generator, plan: Plan) -> str:
    """The planned name, or one of the archetype's, with a weekday filled in."""
    stem = plan.name or plan.archetype.names[int(rng.integers(len(plan.archetype.names)))]
    return stem.format(day=WEEKDAYS[int(rng.integers(len(WEEKDAYS)))])


def draw_record(
    rng: np.random.Generator,
    loc: Locality,
    number: int,
    plan: Plan,
    polygons: list,
    providers: Providers,
    names_seen: Counter,
) -> dict[str, str]:
    """The ``number``-th record of a district, every field as text in template order."""
    arch = plan.archetype
    types = draw_codes(rng, arch.types, arch.extra_types)
    determinants = draw_codes(rng, arch.determinants, arch.extra_determinants)
    populations = draw_populations(rng, plan, loc)
    provider_type = pick(rng, arch.providers)
    provider = providers.draw(rng, loc.code, provider_type)
    fmt = pick(rng, arch.formats)
    delivery = pick(rng, arch.delivery)
    cost = pick(rng, arch.cost)
    verified, status, delivery = draw_status(rng, delivery)
    evidence = draw_evidence(rng, fmt, types)
    location = draw_location(rng, polygons)
    dates = draw_dates(rng, verified, status)
    route = pick(rng, {"desk_research": 0.5, "professional_network": 0.25,
                       "chain_referral": 0.15, "peer_researcher": 0.10})
    stem = draw_name_stem(rng, plan)
    return {
        "intervention_id": f"ILL-{loc.code}-{number:04d}",
        "name": unique_name(stem, loc.name, names_seen),
        "provider": provider,
        "locality_code": loc.code,
        "types": types,
        "determinants": determinants,
        "populations": populations,
        "social_model": social_model_for(types, determinants),
        "provider_type": provider_type,
        "delivery_mode": delivery,
        "format": fmt,
        "cost_to_participant": cost,
        "status": status,
        **evidence,
        **location,
        **dates,
        "identification_route": route,
        "description": f"{arch.blurb} Synthetic record for illustration only; "
        "not a real service.",
        "url": "",
        "recorded_by": "synthetic generator",
    }


def draw_records(
    rng: np.random.Generator, localities: list[Locality], assigned: dict[str, list[Plan]]
) -> list[dict[str, str]]:
    """Every planned record, district by district, numbered from 1 within each district."""
    records: list[dict[str, str]] = []
    names_seen: Counter = Counter()
    providers = Providers()
    for loc in localities:
        polygons = load_lsoa_polygons(loc.code)
        for number, plan in enumerate(assigned[loc.code], start=1):
            records.append(draw_record(rng, loc, number, plan, polygons, providers, names_seen))
    return records


def dataset_metadata(seed: int, localities: list[Locality], codelists_version: str, rows: int) -> dict:
    """The metadata written beside the CSV (``illustrative_interventions.meta.json``)."""
    return {
        "name": "Illustrative community mental-health provision (synthetic)",
        "version": "1.0.0",
        "illustrative": True,
        "notice": "Illustrative data: synthetic records generated to follow the published "
        "patterns of Duncan et al. (2021). They are not real services.",
        "generator": "scripts/generate_example_dataset.py",
        "seed": int(seed),
        "localities": [
            {"LAD24CD": loc.code, "LAD24NM": loc.name, "rows": loc.rows} for loc in localities
        ],
        "based_on": "Duncan et al., BMC Public Health 2021;21:1691",
        "codelists_version": codelists_version,
        "rows": rows,
    }


def build_dataset(seed: int = DEFAULT_SEED) -> tuple[pd.DataFrame, dict]:
    """Build the illustrative dataset.

    Args:
        seed: seed for ``numpy.random.default_rng``; the default gives the committed file.

    Returns:
        The records (every column text, blanks as ``""``, columns in exchange-template order)
        and the metadata dictionary written beside them.

    Raises:
        ValueError: when the inputs or the generated records break the published patterns.
    """
    rng = np.random.default_rng(seed)
    _, codelists_version = read_codelists()
    localities = read_localities()
    set_locality_factors(localities)
    allocate_rows(localities)
    assigned = plan_records(rng, localities)
    records = draw_records(rng, localities, assigned)
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS)).astype(str)
    metadata = dataset_metadata(seed, localities, codelists_version, len(frame))
    check_patterns(frame)
    return frame, metadata
