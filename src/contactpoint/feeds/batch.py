"""One batch of feed rows, matched and applied inside one transaction, in bulk.

Everything the batch decides is a function of the rows, the database as the previous batch
left it, and the feed's fixed model version and date: so a batch re-run after a crash
decides exactly what the interrupted run would have.

Order of work: decide every row; create the new children (one insert per table); read the
matched children's state in a few queries and apply the rows to it in line order; insert
decisions, row outcomes and the audit events; re-key the children whose keys changed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor
from contactpoint.children.ids import IdMinter, reserve_sequence
from contactpoint.feeds.actions import (
    NewChild,
    Placement,
    UpdateContext,
    create_children,
    update_child,
)
from contactpoint.feeds.audit_trail import BatchEvents
from contactpoint.feeds.models import Feed
from contactpoint.feeds.outcomes import BatchResult, write_outcomes
from contactpoint.feeds.placement import resolve_placements
from contactpoint.feeds.schemas import FeedRecord, ParsedRow, Rejection, identity_of
from contactpoint.feeds.state import load_states, organisation_kinds
from contactpoint.feeds.writes import Writes
from contactpoint.matching.candidates import (
    Holder,
    current_identities,
    find_candidates,
    holders,
    index_keys,
    trusted_children,
)
from contactpoint.matching.decide import Decision, RowToMatch, Thresholds, decide_batch
from contactpoint.matching.keys import normalise_name
from contactpoint.matching.models import DecisionOutcome
from contactpoint.matching.scoring import Scorer, splink_record

# Changes that alter a child's blocking and search keys.
_KEYED_FIELDS = {"names", "date_of_birth", "gender", "address"}


@dataclass(frozen=True)
class BatchContext:
    feed: Feed
    scorer: Scorer
    thresholds: Thresholds
    minter: IdMinter
    by: Actor


@dataclass(frozen=True)
class _Work:
    records: list[FeedRecord]
    decisions: dict[int, Decision]
    result: BatchResult
    writes: Writes
    held: dict[tuple[str, str, str], Holder]  # identifiers held before the batch
    created: set[tuple[str, str, str]] = field(default_factory=set)  # by this batch


def process_batch(session: Session, ctx: BatchContext, rows: list[ParsedRow]) -> None:
    placements, rejected = resolve_placements(
        session, [r for r in rows if isinstance(r, FeedRecord)]
    )
    records = [r for r in rows if isinstance(r, FeedRecord) and r.line not in rejected]
    for row in rows:
        if isinstance(row, Rejection):
            rejected[row.line] = row.reason
    held = holders(session, [(r.source, r.issuer, r.identifier) for r in records])
    decided = _decide(session, ctx, records, held)
    decisions, repeats = _repeated_identifiers(records, decided)
    result = BatchResult(rejected=rejected, placements=placements)
    writes = Writes(as_of=ctx.feed.as_of)
    work = _Work(records, decisions, result, writes, held)
    _create(session, ctx, work)
    for line, first in repeats.items():
        decisions[line] = replace(decisions[line], child_id=result.children[first])
    _update(session, ctx, work)
    events = BatchEvents(ctx.by)
    write_outcomes(
        session, ctx.feed, records=records, decisions=decisions, result=result, events=events
    )
    _rekey(session, result.rekey)
    events.write(session, "feeds:batch:applied", result.summary(ctx.feed.id, rows))


def _decide(
    session: Session,
    ctx: BatchContext,
    records: list[FeedRecord],
    held: dict[tuple[str, str, str], Holder],
) -> list[Decision]:
    identifiers = {r.line: (r.source.value, r.issuer, r.identifier) for r in records}
    trusted = trusted_children(session, held)
    to_score = [r for r in records if identifiers[r.line] not in trusted]
    candidates = {
        c.child_id: c for c in find_candidates(session, [identity_of(r) for r in to_score])
    }
    scores = ctx.scorer.score(
        [splink_record(r.line, identity_of(r)) for r in to_score],
        [splink_record(c.child_id, c.identity) for c in candidates.values()],
    )
    return decide_batch(
        [RowToMatch(r.line, identifiers[r.line], normalise_name(r.given_names)) for r in records],
        trusted=trusted,
        candidates=candidates,
        scores=scores,
        thresholds=ctx.thresholds,
    )


def _repeated_identifiers(
    records: list[FeedRecord], decisions: list[Decision]
) -> tuple[dict[int, Decision], dict[int, int]]:
    """A row repeating an identifier first seen earlier in the batch goes to that row's child.

    Returns the decisions by line, and repeat line -> first line where that first row
    creates a child (its id is known only once the batch's children are inserted).
    """
    by_line: dict[int, Decision] = {}
    first_seen: dict[tuple[str, str, str], Decision] = {}
    repeats: dict[int, int] = {}
    for rec, decision in zip(records, decisions, strict=True):
        ident = (rec.source.value, rec.issuer, rec.identifier)
        earlier = first_seen.get(ident)
        final = decision
        if decision.child_id is None and earlier is not None:
            final = Decision(rec.line, DecisionOutcome.TRUSTED_IDENTIFIER, earlier.child_id)
            if earlier.child_id is None:
                repeats[rec.line] = earlier.line
        first_seen.setdefault(ident, final)
        by_line[rec.line] = final
    return by_line, repeats


def _create(session: Session, ctx: BatchContext, work: _Work) -> None:
    records, decisions, result, writes = work.records, work.decisions, work.result, work.writes
    new = [
        r
        for r in records
        if decisions[r.line].child_id is None
        and decisions[r.line].outcome is not DecisionOutcome.TRUSTED_IDENTIFIER
    ]
    if not new:  # no new children: nor the id counter's row lock
        return
    sequence = reserve_sequence(session, len(new))
    staged = [
        NewChild(rec, ctx.minter.mint(number), result.placements[rec.line])
        for rec, number in zip(new, sequence, strict=True)
    ]
    child_ids = create_children(session, staged, feed=ctx.feed, writes=writes)
    for rec, child_id in zip(new, child_ids, strict=True):
        result.children[rec.line] = child_id
        result.rekey.add(child_id)
        work.created.add((rec.source.value, rec.issuer, rec.identifier))
    writes.flush(session)


def _update(session: Session, ctx: BatchContext, work: _Work) -> None:
    records, decisions, result, writes = work.records, work.decisions, work.result, work.writes
    linked = [
        (r, decisions[r.line].child_id or 0) for r in records if r.line not in result.children
    ]
    states = load_states(session, linked, known=work.held.values())
    places: dict[int, Placement] = result.placements
    update = UpdateContext(
        feed=ctx.feed,
        writes=writes,
        kinds=organisation_kinds(session, [p.organisation_id or 0 for p in places.values()]),
        held=set(work.held) | work.created,
    )
    for rec, child_id in linked:
        changed, conflicts = update_child(states[child_id], rec, at=places[rec.line], ctx=update)
        result.children[rec.line] = child_id
        result.changed[rec.line] = changed
        result.conflicts[rec.line] = conflicts
        if _KEYED_FIELDS.intersection(changed):
            result.rekey.add(child_id)
    writes.flush(session)


def _rekey(session: Session, child_ids: set[int]) -> None:
    """Keep the blocking keys and the search index in step, in this transaction."""
    ids = sorted(child_ids)
    index_keys(session, current_identities(session, ids))
    try:
        search_keys = importlib.import_module("contactpoint.children.search_keys")
    except ImportError:  # the search index is not part of this build
        return
    search_keys.index_children(session.connection(), ids)
