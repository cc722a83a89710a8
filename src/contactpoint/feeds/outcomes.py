"""A batch's record of itself: match decisions, row outcomes and per-child audit events.

Audit design: one `feeds:batch:applied` event per batch (its line range and counts), and
one event per row that changed a child's record — created, linked by the model, updated,
or queued for review (which creates a provisional child). A row linked by its trusted
identifier that changed nothing writes its decision and outcome but no event of its own:
the batch event covers it, and nothing about the child changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from contactpoint.feeds.actions import Placement
from contactpoint.feeds.audit_trail import BatchEvents
from contactpoint.feeds.events import BatchApplied, ChildCreatedFromFeed, ChildUpdatedFromFeed
from contactpoint.feeds.models import Feed, FeedRow, RowOutcome
from contactpoint.feeds.schemas import FeedRecord, ParsedRow
from contactpoint.matching.bulk import bulk_insert, insert_returning_ids
from contactpoint.matching.decide import Decision
from contactpoint.matching.events import ChildLinked, ReviewQueued
from contactpoint.matching.models import DecisionOutcome, MatchDecision, ReviewStatus

ROW_OUTCOME = {
    DecisionOutcome.TRUSTED_IDENTIFIER: RowOutcome.LINKED,
    DecisionOutcome.LINK: RowOutcome.LINKED,
    DecisionOutcome.NEW: RowOutcome.CREATED,
    DecisionOutcome.REVIEW: RowOutcome.REVIEW,
}


@dataclass
class BatchResult:
    rejected: dict[int, str]
    placements: dict[int, Placement]
    children: dict[int, int] = field(default_factory=dict)  # line -> child written
    changed: dict[int, list[str]] = field(default_factory=dict)  # line -> fields changed
    conflicts: dict[int, int] = field(default_factory=dict)
    rekey: set[int] = field(default_factory=set)  # children whose keys must be rebuilt
    outcomes: Counter[RowOutcome] = field(default_factory=Counter)

    def summary(self, feed_id: int, rows: list[ParsedRow]) -> BatchApplied:
        count = self.outcomes
        return BatchApplied(
            feed_id=feed_id,
            first_line=min(r.line for r in rows),
            last_line=max(r.line for r in rows),
            linked=count[RowOutcome.LINKED],
            created=count[RowOutcome.CREATED],
            review=count[RowOutcome.REVIEW],
            rejected=count[RowOutcome.REJECTED],
            updated=sum(1 for fields in self.changed.values() if fields),
        )


def write_outcomes(
    session: Session,
    feed: Feed,
    *,
    records: list[FeedRecord],
    decisions: dict[int, Decision],
    result: BatchResult,
    events: BatchEvents,
) -> None:
    rows = [_decision_row(feed, decisions[r.line], result.children[r.line]) for r in records]
    decision_ids = insert_returning_ids(session, MatchDecision, rows)
    feed_rows = [
        {"feed_id": feed.id, "line": line, "outcome": RowOutcome.REJECTED, "reason": reason}
        | {"child_id": None, "la_id": None, "missing_fields": 0, "conflicts": 0}
        for line, reason in sorted(result.rejected.items())
    ]
    result.outcomes[RowOutcome.REJECTED] += len(feed_rows)
    for rec, decision_id in zip(records, decision_ids, strict=True):
        outcome = ROW_OUTCOME[decisions[rec.line].outcome]
        result.outcomes[outcome] += 1
        feed_rows.append(_feed_row(feed, rec, outcome, result))
        _audit_row(
            feed,
            rec,
            decision=decisions[rec.line],
            decision_id=decision_id,
            result=result,
            events=events,
        )
    bulk_insert(session, FeedRow, feed_rows)


def _decision_row(feed: Feed, decision: Decision, child_id: int) -> dict[str, Any]:
    is_review = decision.outcome is DecisionOutcome.REVIEW
    return {
        "feed_id": feed.id,
        "line": decision.line,
        "model_version": feed.model_version,
        "outcome": decision.outcome,
        "child_id": child_id,
        "candidate_child_id": decision.candidate_child_id,
        "match_weight": decision.match_weight,
        "contributions": decision.contributions,
        "review_status": ReviewStatus.PENDING if is_review else None,
    }


def _feed_row(
    feed: Feed, rec: FeedRecord, outcome: RowOutcome, result: BatchResult
) -> dict[str, Any]:
    return {
        "feed_id": feed.id,
        "line": rec.line,
        "outcome": outcome,
        "reason": None,
        "child_id": result.children[rec.line],
        "la_id": result.placements[rec.line].la_id,
        "missing_fields": rec.missing_fields,
        "conflicts": result.conflicts.get(rec.line, 0),
    }


def _audit_row(
    feed: Feed,
    rec: FeedRecord,
    *,
    decision: Decision,
    decision_id: int,
    result: BatchResult,
    events: BatchEvents,
) -> None:
    child_id = result.children[rec.line]
    changed = result.changed.get(rec.line, [])
    if decision.outcome in (DecisionOutcome.NEW, DecisionOutcome.REVIEW):
        created = ChildCreatedFromFeed(feed_id=feed.id, line=rec.line)
        events.add("feeds:child:created", created, child_ref=child_id)
    if decision.outcome is DecisionOutcome.REVIEW:
        queued = ReviewQueued(
            decision_id=decision_id, candidate_child_id=decision.candidate_child_id or 0
        )
        events.add("matching:review:queued", queued, child_ref=child_id)
    elif decision.outcome is DecisionOutcome.LINK:
        linked = ChildLinked(
            decision_id=decision_id,
            outcome=decision.outcome.value,
            model_version=feed.model_version,
            fields=changed,
        )
        events.add("matching:child:linked", linked, child_ref=child_id)
    elif changed:
        updated = ChildUpdatedFromFeed(feed_id=feed.id, line=rec.line, fields=changed)
        events.add("feeds:child:updated", updated, child_ref=child_id)
