"""Rows a batch stages while it applies feed rows, written table by table in bulk.

Inserting row by row (and flushing so the next row could see it) was where ingest spent
its time. A batch now stages plain rows and writes each table at once, in foreign-key
order (`matching/bulk.py`: COPY on PostgreSQL, a multi-row insert elsewhere); rows that
need their new id first (addresses, carers, children) get it before the rows pointing at
them. Changes to rows already in the database (a child's fields, the source that set
one, an address left, an involvement ended) are a few UPDATEs per batch.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from contactpoint.children.models import (
    Address,
    Carer,
    Child,
    ChildAddress,
    ChildCarer,
    ChildOtherName,
    SourceIdentifier,
    SourceType,
)
from contactpoint.db import Base
from contactpoint.feeds.models import ChildField, ChildFieldSource
from contactpoint.feeds.schemas import AddressIn, CarerIn
from contactpoint.feeds.state import ChildState
from contactpoint.involvements.models import Involvement
from contactpoint.matching.bulk import among, bulk_insert, insert_returning_ids
from contactpoint.types import utcnow

# Plain rows, written after the rows they point at.
_ORDER: tuple[type[Base], ...] = (
    ChildAddress,
    ChildFieldSource,
    ChildOtherName,
    SourceIdentifier,
    ChildCarer,
    Involvement,
)


def address_row(new: AddressIn, la_id: int) -> dict[str, Any]:
    return {
        "line1": new.line1,
        "line2": new.line2,
        "town": new.town,
        "postcode": new.postcode,
        "la_id": la_id,
    }


@dataclass
class Writes:
    as_of: date  # the feed's date: when addresses are left and involvements end
    rows: dict[type[Base], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    # A move: the child, its new address row, and its staged child_addresses row.
    moves: list[tuple[ChildState, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    carers: list[tuple[int, CarerIn]] = field(default_factory=list)
    children: dict[int, ChildState] = field(default_factory=dict)  # whose fields changed
    sources_set: dict[tuple[int, ChildField], SourceType] = field(default_factory=dict)
    addresses_closed: set[int] = field(default_factory=set)  # child_addresses ids
    involvements_ended: set[int] = field(default_factory=set)

    def add(self, model: type[Base], row: dict[str, Any]) -> None:
        self.rows[model].append(row)

    def flush(self, session: Session) -> None:
        """Insert everything staged, then update the rows already held that changed."""
        self._insert_moves(session)
        self._insert_carers(session)
        for model in _ORDER:
            bulk_insert(session, model, self.rows.pop(model, []))
        self._update_children(session)
        self._update_sources(session)
        self._close(session, ChildAddress, self.addresses_closed, moved_out=self.as_of)
        self._close(session, Involvement, self.involvements_ended, ended_on=self.as_of)

    def _insert_moves(self, session: Session) -> None:
        ids = insert_returning_ids(session, Address, [address for _, address, _ in self.moves])
        for (state, _, entry), address_id in zip(self.moves, ids, strict=True):
            entry["address_id"] = address_id
            state.current_address_id = address_id
        self.moves.clear()

    def _insert_carers(self, session: Session) -> None:
        rows = [
            {"given_names": c.given_names, "family_name": c.family_name, "phone": c.phone}
            for _, c in self.carers
        ]
        ids = insert_returning_ids(session, Carer, rows)
        for (child_id, carer), carer_id in zip(self.carers, ids, strict=True):
            self.add(
                ChildCarer,
                {
                    "child_id": child_id,
                    "carer_id": carer_id,
                    "relationship": carer.relationship,
                    "parental_responsibility": carer.parental_responsibility,
                },
            )
        self.carers.clear()

    def _update_children(self, session: Session) -> None:
        now = utcnow()
        rows = [
            {
                "child": s.id,
                "given_names": s.given_names,
                "family_name": s.family_name,
                "date_of_birth": s.date_of_birth,
                "gender": s.gender,
                "la_id": s.la_id,
                "current_address_id": s.current_address_id,
                "updated_at": now,
            }
            for _, s in sorted(self.children.items())
        ]
        if rows:
            table: Any = Child.__table__
            session.execute(update(table).where(table.c.id == bindparam("child")), rows)
        self.children.clear()

    def _update_sources(self, session: Session) -> None:
        rows = [
            {"child": child_id, "name": name, "source": source}
            for (child_id, name), source in sorted(self.sources_set.items())
        ]
        if rows:
            table: Any = ChildFieldSource.__table__
            where = (table.c.child_id == bindparam("child")) & (table.c.field == bindparam("name"))
            session.execute(update(table).where(where), rows)
        self.sources_set.clear()

    @staticmethod
    def _close(session: Session, model: Any, ids: set[int], **values: date) -> None:
        if ids:
            table = model.__table__  # Core: there are no ORM objects to keep in step
            session.execute(update(table).where(among(table.c.id, sorted(ids))).values(**values))
        ids.clear()
