"""`audit verify` names every way an insider could rewrite the trail: with SQL on the
database (change, re-hash, delete, renumber, insert, reorder, truncate, append), or on the
checkpoint folder (edit, delete one or all, fall back to an older one, re-sign). Events are
sealed with a chain key the database never holds, checkpoints are numbered and signed, and a
real witness over HTTP holds its own countersigned copy of every checkpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.access.events import ViewDetails
from contactpoint.audit.checkpoint import (
    Checkpoint,
    CheckpointRefusedError,
    all_checkpoints,
    public_pem,
    signed_bytes,
    signing_key,
    write_checkpoint,
)
from contactpoint.audit.checkpointer import checkpoint_now
from contactpoint.audit.models import AuditChainHead, AuditEvent
from contactpoint.audit.verification import Verdict, verify_all
from contactpoint.audit.writer import record
from contactpoint.config import ConfigError, Environment, Settings
from tests.integration.audit.trail import (
    PRACTITIONER,
    busiest_chain,
    chain_events,
    rehash_without_key,
    set_seq,
    write_views,
)
from tests.integration.audit.witnesses import Witness, running_witness
from tests.owner import guards_off, guards_on

CHAIN = 5


@pytest.fixture(autouse=True)
def insider(engine: Engine, sessions: sessionmaker[Session]) -> Iterator[None]:
    """Every test here plays an insider with the table owner's rights, who can switch off the
    append-only triggers (test_guards.py shows that nobody less can). After `sessions`,
    whose cleaning switches them back on."""
    with engine.begin() as connection:
        guards_off(connection)
    yield
    with engine.begin() as connection:
        guards_on(connection)


@pytest.fixture
def witness(settings: Settings, tmp_path: Path) -> Iterator[Witness]:
    with running_witness(settings, tmp_path / "witness") as running:
        yield running


def checkpoint(sessions: sessionmaker[Session], settings: Settings) -> Checkpoint:
    """A checkpoint as the running service makes one: signed, then countersigned."""
    with sessions() as session:
        written = write_checkpoint(session, settings)
    checkpoint_now(sessions.kw["bind"], settings)
    assert written is not None
    return written


def verify(sessions: sessionmaker[Session], settings: Settings, *, later: int = 0) -> Verdict:
    with sessions() as session:
        return verify_all(session, settings, datetime.now(UTC) + timedelta(seconds=later))


def problems(sessions: sessionmaker[Session], settings: Settings, *, later: int = 0) -> str:
    verdict = verify(sessions, settings, later=later)
    assert not verdict.ok, "the tampering went unnoticed"
    return "\n".join(verdict.problems)


def view_now(sessions: sessionmaker[Session], count: int = 1) -> None:
    with sessions.begin() as session:
        for _ in range(count):
            record(session, "access:child:viewed", ViewDetails(reason="health"), by=PRACTITIONER)


def test_an_untouched_trail_verifies(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    with sessions.begin() as session:
        write_views(session, 200)
    view_now(sessions, 40)
    checkpoint(sessions, settings)
    view_now(sessions, 3)  # written since the checkpoint, inside the interval: fine
    verdict = verify(sessions, settings)
    assert verdict.ok, verdict.problems
    assert (verdict.trail.events, verdict.witnessed) == (243, True)
    assert [receipt.number for receipt in witness.store.receipts()] == [1]


def test_a_changed_event_is_named(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
        target = chain_events(session, CHAIN)[2]
        session.execute(update(AuditEvent).where(AuditEvent.id == target.id).values(child_ref=1))
    checkpoint(sessions, settings)
    found = problems(sessions, settings)
    assert f"event id {target.id}" in found
    assert "changed or forged" in found


@pytest.mark.parametrize("after_checkpoint", [False, True])
def test_a_changed_and_rehashed_event_is_named(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness, after_checkpoint: bool
) -> None:
    with sessions.begin() as session:
        write_views(session, 64)
    if after_checkpoint:
        checkpoint(sessions, settings)
    view_now(sessions, 96)
    if not after_checkpoint:
        checkpoint(sessions, settings)
    with sessions.begin() as session:
        target = chain_events(session, CHAIN)[-1]
        target.actor_user_id = 99
        rehash_without_key(target)
        session.get_one(AuditChainHead, CHAIN).hash = target.hash
    assert f"event id {target.id}" in problems(sessions, settings)


def test_a_deleted_event_is_named_by_its_place(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
    checkpoint(sessions, settings)
    with sessions.begin() as session:
        target = chain_events(session, CHAIN)[2]
        session.execute(delete(AuditEvent).where(AuditEvent.id == target.id))
    found = problems(sessions, settings)
    assert f"chain {CHAIN} seq {target.seq + 1}" in found
    assert f"seq {target.seq} missing" in found


def test_a_deleted_last_event_is_named(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    view_now(sessions, 160)
    checkpoint(sessions, settings)
    with sessions.begin() as session:
        target = chain_events(session, chain := busiest_chain(session))[-1]
        session.execute(delete(AuditEvent).where(AuditEvent.id == target.id))
    assert f"chain {chain} seq {target.seq}" in problems(sessions, settings)


def test_delete_and_renumber_after_the_checkpoint_is_named(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    view_now(sessions, 32)
    checkpoint(sessions, settings)
    view_now(sessions, 160)
    with sessions.begin() as session:
        events = chain_events(session, chain := busiest_chain(session))
        gone, *later = events[-4:]
        session.execute(delete(AuditEvent).where(AuditEvent.id == gone.id))
        previous = events[-5]
        for event in later:  # close the gap and re-link, as an insider without the key can
            set_seq(session, event.id, event.seq - 1)
            session.refresh(event)
            event.prev_hash = previous.hash
            rehash_without_key(event)
            previous = event
        head = session.get_one(AuditChainHead, chain)
        head.seq, head.hash = previous.seq, previous.hash
    found = problems(sessions, settings)
    assert f"event id {later[0].id}" in found


def test_an_inserted_event_is_named(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
    checkpoint(sessions, settings)
    with sessions.begin() as session:
        before, *later = chain_events(session, CHAIN)[1:]
        for event in reversed(later):  # make room, as an insider would
            set_seq(session, event.id, event.seq + 1)
        forged = AuditEvent(
            **{c: getattr(before, c) for c in ("chain", "occurred_at", "event_type", "details")},
            seq=before.seq + 1,
            prev_hash=before.hash,
            actor_user_id=13,
        )
        rehash_without_key(forged)
        session.add(forged)
    assert f"event id {forged.id}" in problems(sessions, settings)


def test_an_insert_with_the_tail_reinserted_is_named(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    view_now(sessions, 32)
    checkpoint(sessions, settings)
    view_now(sessions, 128)
    with sessions.begin() as session:
        events = chain_events(session, chain := busiest_chain(session))
        anchor, tail = events[-4], events[-3:]
        copies = [_copy(event) for event in tail]
        session.execute(delete(AuditEvent).where(AuditEvent.id.in_([e.id for e in tail])))
        forged = _copy(anchor, seq=anchor.seq + 1, prev_hash=anchor.hash, actor_user_id=13)
        rehash_without_key(forged)
        session.add(forged)
        previous = forged
        for copy in copies:  # the tail goes back in after the forged event, re-linked
            copy.seq, copy.prev_hash = previous.seq + 1, previous.hash
            rehash_without_key(copy)
            session.add(copy)
            session.flush()
            previous = copy
        head = session.get_one(AuditChainHead, chain)
        head.seq, head.hash = previous.seq, previous.hash
    found = problems(sessions, settings)
    assert f"event id {forged.id}" in found


def _copy(event: AuditEvent, **changes: object) -> AuditEvent:
    columns = [c.name for c in AuditEvent.__table__.columns if c.name != "id"]
    fields = {name: getattr(event, name) for name in columns} | changes
    return AuditEvent(**fields)


def test_reordered_events_are_named(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
        first, second = chain_events(session, CHAIN)[1:3]
        first_seq, second_seq = first.seq, second.seq
        set_seq(session, first.id, -1)
        set_seq(session, second.id, first_seq)
        set_seq(session, first.id, second_seq)
    checkpoint(sessions, settings)
    assert f"event id {second.id}" in problems(sessions, settings)


def test_truncation_past_a_checkpoint_is_detected_even_with_the_heads_rewritten(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
    made = checkpoint(sessions, settings)
    with sessions.begin() as session:
        kept, *dropped = chain_events(session, CHAIN)[2:]
        _truncate_to(session, kept, dropped)
    found = problems(sessions, settings)
    assert f"chain {CHAIN} seq {kept.seq + 1}" in found
    assert "truncated" in found
    assert made.name in found


def _truncate_to(session: Session, kept: AuditEvent, dropped: list[AuditEvent]) -> None:
    session.execute(delete(AuditEvent).where(AuditEvent.id.in_([e.id for e in dropped])))
    session.execute(
        update(AuditChainHead)
        .where(AuditChainHead.chain == kept.chain)
        .values(seq=kept.seq, hash=kept.hash)
    )


def test_truncation_back_to_an_older_checkpoint_is_caught_by_the_witness(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    view_now(sessions, 64)
    older = checkpoint(sessions, settings)
    view_now(sessions, 64)
    newer = checkpoint(sessions, settings)
    with sessions.begin() as session:  # back to the older checkpoint, and remove the newer
        events = chain_events(session, chain := busiest_chain(session))
        covered = older.heads[chain][0]
        _truncate_to(session, events[covered - 1], events[covered:])
    _checkpoint_file(settings, newer).unlink()
    found = problems(sessions, settings)
    assert f"checkpoint {newer.number} was countersigned by the witness but is missing" in found


def test_appended_forged_events_are_named(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    view_now(sessions, 64)
    checkpoint(sessions, settings)
    with sessions.begin() as session:
        last = chain_events(session, chain := busiest_chain(session))[-1]
        forged = _copy(last, seq=last.seq + 1, prev_hash=last.hash, child_ref=4242)
        rehash_without_key(forged)
        guessed = _copy(forged, seq=last.seq + 2, key_id=1)
        session.add(forged)
        session.flush()
        guessed.prev_hash, guessed.hash = forged.hash, "0" * 64  # a guess at a keyed hash
        session.add(guessed)
        head = session.get_one(AuditChainHead, chain)
        head.seq, head.hash = guessed.seq, guessed.hash
    found = problems(sessions, settings)
    assert f"event id {forged.id}" in found
    assert "unkeyed event after keyed ones (forged)" in found


def test_a_rewritten_chain_is_caught_by_the_checkpoint(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    with sessions.begin() as session:
        write_views(session, 160)
    checkpoint(sessions, settings)
    with sessions.begin() as session:
        events = chain_events(session, CHAIN)
        events[0].child_ref = 1
        for previous, event in zip([None, *events], events, strict=False):
            event.prev_hash = previous.hash if previous else event.prev_hash
            rehash_without_key(event)
        session.get_one(AuditChainHead, CHAIN).hash = events[-1].hash
    found = problems(sessions, settings)
    assert f"event id {events[-1].id}" in found
    assert "checkpoint" in found


def test_an_event_sealed_with_an_unknown_key_is_named(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    view_now(sessions, 32)
    checkpoint(sessions, settings)
    with sessions.begin() as session:
        target = chain_events(session, busiest_chain(session))[-1]
        target.key_id = 9
    assert "sealed with chain key 9, which this verifier does not hold" in problems(
        sessions, settings
    )


def _checkpoint_file(settings: Settings, made: Checkpoint) -> Path:
    assert settings.audit_checkpoint_dir is not None
    return settings.audit_checkpoint_dir / made.name


def test_an_edited_checkpoint_file_is_refused(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    view_now(sessions, 40)
    made = checkpoint(sessions, settings)
    path = _checkpoint_file(settings, made)
    body = json.loads(path.read_text())
    busiest = max(made.heads, key=lambda chain: made.heads[chain][0])
    body["chains"][str(busiest)][0] = 0  # claim the chain was empty, to hide a truncation
    path.write_text(json.dumps(body))
    assert f"checkpoint {made.name}: unreadable or signature invalid" in problems(
        sessions, settings
    )


def test_deleting_every_checkpoint_fails_verification(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    view_now(sessions, 40)
    made = checkpoint(sessions, settings)
    _checkpoint_file(settings, made).unlink()
    found = problems(sessions, settings, later=3600)
    assert "countersigned by the witness but is missing here (deleted)" in found
    assert "not covered by any checkpoint" in found


def test_deleting_every_checkpoint_fails_even_without_a_witness(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    view_now(sessions, 40)
    made = checkpoint(sessions, settings)
    _checkpoint_file(settings, made).unlink()
    assert verify(sessions, settings).ok, "events younger than the interval may be uncovered"
    assert "not covered by any checkpoint" in problems(sessions, settings, later=3600)


def test_deleting_the_newest_checkpoint_to_fall_back_is_caught(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    view_now(sessions, 40)
    checkpoint(sessions, settings)
    view_now(sessions, 40)
    newest = checkpoint(sessions, settings)
    _checkpoint_file(settings, newest).unlink()
    found = problems(sessions, settings, later=3600)
    assert f"checkpoint {newest.number} was countersigned by the witness but is missing" in found
    assert "not covered by checkpoint" in found


def test_a_checkpoint_removed_from_the_middle_is_a_gap(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    made = []
    for _ in range(3):
        view_now(sessions, 8)
        made.append(checkpoint(sessions, settings))
    _checkpoint_file(settings, made[1]).unlink()
    assert f"checkpoints 2–2 are missing between {made[0].name}" in problems(sessions, settings)


def test_a_checkpoint_resigned_with_the_signing_key_is_caught_by_the_witness(
    sessions: sessionmaker[Session], settings: Settings, witness: Witness
) -> None:
    view_now(sessions, 40)
    made = checkpoint(sessions, settings)
    body = dict(made.body)
    body.pop("signature")
    busiest = max(made.heads, key=lambda chain: made.heads[chain][0])
    body["chains"] = {**body["chains"], str(busiest): [0, "0" * 64]}
    body["signature"] = signing_key(settings).sign(signed_bytes(body)).hex()  # the dev key
    _checkpoint_file(settings, made).write_text(json.dumps(body))
    found = problems(sessions, settings)
    assert "differs from the one the witness countersigned (replaced or re-signed)" in found


def test_a_checkpoint_signed_with_any_other_key_is_refused(
    sessions: sessionmaker[Session], settings: Settings, tmp_path: Path
) -> None:
    public = tmp_path / "verify.pem"  # the verifier holds only the real public key
    public.write_bytes(public_pem(signing_key(settings).public_key()))
    settings.audit_verify_key_path = public
    view_now(sessions, 40)
    made = checkpoint(sessions, settings)
    body = dict(made.body)
    body.pop("signature")
    body["signature"] = Ed25519PrivateKey.generate().sign(signed_bytes(body)).hex()
    _checkpoint_file(settings, made).write_text(json.dumps(body))
    assert f"checkpoint {made.name}: unreadable or signature invalid" in problems(
        sessions, settings
    )


def test_production_keeps_the_signing_key_out_of_the_data_directory(tmp_path: Path) -> None:
    inside = tmp_path / "data" / "secrets" / "key.pem"
    settings = Settings(
        environment=Environment.PRODUCTION,
        data_dir=tmp_path / "data",
        audit_signing_key_path=inside,
        base_url="https://contactpoint.example.gov.uk",
    )
    with pytest.raises(ConfigError, match="inside the data directory"):
        signing_key(settings)


def test_events_commit_with_their_action_or_not_at_all(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        record(session, "access:child:viewed", ViewDetails(reason="health"), by=PRACTITIONER)
        session.rollback()
    with sessions() as session:
        assert session.scalars(select(AuditEvent)).first() is None
        assert not any(seq for seq in session.scalars(select(AuditChainHead.seq)))


def test_the_service_never_checkpoints_a_trail_that_went_backwards(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    view_now(sessions, 40)
    made = checkpoint(sessions, settings)
    with sessions.begin() as session:  # truncate a covered chain, heads rewritten to match
        events = chain_events(session, chain := busiest_chain(session))
        _truncate_to(session, events[0], events[1:])
    with sessions() as session, pytest.raises(CheckpointRefusedError, match=f"\\[{chain}\\]"):
        write_checkpoint(session, settings)
    assert "truncated" in problems(sessions, settings)
    assert all_checkpoints(settings).newest == made


def test_checkpoints_from_before_numbering_are_ignored_after_the_upgrade(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    view_now(sessions, 8)
    assert settings.audit_checkpoint_dir is not None
    settings.audit_checkpoint_dir.mkdir(parents=True, exist_ok=True)
    old = settings.audit_checkpoint_dir / "checkpoint-20261130T120000000000Z.json"
    old.write_text('{"version": 1, "chains": {}, "signature": "00"}')
    made = checkpoint(sessions, settings)
    assert made.number == 1
    assert verify(sessions, settings).ok
