"""(Re)build `matching_keys` for every active child, e.g. after a bulk load made without
them or after the key scheme changes.

Children are read in id order a batch at a time, as plain rows (no ORM objects: 11 million
children). Each batch is one transaction that deletes its children's keys and inserts them
afresh, so a run stopped part-way can simply be run again and leaves no duplicates.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.children.models import Address, Child, RecordStatus
from contactpoint.db import transaction
from contactpoint.matching.bulk import among, bulk_insert, chunks
from contactpoint.matching.candidates import IDENTITY_COLUMNS, key_rows, row_identity
from contactpoint.matching.models import MatchingKey

BATCH = 20_000


@dataclass(frozen=True)
class RebuildSummary:
    children: int
    keys: int
    seconds: float

    @property
    def rate(self) -> float:
        """Children re-keyed per second."""
        return self.children / self.seconds if self.seconds else 0.0


def active_children(session: Session) -> int:
    query = select(func.count()).select_from(Child).where(Child.status == RecordStatus.ACTIVE)
    return int(session.scalar(query) or 0)


def rebuild_keys(
    sessions: sessionmaker[Session],
    *,
    batch: int = BATCH,
    advance: Callable[[int], None] = lambda done: None,
) -> RebuildSummary:
    """Re-key every active child; `advance(children done)` after each committed batch."""
    started = time.perf_counter()
    children = keys = after = batches = 0
    while True:
        with transaction(sessions) as session:
            done = rekey_batch(session, after=after, limit=batch)
        if done is None:
            break
        after, count, written = done
        children, keys, batches = children + count, keys + written, batches + 1
        if batches & (batches - 1) == 0:  # after batches 1, 2, 4, 8, …
            _refresh_statistics(sessions)
        advance(children)
    return RebuildSummary(children, keys, time.perf_counter() - started)


def _refresh_statistics(sessions: sessionmaker[Session]) -> None:
    """ANALYZE the growing table now and then. Filled from empty, its statistics say it is
    tiny, and PostgreSQL then deletes each batch's old keys by scanning the whole table:
    at 11 million children that took the rebuild from ~10,000 to ~2,700 children/s."""
    with transaction(sessions) as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"ANALYZE {MatchingKey.__tablename__}"))


def rekey_batch(session: Session, *, after: int, limit: int) -> tuple[int, int, int] | None:
    """Re-key the next `limit` active children after id `after`: (last id, children, keys),
    or None when there are no more."""
    query = (
        select(*IDENTITY_COLUMNS)
        .outerjoin(Address, Address.id == Child.current_address_id)
        .where(Child.id > after, Child.status == RecordStatus.ACTIVE)
        .order_by(Child.id)
        .limit(limit)
    )
    children = session.connection().execute(query).all()
    if not children:
        return None
    ids = [row.id for row in children]
    for chunk in chunks(ids):
        session.execute(delete(MatchingKey).where(among(MatchingKey.child_id, chunk)))
    rows = key_rows((row.id, row_identity(row)) for row in children)
    bulk_insert(session, MatchingKey, rows)
    return ids[-1], len(ids), len(rows)
