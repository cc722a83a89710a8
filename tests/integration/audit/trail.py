"""Helpers that write a known trail and tamper with it the way an insider with SQL would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from contactpoint.access.events import ViewDetails
from contactpoint.audit.bulk import Draft, append_events
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.writer import Actor

PRACTITIONER = Actor(user_id=7, role="practitioner", organisation_id=3, la_id=1)
START = datetime(2025, 3, 3, 9, tzinfo=UTC)


def write_views(session: Session, count: int) -> None:
    """`count` record views, dealt round-robin over every chain, a minute apart."""
    drafts = (
        Draft(
            "access:child:viewed",
            ViewDetails(reason="safeguarding"),
            by=PRACTITIONER,
            occurred_at=START + timedelta(minutes=n),
            child_ref=1000 + n,
        )
        for n in range(count)
    )
    append_events(session, drafts)


def chain_events(session: Session, chain: int) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq)
    return list(session.scalars(query))


def set_seq(session: Session, event_id: int, seq: int) -> None:
    session.execute(update(AuditEvent).where(AuditEvent.id == event_id).values(seq=seq))
