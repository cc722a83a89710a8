"""Account administration. Each action takes the acting user (`by=`), writes its audit event
in the caller's transaction and never commits. Scope is the caller's job: views pass only
users found through queries.administrable_user, so an action never reaches out of scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.authz.roles import Role
from contactpoint.practitioners import events, sessions
from contactpoint.practitioners.credentials import SecretBox, digest, new_token, new_totp_secret
from contactpoint.practitioners.models import (
    AccountStatus,
    RoleGrant,
    SetupPurpose,
    User,
)
from contactpoint.types import utcnow

SETUP_LINK_LIFETIME = timedelta(hours=72)


@dataclass(frozen=True)
class NewAccount:
    username: str
    display_name: str
    organisation_id: int
    roles: tuple[Role, ...]
    email: str | None = None
    criminal_records_checked_on: date | None = None
    training_completed_on: date | None = None


class FourEyesError(PermissionError):
    """An account is approved by someone other than the administrator who proposed it."""


def create_account(
    session: Session,
    *,
    account: NewAccount,
    box: SecretBox,
    by: Actor,
    meta: RequestMeta | None = None,
) -> tuple[User, str | None]:
    """A pending account. Proposed by an administrator, it waits for a second one to approve
    it (`approve_account`), and no enrolment link exists yet (None). Made by the system (the
    first administrator, the demo: nobody else exists to approve), its link comes at once."""
    user = User(
        username=account.username.strip().lower(),
        display_name=account.display_name.strip(),
        email=account.email,
        organisation_id=account.organisation_id,
        status=AccountStatus.PENDING_ENROLMENT,
        failed_attempts=0,
        criminal_records_checked_on=account.criminal_records_checked_on,
        training_completed_on=account.training_completed_on,
        proposed_by_user_id=by.user_id,
        vetting_recorded_by_user_id=by.user_id,
    )
    session.add(user)
    session.flush()
    session.add_all(RoleGrant(user_id=user.id, role=role) for role in sorted(set(account.roles)))
    created = events.AccountCreated(
        user_id=user.id, organisation_id=user.organisation_id, roles=sorted(account.roles)
    )
    record(session, "practitioners:account:created", created, by=by, meta=meta)
    if user.awaiting_approval:
        return user, None
    token = issue_setup_link(
        session, user=user, purpose=SetupPurpose.ENROL, box=box, by=by, meta=meta
    )
    return user, token


def approve_account(
    session: Session, *, user: User, box: SecretBox, by: Actor, meta: RequestMeta | None = None
) -> str:
    """The second pair of eyes: approve a proposed account; its enrolment link, for the
    approver to hand over (the proposer never sees it)."""
    if not user.awaiting_approval or user.status is not AccountStatus.PENDING_ENROLMENT:
        raise FourEyesError("this account is not waiting for approval")
    assert user.proposed_by_user_id is not None
    if by.user_id is None or by.user_id == user.proposed_by_user_id:
        raise FourEyesError("another administrator must approve an account you proposed")
    # Once, even when two administrators approve at the same moment (both databases).
    claimed = session.execute(
        update(User)
        .where(User.id == user.id, User.approved_by_user_id.is_(None))
        .values(approved_by_user_id=by.user_id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise FourEyesError("another administrator has just approved this account")
    user.approved_by_user_id = by.user_id
    approved = events.AccountApproved(user_id=user.id, proposed_by_user_id=user.proposed_by_user_id)
    record(session, "practitioners:account:approved", approved, by=by, meta=meta)
    return issue_setup_link(
        session, user=user, purpose=SetupPurpose.ENROL, box=box, by=by, meta=meta
    )


def issue_setup_link(
    session: Session,
    *,
    user: User,
    purpose: SetupPurpose,
    box: SecretBox,
    by: Actor,
    meta: RequestMeta | None = None,
) -> str:
    """A one-time link for the user to set their own credentials (an admin never sees them).

    Never for an account still waiting for its second administrator: a reset link would let
    the proposer enrol the account they proposed."""
    if user.awaiting_approval:
        raise FourEyesError("this account is waiting for another administrator's approval")
    token = new_token()
    user.setup_token_digest = digest(token)
    user.setup_purpose = purpose
    user.setup_expires_at = utcnow() + SETUP_LINK_LIFETIME
    needs_token = purpose in (SetupPurpose.ENROL, SetupPurpose.TOKEN)
    user.pending_totp_secret_sealed = box.seal(new_totp_secret()) if needs_token else None
    issued = events.SetupLinkIssued(user_id=user.id, purpose=purpose.value)
    record(session, "practitioners:account:setup_link_issued", issued, by=by, meta=meta)
    return token


def set_status(
    session: Session,
    *,
    user: User,
    status: AccountStatus,
    by: Actor,
    meta: RequestMeta | None = None,
) -> None:
    """Suspend, reactivate or close; leaving ACTIVE ends every session at once."""
    user.status = status
    ended = 0 if status is AccountStatus.ACTIVE else sessions.end_all_for(session, user.id)
    if status is not AccountStatus.ACTIVE:
        user.setup_token_digest = None
    changed = events.AccountStatusChanged(
        user_id=user.id, status=status.value, sessions_ended=ended
    )
    record(session, "practitioners:account:status_changed", changed, by=by, meta=meta)


def unlock(session: Session, *, user: User, by: Actor, meta: RequestMeta | None = None) -> None:
    user.locked_at = None
    user.failed_attempts = 0
    record(
        session,
        "practitioners:account:unlocked",
        events.AccountUnlocked(user_id=user.id),
        by=by,
        meta=meta,
    )
