"""Audit events, hash-chained per chain so concurrent writers never queue on one global row.

Each event belongs to one of a fixed number of chains; within a chain, `seq` counts from 1
and `hash` covers the event and the previous event's hash. `audit_chain_heads` holds the
latest (seq, hash) of each chain; a writer locks just the head row it appends to.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contactpoint.db import Base
from contactpoint.types import BigId, UTCDateTime

GENESIS_HASH = "0" * 64


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("chain", "seq"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chain: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    event_type: Mapped[str] = mapped_column(String(48), index=True)
    # Opaque references only: no names, no dates of birth, no addresses (SPEC §4).
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    actor_role: Mapped[str | None] = mapped_column(String(40))
    actor_organisation_id: Mapped[int | None] = mapped_column(Integer)
    actor_la_id: Mapped[int | None] = mapped_column(Integer, index=True)
    on_behalf_of_user_id: Mapped[int | None] = mapped_column(BigInteger)
    child_ref: Mapped[int | None] = mapped_column(BigInteger, index=True)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(200))
    # Validated against the event type's declared shape (audit/events.py) before it is written.
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # Which chain key sealed `hash` (audit/keys.py); None only for events written before
    # hashes were keyed (migration 0009), which verify accepts only where a checkpoint covers.
    key_id: Mapped[int | None] = mapped_column(SmallInteger)


class AuditChainHead(Base):
    __tablename__ = "audit_chain_heads"

    chain: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
