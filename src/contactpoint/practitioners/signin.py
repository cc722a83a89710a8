"""Signing in with four factors from an approved device.

Every factor is checked every time (no early exit), and any wrong factor, or an unknown
username, gives the same answer. Only someone who has given all four correctly is told why
they still cannot come in (locked, suspended, a lapsed vetting gate, an unapproved device).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.practitioners import events, sessions
from contactpoint.practitioners.credentials import SecretBox, totp_step, verify_secret
from contactpoint.practitioners.events import RefusalReason
from contactpoint.practitioners.models import AccountStatus, SignInAttempt, User
from contactpoint.practitioners.queries import (
    approved_device,
    la_of_organisation,
    recent_failures_from,
    roles_of,
    user_by_username,
)
from contactpoint.practitioners.vetting import lapsed

MAX_FAILED_ATTEMPTS = 5
THROTTLE_WINDOW = timedelta(minutes=15)
THROTTLE_LIMIT = 20  # failures from one address within the window


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
    failures = recent_failures_from(session, address, now - THROTTLE_WINDOW)
    if failures >= THROTTLE_LIMIT:
        _attempt(session, address, None, Outcome.THROTTLED, now)
        record(
            session,
            "practitioners:sign_in:throttled",
            events.SignInThrottled(recent_failures=failures),
            by=Actor(),
            meta=meta,
        )
        return SignInResult(Outcome.THROTTLED)
    user = user_by_username(session, factors.username, for_update=True)
    step = _check_factors(user, factors, box)
    if user is None or step is None:
        return _wrong_details(session, user, address, meta, now)
    actor = Actor(user_id=user.id, organisation_id=user.organisation_id)
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
    return _succeed(
        session, user=user, step=step, device_id=device.id, address=address, meta=meta, now=now
    )


def _check_factors(user: User | None, factors: Factors, box: SecretBox) -> int | None:
    """The TOTP step used if all four factors are right; both hashes are always verified."""
    stored = user or User()
    password_ok = verify_secret(stored.password_hash, factors.password)
    pin_ok = verify_secret(stored.pin_hash, factors.pin)
    secret = box.open(stored.totp_secret_sealed)
    step = totp_step(secret, factors.code, after_step=stored.totp_last_step) if secret else None
    return step if (user and password_ok and pin_ok) else None


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


def _wrong_details(
    session: Session, user: User | None, address: str, meta: RequestMeta, now: datetime
) -> SignInResult:
    actor = Actor()
    if user is not None:
        actor = Actor(user_id=user.id, organisation_id=user.organisation_id)
        user.failed_attempts += 1
    _attempt(session, address, user.id if user else None, Outcome.WRONG_DETAILS, now)
    details = events.SignInFailed(
        username_known=user is not None, failed_attempts=user.failed_attempts if user else 0
    )
    record(session, "practitioners:sign_in:failed", details, by=actor, meta=meta)
    if user is not None and user.failed_attempts >= MAX_FAILED_ATTEMPTS and not user.locked_at:
        user.locked_at = now
        locked = events.AccountLocked(user_id=user.id, failed_attempts=user.failed_attempts)
        record(session, "practitioners:account:locked", locked, by=actor, meta=meta)
    return SignInResult(Outcome.WRONG_DETAILS)


def _succeed(
    session: Session,
    *,
    user: User,
    step: int,
    device_id: int,
    address: str,
    meta: RequestMeta,
    now: datetime,
) -> SignInResult:
    user.failed_attempts = 0
    user.totp_last_step = step
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
    session.add(
        SignInAttempt(occurred_at=now, ip_address=address, user_id=user_id, outcome=outcome.value)
    )
