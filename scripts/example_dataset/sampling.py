"""Seeded draws of single fields: weighted choices, points, codes, evaluation, reach and cost.

Every draw takes the generator's ``numpy.random.Generator``; the order of the calls fixes the
output, so the same seed gives the same records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import shapely

from .inputs import Locality
from .planning import Plan


def pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    """One key drawn with probability proportional to its weight."""
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def point_in(rng: np.random.Generator, polygons: list) -> tuple[float, float]:
    """A point (lat, lon, 5 decimals) uniform inside a random LSOA, still inside once rounded."""
    polygon = polygons[int(rng.integers(len(polygons)))]
    minx, miny, maxx, maxy = polygon.bounds
    while True:
        x = round(float(rng.uniform(minx, maxx)), 5)
        y = round(float(rng.uniform(miny, maxy)), 5)
        if shapely.contains_xy(polygon, x, y):
            return y, x


def iso(day: dt.date) -> str:
    """ISO date text."""
    return day.isoformat()


POPULATION_FACTOR = {
    "older_adults": "older",
    "minority_ethnic": "minority",
    "refugees_migrants": "minority",
    "lgbtq": "lgb",
    "carers": "carers",
    "disabled": "disabled",
}


def draw_populations(rng: np.random.Generator, plan: Plan, loc: Locality) -> str:
    """Primary population weighted by the district's census shares, plus circumstance groups."""
    if plan.populations:
        return plan.populations
    weights = {
        code: weight * loc.factors.get(POPULATION_FACTOR.get(code, ""), 1.0)
        for code, weight in plan.archetype.populations.items()
    }
    primary = pick(rng, weights)
    codes = [primary]
    if primary != "all_adults":
        for code, probability in plan.archetype.secondary:
            if code != primary and rng.random() < probability:
                codes.append(code)
    return "|".join(codes)


def draw_codes(rng: np.random.Generator, first: tuple[str, ...], extra) -> str:
    """Fixed codes then optional extras, without duplicates."""
    codes = list(first)
    for code, probability in extra:
        if rng.random() < probability and code not in codes:
            codes.append(code)
    return "|".join(codes)


RELATIONAL_TYPES = {"social_activities", "befriending", "peer_support", "helpline_listening",
                    "arts_creative", "physical_activity", "green_space_animals"}
DETERMINANT_ACTION_TYPES = {"community_linking", "food_security", "employment_learning",
                            "housing_support", "advocacy_rights", "psychoeducation"}
JUSTICE_TYPES = {"advocacy_rights", "awareness_anti_stigma", "community_development"}
JUSTICE_DETERMINANTS = {"ethnic_discrimination", "lgbtq_discrimination"}


def social_model_for(types: str, determinants: str) -> str:
    """Social-model components implied by the types and determinants, in code-list order."""
    t = set(types.split("|"))
    d = set(determinants.split("|"))
    parts = []
    if t & RELATIONAL_TYPES:
        parts.append("relational_support")
    if t & DETERMINANT_ACTION_TYPES or d & {"financial_stress", "unemployment", "housing",
                                            "food_insecurity", "living_environment"}:
        parts.append("social_determinants")
    if t & JUSTICE_TYPES or d & JUSTICE_DETERMINANTS:
        parts.append("justice_rights")
    return "|".join(parts or ["relational_support"])


def draw_evaluation(rng: np.random.Generator) -> tuple[str, str]:
    """outcomes_measured and evaluation_level: mostly unknown, a few published or independent."""
    outcomes = pick(rng, {"": 0.60, "unknown": 0.22, "no": 0.07, "yes": 0.11})
    if outcomes == "yes":
        level = pick(rng, {"monitoring": 0.3, "internal": 0.35, "independent": 0.2,
                           "published": 0.15})
    elif outcomes == "no":
        level = pick(rng, {"none": 0.6, "monitoring": 0.3, "unknown": 0.1})
    else:
        level = pick(rng, {"unknown": 0.84, "": 0.1, "monitoring": 0.06})
    return outcomes, level


def draw_reach(rng: np.random.Generator, fmt: str, types: str) -> str:
    """People reached a year, rounded as a provider would report it."""
    if "helpline_listening" in types or fmt == "population":
        value = rng.integers(200, 3000)
        step = 50
    elif fmt == "individual":
        value = rng.integers(20, 400)
        step = 5
    else:
        value = rng.integers(12, 160)
        step = 1
    return str(int(round(int(value) / step) * step))


def draw_cost(rng: np.random.Generator, fmt: str) -> str:
    """Annual cost in pounds, rounded to hundreds."""
    low, high = {"group": (800, 30000), "population": (5000, 80000)}.get(fmt, (10000, 220000))
    return str(int(round(float(rng.uniform(low, high)) / 100) * 100))


def unique_name(stem: str, place: str, seen: Counter) -> str:
    """``Illustrative: <stem> (<place>)``, numbered when the same name recurs."""
    base = f"{stem} ({place})"
    seen[base] += 1
    if seen[base] > 1:
        base = f"{stem} {seen[base]} ({place})"
    return f"Illustrative: {base}"
