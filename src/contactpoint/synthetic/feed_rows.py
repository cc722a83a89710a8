"""One child as each source system records it: which sources see the child, and their mistakes."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from contactpoint.children.models import Gender, SourceType
from contactpoint.organisations.models import OrganisationKind
from contactpoint.synthetic import errors, places
from contactpoint.synthetic.specs import CarerSpec, ChildSpec, HouseholdSpec

_GENDER_CODES = {
    Gender.MALE: "m",
    Gender.FEMALE: "f",
    Gender.NOT_KNOWN: "u",
    Gender.NOT_SPECIFIED: "x",
}
_ORGANISATION_COLUMN = {
    SourceType.PUPIL_CENSUS: ("school_urn", OrganisationKind.SCHOOL),
    SourceType.GP_REGISTRATION: ("gp_practice_code", OrganisationKind.GP_PRACTICE),
}
_IDENTIFIER_COLUMN = {
    SourceType.PUPIL_CENSUS: "upn",
    SourceType.GP_REGISTRATION: "nhs_number",
    SourceType.CHILD_BENEFIT: "child_benefit_reference",
    SourceType.LA_SOCIAL_CARE: "la_reference",
}


@dataclass(frozen=True)
class Profile:
    """Of the children a source knows (those with its identifier): how many it sends, and
    how often each mistake appears in a row."""

    coverage: float
    typo_family: float
    typo_given: float
    nickname: float
    swapped_day_month: float
    moved_house: float  # the source holds a different address from ContactPoint
    missing_postcode: float  # a required field left blank: the ingest rejects the row
    first_given_only: float
    one_part_of_hyphenated: float
    former_family_name: float
    duplicate: float = 0.0  # the same child sent twice (e.g. registered at two practices)
    with_carer: bool = False


PROFILES: dict[SourceType, Profile] = {
    SourceType.PUPIL_CENSUS: Profile(0.97, 0.005, 0.005, 0.01, 0.002, 0.03, 0.002, 0.2, 0.1, 0.3),
    SourceType.GP_REGISTRATION: Profile(
        0.98, 0.01, 0.01, 0.01, 0.005, 0.08, 0.005, 0.3, 0.2, 0.5, duplicate=0.005
    ),
    SourceType.CHILD_BENEFIT: Profile(
        1.0, 0.01, 0.01, 0.005, 0.003, 0.05, 0.003, 0.4, 0.3, 0.5, with_carer=True
    ),
    SourceType.LA_SOCIAL_CARE: Profile(
        1.0, 0.03, 0.03, 0.05, 0.01, 0.1, 0.02, 0.5, 0.3, 0.4, with_carer=True
    ),
}


@dataclass
class FeedRow:
    source: SourceType
    child_key: int
    values: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def rows_for(rng: random.Random, household: HouseholdSpec, child: ChildSpec) -> Iterator[FeedRow]:
    identifiers = {source: value for source, _issuer, value in child.identifiers}
    for source, profile in PROFILES.items():
        if source not in identifiers or rng.random() >= profile.coverage:
            continue
        copies = 2 if rng.random() < profile.duplicate else 1
        for _ in range(copies):
            row = _true_row(source, household, child, identifiers[source])
            _damage(rng, profile, row, household, child)
            yield row


def _true_row(
    source: SourceType, household: HouseholdSpec, child: ChildSpec, identifier: str
) -> FeedRow:
    address = household.address
    values = {
        _IDENTIFIER_COLUMN[source]: identifier,
        "given_names": child.given_names,
        "family_name": child.family_name,
        "date_of_birth": child.date_of_birth.isoformat(),
        "gender": _GENDER_CODES[child.gender],
        "address_line1": address.line1,
        "town": address.town,
        "postcode": address.postcode,
        "la_code": household.la.code,
    }
    if source in _ORGANISATION_COLUMN:
        column, kind = _ORGANISATION_COLUMN[source]
        org = next(i.organisation for i in child.involvements if i.organisation.kind is kind)
        values[column] = org.reference
    if PROFILES[source].with_carer and household.carers:
        values.update(_carer_values(_main_carer(household.carers)))
    return FeedRow(source, child.key, values)


def _main_carer(carers: list[CarerSpec]) -> CarerSpec:
    return next((c for c in carers if c.parental_responsibility), carers[0])


def _carer_values(carer: CarerSpec) -> dict[str, str]:
    return {
        "carer_given_names": carer.given_names,
        "carer_family_name": carer.family_name,
        "carer_relationship": carer.relationship.value,
        "carer_phone": carer.phone or "",
        "carer_parental_responsibility": "yes" if carer.parental_responsibility else "no",
    }


def _damage(
    rng: random.Random, p: Profile, row: FeedRow, household: HouseholdSpec, child: ChildSpec
) -> None:
    """Apply each mistake at its rate; record the ones that changed something."""
    values = row.values

    def attempt(name: str, rate: float, column: str, damage: Callable[[str], str | None]) -> None:
        if rng.random() < rate and (damaged := damage(values[column])) not in (
            None,
            values[column],
        ):
            values[column] = damaged
            row.errors.append(name)

    former = child.former_family_name
    attempt("former_family_name", p.former_family_name, "family_name", lambda _: former)
    attempt("one_part_of_hyphenated", p.one_part_of_hyphenated, "family_name",
            lambda name: errors.one_part(rng, name))  # fmt: skip
    attempt("typo_family_name", p.typo_family, "family_name", lambda name: errors.typo(rng, name))
    attempt("nickname", p.nickname, "given_names", lambda names: errors.nickname(rng, names))
    attempt("first_given_name_only", p.first_given_only, "given_names", errors.first_given_only)
    attempt("typo_given_names", p.typo_given, "given_names", lambda names: errors.typo(rng, names))
    attempt("swapped_day_month", p.swapped_day_month, "date_of_birth", _swap_day_month)
    if rng.random() < p.moved_house:
        other = household.previous_address or places.address(rng, household.la)
        values.update(address_line1=other.line1, town=other.town, postcode=other.postcode)
        row.errors.append("moved_house")
    attempt("missing_postcode", p.missing_postcode, "postcode", lambda _: "")


def _swap_day_month(iso: str) -> str | None:
    swapped = errors.swap_day_month(date.fromisoformat(iso))
    return swapped.isoformat() if swapped else None
