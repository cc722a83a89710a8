"""Append many events at once, with the times they happened: history loads and simulations.

Holds every chain head for the whole batch (so use it from one writer, off-peak), deals the
events round-robin over the chains and inserts them in large batches. Same shapes, same
hashes as `writer.record`; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from contactpoint.audit.events import EventDetails, validate_details
from contactpoint.audit.keys import ChainKeys, keys_of
from contactpoint.audit.models import AuditChainHead, AuditEvent
from contactpoint.audit.writer import Actor, HashedFields, NoAuditChainError, seal

BATCH = 5_000


@dataclass(frozen=True)
class Draft:
    event_type: str
    details: EventDetails | dict[str, Any]
    by: Actor
    occurred_at: datetime
    child_ref: int | None = None


def append_events(session: Session, drafts: Iterable[Draft]) -> int:
    """Chain and insert `drafts` in order; returns how many were written."""
    query = select(AuditChainHead).order_by(AuditChainHead.chain).with_for_update()
    heads = list(session.scalars(query))
    if not heads:
        raise NoAuditChainError("no audit chains: run `contactpoint db upgrade`")
    keys = keys_of(session.connection())
    rows: list[dict[str, Any]] = []
    written = 0
    for number, draft in enumerate(drafts):
        rows.append(_chained_row(heads[number % len(heads)], draft, keys))
        if len(rows) == BATCH:
            written += _flush(session, rows)
    written += _flush(session, rows)
    session.flush()
    return written


def _chained_row(head: AuditChainHead, draft: Draft, keys: ChainKeys) -> dict[str, Any]:
    by = draft.by
    row: dict[str, Any] = {
        "chain": head.chain,
        "seq": head.seq + 1,
        "prev_hash": head.hash,
        "occurred_at": draft.occurred_at,
        "event_type": draft.event_type,
        "actor_user_id": by.user_id,
        "actor_role": by.role,
        "actor_organisation_id": by.organisation_id,
        "actor_la_id": by.la_id,
        "on_behalf_of_user_id": by.on_behalf_of_user_id,
        "child_ref": draft.child_ref,
        "ip_address": None,
        "user_agent": None,
        "details": validate_details(draft.event_type, draft.details),
        "key_id": keys.current_id,
    }
    row["hash"] = seal(cast(HashedFields, SimpleNamespace(**row)), keys)
    # The heads are flushed once, after the last batch.
    head.seq, head.hash = row["seq"], row["hash"]
    return row


def _flush(session: Session, rows: list[dict[str, Any]]) -> int:
    count = len(rows)
    if rows:
        session.execute(insert(AuditEvent), rows)
        rows.clear()
    return count
