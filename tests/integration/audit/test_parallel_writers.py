"""Many workers writing events at once on PostgreSQL leave a trail that verifies, and no
writer waits on another's open transaction (no single global lock)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.access.events import SearchDetails
from contactpoint.audit.checkpoint import write_checkpoint
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.verify import verify_trail
from contactpoint.audit.writer import Actor, record
from contactpoint.config import Settings

pytestmark = pytest.mark.postgres

WORKERS = 12
EVENTS_EACH = 60


def search(session: Session, user_id: int) -> None:
    details = SearchDetails(criteria_set="family_dob", criteria_digest="a" * 64, results=1)
    record(session, "access:child:searched", details, by=Actor(user_id=user_id, role="p"))


def worker(sessions: sessionmaker[Session], user_id: int) -> None:
    for _ in range(EVENTS_EACH):
        with sessions.begin() as session:
            search(session, user_id)


def test_parallel_writers_leave_a_valid_trail(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda user: worker(sessions, user), range(WORKERS)))
    with sessions() as session:
        report = verify_trail(session, write_checkpoint(session, settings))
        per_user = dict(
            session.execute(
                select(AuditEvent.actor_user_id, func.count()).group_by(AuditEvent.actor_user_id)
            ).all()
        )
    assert report.ok, report.problems
    assert report.events == WORKERS * EVENTS_EACH
    assert per_user == dict.fromkeys(range(WORKERS), EVENTS_EACH)


def test_an_open_transaction_does_not_hold_up_other_writers(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as slow, slow.begin():
        search(slow, 1)  # holds one chain head until it commits
        with sessions() as quick, quick.begin():
            quick.execute(text("SET LOCAL lock_timeout = '2s'"))
            for _ in range(20):
                search(quick, 2)
    with sessions() as session:
        assert verify_trail(session).ok
