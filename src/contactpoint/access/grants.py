"""Opaque, per-session tokens standing for a child in URLs (never a guessable id).

A search issues one token per result; only the session that searched can use it, and only
for thirty minutes. The token itself is never stored: only its SHA-256 digest.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import timedelta

from fastapi import HTTPException
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from contactpoint.access.models import ViewGrant
from contactpoint.authz.principal import Principal
from contactpoint.types import utcnow

GRANT_LIFETIME = timedelta(minutes=30)
TOKEN_BYTES = 24  # 192 bits


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_grants(
    session: Session,
    *,
    principal: Principal,
    child_ids: Sequence[int],
    on_behalf_of_user_id: int | None = None,
) -> dict[int, str]:
    """One fresh token per child, bound to the principal's session; returns child id → token.

    Written as one multi-row insert: this runs on every search.
    """
    now = utcnow()
    tokens = {child_id: secrets.token_urlsafe(TOKEN_BYTES) for child_id in child_ids}
    if tokens:
        rows = [
            {"token_digest": digest(token), "session_id": principal.session_id,
             "user_id": principal.user_id, "child_id": child_id,
             "on_behalf_of_user_id": on_behalf_of_user_id, "issued_at": now,
             "expires_at": now + GRANT_LIFETIME, "override": False}
            for child_id, token in tokens.items()
        ]  # fmt: skip
        session.connection().execute(insert(ViewGrant).values(rows))  # as in limits.py
    return tokens


def forget_expired(session: Session) -> None:
    """Delete every expired grant (they already open nothing). Run at each sign-in rather
    than on every search, which keeps a write off the busiest path."""
    session.execute(delete(ViewGrant).where(ViewGrant.expires_at < utcnow()))


def load_grant(session: Session, *, principal: Principal, token: str) -> ViewGrant:
    """The live grant for this session, or 404 (unknown, expired and foreign look the same)."""
    if not token or len(token) > 64:
        raise HTTPException(status_code=404)
    grant = session.scalars(
        select(ViewGrant).where(
            ViewGrant.token_digest == digest(token),
            ViewGrant.session_id == principal.session_id,
            ViewGrant.user_id == principal.user_id,
            ViewGrant.expires_at > utcnow(),
        )
    ).one_or_none()
    if grant is None:
        raise HTTPException(status_code=404)
    return grant


def resolve_grant(session: Session, *, principal: Principal, token: str) -> int:
    """The child id a token stands for, or raises HTTPException(404)."""
    return load_grant(session, principal=principal, token=token).child_id
