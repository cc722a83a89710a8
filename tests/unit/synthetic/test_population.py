"""The synthetic population looks like England's children, and the same seed gives the same one."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date

import pytest

from contactpoint.organisations.models import OrganisationKind
from contactpoint.synthetic.assign import age_on
from contactpoint.synthetic.load import batches
from contactpoint.synthetic.places import LOCAL_AUTHORITIES, share_children
from contactpoint.synthetic.population import Plan, areas
from contactpoint.synthetic.specs import HouseholdSpec

AS_OF = date(2026, 1, 10)


def families(seed: int = 7, children: int = 20_000, las: int = 3) -> list[HouseholdSpec]:
    plan = Plan(seed=seed, children=children, local_authorities=las, as_of=AS_OF)
    return [family for _area, stream in areas(plan) for family in stream]


@pytest.fixture(scope="module")
def population() -> list[HouseholdSpec]:
    return families()


def fingerprint(households: list[HouseholdSpec]) -> list[tuple[object, ...]]:
    return [
        (c.key, c.given_names, c.family_name, c.date_of_birth, h.address.postcode, *c.identifiers)
        for h in households
        for c in h.children
    ]


def test_the_same_seed_gives_the_same_population(population: list[HouseholdSpec]) -> None:
    assert fingerprint(families()) == fingerprint(population)


def test_a_different_seed_gives_a_different_population(population: list[HouseholdSpec]) -> None:
    other = fingerprint(families(seed=8))
    same = sum(a == b for a, b in zip(other, fingerprint(population), strict=True))
    assert same < len(other) / 100


def test_exactly_the_children_asked_for_with_distinct_keys(population: list[HouseholdSpec]) -> None:
    keys = [child.key for family in population for child in family.children]
    assert sorted(keys) == list(range(20_000))


def test_ages_spread_evenly_over_0_to_17(population: list[HouseholdSpec]) -> None:
    ages = Counter(age_on(c.date_of_birth, AS_OF) for f in population for c in f.children)
    assert set(ages) == set(range(18))
    expected = 20_000 / 18
    assert all(0.8 * expected < ages[age] < 1.2 * expected for age in range(18))


def test_about_one_child_in_500_is_shielded(population: list[HouseholdSpec]) -> None:
    shielded = sum(len(f.children) for f in population if f.is_shielded)
    assert 0.0005 < shielded / 20_000 < 0.006


def test_siblings_share_a_family_name_and_an_address(population: list[HouseholdSpec]) -> None:
    with_siblings = [f for f in population if len(f.children) > 1]
    assert len(with_siblings) > len(population) / 4
    for family in with_siblings:
        assert len({child.family_name for child in family.children}) == 1


def test_twins_share_a_birthday_but_not_a_first_name(population: list[HouseholdSpec]) -> None:
    twin_pairs = 0
    for family in population:
        for a, b in itertools.pairwise(family.children):
            if a.is_twin and b.is_twin and a.date_of_birth == b.date_of_birth:
                twin_pairs += 1
                assert a.given_names.split()[0] != b.given_names.split()[0]
    assert 50 < twin_pairs < 400  # about 1.5% of births


def test_names_follow_their_frequencies(population: list[HouseholdSpec]) -> None:
    surnames = Counter(f.children[0].family_name for f in population)
    assert surnames.most_common(1)[0][0] == "Smith"
    assert surnames["Smith"] > 2 * surnames["Taylor"] > 0
    assert surnames["Jones"] > surnames["Kowalski"]
    girls = Counter(
        c.given_names.split()[0] for f in population for c in f.children if c.gender == "female"
    )
    assert girls["Olivia"] > 5 * girls["Tamara"]
    assert len(girls) > 150  # a long tail, not a handful of names
    assert any("-" in f.children[0].family_name for f in population)  # double-barrelled names


def test_every_child_has_a_gp_and_school_age_children_a_school(
    population: list[HouseholdSpec],
) -> None:
    for child in (c for f in population for c in f.children):
        kinds = [i.organisation.kind for i in child.involvements]
        assert OrganisationKind.GP_PRACTICE in kinds
        if 5 <= age_on(child.date_of_birth, AS_OF) < 16:
            assert OrganisationKind.SCHOOL in kinds
        if age_on(child.date_of_birth, AS_OF) < 2:
            assert OrganisationKind.HEALTH_VISITING in kinds


def test_a_few_children_have_sensitive_services_and_at_most_one_lead(
    population: list[HouseholdSpec],
) -> None:
    children = [c for f in population for c in f.children]
    sensitive = [c for c in children if any(i.organisation.is_sensitive for i in c.involvements)]
    assert 0.001 < len(sensitive) / len(children) < 0.03
    leads = [
        sum(i.is_lead_professional and i.ended_on is None for i in c.involvements) for c in children
    ]
    assert max(leads) == 1
    assert sum(leads) > 100


def test_children_are_shared_between_authorities_by_their_real_size() -> None:
    shares = {la.code: n for la, n in share_children(1_000_000, len(LOCAL_AUTHORITIES))}
    assert sum(shares.values()) == 1_000_000
    assert shares["E08000025"] > 4 * shares["E08000005"]  # Birmingham, Rochdale
    assert len(LOCAL_AUTHORITIES) >= 150
    assert LOCAL_AUTHORITIES[0].name == "Rochdale"


def test_the_population_is_a_lazy_stream() -> None:
    """A billion children cost nothing until they are read: nothing is built up front."""
    plan = Plan(seed=1, children=10**9, local_authorities=len(LOCAL_AUTHORITIES), as_of=AS_OF)
    _area, stream = next(areas(plan))
    first = list(itertools.islice(stream, 100))
    assert len(first) == 100


def test_batches_hold_whole_families_and_stay_bounded(population: list[HouseholdSpec]) -> None:
    sizes = []
    seen = 0
    for batch in batches(iter(population), 500):
        sizes.append(sum(len(f.children) for f in batch))
        seen += len(batch)
    assert seen == len(population)
    assert max(sizes) < 500 + 8  # at most one family beyond the limit
    assert len(sizes) >= 20_000 // 510
