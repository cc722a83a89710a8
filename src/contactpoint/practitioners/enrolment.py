"""Completing a one-time link: the user sets their own password and PIN and registers their
security token (scanning a QR code), and accepts the end-user agreement when enrolling."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.practitioners import events
from contactpoint.practitioners.credentials import (
    SecretBox,
    digest,
    hash_secret,
    password_problem,
    pin_problem,
    totp_step,
)
from contactpoint.practitioners.models import AccountStatus, SetupPurpose, User


@dataclass(frozen=True)
class SetupForm:
    password: str = ""
    password_again: str = ""
    pin: str = ""
    code: str = ""
    accept_agreement: bool = False


@dataclass
class SetupErrors:
    by_field: dict[str, str] = field(default_factory=dict)


def user_for_link(session: Session, token: str, *, now: datetime) -> User | None:
    user = session.scalars(select(User).where(User.setup_token_digest == digest(token))).first()
    if user is None or user.setup_expires_at is None or user.setup_expires_at <= now:
        return None
    if user.status in (AccountStatus.SUSPENDED, AccountStatus.CLOSED):
        return None
    return user


def _problems(user: User, form: SetupForm, box: SecretBox) -> tuple[dict[str, str], int | None]:
    problems: dict[str, str] = {}
    purpose = user.setup_purpose
    if purpose in (SetupPurpose.ENROL, SetupPurpose.RESET):
        if problem := password_problem(form.password, user.username):
            problems["password"] = problem
        elif form.password != form.password_again:
            problems["password_again"] = "Passwords do not match"  # noqa: S105
        if problem := pin_problem(form.pin):
            problems["pin"] = problem
    step = None
    if purpose in (SetupPurpose.ENROL, SetupPurpose.TOKEN):
        secret = box.open(user.pending_totp_secret_sealed)
        step = totp_step(secret, form.code, after_step=None) if secret else None
        if step is None:
            problems["code"] = "Enter the 6-digit code your app shows now"
    if purpose is SetupPurpose.ENROL and not form.accept_agreement:
        problems["accept_agreement"] = "You must accept the end-user agreement"
    return problems, step


def complete(
    session: Session,
    *,
    user: User,
    form: SetupForm,
    box: SecretBox,
    meta: RequestMeta,
    now: datetime,
) -> dict[str, str]:
    """Apply the link if the form is good; returns the problems (empty when done)."""
    problems, step = _problems(user, form, box)
    if problems:
        return problems
    purpose = user.setup_purpose or SetupPurpose.ENROL
    if purpose in (SetupPurpose.ENROL, SetupPurpose.RESET):
        user.password_hash = hash_secret(form.password)
        user.pin_hash = hash_secret(form.pin)
    if step is not None:
        user.totp_secret_sealed = user.pending_totp_secret_sealed
        user.totp_last_step = step  # the code just typed cannot be used to sign in
    if purpose is SetupPurpose.ENROL:
        user.agreement_accepted_on = now.date()
        user.status = AccountStatus.ACTIVE
    user.setup_token_digest = user.setup_purpose = user.setup_expires_at = None
    user.pending_totp_secret_sealed = None
    actor = Actor(user_id=user.id, organisation_id=user.organisation_id)
    enrolled = events.AccountEnrolled(user_id=user.id, purpose=purpose.value)
    record(session, "practitioners:account:enrolled", enrolled, by=actor, meta=meta)
    return {}
