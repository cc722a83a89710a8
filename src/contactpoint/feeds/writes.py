"""Rows a batch stages while it applies feed rows, inserted table by table in bulk.

Inserting row by row (and flushing so the next row could see it) was where ingest spent
its time. A batch now stages plain rows and writes each table with one multi-row insert,
in foreign-key order; rows that need their new id first (addresses, carers, children)
are inserted with RETURNING in parameter order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from contactpoint.children.models import (
    Address,
    Carer,
    ChildAddress,
    ChildCarer,
    ChildOtherName,
    SourceIdentifier,
)
from contactpoint.db import Base
from contactpoint.feeds.models import ChildFieldSource
from contactpoint.feeds.schemas import AddressIn, CarerIn
from contactpoint.feeds.state import ChildState
from contactpoint.involvements.models import Involvement

# Plain rows, written after the rows they point at.
_ORDER: tuple[type[Base], ...] = (
    ChildAddress,
    ChildFieldSource,
    ChildOtherName,
    SourceIdentifier,
    ChildCarer,
    Involvement,
)


def insert_returning_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows))


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
    rows: dict[type[Base], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    # A move: the child, its new address row, and its staged child_addresses row.
    moves: list[tuple[ChildState, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    carers: list[tuple[int, CarerIn]] = field(default_factory=list)

    def add(self, model: type[Base], row: dict[str, Any]) -> None:
        self.rows[model].append(row)

    def flush(self, session: Session) -> None:
        """Insert everything staged, then let the ORM write the rows it changed."""
        self._insert_moves(session)
        self._insert_carers(session)
        for model in _ORDER:
            rows = self.rows.pop(model, [])
            if rows:
                session.execute(insert(model), rows)
        session.flush()

    def _insert_moves(self, session: Session) -> None:
        ids = insert_returning_ids(session, Address, [address for _, address, _ in self.moves])
        for (state, _, entry), address_id in zip(self.moves, ids, strict=True):
            entry["address_id"] = address_id
            state.child.current_address_id = address_id
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
