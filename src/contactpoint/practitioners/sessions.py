"""Server-side sessions: the cookie holds a random 256-bit token; the table holds its digest.

A session ends after 15 minutes without a request, 12 hours after sign-in, at sign-out, and
at once when its account is suspended or closed (or its device revoked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from contactpoint.access import grants
from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.authz.principal import Principal
from contactpoint.authz.roles import Role
from contactpoint.organisations.models import Organisation
from contactpoint.practitioners.credentials import digest, new_token
from contactpoint.practitioners.events import SessionExpired
from contactpoint.practitioners.models import AccountStatus, RoleGrant, User, UserSession

IDLE_TIMEOUT = timedelta(minutes=15)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
# last_seen_at is written at most this often, so each page view is not a write.
TOUCH_EVERY = timedelta(seconds=30)


@dataclass(frozen=True)
class Resolved:
    principal: Principal | None
    expired: Literal["idle", "absolute", "account_disabled"] | None = None


def start(session: Session, *, user: User, role: Role | None, device_id: int | None) -> str:
    """A new session for `user`; returns the token for the cookie (never stored)."""
    token = new_token()
    grants.forget_expired(session)
    session.add(
        UserSession(token_digest=digest(token), user_id=user.id, role=role, device_id=device_id)
    )
    session.flush()
    return token


def _find(session: Session, token: str) -> UserSession | None:
    return session.scalars(
        select(UserSession).where(UserSession.token_digest == digest(token))
    ).first()


def resolve(session: Session, token: str, *, now: datetime, meta: RequestMeta) -> Resolved:
    """The principal a session token stands for, ending the session if it has expired."""
    found = session.execute(
        select(UserSession, User, Organisation.la_id, RoleGrant.role)
        .outerjoin(User, User.id == UserSession.user_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
        .where(UserSession.token_digest == digest(token))
        .order_by(RoleGrant.role)
    ).all()  # one round trip per request: session, account, its LA and its roles
    if not found:
        return Resolved(None)
    row, user, la_id, _ = found[0]
    reason = _expiry(row, user, now)
    if reason is not None or user is None:
        actor = Actor(user_id=row.user_id, role=row.role.value if row.role else None)
        record(
            session,
            "practitioners:session:expired",
            SessionExpired(reason=reason or "account_disabled"),
            by=actor,
            meta=meta,
        )
        session.delete(row)
        return Resolved(None, reason)
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    roles = tuple(role for *_, role in found if role is not None)
    return Resolved(_principal(row, user, la_id, roles))


def _expiry(
    row: UserSession, user: User | None, now: datetime
) -> Literal["idle", "absolute", "account_disabled"] | None:
    if user is None or user.status is not AccountStatus.ACTIVE:
        return "account_disabled"
    if now - row.created_at >= ABSOLUTE_TIMEOUT:
        return "absolute"
    if now - row.last_seen_at >= IDLE_TIMEOUT:
        return "idle"
    return None


def _principal(
    row: UserSession, user: User, la_id: int | None, roles: tuple[Role, ...]
) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        organisation_id=user.organisation_id,
        la_id=la_id,
        role=row.role,
        roles_held=roles,
        session_id=row.id,
    )


def choose_role(session: Session, *, session_id: int, role: Role) -> None:
    row = session.get(UserSession, session_id)
    if row is not None:
        row.role = role


def end(session: Session, token: str) -> bool:
    row = _find(session, token)
    if row is not None:
        session.delete(row)
    return row is not None


def end_all_for(session: Session, user_id: int, *, device_id: int | None = None) -> int:
    """End every session of a user (or only those on one device); returns how many."""
    query = delete(UserSession).where(UserSession.user_id == user_id)
    if device_id is not None:
        query = query.where(UserSession.device_id == device_id)
    result = session.execute(query.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)
