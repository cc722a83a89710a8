"""Sign-ins racing each other on a real database (both backends): one security code starts
one session, and every wrong attempt is counted and audited."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.models import AuditEvent
from contactpoint.audit.writer import RequestMeta
from contactpoint.config import Settings
from contactpoint.practitioners.credentials import current_totp, digest
from contactpoint.practitioners.models import SignInAttempt, User, UserSession
from contactpoint.practitioners.signin import (
    MAX_FAILED_ATTEMPTS,
    Factors,
    Outcome,
    SignInResult,
    sign_in,
)
from contactpoint.types import utcnow
from tests.integration.practitioners.factories import (
    PASSWORD,
    PIN,
    Account,
    box_for,
    make_account,
    make_organisation,
)

ADDRESS = "192.0.2.10"


def _account(sessions: sessionmaker[Session], settings: Settings) -> Account:
    with sessions.begin() as session:
        organisation = make_organisation(session, la_name="Northshire")
        return make_account(session, settings, organisation=organisation)


def _race(
    sessions: sessionmaker[Session], settings: Settings, account: Account, factors: list[Factors]
) -> list[SignInResult]:
    """Each attempt in its own thread and transaction, released together, as the view does."""
    box, start = box_for(settings), threading.Barrier(len(factors))

    def attempt(given: Factors) -> Callable[[], SignInResult]:
        def run() -> SignInResult:
            start.wait()
            with sessions() as session:
                result = sign_in(
                    session,
                    factors=given,
                    devices=[digest(account.device_token)],
                    box=box,
                    meta=RequestMeta(ip_address=ADDRESS),
                    now=utcnow(),
                )
                session.commit()
                return result

        return run

    with ThreadPoolExecutor(max_workers=len(factors)) as pool:
        futures = [pool.submit(attempt(given)) for given in factors]
        return [future.result() for future in futures]


def _count(sessions: sessionmaker[Session], column: object, *where: object) -> int:
    with sessions() as session:
        return session.scalar(select(func.count(column)).where(*where)) or 0  # type: ignore[arg-type]


def test_one_security_code_starts_one_session_however_many_sign_ins_race(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings)
    code = current_totp(account.totp_secret)
    factors = Factors(username=account.username, password=PASSWORD, pin=PIN, code=code)

    results = _race(sessions, settings, account, [factors] * 8)

    outcomes = sorted(result.outcome for result in results)
    assert outcomes == [Outcome.SIGNED_IN] + [Outcome.WRONG_DETAILS] * 7
    assert _count(sessions, UserSession.id) == 1
    assert _count(sessions, SignInAttempt.id) == 8
    succeeded = AuditEvent.event_type == "practitioners:sign_in:succeeded"
    assert _count(sessions, AuditEvent.id, succeeded) == 1


def test_concurrent_wrong_attempts_are_each_counted_and_lock_the_account_once(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings)
    wrong = Factors(username=account.username, password=PASSWORD, pin="1357", code="000000")

    results = _race(sessions, settings, account, [wrong] * 12)

    assert {result.outcome for result in results} == {Outcome.WRONG_DETAILS}
    with sessions() as session:
        user = session.get(User, account.user_id)
        assert user is not None
        assert user.failed_attempts == 12
        assert user.locked_at is not None
        failed = session.scalars(
            select(AuditEvent).where(AuditEvent.event_type == "practitioners:sign_in:failed")
        ).all()
        locked = session.scalars(
            select(AuditEvent).where(AuditEvent.event_type == "practitioners:account:locked")
        ).all()
    # Each failure saw its own count: none was lost to a read-modify-write race.
    assert sorted(event.details["failed_attempts"] for event in failed) == list(range(1, 13))
    assert [event.details["failed_attempts"] for event in locked] == [MAX_FAILED_ATTEMPTS]
    assert _count(sessions, SignInAttempt.id) == 12
