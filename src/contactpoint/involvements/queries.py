"""Reads for recording involvement. A practitioner acts only on their own organisation's
involvements: the organisation is part of every query, so another's is simply not found."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from contactpoint.involvements.models import Involvement
from contactpoint.organisations.models import Organisation


def own_involvements(
    session: Session, child_id: int, organisation_id: int
) -> Sequence[Involvement]:
    return session.scalars(
        select(Involvement)
        .where(Involvement.child_id == child_id, Involvement.organisation_id == organisation_id)
        .order_by(Involvement.ended_on.is_not(None), Involvement.started_on.desc(), Involvement.id)
    ).all()


def own_involvement(
    session: Session, child_id: int, organisation_id: int, involvement_id: int
) -> Involvement | None:
    return session.scalars(
        select(Involvement).where(
            Involvement.id == involvement_id,
            Involvement.child_id == child_id,
            Involvement.organisation_id == organisation_id,
        )
    ).one_or_none()


def current_lead(session: Session, child_id: int) -> Row[Involvement, Organisation] | None:
    """The child's one current lead professional (the database allows no second)."""
    return session.execute(
        select(Involvement, Organisation)
        .join(Organisation, Organisation.id == Involvement.organisation_id)
        .where(
            Involvement.child_id == child_id,
            Involvement.is_lead_professional.is_(True),
            Involvement.ended_on.is_(None),
        )
    ).one_or_none()


def already_recorded(
    session: Session, child_id: int, organisation_id: int, practitioner_name: str | None
) -> bool:
    """An open involvement of this organisation (and named practitioner, if any) exists."""
    name = func.lower(func.coalesce(Involvement.practitioner_name, ""))
    found = session.scalar(
        select(Involvement.id).where(
            Involvement.child_id == child_id,
            Involvement.organisation_id == organisation_id,
            Involvement.ended_on.is_(None),
            name == (practitioner_name or "").lower(),
        )
    )
    return found is not None
