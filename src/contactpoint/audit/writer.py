"""Append an audit event inside the caller's transaction.

The caller's action and its event commit together or not at all: `record` never commits.
On PostgreSQL the writer takes whichever chain head no other transaction holds
(FOR UPDATE SKIP LOCKED), so parallel writers do not wait on one global lock. Each hash is
sealed with the chain key bound to the session's engine (audit/keys.py), which the database
never holds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactpoint.audit.events import EventDetails, validate_details
from contactpoint.audit.keys import ChainKeys, keys_of
from contactpoint.audit.models import AuditChainHead, AuditEvent
from contactpoint.types import utcnow


@dataclass(frozen=True)
class Actor:
    """Who is acting, as opaque references: a user, the role they signed in with, their scope."""

    user_id: int | None = None
    role: str | None = None
    organisation_id: int | None = None
    la_id: int | None = None
    on_behalf_of_user_id: int | None = None  # mediated access: the practitioner who phoned in


SYSTEM = Actor(role="system")


@dataclass(frozen=True)
class RequestMeta:
    ip_address: str | None = None
    user_agent: str | None = None


class NoAuditChainError(RuntimeError):
    pass


def record(
    session: Session,
    event_type: str,
    details: EventDetails | dict[str, Any] | None = None,
    *,
    by: Actor,
    child_ref: int | None = None,
    meta: RequestMeta | None = None,
) -> AuditEvent:
    """Validate, chain and add one event to `session`; it commits with the caller's action."""
    payload = validate_details(event_type, details or {})
    keys = keys_of(session.connection())
    head = _claim_chain_head(session)
    meta = meta or RequestMeta()
    event = AuditEvent(
        chain=head.chain,
        seq=head.seq + 1,
        occurred_at=utcnow(),
        event_type=event_type,
        actor_user_id=by.user_id,
        actor_role=by.role,
        actor_organisation_id=by.organisation_id,
        actor_la_id=by.la_id,
        on_behalf_of_user_id=by.on_behalf_of_user_id,
        child_ref=child_ref,
        ip_address=meta.ip_address,
        user_agent=(meta.user_agent or "")[:200] or None,
        details=payload,
        prev_hash=head.hash,
        key_id=keys.current_id,
    )
    event.hash = seal(event, keys)
    head.seq, head.hash = event.seq, event.hash
    session.add(event)
    session.flush()
    return event


def _claim_chain_head(session: Session) -> AuditChainHead:
    query = select(AuditChainHead).order_by(func.random()).limit(1)
    head = None
    if session.get_bind().dialect.name == "postgresql":
        head = session.scalars(query.with_for_update(skip_locked=True)).first()
        # Every chain busy (more writers than chains): wait for one rather than fail.
        query = query.with_for_update()
    head = head or session.scalars(query).first()
    if head is None:
        raise NoAuditChainError("no free audit chain: run `contactpoint db upgrade`")
    return head


class HashedFields(Protocol):
    """What the hash covers: an AuditEvent, or a plain row of its columns (fast verification)."""

    @property
    def chain(self) -> int: ...
    @property
    def seq(self) -> int: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def event_type(self) -> str: ...
    @property
    def actor_user_id(self) -> int | None: ...
    @property
    def actor_role(self) -> str | None: ...
    @property
    def actor_organisation_id(self) -> int | None: ...
    @property
    def actor_la_id(self) -> int | None: ...
    @property
    def on_behalf_of_user_id(self) -> int | None: ...
    @property
    def child_ref(self) -> int | None: ...
    @property
    def ip_address(self) -> str | None: ...
    @property
    def user_agent(self) -> str | None: ...
    @property
    def details(self) -> dict[str, Any]: ...
    @property
    def key_id(self) -> int | None: ...


def canonical_bytes(event: HashedFields) -> bytes:
    """The exact bytes the hash covers: every stored field except the hash itself (events
    from before keyed hashes have no key_id, and their bytes are as they were written)."""
    fields: dict[str, Any] = {
        "chain": event.chain,
        "seq": event.seq,
        "prev_hash": event.prev_hash,
        "occurred_at": _timestamp(event.occurred_at),
        "event_type": event.event_type,
        "actor_user_id": event.actor_user_id,
        "actor_role": event.actor_role,
        "actor_organisation_id": event.actor_organisation_id,
        "actor_la_id": event.actor_la_id,
        "on_behalf_of_user_id": event.on_behalf_of_user_id,
        "child_ref": event.child_ref,
        "ip_address": event.ip_address,
        "user_agent": event.user_agent,
        "details": event.details,
    }
    if event.key_id is not None:
        fields["key_id"] = event.key_id
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def seal(event: HashedFields, keys: ChainKeys) -> str:
    """The hash a new event is written with: keyed with the current chain key."""
    assert event.key_id == keys.current_id
    sealed = keys.seal(canonical_bytes(event))
    assert sealed is not None
    return sealed


def event_hash(event: HashedFields, keys: ChainKeys) -> str | None:
    """The hash an event should have: HMAC under its key, or plain SHA-256 for an event
    written before keyed hashes; None when its key is not held here."""
    if event.key_id is None:
        return hashlib.sha256(canonical_bytes(event)).hexdigest()
    return keys.seal(canonical_bytes(event), event.key_id)


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
