"""One batch of feed rows, matched and applied inside one transaction.

Everything the batch decides is a function of the rows, the database as the previous batch
left it, and the feed's fixed model version and date: so a batch re-run after a crash
decides exactly what the interrupted run would have.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, record
from contactpoint.children.ids import IdMinter, reserve_sequence
from contactpoint.children.models import Address, Child
from contactpoint.feeds.actions import Placement, create_child, update_child
from contactpoint.feeds.models import Feed, FeedRow, RowOutcome
from contactpoint.feeds.placement import resolve_placements
from contactpoint.feeds.schemas import FeedRecord, ParsedRow, Rejection, identity_of
from contactpoint.matching.candidates import (
    child_identity,
    find_candidates,
    index_keys,
    trusted_children,
)
from contactpoint.matching.decide import Decision, RowToMatch, Thresholds, decide_batch
from contactpoint.matching.events import ChildLinked, ReviewQueued
from contactpoint.matching.keys import Identity
from contactpoint.matching.models import DecisionOutcome, MatchDecision, ReviewStatus
from contactpoint.matching.scoring import Scorer, splink_record

_ROW_OUTCOME = {
    DecisionOutcome.TRUSTED_IDENTIFIER: RowOutcome.LINKED,
    DecisionOutcome.LINK: RowOutcome.LINKED,
    DecisionOutcome.NEW: RowOutcome.CREATED,
    DecisionOutcome.REVIEW: RowOutcome.REVIEW,
}


@dataclass(frozen=True)
class BatchContext:
    feed: Feed
    scorer: Scorer
    thresholds: Thresholds
    minter: IdMinter
    by: Actor


def process_batch(session: Session, ctx: BatchContext, rows: list[ParsedRow]) -> None:
    placements, rejected = resolve_placements(
        session, [r for r in rows if isinstance(r, FeedRecord)]
    )
    records = [r for r in rows if isinstance(r, FeedRecord) and r.line not in rejected]
    for row in rows:
        if isinstance(row, Rejection):
            rejected[row.line] = row.reason
    for line, reason in rejected.items():
        session.add(
            FeedRow(feed_id=ctx.feed.id, line=line, outcome=RowOutcome.REJECTED, reason=reason)
        )
    decisions = _decide(session, ctx, records)
    sequence = iter(reserve_sequence(session, sum(d.child_id is None for d in decisions)))
    touched = [
        _apply(session, ctx, rec, decision, at=placements[rec.line], sequence=sequence).id
        for rec, decision in zip(records, decisions, strict=True)
    ]
    index_keys(session, _current_identities(session, touched))
    _index_search_keys(session, touched)


def _decide(session: Session, ctx: BatchContext, records: list[FeedRecord]) -> list[Decision]:
    identifiers = {r.line: (r.source.value, r.issuer, r.identifier) for r in records}
    trusted = trusted_children(session, [(r.source, r.issuer, r.identifier) for r in records])
    to_score = [r for r in records if identifiers[r.line] not in trusted]
    candidates = {
        c.child_id: c for c in find_candidates(session, [identity_of(r) for r in to_score])
    }
    scores = ctx.scorer.score(
        [splink_record(r.line, identity_of(r)) for r in to_score],
        [splink_record(c.child_id, c.identity) for c in candidates.values()],
    )
    return decide_batch(
        [RowToMatch(r.line, identifiers[r.line], identity_of(r).all_given_names) for r in records],
        trusted=trusted,
        candidates=candidates,
        scores=scores,
        thresholds=ctx.thresholds,
    )


def _apply(
    session: Session,
    ctx: BatchContext,
    rec: FeedRecord,
    decision: Decision,
    *,
    at: Placement,
    sequence: Any,
) -> Child:
    conflicts = 0
    decision = _earlier_row_same_identifier(session, rec, decision)
    if decision.child_id is not None:
        child = session.get_one(Child, decision.child_id)
        _, conflicts = update_child(session, child, rec, at=at, feed=ctx.feed, by=ctx.by)
    else:
        cp_id = ctx.minter.mint(next(sequence))
        child = create_child(session, rec, cp_id=cp_id, at=at, feed=ctx.feed, by=ctx.by)
    outcome = _ROW_OUTCOME[decision.outcome]
    match = _record_decision(session, ctx, rec, decision, child.id)
    if outcome is RowOutcome.LINKED:
        details = ChildLinked(
            decision_id=match.id, outcome=decision.outcome.value, model_version=match.model_version
        )
        record(session, "matching:child:linked", details, by=ctx.by, child_ref=child.id)
    elif outcome is RowOutcome.REVIEW:
        details_q = ReviewQueued(
            decision_id=match.id, candidate_child_id=decision.candidate_child_id or 0
        )
        record(session, "matching:review:queued", details_q, by=ctx.by, child_ref=child.id)
    session.add(
        FeedRow(
            feed_id=ctx.feed.id,
            line=rec.line,
            outcome=outcome,
            child_id=child.id,
            la_id=at.la_id,
            missing_fields=rec.missing_fields,
            conflicts=conflicts,
        )
    )
    session.flush()  # later rows in the batch must see this one (autoflush is off)
    return child


def _earlier_row_same_identifier(session: Session, rec: FeedRecord, decision: Decision) -> Decision:
    """A row repeating an identifier first seen earlier in this batch links to that child."""
    if decision.child_id is not None:
        return decision
    ident = (rec.source.value, rec.issuer, rec.identifier)
    found = trusted_children(session, [(rec.source, rec.issuer, rec.identifier)]).get(ident)
    if found is None:
        return decision
    return Decision(rec.line, DecisionOutcome.TRUSTED_IDENTIFIER, found)


def _record_decision(
    session: Session, ctx: BatchContext, rec: FeedRecord, decision: Decision, child_id: int
) -> MatchDecision:
    is_review = decision.outcome is DecisionOutcome.REVIEW
    match = MatchDecision(
        feed_id=ctx.feed.id,
        line=rec.line,
        model_version=ctx.feed.model_version,
        outcome=decision.outcome,
        child_id=child_id,
        candidate_child_id=decision.candidate_child_id,
        match_weight=decision.match_weight,
        contributions=decision.contributions,
        review_status=ReviewStatus.PENDING if is_review else None,
    )
    session.add(match)
    session.flush()
    return match


def _current_identities(session: Session, child_ids: list[int]) -> list[tuple[int, Identity]]:
    ids = sorted(set(child_ids))
    rows = session.execute(
        select(Child, Address)
        .outerjoin(Address, Address.id == Child.current_address_id)
        .where(Child.id.in_(ids))
    ).all()
    return [(child.id, child_identity(child, address)) for child, address in rows]


def _index_search_keys(session: Session, child_ids: list[int]) -> None:
    """Keep the search index in step, in this transaction (children/search_keys.py)."""
    try:
        search_keys = importlib.import_module("contactpoint.children.search_keys")
    except ImportError:  # the search index is not part of this build
        return
    search_keys.index_children(session.connection(), child_ids)
