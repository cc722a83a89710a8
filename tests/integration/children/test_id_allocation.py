"""Sequence numbers for IDs come in blocks that never overlap, so bulk loads never collide."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from contactpoint.children.ids import reserve_sequence


def test_blocks_follow_on_without_overlap(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        first = reserve_sequence(session, 1000)
    with sessions.begin() as session:
        second = reserve_sequence(session, 10)
    assert first == range(0, 1000)
    assert second == range(1000, 1010)


def test_a_rolled_back_reservation_is_handed_out_again(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        reserve_sequence(session, 5)
        session.rollback()
    with sessions.begin() as session:
        assert reserve_sequence(session, 1) == range(0, 1)
