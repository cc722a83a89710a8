"""Reads for brokering. The LA team's reach is its LA, enforced here in SQL: a request about a
child of another LA is simply not found."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from contactpoint.brokering.models import BrokeringRequest, BrokeringStatus
from contactpoint.children.models import Child
from contactpoint.organisations.models import Organisation
from contactpoint.practitioners.models import User

QUEUE_LIMIT = 200


def open_in_la(
    session: Session, la_id: int | None
) -> Sequence[Row[BrokeringRequest, Child, User, Organisation]]:
    return session.execute(
        _with_people()
        .where(Child.la_id == la_id, BrokeringRequest.status == BrokeringStatus.OPEN)
        .order_by(BrokeringRequest.requested_at)
        .limit(QUEUE_LIMIT)
    ).all()


def request_in_la(
    session: Session, la_id: int | None, request_id: int
) -> Row[BrokeringRequest, Child, User, Organisation] | None:
    return session.execute(
        _with_people().where(BrokeringRequest.id == request_id, Child.la_id == la_id)
    ).one_or_none()


def requests_by(session: Session, user_id: int) -> Sequence[Row[BrokeringRequest, Child]]:
    return session.execute(
        select(BrokeringRequest, Child)
        .join(Child, Child.id == BrokeringRequest.child_id)
        .where(BrokeringRequest.requested_by_user_id == user_id)
        .order_by(BrokeringRequest.requested_at.desc())
        .limit(QUEUE_LIMIT)
    ).all()


def _with_people() -> Select[BrokeringRequest, Child, User, Organisation]:
    return (
        select(BrokeringRequest, Child, User, Organisation)
        .join(Child, Child.id == BrokeringRequest.child_id)
        .join(User, User.id == BrokeringRequest.requested_by_user_id)
        .join(Organisation, Organisation.id == User.organisation_id)
    )
