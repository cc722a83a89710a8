"""Which services work with each child, and the identifiers the source systems know them by.

Every child has a GP practice. Every child has an educational setting from age 4 (and most
from 2); under-5s have the health-visiting service instead or as well. Other services
reach a few percent, sensitive services a few in a thousand.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from contactpoint.children.models import SourceType
from contactpoint.organisations.models import OrganisationKind as Kind
from contactpoint.synthetic import identifiers, people
from contactpoint.synthetic.specs import (
    AreaServices,
    ChildSpec,
    Contact,
    HouseholdSpec,
    InvolvementSpec,
    OrganisationSpec,
)

NATIONAL = "national"
SOCIAL_CARE_HOUSEHOLD_SHARE = 0.025  # children in need: about 3.4% of children in England
CAF_HOUSEHOLD_SHARE = 0.03
CHILD_BENEFIT_SHARE = 0.96
# Services reached child by child: (kind, youngest age, share, share with a named practitioner)
_OTHER_SERVICES = (
    (Kind.YOUTH_OFFENDING, 10, 0.004, 1.0),
    (Kind.CAMHS, 5, 0.02, 0.6),
    (Kind.VOLUNTARY, 0, 0.015, 0.5),
    (Kind.SEXUAL_HEALTH, 13, 0.004, 0.5),
    (Kind.SUBSTANCE_MISUSE, 12, 0.002, 0.7),
    (Kind.MENTAL_HEALTH, 11, 0.004, 0.7),
)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def school_year_start(born: date, years_old: int) -> date:
    """1 September of the school year a child starts at `years_old` (rising on 1 September)."""
    year = born.year + years_old + (1 if (born.month, born.day) >= (9, 1) else 0)
    return date(year, 9, 1)


def assign(
    rng: random.Random, household: HouseholdSpec, services: AreaServices, as_of: date
) -> None:
    """Fill in each child's involvements and source identifiers, in place."""
    primary, secondary = rng.choice(services.primary), rng.choice(services.secondary)
    nursery, gp = rng.choice(services.early_years), rng.choice(services.gp)
    in_social_care = rng.random() < SOCIAL_CARE_HOUSEHOLD_SHARE
    has_caf = rng.random() < CAF_HOUSEHOLD_SHARE
    claim = household.children[0].key
    for place, child in enumerate(household.children, start=1):
        age = age_on(child.date_of_birth, as_of)
        born = child.date_of_birth
        child.involvements.append(
            _involvement(rng, gp, born + timedelta(days=rng.randrange(7, 60)))
        )
        child.identifiers.append(
            (SourceType.GP_REGISTRATION, NATIONAL, identifiers.nhs_number(child.key))
        )
        if age < 5:
            health_visiting = services.by_kind[Kind.HEALTH_VISITING]
            child.involvements.append(
                _involvement(rng, health_visiting, born + timedelta(days=10), 0.8)
            )
        setting = _education(
            rng, child, as_of=as_of, nursery=nursery, primary=primary, secondary=secondary
        )
        if setting is not None:
            child.involvements.append(setting)
            if setting.organisation.kind is Kind.SCHOOL:
                pupil = child.key - services.first_key
                upn = identifiers.upn(services.la_number, pupil, setting.started_on.year)
                child.identifiers.append((SourceType.PUPIL_CENSUS, NATIONAL, upn))
        if rng.random() < CHILD_BENEFIT_SHARE:
            reference = identifiers.child_benefit_reference(claim, place)
            child.identifiers.append((SourceType.CHILD_BENEFIT, NATIONAL, reference))
        _other_services(rng, child, age, services, as_of)
        if in_social_care and rng.random() < 0.85:
            _social_care(rng, child, services, as_of)
        _lead_professional(rng, child, has_caf, as_of)


def _education(
    rng: random.Random,
    child: ChildSpec,
    *,
    as_of: date,
    nursery: OrganisationSpec,
    primary: OrganisationSpec,
    secondary: OrganisationSpec,
) -> InvolvementSpec | None:
    """The setting for the child's school year: early years, primary from reception, secondary."""
    born = child.date_of_birth
    if as_of >= school_year_start(born, 16) and rng.random() > 0.85:
        return None  # left school at 16 for college, training or work
    if as_of >= (started := school_year_start(born, 11)):
        return _involvement(rng, secondary, started, 0.1)
    if as_of >= (started := school_year_start(born, 4)):
        return _involvement(rng, primary, started, 0.1)
    if age_on(born, as_of) >= 2 and rng.random() < 0.75:
        started = born + timedelta(days=731 + rng.randrange(120))
        return _involvement(rng, nursery, min(started, as_of), 0.2)
    return None


def _other_services(
    rng: random.Random, child: ChildSpec, age: int, services: AreaServices, as_of: date
) -> None:
    for kind, youngest, share, named in _OTHER_SERVICES:
        if age >= youngest and rng.random() < share:
            started = as_of - timedelta(days=rng.randrange(14, 700))
            child.involvements.append(_involvement(rng, services.by_kind[kind], started, named))


def _social_care(rng: random.Random, child: ChildSpec, services: AreaServices, as_of: date) -> None:
    started = max(child.date_of_birth, as_of - timedelta(days=rng.randrange(14, 900)))
    involvement = _involvement(rng, services.by_kind[Kind.SOCIAL_CARE], started, 0.95)
    if rng.random() < 0.2:  # a closed case: kept with its end date, never the lead
        involvement.ended_on = min(as_of, started + timedelta(days=rng.randrange(30, 400)))
    child.involvements.append(involvement)
    reference = identifiers.social_care_reference(child.key)
    child.identifiers.append((SourceType.LA_SOCIAL_CARE, services.la.code, reference))


def _lead_professional(rng: random.Random, child: ChildSpec, has_caf: bool, as_of: date) -> None:
    """At most one current lead: the social worker if allocated, else a CAF's lead."""
    current = [i for i in child.involvements if i.ended_on is None]
    social_care = [i for i in current if i.organisation.kind is Kind.SOCIAL_CARE and i.practitioner]
    if social_care and rng.random() < 0.7:
        social_care[0].is_lead_professional = True
        return
    if has_caf and rng.random() < 0.8:
        lead = rng.choice(
            [i for i in current if i.organisation.kind is not Kind.GP_PRACTICE] or current
        )
        lead.caf_date = max(lead.started_on, as_of - timedelta(days=rng.randrange(10, 500)))
        lead.is_lead_professional = True
        if lead.practitioner is None:
            lead.practitioner = _practitioner(rng, lead.organisation)


def _involvement(
    rng: random.Random, organisation: OrganisationSpec, started: date, named: float = 0.0
) -> InvolvementSpec:
    practitioner = _practitioner(rng, organisation) if rng.random() < named else None
    return InvolvementSpec(organisation=organisation, started_on=started, practitioner=practitioner)


def _practitioner(rng: random.Random, organisation: OrganisationSpec) -> Contact:
    gender = people.draw_gender(rng)
    given, family = people.first_name(rng, gender), people.family_name(rng)
    domain = organisation.email.split("@")[1]
    local = "".join(ch for ch in f"{given}.{family}".lower() if ch.isalpha() or ch == ".")
    return Contact(name=f"{given} {family}", phone=people.mobile(rng), email=f"{local}@{domain}")
