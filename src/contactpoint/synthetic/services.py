"""Each local authority's schools, early-years settings, GP practices and other services.

Sizes follow England's ratios: about 280 pupils per primary school, 950 per secondary
(with sixth form), 40 two- and three-year-olds per early-years setting and 1,800 children
per GP practice. References are unique across the population by construction and in the
formats the feeds use: 6-digit school URNs, ODS-style practice codes (a letter, 5 digits).
"""

from __future__ import annotations

import random

from contactpoint.organisations.models import SENSITIVE_KINDS
from contactpoint.organisations.models import OrganisationKind as Kind
from contactpoint.organisations.models import SchoolPhase as Phase
from contactpoint.synthetic import people, places
from contactpoint.synthetic.places import LocalAuthoritySpec
from contactpoint.synthetic.specs import AreaServices, OrganisationSpec

_PRIMARY_NAMES = ("{} Primary School", "{} Community Primary School", "St {} C of E Primary School",
                  "{} Junior and Infant School", "{} Primary Academy")  # fmt: skip
_SECONDARY_NAMES = ("{} High School", "{} Academy", "{} School", "{} Community College")
_EARLY_YEARS_NAMES = (
    "{} Day Nursery",
    "Little {} Nursery",
    "{} Pre-School",
    "{} Children's Centre",
)
_GP_NAMES = ("{} Medical Centre", "{} Surgery", "{} Health Centre", "{} Family Practice")
_SAINTS = ("Mary's", "John's", "Peter's", "Paul's", "Andrew's", "Anne's", "Michael's", "Luke's")

# Services one per authority: the name, and whether it is a sensitive service (SPEC §2.9).
_AREA_SERVICES = {
    Kind.HEALTH_VISITING: "{} Health Visiting Service",
    Kind.SOCIAL_CARE: "{} Children's Social Care",
    Kind.YOUTH_OFFENDING: "{} Youth Justice Service",
    Kind.CAMHS: "{} Child and Adolescent Mental Health Service",
    Kind.VOLUNTARY: "{} Young Carers and Family Support",
    Kind.SEXUAL_HEALTH: "{} Young People's Sexual Health Clinic",
    Kind.SUBSTANCE_MISUSE: "{} Young People's Substance Misuse Service",
    Kind.MENTAL_HEALTH: "{} Young People's Counselling Service",
}


def build(
    rng: random.Random, la: LocalAuthoritySpec, la_index: int, children: int, first_key: int
) -> AreaServices:
    def count(per: float, cap: int, floor: int = 1) -> int:
        return max(floor, min(cap, round(children / per)))

    def many(
        kind: Kind, refs: list[str], patterns: tuple[str, ...], phase: Phase | None = None
    ) -> tuple[OrganisationSpec, ...]:
        return tuple(_org(rng, la, kind, ref, patterns, phase=phase) for ref in refs)

    urn = 100000 + la_index * 1000  # 6-digit school URNs: primaries 0-799, secondaries 800-999
    return AreaServices(
        la=la,
        la_number=201 + la_index,
        first_key=first_key,
        early_years=many(Kind.EARLY_YEARS,
                         [f"EY{la_index:03d}{k:03d}" for k in range(count(40 * 9, 999))],
                         _EARLY_YEARS_NAMES),
        primary=many(Kind.SCHOOL, [f"{urn + k}" for k in range(count(280 * 18 / 7, 799, 2))],
                     _PRIMARY_NAMES, Phase.PRIMARY),
        secondary=many(Kind.SCHOOL, [f"{urn + 800 + k}" for k in range(count(950 * 18 / 7, 199))],
                       _SECONDARY_NAMES, Phase.SECONDARY),
        gp=many(Kind.GP_PRACTICE, [f"P{la_index * 600 + k:05d}" for k in range(count(1800, 599))],
                _GP_NAMES),
        by_kind={
            kind: _org(rng, la, kind, f"SV{la_index:03d}{n:02d}", (pattern,), place=la.name)
            for n, (kind, pattern) in enumerate(_AREA_SERVICES.items())
        },
    )  # fmt: skip


def _org(
    rng: random.Random,
    la: LocalAuthoritySpec,
    kind: Kind,
    reference: str,
    patterns: tuple[str, ...],
    *,
    phase: Phase | None = None,
    place: str | None = None,
) -> OrganisationSpec:
    pattern = rng.choice(patterns)
    if place is None:
        place = rng.choice(_SAINTS) if pattern.startswith("St ") else _place_name(rng, la)
    return OrganisationSpec(
        reference=reference,
        kind=kind,
        name=pattern.format(place),
        phase=phase,
        phone=people.landline(rng),
        email=f"office.{reference.lower()}@{la.slug}.example.org",
        address=places.address(rng, la),
        is_sensitive=kind in SENSITIVE_KINDS,
    )


def _place_name(rng: random.Random, la: LocalAuthoritySpec) -> str:
    return places.street(rng).split()[0] if rng.random() < 0.7 else rng.choice(la.towns)
