"""`audit verify` names the event wherever the stored trail was changed, deleted, inserted,
reordered or truncated, and passes a trail nobody touched."""

from __future__ import annotations

import json

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.access.events import ViewDetails
from contactpoint.audit.checkpoint import newest_checkpoint, write_checkpoint
from contactpoint.audit.models import AuditChainHead, AuditEvent
from contactpoint.audit.verify import VerifyReport, verify_trail
from contactpoint.audit.writer import event_hash, record
from contactpoint.config import Settings
from tests.integration.audit.trail import PRACTITIONER, chain_events, set_seq, write_views

CHAIN = 5


def verify(session: Session, settings: Settings) -> VerifyReport:
    return verify_trail(session, newest_checkpoint(settings).newest)


def only_problem(report: VerifyReport) -> str:
    assert not report.ok
    return "\n".join(map(str, report.problems))


def test_an_untouched_trail_verifies(sessions: sessionmaker[Session], settings: Settings) -> None:
    with sessions.begin() as session:
        write_views(session, 200)
        for _ in range(40):
            record(session, "access:child:viewed", ViewDetails(reason="health"), by=PRACTITIONER)
    with sessions() as session:
        write_checkpoint(session, settings)
        report = verify(session, settings)
    assert report.ok, report.problems
    assert report.events == 240
    assert report.checkpoint is not None


def test_a_changed_event_is_named(sessions: sessionmaker[Session], settings: Settings) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
        target = chain_events(session, CHAIN)[2]
        session.execute(update(AuditEvent).where(AuditEvent.id == target.id).values(child_ref=1))
    with sessions() as session:
        problems = only_problem(verify(session, settings))
    assert f"event id {target.id}" in problems
    assert "changed" in problems


def test_a_changed_and_rehashed_event_is_named(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
        target = chain_events(session, CHAIN)[2]
        target.actor_user_id = 99
        target.hash = event_hash(target)
    with sessions() as session:
        problems = only_problem(verify(session, settings))
    assert f"event id {target.id}" in problems


def test_a_deleted_event_is_named_by_its_place(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
        target = chain_events(session, CHAIN)[2]
        session.execute(delete(AuditEvent).where(AuditEvent.id == target.id))
    with sessions() as session:
        problems = only_problem(verify(session, settings))
    assert f"chain {CHAIN} seq {target.seq + 1}" in problems
    assert f"seq {target.seq} missing" in problems


def test_a_deleted_last_event_is_named(sessions: sessionmaker[Session], settings: Settings) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
        target = chain_events(session, CHAIN)[-1]
        session.execute(delete(AuditEvent).where(AuditEvent.id == target.id))
    with sessions() as session:
        problems = only_problem(verify(session, settings))
    assert f"chain {CHAIN} seq {target.seq}" in problems


def test_an_inserted_event_is_named(sessions: sessionmaker[Session], settings: Settings) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
        before, *later = chain_events(session, CHAIN)[1:]
        for event in reversed(later):  # make room, as an insider would
            set_seq(session, event.id, event.seq + 1)
        forged = AuditEvent(
            **{c: getattr(before, c) for c in ("chain", "occurred_at", "event_type", "details")},
            seq=before.seq + 1,
            prev_hash=before.hash,
            actor_user_id=13,
        )
        forged.hash = event_hash(forged)
        session.add(forged)
        session.flush()
    with sessions() as session:
        problems = only_problem(verify(session, settings))
    assert f"event id {forged.id}" in problems


def test_reordered_events_are_named(sessions: sessionmaker[Session], settings: Settings) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
        first, second = chain_events(session, CHAIN)[1:3]
        first_seq, second_seq = first.seq, second.seq
        set_seq(session, first.id, -1)
        set_seq(session, second.id, first_seq)
        set_seq(session, first.id, second_seq)
    with sessions() as session:
        problems = only_problem(verify(session, settings))
    assert f"event id {second.id}" in problems


def test_truncation_past_a_checkpoint_is_detected_even_with_the_heads_rewritten(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
    with sessions() as session:
        checkpoint = write_checkpoint(session, settings)
    with sessions.begin() as session:
        kept, *dropped = chain_events(session, CHAIN)[2:]
        session.execute(delete(AuditEvent).where(AuditEvent.id.in_([e.id for e in dropped])))
        session.execute(
            update(AuditChainHead)
            .where(AuditChainHead.chain == CHAIN)
            .values(seq=kept.seq, hash=kept.hash)
        )
    with sessions() as session:
        problems = only_problem(verify(session, settings))
    assert f"chain {CHAIN} seq {kept.seq + 1}" in problems
    assert "truncated" in problems
    assert checkpoint.name in problems


def test_a_rewritten_chain_is_caught_by_the_checkpoint(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
    with sessions() as session:
        write_checkpoint(session, settings)
    with sessions.begin() as session:
        events = chain_events(session, CHAIN)
        events[0].child_ref = 1
        for previous, event in zip([None, *events], events, strict=False):
            event.prev_hash = previous.hash if previous else event.prev_hash
            event.hash = event_hash(event)
        head = session.get_one(AuditChainHead, CHAIN)
        head.hash = events[-1].hash
    with sessions() as session:
        problems = only_problem(verify(session, settings))
    assert f"event id {events[-1].id}" in problems
    assert "checkpoint" in problems


def test_a_forged_checkpoint_file_is_refused(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        write_views(session, 40)
    with sessions() as session:
        path = write_checkpoint(session, settings)
    body = json.loads(path.read_text())
    body["chains"][str(CHAIN)][0] = 0  # claim the chain was empty, to hide a truncation
    path.write_text(json.dumps(body))
    lookup = newest_checkpoint(settings)
    assert lookup.newest is None
    assert path.name in lookup.problems[0]


def test_events_commit_with_their_action_or_not_at_all(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        record(session, "access:child:viewed", ViewDetails(reason="health"), by=PRACTITIONER)
        session.rollback()
    with sessions() as session:
        assert session.scalars(select(AuditEvent)).first() is None
        assert not any(seq for seq in session.scalars(select(AuditChainHead.seq)))
