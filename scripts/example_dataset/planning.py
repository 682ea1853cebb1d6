"""Which record goes to which district: archetype counts spread over the district quotas."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from .archetypes import ARCHETYPES, INTERSECTIONAL, Archetype
from .config import TOTAL_ROWS
from .inputs import Locality


@dataclass
class Plan:
    """One planned record before its details are drawn."""

    archetype: Archetype
    populations: str | None = None
    name: str | None = None
    affinity: str | None = None


def plan_records(rng: np.random.Generator, localities: list[Locality]) -> dict[str, list[Plan]]:
    """Assign every planned record to a district, filling each district's quota exactly.

    Records whose archetype prefers a kind of place (older, diverse, LGB+...) are placed first,
    with probability proportional to free slots times the district factor; the rest fill the
    remaining slots at random.
    """
    by_key = {a.key: a for a in ARCHETYPES}
    plans: list[Plan] = []
    used = Counter()
    for key, pops, name, affinity in INTERSECTIONAL:
        plans.append(Plan(by_key[key], pops, name, affinity))
        used[key] += 1
    for archetype in ARCHETYPES:
        remaining = archetype.count - used[archetype.key]
        if remaining < 0:
            raise ValueError(f"Too many intersectional rows for {archetype.key}.")
        plans.extend(Plan(archetype, affinity=archetype.affinity) for _ in range(remaining))
    if len(plans) != sum(loc.rows for loc in localities):
        raise ValueError(f"Archetype counts sum to {len(plans)}, not {TOTAL_ROWS}.")

    free = np.array([loc.rows for loc in localities], dtype=float)
    assigned: dict[str, list[Plan]] = {loc.code: [] for loc in localities}
    steered = [p for p in plans if p.affinity]
    unsteered = [p for p in plans if not p.affinity]
    for plan in steered:
        factor = np.array([loc.factors[plan.affinity] for loc in localities])
        weights = free * factor
        index = int(rng.choice(len(localities), p=weights / weights.sum()))
        assigned[localities[index].code].append(plan)
        free[index] -= 1
    slots = np.repeat(np.arange(len(localities)), free.astype(int))
    rng.shuffle(slots)
    for plan, index in zip(unsteered, slots, strict=True):
        assigned[localities[int(index)].code].append(plan)
    for loc in localities:
        order = rng.permutation(len(assigned[loc.code]))
        assigned[loc.code] = [assigned[loc.code][i] for i in order]
    return assigned
