"""Writing a feed row into the index: a new child, or an update to a matched one.

Actions never commit: the ingest pipeline commits once per batch, with every row's audit
event, so a batch is applied entirely or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, record
from contactpoint.children.models import (
    Address,
    Carer,
    Child,
    ChildAddress,
    ChildCarer,
    ChildOtherName,
    OtherNameKind,
    SourceIdentifier,
)
from contactpoint.feeds.events import ChildCreatedFromFeed, ChildUpdatedFromFeed
from contactpoint.feeds.involvement import ensure_involvement
from contactpoint.feeds.models import ChildField, ChildFieldSource, Feed
from contactpoint.feeds.precedence import may_overwrite
from contactpoint.feeds.schemas import AddressIn, FeedRecord


@dataclass(frozen=True)
class Placement:
    """What the row resolves to in the database: its LA and (if any) its organisation."""

    la_id: int
    organisation_id: int | None


def create_child(
    session: Session, rec: FeedRecord, *, cp_id: str, at: Placement, feed: Feed, by: Actor
) -> Child:
    address = _new_address(session, rec.address, at.la_id)
    child = Child(
        cp_id=cp_id,
        given_names=rec.given_names,
        family_name=rec.family_name,
        gender=rec.gender,
        date_of_birth=rec.date_of_birth,
        la_id=at.la_id,
        current_address_id=address.id,
    )
    session.add(child)
    session.flush()
    session.add(ChildAddress(child_id=child.id, address_id=address.id, moved_in=feed.as_of))
    for field in ChildField:
        session.add(ChildFieldSource(child_id=child.id, field=field, source=rec.source))
    _attach_identifier(session, child.id, rec)
    _attach_carer(session, child.id, rec)
    if at.organisation_id is not None:
        ensure_involvement(session, child.id, at.organisation_id, since=feed.as_of)
    record(
        session,
        "feeds:child:created",
        ChildCreatedFromFeed(feed_id=feed.id, line=rec.line),
        by=by,
        child_ref=child.id,
    )
    return child


def update_child(
    session: Session, child: Child, rec: FeedRecord, *, at: Placement, feed: Feed, by: Actor
) -> tuple[list[str], int]:
    """Apply the row to a matched child; returns the fields changed and the conflicts seen."""
    holders = {
        s.field: s.source
        for s in session.scalars(
            select(ChildFieldSource).where(ChildFieldSource.child_id == child.id)
        )
    }
    changed: list[str] = []
    conflicts = 0
    for field, differs in _differences(session, child, rec).items():
        if not differs:
            continue
        if not may_overwrite(field, rec.source, holders.get(field)):
            conflicts += 1
            continue
        _apply_field(session, child, rec, field, at=at, feed=feed)
        session.merge(ChildFieldSource(child_id=child.id, field=field, source=rec.source))
        changed.append(field.value)
    if _attach_identifier(session, child.id, rec):
        changed.append("identifier")
    if _attach_carer(session, child.id, rec):
        changed.append("carer")
    if at.organisation_id is not None and ensure_involvement(
        session, child.id, at.organisation_id, since=feed.as_of
    ):
        changed.append("involvement")
    if changed:
        details = ChildUpdatedFromFeed(feed_id=feed.id, line=rec.line, fields=changed)
        record(session, "feeds:child:updated", details, by=by, child_ref=child.id)
    return changed, conflicts


def _differences(session: Session, child: Child, rec: FeedRecord) -> dict[ChildField, bool]:
    address = session.get(Address, child.current_address_id) if child.current_address_id else None
    return {
        ChildField.NAMES: (child.given_names, child.family_name)
        != (rec.given_names, rec.family_name),
        ChildField.DATE_OF_BIRTH: child.date_of_birth != rec.date_of_birth,
        ChildField.GENDER: child.gender != rec.gender,
        ChildField.ADDRESS: address is None
        or (address.line1.upper(), address.postcode)
        != (rec.address.line1.upper(), rec.address.postcode),
    }


def _apply_field(
    session: Session, child: Child, rec: FeedRecord, field: ChildField, *, at: Placement, feed: Feed
) -> None:
    if field is ChildField.NAMES:
        former = ChildOtherName(
            child_id=child.id,
            kind=OtherNameKind.FORMER,
            given_names=child.given_names,
            family_name=child.family_name,
        )
        session.add(former)
        child.given_names, child.family_name = rec.given_names, rec.family_name
    elif field is ChildField.DATE_OF_BIRTH:
        child.date_of_birth = rec.date_of_birth
    elif field is ChildField.GENDER:
        child.gender = rec.gender
    else:
        _move_house(session, child, rec.address, at.la_id, feed)


def _move_house(session: Session, child: Child, new: AddressIn, la_id: int, feed: Feed) -> None:
    current = session.scalars(
        select(ChildAddress).where(
            ChildAddress.child_id == child.id, ChildAddress.moved_out.is_(None)
        )
    ).all()
    for entry in current:
        entry.moved_out = feed.as_of
    address = _new_address(session, new, la_id)
    session.add(ChildAddress(child_id=child.id, address_id=address.id, moved_in=feed.as_of))
    child.current_address_id = address.id
    child.la_id = la_id


def _new_address(session: Session, new: AddressIn, la_id: int) -> Address:
    address = Address(
        line1=new.line1, line2=new.line2, town=new.town, postcode=new.postcode, la_id=la_id
    )
    session.add(address)
    session.flush()
    return address


def _attach_identifier(session: Session, child_id: int, rec: FeedRecord) -> bool:
    existing = session.scalars(
        select(SourceIdentifier).where(
            SourceIdentifier.source == rec.source,
            SourceIdentifier.issuer == rec.issuer,
            SourceIdentifier.value == rec.identifier,
        )
    ).first()
    if existing is not None:
        return False
    session.add(
        SourceIdentifier(
            child_id=child_id, source=rec.source, issuer=rec.issuer, value=rec.identifier
        )
    )
    return True


def _attach_carer(session: Session, child_id: int, rec: FeedRecord) -> bool:
    if rec.carer is None:
        return False
    known = session.execute(
        select(Carer.given_names, Carer.family_name)
        .join(ChildCarer, ChildCarer.carer_id == Carer.id)
        .where(ChildCarer.child_id == child_id)
    ).all()
    wanted = (rec.carer.given_names.upper(), rec.carer.family_name.upper())
    if any((g.upper(), f.upper()) == wanted for g, f in known):
        return False
    carer = Carer(
        given_names=rec.carer.given_names, family_name=rec.carer.family_name, phone=rec.carer.phone
    )
    session.add(carer)
    session.flush()
    session.add(
        ChildCarer(
            child_id=child_id,
            carer_id=carer.id,
            relationship=rec.carer.relationship,
            parental_responsibility=rec.carer.parental_responsibility,
        )
    )
    return True
