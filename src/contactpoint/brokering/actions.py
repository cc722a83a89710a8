"""Brokering writes. Each takes the acting user (`by=`), writes its audit event in the caller's
transaction and never commits. Scope is the caller's: views pass only requests found through
brokering.queries, which filter by the team's LA."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.brokering import events, schemas
from contactpoint.brokering.models import BrokeringRequest, BrokeringStatus
from contactpoint.types import utcnow


class AlreadyClosedError(Exception):
    """Another member of the team closed this request first."""


def request_contact(
    session: Session,
    *,
    child_id: int,
    form: schemas.ContactRequest,
    by: Actor,
    meta: RequestMeta | None = None,
) -> BrokeringRequest:
    """Queue a request for the child's LA team; who asked (and how to reach them) is the account."""
    assert by.user_id is not None
    request = BrokeringRequest(
        child_id=child_id,
        purpose=form.purpose,
        reference=form.reference,
        requested_by_user_id=by.user_id,
        requested_at=utcnow(),
        status=BrokeringStatus.OPEN,
    )
    session.add(request)
    session.flush()
    made = events.RequestMade(request_id=request.id, purpose=form.purpose.value)
    record(session, "brokering:request:made", made, by=by, child_ref=child_id, meta=meta)
    return request


def open_request(
    session: Session, *, request: BrokeringRequest, by: Actor, meta: RequestMeta | None = None
) -> None:
    """The team opened a request and, with it, the child's full record: that view is audited."""
    opened = events.RequestOpened(request_id=request.id)
    record(
        session, "brokering:request:opened", opened, by=by, child_ref=request.child_id, meta=meta
    )


def close_request(
    session: Session,
    *,
    request: BrokeringRequest,
    closing: schemas.Closing,
    by: Actor,
    meta: RequestMeta | None = None,
) -> None:
    """Record what the team did and close the request (once: a second close is refused)."""
    assert by.user_id is not None
    closed_at = utcnow()
    moved = session.execute(
        update(BrokeringRequest)
        .where(BrokeringRequest.id == request.id, BrokeringRequest.status == BrokeringStatus.OPEN)
        .values(status=BrokeringStatus.CLOSED)
        .returning(BrokeringRequest.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if moved is None:
        raise AlreadyClosedError
    request.status = BrokeringStatus.CLOSED
    request.outcome, request.outcome_reference = closing.outcome, closing.reference
    request.closed_by_user_id, request.closed_at = by.user_id, closed_at
    closed = events.RequestClosed(request_id=request.id, outcome=closing.outcome.value)
    record(
        session, "brokering:request:closed", closed, by=by, child_ref=request.child_id, meta=meta
    )
