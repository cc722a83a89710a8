"""Candidates for a batch of feed rows, found through indexes only (SPEC §6: no scans).

Two lookups, both bounded by the batch rather than the index: a trusted identifier (the
same identifier from the same source), then the blocking keys in `matching_keys`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row, delete, select
from sqlalchemy.orm import Session

from contactpoint.children.models import Address, Child, RecordStatus, SourceIdentifier, SourceType
from contactpoint.matching.bulk import among, bulk_insert, chunks
from contactpoint.matching.keys import Identity, blocking_keys, first_name, normalise_name
from contactpoint.matching.models import MatchingKey

# What matching compares, read as plain rows (never ORM objects: a batch reads thousands).
IDENTITY_COLUMNS = (
    Child.id,
    Child.given_names,
    Child.family_name,
    Child.date_of_birth,
    Child.gender,
    Address.postcode,
    Address.line1,
)


@dataclass(frozen=True)
class Candidate:
    child_id: int
    identity: Identity
    identifiers: frozenset[tuple[str, str, str]]  # (source, issuer, value) it already holds


def row_identity(row: Row[*tuple[Any, ...]]) -> Identity:
    """The identity from a row of IDENTITY_COLUMNS (the child's current address outer-joined)."""
    return child_identity(
        row.given_names,
        row.family_name,
        row.date_of_birth,
        row.gender.value,
        row.postcode,
        row.line1,
    )


def child_identity(  # noqa: PLR0917 (a record's columns, in IDENTITY_COLUMNS order)
    given_names: str,
    family_name: str,
    date_of_birth: date,
    gender: str,
    postcode: str | None,
    line1: str | None,
) -> Identity:
    """A child record's identity, from its columns (bulk loaders hold them as plain values)."""
    return Identity(
        given_name=first_name(given_names),
        family_name=normalise_name(family_name),
        date_of_birth=date_of_birth,
        gender=gender,
        postcode=postcode,
        address_line1=line1,
        all_given_names=normalise_name(given_names),
    )


def key_rows(children: Iterable[tuple[int, Identity]]) -> list[dict[str, Any]]:
    """`matching_keys` rows for children that hold none yet (blocking keys never repeat)."""
    return [
        {"key": key, "child_id": child_id}
        for child_id, identity in children
        for key in blocking_keys(identity)
    ]


def current_identities(session: Session, child_ids: Iterable[int]) -> list[tuple[int, Identity]]:
    found: list[tuple[int, Identity]] = []
    for chunk in chunks(sorted(set(child_ids))):
        query = (
            select(*IDENTITY_COLUMNS)
            .outerjoin(Address, Address.id == Child.current_address_id)
            .where(among(Child.id, chunk))
        )
        found += [(row.id, row_identity(row)) for row in session.execute(query)]
    return found


def index_keys(session: Session, children: Iterable[tuple[int, Identity]]) -> None:
    """Bring the blocking keys of these children in line with their current details.

    Most updates (a middle name, a corrected address line) leave a child's keys as they
    were, so the keys held are read first and only a child whose keys differ is re-keyed.
    """
    wanted = {child_id: set(blocking_keys(identity)) for child_id, identity in children}
    held: dict[int, set[str]] = {child_id: set() for child_id in wanted}
    for chunk in chunks(sorted(wanted)):
        query = select(MatchingKey.child_id, MatchingKey.key)
        for child_id, key in session.execute(query.where(among(MatchingKey.child_id, chunk))):
            held[child_id].add(key)
    stale = sorted(child_id for child_id, keys in held.items() if keys - wanted[child_id])
    for chunk in chunks(stale):
        session.execute(delete(MatchingKey).where(among(MatchingKey.child_id, chunk)))
    for child_id in stale:
        held[child_id] = set()
    rows = [
        {"key": key, "child_id": child_id}
        for child_id, keys in sorted(wanted.items())
        for key in sorted(keys - held[child_id])
    ]
    bulk_insert(session, MatchingKey, rows)


def trusted_children(
    session: Session, held: Mapping[tuple[str, str, str], Holder]
) -> dict[tuple[str, str, str], int]:
    """Identifier -> the active child holding it (following merges to the survivor).

    `held` is what `holders` found for the batch's identifiers.
    """
    merged = {h.id for h in held.values() if h.status is RecordStatus.MERGED}
    survivors = resolve_merges(session, merged)
    trusted = {}
    for ident, holder in held.items():
        if holder.status is RecordStatus.ACTIVE:
            trusted[ident] = holder.id
        elif holder.id in survivors:
            trusted[ident] = survivors[holder.id]
    return trusted


# What updating a child needs: its record and current address. Read with the identifier
# (HOLDER_COLUMNS), since most feed rows link by it; feeds/state.py reads the same columns
# for children reached another way.
CHILD_COLUMNS = (
    Child.id,
    Child.given_names,
    Child.family_name,
    Child.date_of_birth,
    Child.gender,
    Child.la_id,
    Child.current_address_id,
    Address.line1,
    Address.postcode,
)
HOLDER_COLUMNS = (SourceIdentifier.value, Child.status, *CHILD_COLUMNS)
Holder = Row[*tuple[Any, ...]]  # a row of HOLDER_COLUMNS


def holders(
    session: Session, identifiers: Iterable[tuple[SourceType, str, str]]
) -> dict[tuple[str, str, str], Holder]:
    """Identifier -> the child record holding it, by the (source, issuer, value) index.

    Grouped by source and issuer so each query is `value = ANY (...)` on the index's prefix:
    a row-value IN list of triples is planned as a scan on PostgreSQL.
    """
    groups: dict[tuple[str, str], set[str]] = {}
    for source, issuer, value in identifiers:
        groups.setdefault((SourceType(source).value, issuer), set()).add(value)
    found: dict[tuple[str, str, str], Holder] = {}
    for (name, issuer), values in sorted(groups.items()):
        for chunk in chunks(sorted(values)):
            query = (
                select(*HOLDER_COLUMNS)
                .join(Child, Child.id == SourceIdentifier.child_id)
                .outerjoin(Address, Address.id == Child.current_address_id)
                .where(
                    SourceIdentifier.source == SourceType(name),
                    SourceIdentifier.issuer == issuer,
                    among(SourceIdentifier.value, chunk),
                )
            )
            for row in session.execute(query):
                found[(name, issuer, row.value)] = row
    return found


def resolve_merges(session: Session, child_ids: set[int]) -> dict[int, int]:
    """Each child id -> the active record it now lives in (itself unless merged)."""
    resolved: dict[int, int] = {}
    pending = {child_id: child_id for child_id in child_ids}
    while pending:
        rows = session.execute(
            select(Child.id, Child.status, Child.merged_into_id).where(
                among(Child.id, sorted(set(pending.values())))
            )
        ).all()
        step = {row.id: row for row in rows}
        following = {}
        for original, current in pending.items():
            row = step.get(current)
            if row is None:
                continue
            if row.status is RecordStatus.MERGED and row.merged_into_id:
                following[original] = row.merged_into_id
            elif row.status is RecordStatus.ACTIVE:
                resolved[original] = current
        pending = following
    return resolved


def find_candidates(session: Session, identities: Iterable[Identity]) -> list[Candidate]:
    keys = sorted({key for identity in identities for key in blocking_keys(identity)})
    child_ids: set[int] = set()
    for chunk in chunks(keys):
        child_ids.update(
            session.scalars(select(MatchingKey.child_id).where(among(MatchingKey.key, chunk)))
        )
    return load_candidates(session, sorted(child_ids))


def load_candidates(session: Session, child_ids: Sequence[int]) -> list[Candidate]:
    candidates = []
    for chunk in chunks(child_ids):
        query = (
            select(*IDENTITY_COLUMNS)
            .outerjoin(Address, Address.id == Child.current_address_id)
            .where(among(Child.id, chunk), Child.status == RecordStatus.ACTIVE)
            .order_by(Child.id)
        )
        children = session.execute(query).all()
        held = _identifiers(session, [row.id for row in children])
        candidates += [
            Candidate(row.id, row_identity(row), frozenset(held.get(row.id, ())))
            for row in children
        ]
    return candidates


def _identifiers(session: Session, child_ids: list[int]) -> dict[int, set[tuple[str, str, str]]]:
    held: dict[int, set[tuple[str, str, str]]] = {}
    query = select(
        SourceIdentifier.child_id,
        SourceIdentifier.source,
        SourceIdentifier.issuer,
        SourceIdentifier.value,
    ).where(among(SourceIdentifier.child_id, child_ids))
    for child_id, source, issuer, value in session.execute(query):
        held.setdefault(child_id, set()).add((source.value, issuer, value))
    return held
