"""The whole synthetic population as a stream: one local authority at a time, family by family.

Nothing is held beyond the current family and the current authority's organisations, so
memory stays flat however many children are asked for. Each authority draws from its own
random stream seeded by (seed, authority), so the same seed always gives the same people.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from contactpoint.synthetic import households, places, services
from contactpoint.synthetic.assign import assign
from contactpoint.synthetic.specs import AreaServices, HouseholdSpec


@dataclass(frozen=True)
class Plan:
    seed: int
    children: int
    local_authorities: int
    as_of: date  # ages, school years and dates are reckoned from this day

    def __post_init__(self) -> None:
        if self.children < 0:
            raise ValueError("the number of children cannot be negative")
        places.share_children(0, self.local_authorities)  # raises on an impossible count


Area = tuple[AreaServices, Iterator[HouseholdSpec]]


def seeded(*parts: object) -> random.Random:
    """A random stream fixed by its parts: synthetic data, so not a cryptographic generator."""
    return random.Random(":".join(map(str, parts)))  # noqa: S311


def areas(plan: Plan) -> Iterator[Area]:
    """Each authority's organisations with a lazy stream of its families."""
    first_key = 0
    for index, (la, count) in enumerate(
        places.share_children(plan.children, plan.local_authorities)
    ):
        setup = seeded(plan.seed, la.code, "services")
        area = services.build(setup, la, index, count, first_key)
        yield area, _families(seeded(plan.seed, la.code), area, count, plan.as_of)
        first_key += count


def _families(
    rng: random.Random, area: AreaServices, count: int, as_of: date
) -> Iterator[HouseholdSpec]:
    for household in households.households(rng, area.la, area.first_key, count, as_of):
        assign(rng, household, area, as_of)
        yield household
