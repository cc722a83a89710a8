"""Reads for shielding. An officer's reach is their LA, enforced here in SQL: a request or a
child outside it is simply not found."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from contactpoint.children.models import Child, RecordStatus
from contactpoint.practitioners.models import User
from contactpoint.shielding.models import (
    RequestStatus,
    ShieldChange,
    ShieldingRequest,
    ShieldReview,
)

REVIEW_HORIZON = timedelta(days=30)  # reviews due within this appear in the officer's queue
QUEUE_LIMIT = 200


def pending_in_la(session: Session, la_id: int | None) -> Sequence[Row[ShieldingRequest, Child]]:
    return session.execute(
        select(ShieldingRequest, Child)
        .join(Child, Child.id == ShieldingRequest.child_id)
        .where(Child.la_id == la_id, ShieldingRequest.status == RequestStatus.PENDING)
        .order_by(ShieldingRequest.requested_at)
        .limit(QUEUE_LIMIT)
    ).all()


def request_in_la(
    session: Session, la_id: int | None, request_id: int
) -> Row[ShieldingRequest, Child, User] | None:
    return session.execute(
        select(ShieldingRequest, Child, User)
        .join(Child, Child.id == ShieldingRequest.child_id)
        .join(User, User.id == ShieldingRequest.requested_by_user_id)
        .where(ShieldingRequest.id == request_id, Child.la_id == la_id)
    ).one_or_none()


def pending_request(
    session: Session, child_id: int, change: ShieldChange
) -> ShieldingRequest | None:
    return session.scalars(
        select(ShieldingRequest).where(
            ShieldingRequest.child_id == child_id,
            ShieldingRequest.change == change,
            ShieldingRequest.status == RequestStatus.PENDING,
        )
    ).first()


def reviews_due(
    session: Session, la_id: int | None, today: date
) -> Sequence[Row[Child, date | None]]:
    """Shielded children of the LA whose review is due soon, overdue, or was never set."""
    return session.execute(
        select(Child, ShieldReview.review_on)
        .outerjoin(ShieldReview, ShieldReview.child_id == Child.id)
        .where(
            Child.la_id == la_id,
            Child.is_shielded.is_(True),
            Child.status == RecordStatus.ACTIVE,
            (ShieldReview.review_on.is_(None)) | (ShieldReview.review_on <= today + REVIEW_HORIZON),
        )
        .order_by(ShieldReview.review_on.is_not(None), ShieldReview.review_on, Child.id)
        .limit(QUEUE_LIMIT)
    ).all()


def shielded_child_in_la(
    session: Session, la_id: int | None, child_id: int
) -> Row[Child, date | None] | None:
    return session.execute(
        select(Child, ShieldReview.review_on)
        .outerjoin(ShieldReview, ShieldReview.child_id == Child.id)
        .where(Child.id == child_id, Child.la_id == la_id, Child.is_shielded.is_(True))
    ).one_or_none()


def requests_by(session: Session, user_id: int) -> Sequence[Row[ShieldingRequest, Child]]:
    return session.execute(
        select(ShieldingRequest, Child)
        .join(Child, Child.id == ShieldingRequest.child_id)
        .where(ShieldingRequest.requested_by_user_id == user_id)
        .order_by(ShieldingRequest.requested_at.desc())
        .limit(QUEUE_LIMIT)
    ).all()
