"""Throttling counts per address and username, with a much higher ceiling per address: one
person's failures slow only them, not the colleagues who share their office's address."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.models import AuditEvent
from contactpoint.config import Settings
from contactpoint.practitioners.models import SignInAttempt
from contactpoint.practitioners.throttle import PER_ADDRESS_LIMIT, PER_USERNAME_LIMIT
from tests.integration.practitioners.factories import (
    Account,
    make_account,
    make_organisation,
    sign_in,
)

OFFICE = "testclient"  # the address TestClient connects from


def _accounts(sessions: sessionmaker[Session], settings: Settings, n: int) -> list[Account]:
    with sessions.begin() as session:
        organisation = make_organisation(session, la_name="Northshire")
        return [make_account(session, settings, organisation=organisation) for _ in range(n)]


def _earlier(sessions: sessionmaker[Session], outcome: str, user_ids: list[int | None]) -> None:
    with sessions.begin() as session:
        session.add_all(
            SignInAttempt(ip_address=OFFICE, user_id=user_id, outcome=outcome)
            for user_id in user_ids
        )


def _throttled_events(sessions: sessionmaker[Session]) -> list[AuditEvent]:
    with sessions() as session:
        query = select(AuditEvent).where(AuditEvent.event_type == "practitioners:sign_in:throttled")
        return list(session.scalars(query))


def test_one_persons_failures_do_not_lock_out_a_colleague_at_the_same_address(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    careless, colleague = _accounts(sessions, settings, 2)
    _earlier(sessions, "wrong_details", [careless.user_id] * PER_USERNAME_LIMIT)
    _earlier(sessions, "wrong_details", [None] * PER_USERNAME_LIMIT)  # mistyped usernames

    assert sign_in(client, careless).status_code == 429
    assert sign_in(client, colleague).status_code == 303  # signed in
    [event] = _throttled_events(sessions)
    assert event.details == {"recent_failures": PER_USERNAME_LIMIT, "limit": "username"}
    assert event.actor_user_id == careless.user_id


def test_guessing_across_many_usernames_meets_the_address_ceiling(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    [account] = _accounts(sessions, settings, 1)
    _earlier(sessions, "wrong_details", [None, 999_999] * (PER_ADDRESS_LIMIT // 2))

    assert sign_in(client, account).status_code == 429
    [event] = _throttled_events(sessions)
    assert event.details == {"recent_failures": PER_ADDRESS_LIMIT, "limit": "address"}


def test_retrying_while_throttled_does_not_bring_the_address_to_its_ceiling(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    [account] = _accounts(sessions, settings, 1)
    _earlier(sessions, "throttled", [None] * PER_ADDRESS_LIMIT)
    _earlier(sessions, "refused", [999_999] * PER_ADDRESS_LIMIT)

    assert sign_in(client, account).status_code == 303
    assert _throttled_events(sessions) == []
