"""From scores to one of three outcomes per feed row, with the guards that protect precision.

- A trusted identifier (same identifier, same source) links without scoring.
- A candidate that already holds a *different* identifier from the same source is, by that
  source's own word, another child: it is never linked (twins at one school, siblings).
- At or above the upper threshold: link, unless given names disagree completely (twins)
  or two candidates both qualify and all given names do not single one out (then a
  person decides).
- Between the thresholds: review. Below the lower threshold: a new child.
- Within one batch a child is claimed once; a second row claiming it goes to review,
  unless it carries the same identifier as the claimant (one child sent twice).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from contactpoint.matching.candidates import Candidate
from contactpoint.matching.models import DecisionOutcome
from contactpoint.matching.scoring import Score


@dataclass(frozen=True)
class RowToMatch:
    line: int
    identifier: tuple[str, str, str]  # (source, issuer, value)
    all_given_names: str | None = None


@dataclass(frozen=True)
class Decision:
    line: int
    outcome: DecisionOutcome
    child_id: int | None  # the existing child linked to; None when a child is to be created
    candidate_child_id: int | None = None
    match_weight: float | None = None
    contributions: dict[str, Any] | None = None


@dataclass(frozen=True)
class Thresholds:
    upper: float
    lower: float


def decide_batch(
    rows: Iterable[RowToMatch],
    *,
    trusted: Mapping[tuple[str, str, str], int],
    candidates: Mapping[int, Candidate],
    scores: Iterable[Score],
    thresholds: Thresholds,
) -> list[Decision]:
    by_line: dict[int, list[Score]] = {}
    for score in scores:
        by_line.setdefault(score.line, []).append(score)
    decisions = []
    rows = list(rows)
    for row in rows:
        if row.identifier in trusted:
            decisions.append(
                Decision(row.line, DecisionOutcome.TRUSTED_IDENTIFIER, trusted[row.identifier])
            )
            continue
        eligible = [
            s
            for s in by_line.get(row.line, [])
            if not _holds_other_identifier(candidates[s.child_id], row.identifier)
        ]
        decisions.append(_decide_row(row, eligible, candidates, thresholds))
    return _claim_once(decisions, {row.line: row.identifier for row in rows})


def _holds_other_identifier(candidate: Candidate, identifier: tuple[str, str, str]) -> bool:
    source, issuer, value = identifier
    return any(s == source and i == issuer and v != value for s, i, v in candidate.identifiers)


def _decide_row(
    row: RowToMatch,
    scores: list[Score],
    candidates: Mapping[int, Candidate],
    thresholds: Thresholds,
) -> Decision:
    line = row.line
    if not scores:
        return Decision(line, DecisionOutcome.NEW, None)
    ranked = sorted(scores, key=lambda s: (-s.match_weight, s.child_id))
    linkable = [
        s for s in ranked if s.match_weight >= thresholds.upper and not s.given_name_disagrees
    ]
    if len(linkable) > 1:  # twins sharing a first name: only all given names tell them apart
        same_names = [
            s
            for s in linkable
            if candidates[s.child_id].identity.all_given_names == row.all_given_names
        ]
        linkable = same_names if len(same_names) == 1 else linkable
    if len(linkable) == 1:
        return _decision(line, DecisionOutcome.LINK, linkable[0], linked=True)
    best = linkable[0] if linkable else ranked[0]
    if best.match_weight >= thresholds.lower:
        return _decision(line, DecisionOutcome.REVIEW, best)
    return _decision(line, DecisionOutcome.NEW, best)


def _decision(
    line: int, outcome: DecisionOutcome, score: Score, *, linked: bool = False
) -> Decision:
    return Decision(
        line=line,
        outcome=outcome,
        child_id=score.child_id if linked else None,
        candidate_child_id=score.child_id,
        match_weight=round(score.match_weight, 4),
        contributions=score.contributions,
    )


def _claim_once(
    decisions: list[Decision], identifiers: Mapping[int, tuple[str, str, str]]
) -> list[Decision]:
    """Trusted identifiers claim first, then links by weight; later claimants go to review.

    A later claimant with the claimant's own identifier is the same child by the source's
    word (sent twice in one file), so it links too.
    """
    order = sorted(
        (d for d in decisions if d.child_id is not None),
        key=lambda d: (
            d.outcome != DecisionOutcome.TRUSTED_IDENTIFIER,
            -(d.match_weight or 0),
            d.line,
        ),
    )
    claimed: dict[int, tuple[str, str, str]] = {}
    demoted: set[int] = set()
    for decision in order:
        child_id, identifier = decision.child_id or 0, identifiers[decision.line]
        if claimed.setdefault(child_id, identifier) != identifier:
            demoted.add(decision.line)
    return [
        Decision(d.line, DecisionOutcome.REVIEW, None, d.child_id, d.match_weight, d.contributions)
        if d.line in demoted
        else d
        for d in decisions
    ]
