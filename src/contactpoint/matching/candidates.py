"""Candidates for a batch of feed rows, found through indexes only (SPEC §6: no scans).

Two lookups, both bounded by the batch rather than the index: a trusted identifier (the
same identifier from the same source), then the blocking keys in `matching_keys`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from contactpoint.children.models import Address, Child, RecordStatus, SourceIdentifier, SourceType
from contactpoint.matching.keys import Identity, blocking_keys, first_name, normalise_name
from contactpoint.matching.models import MatchingKey

CHUNK = 500
T = TypeVar("T")


@dataclass(frozen=True)
class Candidate:
    child_id: int
    identity: Identity
    identifiers: frozenset[tuple[str, str, str]]  # (source, issuer, value) it already holds


def child_identity(child: Child, address: Address | None) -> Identity:
    return Identity(
        given_name=first_name(child.given_names),
        family_name=normalise_name(child.family_name),
        date_of_birth=child.date_of_birth,
        gender=child.gender.value,
        postcode=address.postcode if address else None,
        address_line1=address.line1 if address else None,
        all_given_names=normalise_name(child.given_names),
    )


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def index_keys(session: Session, children: Iterable[tuple[int, Identity]]) -> None:
    """Replace the blocking keys of these children with keys from their current details."""
    pairs = list(children)
    for chunk in chunks([child_id for child_id, _ in pairs]):
        session.execute(delete(MatchingKey).where(MatchingKey.child_id.in_(chunk)))
    rows = [
        {"key": key, "child_id": child_id}
        for child_id, identity in pairs
        for key in sorted(set(blocking_keys(identity)))
    ]
    if rows:
        session.execute(insert(MatchingKey), rows)


def trusted_children(
    session: Session, identifiers: Iterable[tuple[SourceType, str, str]]
) -> dict[tuple[str, str, str], int]:
    """Identifier -> the active child holding it (following merges to the survivor)."""
    found = holders(session, identifiers)
    survivors = resolve_merges(session, set(found.values()))
    return {
        ident: survivors[child_id] for ident, child_id in found.items() if child_id in survivors
    }


def holders(
    session: Session, identifiers: Iterable[tuple[SourceType, str, str]]
) -> dict[tuple[str, str, str], int]:
    """Identifier -> the child record holding it, by the (source, issuer, value) index.

    Grouped by source and issuer so each query is `value IN (...)` on the index's prefix:
    a row-value IN list of triples is planned as a scan on PostgreSQL.
    """
    groups: dict[tuple[str, str], set[str]] = {}
    for source, issuer, value in identifiers:
        groups.setdefault((SourceType(source).value, issuer), set()).add(value)
    found: dict[tuple[str, str, str], int] = {}
    for (name, issuer), values in sorted(groups.items()):
        for chunk in chunks(sorted(values)):
            query = select(SourceIdentifier.value, SourceIdentifier.child_id).where(
                SourceIdentifier.source == SourceType(name),
                SourceIdentifier.issuer == issuer,
                SourceIdentifier.value.in_(chunk),
            )
            for held, child_id in session.execute(query):
                found[(name, issuer, held)] = child_id
    return found


def resolve_merges(session: Session, child_ids: set[int]) -> dict[int, int]:
    """Each child id -> the active record it now lives in (itself unless merged)."""
    resolved: dict[int, int] = {}
    pending = {child_id: child_id for child_id in child_ids}
    while pending:
        rows = session.execute(
            select(Child.id, Child.status, Child.merged_into_id).where(
                Child.id.in_(set(pending.values()))
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
            session.scalars(select(MatchingKey.child_id).where(MatchingKey.key.in_(chunk)))
        )
    return load_candidates(session, sorted(child_ids))


def load_candidates(session: Session, child_ids: Sequence[int]) -> list[Candidate]:
    candidates = []
    for chunk in chunks(child_ids):
        query = (
            select(Child, Address)
            .outerjoin(Address, Address.id == Child.current_address_id)
            .where(Child.id.in_(chunk), Child.status == RecordStatus.ACTIVE)
            .order_by(Child.id)
        )
        children = session.execute(query).all()
        held = _identifiers(session, [child.id for child, _ in children])
        candidates += [
            Candidate(child.id, child_identity(child, address), frozenset(held.get(child.id, ())))
            for child, address in children
        ]
    return candidates


def _identifiers(session: Session, child_ids: list[int]) -> dict[int, set[tuple[str, str, str]]]:
    held: dict[int, set[tuple[str, str, str]]] = {}
    query = select(SourceIdentifier).where(SourceIdentifier.child_id.in_(child_ids))
    for ident in session.scalars(query):
        held.setdefault(ident.child_id, set()).add((ident.source.value, ident.issuer, ident.value))
    return held
