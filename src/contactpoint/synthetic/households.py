"""Families: a shared surname and address, carers, siblings spaced in years, and some twins."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from contactpoint.children.models import Gender, Relationship
from contactpoint.synthetic import people, places
from contactpoint.synthetic.places import LocalAuthoritySpec
from contactpoint.synthetic.specs import CarerSpec, ChildSpec, HouseholdSpec

SHIELDED_HOUSEHOLD_SHARE = 0.002  # shielding usually covers a whole family (e.g. a refuge)
TWIN_SHARE = 0.015  # of births: about 1 in 65 maternities in England is a multiple birth
MOVED_SHARE = 0.12  # households that moved in the last three years
RENAMED_SHARE = 0.03  # children whose family name changed (kept as a former name)
ALIAS_SHARE = 0.03  # children known by a nickname (kept as an alias)
_CHILDREN_PER_FAMILY = (1, 2, 3, 4, 5, 6)
_FAMILY_SIZE_WEIGHTS = (42, 38, 14, 4.5, 1.2, 0.3)
_STRUCTURES = ("two_parents", "lone_mother", "lone_father", "step", "grandparents", "foster")
_STRUCTURE_WEIGHTS = (62, 25, 3, 5, 3, 2)


def households(
    rng: random.Random, la: LocalAuthoritySpec, first_key: int, children: int, as_of: date
) -> Iterator[HouseholdSpec]:
    """Families until exactly `children` children exist; child keys count up from first_key."""
    key, end = first_key, first_key + children
    max_age_days = (as_of - _years_before(as_of, 18)).days - 1
    while key < end:
        births = _birth_dates(rng, as_of, max_age_days)[: end - key]
        household = _household(rng, la, as_of, key, births)
        key += len(household.children)
        yield household


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _birth_dates(rng: random.Random, as_of: date, max_age_days: int) -> list[tuple[date, bool]]:
    """Birth dates eldest first, each flagged when it is one of a pair of twins.

    The family's births are placed anywhere in a window wider than childhood, and only the
    children aged 0–17 on `as_of` are kept (the rest are unborn or adults): so ages are
    spread evenly over 0–17 even though siblings cluster.
    """
    while True:
        wanted = rng.choices(_CHILDREN_PER_FAMILY, weights=_FAMILY_SIZE_WEIGHTS)[0]
        offsets = [0]
        for _ in range(wanted - 1):
            offsets.append(offsets[-1] + int(rng.triangular(1.1, 7.0, 2.4) * 365.25))
        youngest_age = rng.randrange(-offsets[-1], max_age_days)
        births: list[tuple[date, bool]] = []
        for offset in offsets:
            age = youngest_age + offsets[-1] - offset
            if not 0 <= age < max_age_days:
                continue
            born = as_of - timedelta(days=age)
            twins = rng.random() < TWIN_SHARE
            births += [(born, True), (born, True)] if twins else [(born, False)]
        if births:
            return births


def _household(
    rng: random.Random,
    la: LocalAuthoritySpec,
    as_of: date,
    key: int,
    births: list[tuple[date, bool]],
) -> HouseholdSpec:
    surname, second_parent_surname = people.household_family_name(rng)
    structure = rng.choices(_STRUCTURES, weights=_STRUCTURE_WEIGHTS)[0]
    moved = rng.random() < MOVED_SHARE
    children = _children(rng, key, births, surname)
    return HouseholdSpec(
        la=la,
        address=places.address(rng, la),
        moved_in=as_of - timedelta(days=rng.randrange(30, 3 * 365)) if moved else None,
        previous_address=places.address(rng, la) if moved else None,
        is_shielded=rng.random() < SHIELDED_HOUSEHOLD_SHARE,
        carers=_carers(rng, structure, surname, second_parent_surname),
        children=children,
    )


def _children(
    rng: random.Random, key: int, births: list[tuple[date, bool]], surname: str
) -> list[ChildSpec]:
    renamed_from = people.family_name(rng) if rng.random() < RENAMED_SHARE else None
    children: list[ChildSpec] = []
    for offset, (born, is_twin) in enumerate(births):
        gender = people.draw_gender(rng)
        twin_name = children[-1].given_names.split()[0] if is_twin and children else ""
        names = people.given_names(rng, gender, avoid=twin_name)
        alias = people.nickname(rng, names.split()[0]) if rng.random() < ALIAS_SHARE else None
        children.append(
            ChildSpec(
                key=key + offset,
                given_names=names,
                family_name=surname,
                gender=gender,
                date_of_birth=born,
                is_twin=is_twin,
                former_family_name=renamed_from if renamed_from != surname else None,
                alias_given_name=alias,
            )
        )
    return children


def _carers(
    rng: random.Random, structure: str, surname: str, second_surname: str | None
) -> list[CarerSpec]:
    parent_surname = surname.split("-", maxsplit=1)[0]

    def mother() -> CarerSpec:
        surname = parent_surname if rng.random() < 0.85 else people.family_name(rng)
        return _carer(rng, Gender.FEMALE, surname, Relationship.MOTHER, True)

    def father() -> CarerSpec:
        surname = second_surname or parent_surname
        return _carer(rng, Gender.MALE, surname, Relationship.FATHER, True)

    if structure == "two_parents":
        return [mother(), father()]
    if structure == "lone_mother":
        return [mother()]
    if structure == "lone_father":
        return [father()]
    if structure == "step":
        step_surname = people.family_name(rng)
        return [mother(), _carer(rng, Gender.MALE, step_surname, Relationship.STEP_PARENT, False)]
    if structure == "grandparents":
        return [_carer(rng, Gender.FEMALE, parent_surname, Relationship.GRANDPARENT, True)]
    foster_surname = people.family_name(rng)
    return [_carer(rng, Gender.FEMALE, foster_surname, Relationship.FOSTER_CARER, False)]


def _carer(
    rng: random.Random, gender: Gender, surname: str, relationship: Relationship, pr: bool
) -> CarerSpec:
    given = people.first_name(rng, gender)
    return CarerSpec(
        given_names=given,
        family_name=surname,
        relationship=relationship,
        parental_responsibility=pr,
        phone=people.mobile(rng) if rng.random() < 0.9 else None,
        email=people.email(rng, given, surname) if rng.random() < 0.6 else None,
    )
