"""Helpers that write a known trail and tamper with it the way an insider with SQL would."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from contactpoint.access.events import ViewDetails
from contactpoint.audit.bulk import Draft, append_events
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.writer import Actor, canonical_bytes

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


def rehash_without_key(event: AuditEvent) -> None:
    """What an insider with SQL but without the chain key can do: give the event a hash that
    checks out as plain SHA-256 (the form events had before hashes were keyed)."""
    event.key_id = None
    event.hash = hashlib.sha256(canonical_bytes(event)).hexdigest()


def busiest_chain(session: Session) -> int:
    """The chain holding the most events (`record` picks chains at random)."""
    query = (
        select(AuditEvent.chain)
        .group_by(AuditEvent.chain)
        .order_by(func.count().desc(), AuditEvent.chain)
        .limit(1)
    )
    return int(session.scalars(query).one())
