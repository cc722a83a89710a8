"""Audit event shapes for matching: decisions, reviews, merges. Opaque ids only."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from contactpoint.audit.events import EventDetails, declare


@declare("matching:child:linked")
class ChildLinked(EventDetails):
    decision_id: int
    outcome: str
    model_version: int | None
    fields: list[str] = Field(
        default_factory=list
    )  # what the linked row changed on the child's record


@declare("matching:review:queued")
class ReviewQueued(EventDetails):
    decision_id: int
    candidate_child_id: int


@declare("matching:review:decided")
class ReviewDecided(EventDetails):
    decision_id: int
    decision: str
    merge_id: int | None = None


@declare("matching:child:merged")
class ChildMerged(EventDetails):
    merge_id: int
    survivor_id: int
    merged_id: int
    moved_rows: int


@declare("matching:child:unmerged")
class ChildUnmerged(EventDetails):
    merge_id: int
    survivor_id: int
    merged_id: int


@declare("matching:model:trained")
class ModelTrained(EventDetails):
    version: int
    trained_on_rows: int


@declare("matching:pair:shown")
class PairShown(EventDetails):
    """A review pair's identities were shown to a data manager; one event per child shown
    (the event's child_ref), so LA-scoped reports and the misuse rules see both."""

    decision_id: int
    side: Literal["incoming", "candidate"]
    shielded: bool
