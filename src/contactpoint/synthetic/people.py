"""Names and contact details drawn with realistic frequencies."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

from contactpoint.children.models import Gender
from contactpoint.synthetic.family_names import FAMILY_NAMES, FAMILY_WEIGHTS, HYPHENATED_SHARE
from contactpoint.synthetic.given_names import (
    FEMALE_NAMES,
    FEMALE_WEIGHTS,
    MALE_NAMES,
    MALE_WEIGHTS,
)
from contactpoint.synthetic.variants import variants_of

MIDDLE_NAME_SHARE = 0.55


class _Weighted:
    """Draws from a fixed list with fixed weights; cumulative weights make each draw O(log n)."""

    def __init__(self, names: Sequence[str], weights: Sequence[int]) -> None:
        self.names = list(names)
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cumulative)[0]


_FEMALE = _Weighted(FEMALE_NAMES, FEMALE_WEIGHTS)
_MALE = _Weighted(MALE_NAMES, MALE_WEIGHTS)
_FAMILY = _Weighted(FAMILY_NAMES, FAMILY_WEIGHTS)


def draw_gender(rng: random.Random) -> Gender:
    roll = rng.random()
    if roll < 0.001:
        return Gender.NOT_KNOWN
    return Gender.MALE if roll < 0.512 else Gender.FEMALE


def first_name(rng: random.Random, gender: Gender, avoid: str = "") -> str:
    pool = _FEMALE if gender is Gender.FEMALE else _MALE
    if gender not in (Gender.FEMALE, Gender.MALE):
        pool = rng.choice((_FEMALE, _MALE))
    name = pool.draw(rng)
    while name == avoid:  # twins and siblings are not given the same first name
        name = pool.draw(rng)
    return name


def given_names(rng: random.Random, gender: Gender, avoid: str = "") -> str:
    first = first_name(rng, gender, avoid)
    if rng.random() < MIDDLE_NAME_SHARE:
        return f"{first} {first_name(rng, gender, avoid=first)}"
    return first


def family_name(rng: random.Random) -> str:
    return _FAMILY.draw(rng)


def household_family_name(rng: random.Random) -> tuple[str, str | None]:
    """The children's family name, and for double-barrelled names the second parent's part."""
    first = _FAMILY.draw(rng)
    if rng.random() < HYPHENATED_SHARE:
        second = _FAMILY.draw(rng)
        if second != first:
            return f"{first}-{second}", second
    return first, None


def nickname(rng: random.Random, name: str) -> str | None:
    options = variants_of(name)
    return rng.choice(options) if options else None


def mobile(rng: random.Random) -> str:
    """A number from Ofcom's range reserved for fiction: it can never ring anyone."""
    return f"07700 900{rng.randrange(1000):03d}"


def landline(rng: random.Random) -> str:
    return f"01632 960{rng.randrange(1000):03d}"  # Ofcom's drama range, no area


def email(rng: random.Random, given: str, family: str) -> str:
    local = "".join(ch for ch in f"{given}.{family}".lower() if ch.isalpha() or ch == ".")
    return f"{local}{rng.randrange(100)}@example.com"
