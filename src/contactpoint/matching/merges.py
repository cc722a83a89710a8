"""Merge and unmerge two child records, losing nothing.

A merge moves the merged child's identifiers, involvements, other names, address history
and carers to the survivor and lists every moved row; the merged record stays (status
`merged`, pointing at the survivor). An unmerge moves exactly the listed rows back, so
both children are restored with their involvements. If the merged child was shielded the
survivor becomes shielded: a shielded child's hidden details never show on an unshielded
record (SPEC §4).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, record
from contactpoint.children.models import (
    Child,
    ChildAddress,
    ChildCarer,
    ChildOtherName,
    RecordStatus,
    SourceIdentifier,
)
from contactpoint.children.search_keys import index_children
from contactpoint.involvements.models import Involvement
from contactpoint.matching.events import ChildMerged, ChildUnmerged
from contactpoint.matching.models import ChildMerge, ChildMergeMove, MoveKind
from contactpoint.types import utcnow

_MOVABLE: dict[MoveKind, Any] = {
    MoveKind.SOURCE_IDENTIFIER: SourceIdentifier,
    MoveKind.INVOLVEMENT: Involvement,
    MoveKind.OTHER_NAME: ChildOtherName,
    MoveKind.ADDRESS_HISTORY: ChildAddress,
}


class MergeError(ValueError):
    pass


def merge_children(session: Session, *, survivor_id: int, merged_id: int, by: Actor) -> ChildMerge:
    survivor, merged = session.get_one(Child, survivor_id), session.get_one(Child, merged_id)
    if (
        survivor_id == merged_id
        or RecordStatus.ACTIVE not in {survivor.status}
        or merged.status is not RecordStatus.ACTIVE
    ):
        raise MergeError("only two different active records can be merged")
    merge = ChildMerge(
        survivor_id=survivor_id, merged_id=merged_id, survivor_was_shielded=survivor.is_shielded
    )
    session.add(merge)
    session.flush()
    moves = _move_rows(session, merge.id, merged_id, survivor_id) + _move_carers(
        session, merge.id, merged_id, survivor_id
    )
    survivor.is_shielded = survivor.is_shielded or merged.is_shielded
    merged.status, merged.merged_into_id = RecordStatus.MERGED, survivor_id
    session.flush()
    # The survivor now carries both records' names and may now be shielded: its search keys
    # follow (a merged record keeps none), so no stale key finds a hidden name.
    index_children(session.connection(), [survivor_id, merged_id])
    details = ChildMerged(
        merge_id=merge.id, survivor_id=survivor_id, merged_id=merged_id, moved_rows=moves
    )
    record(session, "matching:child:merged", details, by=by, child_ref=survivor_id)
    return merge


def _move_rows(session: Session, merge_id: int, source_id: int, target_id: int) -> int:
    moved = 0
    for kind, model in _MOVABLE.items():
        ids = list(session.scalars(select(model.id).where(model.child_id == source_id)))
        if ids:
            session.execute(update(model).where(model.id.in_(ids)).values(child_id=target_id))
            session.add_all(ChildMergeMove(merge_id=merge_id, kind=kind, row_id=i) for i in ids)
            moved += len(ids)
    return moved


def _move_carers(session: Session, merge_id: int, source_id: int, target_id: int) -> int:
    held = set(session.scalars(select(ChildCarer.carer_id).where(ChildCarer.child_id == target_id)))
    links = session.scalars(select(ChildCarer).where(ChildCarer.child_id == source_id)).all()
    movable = [link.carer_id for link in links if link.carer_id not in held]
    if movable:
        session.execute(
            update(ChildCarer)
            .where(ChildCarer.child_id == source_id, ChildCarer.carer_id.in_(movable))
            .values(child_id=target_id)
        )
        session.add_all(
            ChildMergeMove(merge_id=merge_id, kind=MoveKind.CARER, row_id=c) for c in movable
        )
    return len(movable)


def unmerge_children(session: Session, *, merge_id: int, by: Actor) -> ChildMerge:
    merge = session.get_one(ChildMerge, merge_id)
    if merge.unmerged_at is not None:
        raise MergeError("this merge has already been undone")
    moves = session.scalars(select(ChildMergeMove).where(ChildMergeMove.merge_id == merge_id)).all()
    for kind, model in _MOVABLE.items():
        ids = [m.row_id for m in moves if m.kind is kind]
        if ids:
            session.execute(update(model).where(model.id.in_(ids)).values(child_id=merge.merged_id))
    carers = [m.row_id for m in moves if m.kind is MoveKind.CARER]
    if carers:
        session.execute(
            update(ChildCarer)
            .where(ChildCarer.child_id == merge.survivor_id, ChildCarer.carer_id.in_(carers))
            .values(child_id=merge.merged_id)
        )
    survivor, merged = (
        session.get_one(Child, merge.survivor_id),
        session.get_one(Child, merge.merged_id),
    )
    survivor.is_shielded = merge.survivor_was_shielded
    merged.status, merged.merged_into_id = RecordStatus.ACTIVE, None
    merge.unmerged_at = utcnow()
    session.flush()
    index_children(session.connection(), [merge.survivor_id, merge.merged_id])
    details = ChildUnmerged(
        merge_id=merge.id, survivor_id=merge.survivor_id, merged_id=merge.merged_id
    )
    record(session, "matching:child:unmerged", details, by=by, child_ref=merge.survivor_id)
    return merge
