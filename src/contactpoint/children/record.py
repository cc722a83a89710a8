"""One child's record as a practitioner sees it: never the address history or source ids.

A shielded child is read as a `LimitedRecord` (name, date of birth, gender, ContactPoint ID)
unless the caller may see the full record; the hidden fields are then never loaded at all.
Sensitive services are read as a masked placeholder for everyone but the child's LA team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from contactpoint.children.models import (
    Address,
    Carer,
    Child,
    ChildCarer,
    ChildOtherName,
    Gender,
    RecordStatus,
    Relationship,
)
from contactpoint.involvements.models import Involvement
from contactpoint.organisations.models import Organisation, OrganisationKind


@dataclass(frozen=True)
class LimitedRecord:
    child_id: int
    la_id: int
    cp_id: str
    given_names: str
    family_name: str
    date_of_birth: date
    gender: Gender
    is_shielded: bool


@dataclass(frozen=True)
class CarerEntry:
    name: str
    relationship: Relationship
    parental_responsibility: bool
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class ServiceEntry:
    """A current involvement; `masked` entries carry nothing but the fact of the service."""

    masked: bool
    involvement_id: int | None = None
    organisation_id: int | None = None
    organisation: str | None = None
    kind: OrganisationKind | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    practitioner: str | None = None
    practitioner_phone: str | None = None
    practitioner_email: str | None = None
    started_on: date | None = None
    is_lead_professional: bool = False
    caf_date: date | None = None
    caf_undertaken: bool = False


@dataclass(frozen=True)
class FullRecord:
    child: LimitedRecord
    other_names: tuple[str, ...]
    address: tuple[str, ...]  # lines, town, postcode
    carers: tuple[CarerEntry, ...]
    services: tuple[ServiceEntry, ...]

    @property
    def lead_professional(self) -> ServiceEntry | None:
        return next((s for s in self.services if s.is_lead_professional and not s.masked), None)

    @property
    def caf(self) -> ServiceEntry | None:
        return next((s for s in self.services if s.caf_undertaken and not s.masked), None)


def load_limited(session: Session, child_id: int, *, la_scope: int | None) -> LimitedRecord | None:
    """The identifying fields of an active child (within `la_scope` when given), or None."""
    query = select(
        Child.id,
        Child.la_id,
        Child.cp_id,
        Child.given_names,
        Child.family_name,
        Child.date_of_birth,
        Child.gender,
        Child.is_shielded,
    ).where(Child.id == child_id, Child.status == RecordStatus.ACTIVE)
    if la_scope is not None:
        query = query.where(Child.la_id == la_scope)
    row = session.execute(query).one_or_none()
    return LimitedRecord(*row) if row else None


def load_full(
    session: Session, child: LimitedRecord, *, show_sensitive: bool, today: date
) -> FullRecord:
    """Everything a practitioner may see; the caller has decided shielding allows it."""
    return FullRecord(
        child=child,
        other_names=_other_names(session, child.child_id),
        address=_address(session, child.child_id),
        carers=_carers(session, child.child_id),
        services=_services(session, child.child_id, show_sensitive=show_sensitive, today=today),
    )


def _other_names(session: Session, child_id: int) -> tuple[str, ...]:
    rows = session.execute(
        select(ChildOtherName.given_names, ChildOtherName.family_name)
        .where(ChildOtherName.child_id == child_id)
        .order_by(ChildOtherName.id)
    )
    return tuple(f"{given} {family}" for given, family in rows)


def _address(session: Session, child_id: int) -> tuple[str, ...]:
    row = session.execute(
        select(Address.line1, Address.line2, Address.town, Address.postcode)
        .join(Child, Child.current_address_id == Address.id)
        .where(Child.id == child_id)
    ).one_or_none()
    return tuple(part for part in row if part) if row else ()


def _carers(session: Session, child_id: int) -> tuple[CarerEntry, ...]:
    rows = session.execute(
        select(ChildCarer, Carer)
        .join(Carer, Carer.id == ChildCarer.carer_id)
        .where(ChildCarer.child_id == child_id)
        .order_by(Carer.id)
    )
    return tuple(
        CarerEntry(
            name=f"{carer.given_names} {carer.family_name}",
            relationship=link.relationship,
            parental_responsibility=link.parental_responsibility,
            phone=carer.phone,
            email=carer.email,
        )
        for link, carer in rows
    )


def _services(
    session: Session, child_id: int, *, show_sensitive: bool, today: date
) -> tuple[ServiceEntry, ...]:
    rows = session.execute(
        select(Involvement, Organisation)
        .join(Organisation, Organisation.id == Involvement.organisation_id)
        .where(
            Involvement.child_id == child_id,
            or_(Involvement.ended_on.is_(None), Involvement.ended_on >= today),
        )
        .order_by(Organisation.is_sensitive, Involvement.started_on, Involvement.id)
    )
    return tuple(
        ServiceEntry(masked=True)
        if organisation.is_sensitive and not show_sensitive
        else _service(involvement, organisation)
        for involvement, organisation in rows
    )


def _service(involvement: Involvement, organisation: Organisation) -> ServiceEntry:
    where = (organisation.address_line, organisation.town, organisation.postcode)
    return ServiceEntry(
        masked=False,
        involvement_id=involvement.id,
        organisation_id=organisation.id,
        organisation=organisation.name,
        kind=organisation.kind,
        phone=organisation.phone,
        email=organisation.email,
        address=", ".join(part for part in where if part) or None,
        practitioner=involvement.practitioner_name,
        practitioner_phone=involvement.practitioner_phone,
        practitioner_email=involvement.practitioner_email,
        started_on=involvement.started_on,
        is_lead_professional=involvement.is_lead_professional,
        caf_undertaken=involvement.caf_undertaken,
        caf_date=involvement.caf_date,
    )
