"""Writes when viewing a child: the reason given, each view, and a shielding override.

Each action takes the acting user (`by=`), records its audit event with the child's opaque
record id as `child_ref`, and never commits: the route commits once.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from contactpoint.access.events import OverrideDetails, ViewDetails
from contactpoint.access.models import ViewGrant
from contactpoint.access.schemas import GivenReason
from contactpoint.audit.actions import raise_override_alert
from contactpoint.audit.alert_models import Alert
from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.children.record import LimitedRecord
from contactpoint.types import utcnow

REASON_LIFETIME = timedelta(minutes=5)  # a reason opens the record for this long


def give_reason(session: Session, *, grant: ViewGrant, given: GivenReason, by: Actor) -> None:
    """Keep the reason on the grant; the view itself is audited when the record is shown."""
    grant.reason, grant.reference = given.reason.value, given.reference
    grant.reasoned_at = utcnow()
    grant.override = False
    session.flush()


def reason_is_fresh(grant: ViewGrant) -> bool:
    return grant.reasoned_at is not None and utcnow() - grant.reasoned_at < REASON_LIFETIME


def record_view(
    session: Session,
    *,
    grant: ViewGrant,
    child: LimitedRecord,
    full: bool,
    by: Actor,
    meta: RequestMeta | None = None,
) -> None:
    """Audit one view (with its reason); an override is spent by the view it allowed."""
    assert grant.reason is not None
    details = ViewDetails(
        reason=grant.reason,
        reference=grant.reference,
        shielded=child.is_shielded,
        override=child.is_shielded and full and grant.override,
    )
    record(session, "access:child:viewed", details, by=by, child_ref=child.child_id, meta=meta)
    grant.override = False
    session.flush()


def record_page_view(
    session: Session,
    *,
    grant: ViewGrant,
    child: LimitedRecord,
    by: Actor,
    meta: RequestMeta | None = None,
) -> None:
    """Audit a view of a page about the child (involvements, a request form): the same event
    as the record's, with its reason. Such a page never opens a shielded record, so an
    override is left for the record view it was given for."""
    assert grant.reason is not None
    details = ViewDetails(
        reason=grant.reason, reference=grant.reference, shielded=child.is_shielded
    )
    record(session, "access:child:viewed", details, by=by, child_ref=child.child_id, meta=meta)


def override_shield(
    session: Session,
    *,
    grant: ViewGrant,
    child: LimitedRecord,
    given: GivenReason,
    by: Actor,
    meta: RequestMeta | None = None,
) -> Alert:
    """Break-glass: open a shielded record for one view, and alert the child's LA team now."""
    give_reason(session, grant=grant, given=given, by=by)
    grant.override = True
    details = OverrideDetails(reason=given.reason.value, reference=given.reference)
    event = record(
        session, "access:shield:overridden", details, by=by, child_ref=child.child_id, meta=meta
    )
    # The monitor's own override rule on this one event: same alert and key, so a later
    # monitor run finds it already raised.
    return raise_override_alert(session, event=event)
