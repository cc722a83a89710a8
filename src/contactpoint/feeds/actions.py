"""Writing feed rows into the index: new children, and updates to matched ones.

Actions never commit: the ingest pipeline commits once per batch, with the batch's audit
events, so a batch is applied entirely or not at all. Both stage what they write in
`Writes` (inserted and updated in bulk) and keep the batch's in-memory view of each
matched child (`feeds/state.py`) current, so a later row in the batch sees the earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from contactpoint.children.models import (
    Address,
    Child,
    ChildAddress,
    ChildOtherName,
    OtherNameKind,
    SourceIdentifier,
    SourceType,
)
from contactpoint.feeds.models import ChildField, ChildFieldSource, Feed
from contactpoint.feeds.precedence import may_overwrite
from contactpoint.feeds.schemas import FeedRecord
from contactpoint.feeds.state import ChildState, FieldSource, differences
from contactpoint.feeds.writes import Writes, address_row
from contactpoint.involvements.models import Involvement
from contactpoint.matching.bulk import insert_returning_ids
from contactpoint.organisations.models import OrganisationKind


@dataclass(frozen=True)
class Placement:
    """What the row resolves to in the database: its LA and (if any) its organisation."""

    la_id: int
    organisation_id: int | None


@dataclass(frozen=True)
class NewChild:
    rec: FeedRecord
    cp_id: str
    at: Placement


def create_children(
    session: Session, new: list[NewChild], *, feed: Feed, writes: Writes
) -> list[int]:
    """Insert the children (and their addresses) now; stage everything that points at them."""
    addresses = insert_returning_ids(
        session, Address, [address_row(n.rec.address, n.at.la_id) for n in new]
    )
    rows = [_child_row(n, address_id) for n, address_id in zip(new, addresses, strict=True)]
    child_ids = insert_returning_ids(session, Child, rows)
    for n, child_id, address_id in zip(new, child_ids, addresses, strict=True):
        writes.add(ChildAddress, _address_entry(child_id, address_id, feed))
        for field in ChildField:
            writes.add(
                ChildFieldSource, {"child_id": child_id, "field": field, "source": n.rec.source}
            )
        writes.add(SourceIdentifier, _identifier_row(child_id, n.rec))
        if n.rec.carer is not None:
            writes.carers.append((child_id, n.rec.carer))
        if n.at.organisation_id is not None:
            writes.add(Involvement, _involvement_row(child_id, n.at.organisation_id, feed))
    return child_ids


def _child_row(new: NewChild, address_id: int) -> dict[str, Any]:
    rec = new.rec
    return {
        "cp_id": new.cp_id,
        "given_names": rec.given_names,
        "family_name": rec.family_name,
        "gender": rec.gender,
        "date_of_birth": rec.date_of_birth,
        "la_id": new.at.la_id,
        "current_address_id": address_id,
    }


@dataclass(frozen=True)
class UpdateContext:
    feed: Feed
    writes: Writes
    kinds: dict[int, OrganisationKind]  # organisation id -> kind, for this batch
    held: set[tuple[str, str, str]]  # identifiers some child holds (kept current)


def update_child(
    state: ChildState, rec: FeedRecord, *, at: Placement, ctx: UpdateContext
) -> tuple[list[str], int]:
    """Apply the row to a matched child; returns the fields changed and the conflicts seen."""
    changed: list[str] = []
    conflicts = 0
    for field in differences(state, rec):
        if not state.detailed:  # load_states reads details for every child a row changes
            raise AssertionError("a changed child's details were not read")
        if not may_overwrite(field, rec.source, _source_of(state.field_sources.get(field))):
            conflicts += 1
            continue
        _apply_field(state, rec, field, at=at, ctx=ctx)
        _set_source(state, field, rec, ctx.writes)
        changed.append(field.value)
    identifier = (rec.source.value, rec.issuer, rec.identifier)
    if identifier not in ctx.held:
        ctx.held.add(identifier)
        ctx.writes.add(SourceIdentifier, _identifier_row(state.id, rec))
        changed.append("identifier")
    if rec.carer is not None:
        wanted = (rec.carer.given_names.upper(), rec.carer.family_name.upper())
        if wanted not in state.carers:
            state.carers.add(wanted)
            ctx.writes.carers.append((state.id, rec.carer))
            changed.append("carer")
    if at.organisation_id is not None and _ensure_involvement(state, at.organisation_id, ctx):
        changed.append("involvement")
    return changed, conflicts


def _source_of(holder: FieldSource | None) -> SourceType | None:
    if isinstance(holder, dict):
        source: SourceType = holder["source"]
        return source
    return holder


def _set_source(state: ChildState, field: ChildField, rec: FeedRecord, writes: Writes) -> None:
    holder = state.field_sources.get(field)
    if isinstance(holder, dict):
        holder["source"] = rec.source
    elif holder is not None:
        state.field_sources[field] = rec.source
        writes.sources_set[(state.id, field)] = rec.source
    else:
        row = {"child_id": state.id, "field": field, "source": rec.source}
        state.field_sources[field] = row
        writes.add(ChildFieldSource, row)


def _apply_field(
    state: ChildState, rec: FeedRecord, field: ChildField, *, at: Placement, ctx: UpdateContext
) -> None:
    ctx.writes.children[state.id] = state
    if field is ChildField.NAMES:
        former = {
            "child_id": state.id,
            "kind": OtherNameKind.FORMER,
            "given_names": state.given_names,
            "family_name": state.family_name,
        }
        ctx.writes.add(ChildOtherName, former)
        state.given_names, state.family_name = rec.given_names, rec.family_name
    elif field is ChildField.DATE_OF_BIRTH:
        state.date_of_birth = rec.date_of_birth
    elif field is ChildField.GENDER:
        state.gender = rec.gender
    else:
        _move_house(state, rec, at.la_id, ctx)


def _move_house(state: ChildState, rec: FeedRecord, la_id: int, ctx: UpdateContext) -> None:
    for entry in state.open_addresses:
        if isinstance(entry, dict):
            entry["moved_out"] = ctx.feed.as_of
        else:
            ctx.writes.addresses_closed.add(entry)
    address = address_row(rec.address, la_id)
    entry_row = _address_entry(state.id, None, ctx.feed)
    ctx.writes.add(ChildAddress, entry_row)
    ctx.writes.moves.append((state, address, entry_row))
    state.open_addresses = [entry_row]
    state.address = (rec.address.line1.upper(), rec.address.postcode)
    state.la_id = la_id


def _ensure_involvement(state: ChildState, organisation_id: int, ctx: UpdateContext) -> bool:
    """One open involvement of each kind: a new school ends the old one on the feed's date."""
    kind = ctx.kinds[organisation_id]
    same_kind = [entry for entry in state.involvements if entry[1] == kind]
    if any(org_id == organisation_id for org_id, _, _ in same_kind):
        return False
    for _, _, inv in same_kind:
        if isinstance(inv, dict):
            inv["ended_on"] = ctx.feed.as_of
        else:
            ctx.writes.involvements_ended.add(inv)
    row = _involvement_row(state.id, organisation_id, ctx.feed)
    state.involvements = [e for e in state.involvements if e[1] != kind] + [
        (organisation_id, kind, row)
    ]
    ctx.writes.add(Involvement, row)
    return True


def _address_entry(child_id: int, address_id: int | None, feed: Feed) -> dict[str, Any]:
    return {
        "child_id": child_id,
        "address_id": address_id,
        "moved_in": feed.as_of,
        "moved_out": None,
    }


def _identifier_row(child_id: int, rec: FeedRecord) -> dict[str, Any]:
    return {
        "child_id": child_id,
        "source": rec.source,
        "issuer": rec.issuer,
        "value": rec.identifier,
    }


def _involvement_row(child_id: int, organisation_id: int, feed: Feed) -> dict[str, Any]:
    return {
        "child_id": child_id,
        "organisation_id": organisation_id,
        "started_on": feed.as_of,
        "ended_on": None,
    }
