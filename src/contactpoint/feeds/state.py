"""What a batch needs to know about the children its rows update, read in a few queries.

Updating a matched child compares the row with the child's fields, the source that last
set each one, its carers, its open address and open involvements. Reading those per row
cost five queries a row; here they are read once for the whole batch and kept current in
memory as the rows are applied in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.children.models import (
    Address,
    Carer,
    Child,
    ChildAddress,
    ChildCarer,
    SourceType,
)
from contactpoint.feeds.models import ChildField, ChildFieldSource
from contactpoint.involvements.models import Involvement
from contactpoint.matching.candidates import chunks, holders
from contactpoint.organisations.models import Organisation, OrganisationKind

# An open involvement: the ORM row already held, or the insert staged by this batch.
OpenInvolvement = tuple[int, OrganisationKind, Involvement | dict[str, Any]]


@dataclass
class ChildState:
    child: Child
    address: Address | None
    field_sources: dict[ChildField, ChildFieldSource | dict[str, Any]] = field(default_factory=dict)
    open_addresses: list[ChildAddress | dict[str, Any]] = field(default_factory=list)
    carers: set[tuple[str, str]] = field(default_factory=set)  # (given, family), upper case
    involvements: list[OpenInvolvement] = field(default_factory=list)


def load_states(session: Session, child_ids: Iterable[int]) -> dict[int, ChildState]:
    ids = sorted(set(child_ids))
    states: dict[int, ChildState] = {}
    for chunk in chunks(ids):
        query = select(Child, Address).outerjoin(Address, Address.id == Child.current_address_id)
        for child, address in session.execute(query.where(Child.id.in_(chunk))):
            states[child.id] = ChildState(child, address)
        _add_details(session, states, chunk)
    return states


def _add_details(session: Session, states: dict[int, ChildState], ids: Any) -> None:
    for source in session.scalars(
        select(ChildFieldSource).where(ChildFieldSource.child_id.in_(ids))
    ):
        states[source.child_id].field_sources[source.field] = source
    open_addresses = select(ChildAddress).where(
        ChildAddress.child_id.in_(ids), ChildAddress.moved_out.is_(None)
    )
    for entry in session.scalars(open_addresses):
        states[entry.child_id].open_addresses.append(entry)
    carers = (
        select(ChildCarer.child_id, Carer.given_names, Carer.family_name)
        .join(Carer, Carer.id == ChildCarer.carer_id)
        .where(ChildCarer.child_id.in_(ids))
    )
    for child_id, given, family in session.execute(carers):
        states[child_id].carers.add((given.upper(), family.upper()))
    involvements = (
        select(Involvement, Organisation.kind)
        .join(Organisation, Organisation.id == Involvement.organisation_id)
        .where(Involvement.child_id.in_(ids), Involvement.ended_on.is_(None))
        .order_by(Involvement.id)
    )
    for inv, kind in session.execute(involvements):
        states[inv.child_id].involvements.append((inv.organisation_id, kind, inv))


def organisation_kinds(session: Session, ids: Iterable[int]) -> dict[int, OrganisationKind]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = select(Organisation.id, Organisation.kind).where(Organisation.id.in_(wanted))
    return {row[0]: row[1] for row in session.execute(query)}


def held_identifiers(
    session: Session, identifiers: Iterable[tuple[SourceType, str, str]]
) -> set[tuple[str, str, str]]:
    """Which of these (source, issuer, value) identifiers any child already holds."""
    return set(holders(session, identifiers))
