"""What a batch needs to know about the children its rows update, read in a few queries.

Updating a matched child compares the row with the child's fields; only when something
differs does it need the source that last set each field and the child's open address,
and only rows naming an organisation or a carer need the open involvements or carers.
So the children are read first (plain rows, not ORM objects: a batch reads thousands),
then the details only for the children whose rows can change them. The states are kept
current in memory as the batch applies its rows in line order; what changed is written
by `feeds/writes.py` at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from contactpoint.children.models import (
    Address,
    Carer,
    Child,
    ChildAddress,
    ChildCarer,
    Gender,
    SourceType,
)
from contactpoint.feeds.models import ChildField, ChildFieldSource
from contactpoint.feeds.schemas import FeedRecord
from contactpoint.involvements.models import Involvement
from contactpoint.matching.bulk import among, chunks
from contactpoint.matching.candidates import CHILD_COLUMNS
from contactpoint.organisations.models import Organisation, OrganisationKind

# A row already in the database (its id), or one this batch has staged for insert.
Held = int | dict[str, Any]
# An open involvement: (organisation id, its kind, the involvement).
OpenInvolvement = tuple[int, OrganisationKind, Held]
# A row of the child's columns (`CHILD_COLUMNS`' names), however it was read.
ChildRow = Row[*tuple[Any, ...]]
# Who last set a field: the source held in the database, or the row this batch staged.
FieldSource = SourceType | dict[str, Any]


@dataclass(slots=True)
class ChildState:
    id: int
    given_names: str
    family_name: str
    date_of_birth: date
    gender: Gender
    la_id: int
    current_address_id: int | None
    address: tuple[str, str] | None  # (first line in upper case, postcode), to compare with
    detailed: bool = False  # field sources and open addresses were read
    field_sources: dict[ChildField, FieldSource] = field(default_factory=dict)
    open_addresses: list[Held] = field(default_factory=list)
    carers: set[tuple[str, str]] = field(default_factory=set)  # (given, family), upper case
    involvements: list[OpenInvolvement] = field(default_factory=list)


def load_states(
    session: Session, linked: list[tuple[FeedRecord, int]], known: Iterable[ChildRow] = ()
) -> dict[int, ChildState]:
    """The state of each child these (row, child id) pairs update.

    `known` are rows of the children already read (with `CHILD_COLUMNS`' names), for
    instance with the identifiers that matched them: only the others are read here.
    """
    wanted = {child_id for _, child_id in linked}
    states = {row.id: _state(row) for row in known if row.id in wanted}
    states |= _children(session, sorted(wanted - states.keys()))
    repeated = Counter(child_id for _, child_id in linked)
    detailed = {
        child_id
        for rec, child_id in linked
        if repeated[child_id] > 1 or differences(states[child_id], rec)
    }
    _add_details(session, states, sorted(detailed))
    _add_carers(session, states, sorted({c for rec, c in linked if rec.carer is not None}))
    _add_involvements(
        session, states, sorted({c for rec, c in linked if rec.organisation_ref is not None})
    )
    return states


def differences(state: ChildState, rec: FeedRecord) -> list[ChildField]:
    differs = {
        ChildField.NAMES: (state.given_names, state.family_name)
        != (rec.given_names, rec.family_name),
        ChildField.DATE_OF_BIRTH: state.date_of_birth != rec.date_of_birth,
        ChildField.GENDER: state.gender != rec.gender,
        ChildField.ADDRESS: state.address != (rec.address.line1.upper(), rec.address.postcode),
    }
    return [name for name, yes in differs.items() if yes]


def _children(session: Session, ids: list[int]) -> dict[int, ChildState]:
    states: dict[int, ChildState] = {}
    query = select(*CHILD_COLUMNS).outerjoin(Address, Address.id == Child.current_address_id)
    for chunk in chunks(ids):
        for row in session.execute(query.where(among(Child.id, chunk))):
            states[row.id] = _state(row)
    return states


def _state(row: ChildRow) -> ChildState:
    address = (row.line1.upper(), row.postcode) if row.line1 is not None else None
    return ChildState(
        row.id,
        row.given_names,
        row.family_name,
        row.date_of_birth,
        row.gender,
        row.la_id,
        row.current_address_id,
        address,
    )


def _add_details(session: Session, states: dict[int, ChildState], ids: list[int]) -> None:
    for chunk in chunks(ids):
        sources = select(ChildFieldSource.child_id, ChildFieldSource.field, ChildFieldSource.source)
        for child_id, name, source in session.execute(
            sources.where(among(ChildFieldSource.child_id, chunk))
        ):
            states[child_id].field_sources[name] = source
        open_addresses = select(ChildAddress.child_id, ChildAddress.id).where(
            among(ChildAddress.child_id, chunk), ChildAddress.moved_out.is_(None)
        )
        for child_id, entry_id in session.execute(open_addresses.order_by(ChildAddress.id)):
            states[child_id].open_addresses.append(entry_id)
        for child_id in chunk:
            states[child_id].detailed = True


def _add_carers(session: Session, states: dict[int, ChildState], ids: list[int]) -> None:
    for chunk in chunks(ids):
        carers = (
            select(ChildCarer.child_id, Carer.given_names, Carer.family_name)
            .join(Carer, Carer.id == ChildCarer.carer_id)
            .where(among(ChildCarer.child_id, chunk))
        )
        for child_id, given, family in session.execute(carers):
            states[child_id].carers.add((given.upper(), family.upper()))


def _add_involvements(session: Session, states: dict[int, ChildState], ids: list[int]) -> None:
    for chunk in chunks(ids):
        involvements = (
            select(
                Involvement.child_id, Involvement.organisation_id, Organisation.kind, Involvement.id
            )
            .join(Organisation, Organisation.id == Involvement.organisation_id)
            .where(among(Involvement.child_id, chunk), Involvement.ended_on.is_(None))
            .order_by(Involvement.id)
        )
        for child_id, organisation_id, kind, involvement_id in session.execute(involvements):
            states[child_id].involvements.append((organisation_id, kind, involvement_id))


def organisation_kinds(session: Session, ids: Iterable[int]) -> dict[int, OrganisationKind]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = select(Organisation.id, Organisation.kind).where(among(Organisation.id, wanted))
    return {row[0]: row[1] for row in session.execute(query)}
