"""A batch's audit events: one for the batch, then one per child whose record changed.

`record` claims one chain head (SKIP LOCKED on PostgreSQL) for the batch event; the
per-child events follow on that same chain, hashed exactly as `record` hashes them, and
go in with one bulk insert (COPY on PostgreSQL). They commit with the batch or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy.orm import Session

from contactpoint.audit.events import EventDetails, validate_details
from contactpoint.audit.keys import ChainKeys, keys_of
from contactpoint.audit.models import AuditChainHead, AuditEvent
from contactpoint.audit.writer import Actor, HashedFields, record, seal
from contactpoint.matching.bulk import bulk_insert
from contactpoint.types import utcnow


@dataclass
class BatchEvents:
    """Per-child events gathered while a batch is applied, written once at its end."""

    by: Actor
    drafts: list[tuple[str, EventDetails, int]] = field(default_factory=list)

    def add(self, event_type: str, details: EventDetails, *, child_ref: int) -> None:
        self.drafts.append((event_type, details, child_ref))

    def write(self, session: Session, event_type: str, batch: EventDetails) -> None:
        first = record(session, event_type, batch, by=self.by)
        head = session.get_one(AuditChainHead, first.chain)
        keys = keys_of(session.connection())
        rows = [self._chained(head, keys, *draft) for draft in self.drafts]
        bulk_insert(session, AuditEvent, rows)
        self.drafts.clear()

    def _chained(
        self,
        head: AuditChainHead,
        keys: ChainKeys,
        event_type: str,
        details: EventDetails,
        child_ref: int,
    ) -> dict[str, Any]:
        by = self.by
        row: dict[str, Any] = {
            "chain": head.chain,
            "seq": head.seq + 1,
            "prev_hash": head.hash,
            "occurred_at": utcnow(),
            "event_type": event_type,
            "actor_user_id": by.user_id,
            "actor_role": by.role,
            "actor_organisation_id": by.organisation_id,
            "actor_la_id": by.la_id,
            "on_behalf_of_user_id": by.on_behalf_of_user_id,
            "child_ref": child_ref,
            "ip_address": None,
            "user_agent": None,
            "details": validate_details(event_type, details),
            "key_id": keys.current_id,
        }
        row["hash"] = seal(cast(HashedFields, SimpleNamespace(**row)), keys)
        head.seq, head.hash = row["seq"], row["hash"]
        return row
