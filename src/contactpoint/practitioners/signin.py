"""Signing in with four factors from an approved device.

Every factor is checked every time (no early exit), and any wrong factor, or an unknown
username, gives the same answer. Only someone who has given all four correctly is told why
they still cannot come in (locked, suspended, a lapsed vetting gate, an unapproved device).

Attempts that race each other are safe on SQLite and PostgreSQL alike, because each change
to the account is one conditional UPDATE that the database decides, never a write-back of
what this request read earlier: a code is spent only while `totp_last_step < step` (one
attempt wins), a failure adds one in SQL and reads the count back (`RETURNING`), and the lock
is set only while it is unset. That first write holds the account (its row on PostgreSQL,
the database's write lock on SQLite) until commit, so whatever is read after it (the
account's status, the audit chain head) is current.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.practitioners import events, sessions, throttle
from contactpoint.practitioners.credentials import SecretBox, totp_step, verify_secret
from contactpoint.practitioners.events import RefusalReason
from contactpoint.practitioners.models import USERNAME_LEN, AccountStatus, SignInAttempt, User
from contactpoint.practitioners.queries import (
    approved_device,
    la_of_organisation,
    roles_of,
    user_by_username,
)
from contactpoint.practitioners.vetting import lapsed

MAX_FAILED_ATTEMPTS = 5


class Outcome(StrEnum):
    SIGNED_IN = "signed_in"
    WRONG_DETAILS = "wrong_details"
    REFUSED = "refused"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class Factors:
    username: str
    password: str
    pin: str
    code: str


@dataclass(frozen=True)
class SignInResult:
    outcome: Outcome
    reason: RefusalReason | None = None
    session_token: str | None = None
    must_choose_role: bool = False


def sign_in(
    session: Session,
    *,
    factors: Factors,
    devices: Sequence[str],
    box: SecretBox,
    meta: RequestMeta,
    now: datetime,
) -> SignInResult:
    """Check the factors, gates and device; start a session or say (safely) why not."""
    address = meta.ip_address or "unknown"
    user = _account(session, factors.username)
    limit = throttle.reached(session, address=address, user_id=user.id if user else None, now=now)
    if limit is not None:
        return _throttled(session, user=user, address=address, limit=limit, meta=meta, now=now)
    step = _check_factors(user, factors, box)
    if user is None or step is None or not _spend_code(session, user.id, step):
        return _wrong_details(session, user, address, meta, now)
    session.refresh(user)  # as it is now that this attempt holds it (a lock may have landed)
    actor = _actor(user)
    reason = _refusal(user, now)
    device = None if reason else approved_device(session, user.id, devices)
    if reason is None and device is None:
        reason = "device_not_approved"
    if reason is not None:
        _attempt(session, address, user.id, Outcome.REFUSED, now)
        record(
            session,
            "practitioners:sign_in:refused",
            events.SignInRefused(reason=reason),
            by=actor,
            meta=meta,
        )
        return SignInResult(Outcome.REFUSED, reason)
    assert device is not None
    return _succeed(session, user=user, device_id=device.id, address=address, meta=meta, now=now)


def _account(session: Session, username: str) -> User | None:
    """The account named, if any. A name no account could have (too long, or with a NUL,
    which PostgreSQL cannot even compare) is simply unknown."""
    name = username.strip().lower()
    if len(name) > USERNAME_LEN or "\x00" in name:
        return None
    return user_by_username(session, name)


def _actor(user: User | None) -> Actor:
    return Actor(user_id=user.id, organisation_id=user.organisation_id) if user else Actor()


def _check_factors(user: User | None, factors: Factors, box: SecretBox) -> int | None:
    """The TOTP step used if all four factors are right; both hashes are always verified."""
    stored = user or User()
    password_ok = verify_secret(stored.password_hash, factors.password)
    pin_ok = verify_secret(stored.pin_hash, factors.pin)
    secret = box.open(stored.totp_secret_sealed)
    step = totp_step(secret, factors.code, after_step=stored.totp_last_step) if secret else None
    return step if (user and password_ok and pin_ok) else None


def _spend_code(session: Session, user_id: int, step: int) -> bool:
    """Mark `step` used; False when another attempt already spent it (or a later one)."""
    spent = session.connection().execute(
        update(User)
        .where(User.id == user_id)
        .where(or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
    )
    return spent.rowcount == 1


def _refusal(user: User, now: datetime) -> RefusalReason | None:
    if user.status is AccountStatus.PENDING_ENROLMENT:
        return "not_enrolled"
    if user.status is AccountStatus.SUSPENDED:
        return "suspended"
    if user.status is AccountStatus.CLOSED:
        return "closed"
    if user.locked_at is not None:
        return "locked"
    return lapsed(user, now.date())


def _throttled(
    session: Session,
    *,
    user: User | None,
    address: str,
    limit: tuple[throttle.Limit, int],
    meta: RequestMeta,
    now: datetime,
) -> SignInResult:
    _attempt(session, address, user.id if user else None, Outcome.THROTTLED, now)
    details = events.SignInThrottled(recent_failures=limit[1], limit=limit[0])
    record(session, "practitioners:sign_in:throttled", details, by=_actor(user), meta=meta)
    return SignInResult(Outcome.THROTTLED)


def _wrong_details(
    session: Session, user: User | None, address: str, meta: RequestMeta, now: datetime
) -> SignInResult:
    failed = _count_failure(session, user.id) if user else 0
    _attempt(session, address, user.id if user else None, Outcome.WRONG_DETAILS, now)
    details = events.SignInFailed(username_known=user is not None, failed_attempts=failed)
    record(session, "practitioners:sign_in:failed", details, by=_actor(user), meta=meta)
    if user is not None and failed >= MAX_FAILED_ATTEMPTS and _lock(session, user.id, now):
        locked = events.AccountLocked(user_id=user.id, failed_attempts=failed)
        record(session, "practitioners:account:locked", locked, by=_actor(user), meta=meta)
    return SignInResult(Outcome.WRONG_DETAILS)


def _count_failure(session: Session, user_id: int) -> int:
    """One more consecutive failure, added in SQL; the count after it."""
    counted = session.connection().execute(
        update(User)
        .where(User.id == user_id)
        .values(failed_attempts=User.failed_attempts + 1)
        .returning(User.failed_attempts)
    )
    return int(counted.scalar_one())


def _lock(session: Session, user_id: int, now: datetime) -> bool:
    """Lock the account unless it is locked already; True for the attempt that locked it."""
    locked = session.connection().execute(
        update(User).where(User.id == user_id, User.locked_at.is_(None)).values(locked_at=now)
    )
    return locked.rowcount == 1


def _succeed(
    session: Session,
    *,
    user: User,
    device_id: int,
    address: str,
    meta: RequestMeta,
    now: datetime,
) -> SignInResult:
    user.failed_attempts = 0  # this attempt holds the account (_spend_code): no lost update
    held = roles_of(session, user.id)
    role = held[0] if len(held) == 1 else None
    token = sessions.start(session, user=user, role=role, device_id=device_id)
    _attempt(session, address, user.id, Outcome.SIGNED_IN, now)
    actor = Actor(
        user_id=user.id,
        role=role.value if role else None,
        organisation_id=user.organisation_id,
        la_id=la_of_organisation(session, user.organisation_id),
    )
    succeeded = events.SignInSucceeded(device_id=device_id, roles_held=len(held))
    record(session, "practitioners:sign_in:succeeded", succeeded, by=actor, meta=meta)
    return SignInResult(Outcome.SIGNED_IN, session_token=token, must_choose_role=role is None)


def _attempt(
    session: Session, address: str, user_id: int | None, outcome: Outcome, now: datetime
) -> None:
    """Every attempt is kept, for throttling. Flushed at once: on SQLite an attempt that has
    written nothing else yet takes the write lock here, before the audit writer reads its
    chain head."""
    session.add(
        SignInAttempt(occurred_at=now, ip_address=address, user_id=user_id, outcome=outcome.value)
    )
    session.flush()
