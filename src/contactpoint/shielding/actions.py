"""Shielding writes. Each takes the acting user (`by=`), writes its audit event in the caller's
transaction and never commits. Scope is the caller's: views pass only requests and children
found through shielding.queries, which filter by the officer's LA."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.children.models import Child
from contactpoint.children.search_keys import index_children
from contactpoint.shielding import criteria, events, schemas
from contactpoint.shielding.models import (
    RequestStatus,
    ShieldChange,
    ShieldingRequest,
    ShieldReview,
)
from contactpoint.types import utcnow


def request_change(
    session: Session,
    *,
    child: Child,
    form: schemas.ChangeRequest,
    by: Actor,
    meta: RequestMeta | None = None,
) -> ShieldingRequest:
    """Ask the child's LA to shield them (or, when already shielded, to lift the shield)."""
    assert by.user_id is not None
    change = ShieldChange.UNSHIELD if child.is_shielded else ShieldChange.SHIELD
    request = ShieldingRequest(
        child_id=child.id,
        change=change,
        reason=form.reason,
        reference=form.reference,
        requested_by_user_id=by.user_id,
        requested_at=utcnow(),
        status=RequestStatus.PENDING,
    )
    session.add(request)
    session.flush()
    made = events.RequestMade(request_id=request.id, change=change.value, reason=form.reason.value)
    record(session, "shielding:request:made", made, by=by, child_ref=child.id, meta=meta)
    return request


def decide(
    session: Session,
    *,
    request: ShieldingRequest,
    child: Child,
    decision: schemas.Decision,
    by: Actor,
    meta: RequestMeta | None = None,
) -> None:
    """Record an officer's decision; an approval changes the child's shield at once."""
    assert by.user_id is not None
    approved = decision.decision == "approve"
    shielding = request.change is ShieldChange.SHIELD
    review_on = decision.review_on if approved and shielding else None
    _claim(session, request, RequestStatus.APPROVED if approved else RequestStatus.REFUSED)
    request.decided_by_user_id, request.decided_at = by.user_id, utcnow()
    request.decision_reason, request.decision_reference = decision.reason, decision.reference
    request.criteria_met = criteria.encode(decision.criteria) or None
    request.review_on = review_on
    if approved:
        _set_shield(session, child=child, review_on=review_on, by=by)
    decided = events.RequestDecided(
        request_id=request.id,
        change=request.change.value,
        approved=approved,
        reason=decision.reason.value,
        criteria_met=len(criteria.decode(request.criteria_met)),
        review_on=review_on,
    )
    record(session, "shielding:request:decided", decided, by=by, child_ref=child.id, meta=meta)


class AlreadyDecidedError(Exception):
    """Another officer decided this request first."""


def _claim(session: Session, request: ShieldingRequest, status: RequestStatus) -> None:
    """Move a pending request on, or fail if someone else already has (no double decision)."""
    moved = session.execute(
        update(ShieldingRequest)
        .where(ShieldingRequest.id == request.id, ShieldingRequest.status == RequestStatus.PENDING)
        .values(status=status)
        .returning(ShieldingRequest.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if moved is None:
        raise AlreadyDecidedError
    request.status = status


def record_review(
    session: Session,
    *,
    child: Child,
    review: schemas.Review,
    by: Actor,
    meta: RequestMeta | None = None,
) -> None:
    """A shield looked at again: it continues to a new review date, or it is removed."""
    continued = review.outcome == "continue"
    review_on = review.review_on if continued else None
    _set_shield(session, child=child, review_on=review_on, by=by)
    recorded = events.ReviewRecorded(continued=continued, review_on=review_on)
    record(session, "shielding:review:recorded", recorded, by=by, child_ref=child.id, meta=meta)


def _set_shield(session: Session, *, child: Child, review_on: date | None, by: Actor) -> None:
    """Shield the child until `review_on`, or (None) lift the shield; search keys follow."""
    assert by.user_id is not None
    child.is_shielded = review_on is not None
    session.execute(delete(ShieldReview).where(ShieldReview.child_id == child.id))
    if review_on is not None:
        session.add(
            ShieldReview(
                child_id=child.id,
                review_on=review_on,
                last_decided_by_user_id=by.user_id,
                last_decided_at=utcnow(),
            )
        )
    session.flush()
    index_children(session.connection(), [child.id])
