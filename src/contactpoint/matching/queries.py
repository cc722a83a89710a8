"""What the clerical review page needs: the queue, and one pair side by side with its weights.

A shielded child's hidden fields (address, postcode) are never shown in a pair: the page
shows only what a shielded record shows anyone (SPEC §4).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.children.models import Address, Child
from contactpoint.matching.models import MatchDecision, ReviewStatus
from contactpoint.matching.scoring import PRIOR

HIDDEN = "(shielded)"


@dataclass(frozen=True)
class QueueItem:
    decision_id: int
    match_weight: float | None
    status: ReviewStatus
    la_id: int


@dataclass(frozen=True)
class ChildSide:
    child_id: int
    cp_id: str
    given_names: str
    family_name: str
    date_of_birth: str
    gender: str
    address: str
    postcode: str
    is_shielded: bool


@dataclass(frozen=True)
class WaterfallBar:
    """One bar of Splink's waterfall chart: a field's weight and the running total after it."""

    field: str
    weight: float
    cumulative: float


@dataclass(frozen=True)
class ReviewPair:
    decision_id: int
    status: ReviewStatus
    incoming: ChildSide  # the provisional child the feed row created
    candidate: ChildSide  # the existing child it resembles
    match_weight: float | None
    bars: list[WaterfallBar]


def review_queue(session: Session, *, la_id: int | None = None, limit: int = 50) -> list[QueueItem]:
    query = (
        select(
            MatchDecision.id, MatchDecision.match_weight, MatchDecision.review_status, Child.la_id
        )
        .join(Child, Child.id == MatchDecision.child_id)
        .where(MatchDecision.review_status.in_([ReviewStatus.PENDING, ReviewStatus.DEFERRED]))
        .order_by(
            MatchDecision.review_status.desc(), MatchDecision.match_weight.desc(), MatchDecision.id
        )
        .limit(limit)
    )
    if la_id is not None:
        query = query.where(Child.la_id == la_id)
    return [
        QueueItem(i, w, s or ReviewStatus.PENDING, la) for i, w, s, la in session.execute(query)
    ]


def review_pair(session: Session, decision_id: int) -> ReviewPair | None:
    decision = session.get(MatchDecision, decision_id)
    if decision is None or decision.review_status is None or decision.candidate_child_id is None:
        return None
    return ReviewPair(
        decision_id=decision.id,
        status=decision.review_status,
        incoming=_side(session, decision.child_id),
        candidate=_side(session, decision.candidate_child_id),
        match_weight=decision.match_weight,
        bars=waterfall(decision.contributions or {}),
    )


def waterfall(contributions: dict[str, float]) -> list[WaterfallBar]:
    """The prior first, then each field in the model's order, with the running total."""
    bars, total = [], 0.0
    ordered = [PRIOR, *(name for name in contributions if name != PRIOR)]
    for name in ordered:
        weight = float(contributions.get(name, 0.0))
        total += weight
        bars.append(WaterfallBar(name, round(weight, 2), round(total, 2)))
    return bars


def _side(session: Session, child_id: int) -> ChildSide:
    child = session.get_one(Child, child_id)
    address = session.get(Address, child.current_address_id) if child.current_address_id else None
    hide = child.is_shielded
    line = (
        ", ".join(p for p in (address.line1, address.line2, address.town) if p) if address else ""
    )
    return ChildSide(
        child_id=child.id,
        cp_id=child.cp_id,
        given_names=child.given_names,
        family_name=child.family_name,
        date_of_birth=child.date_of_birth.isoformat(),
        gender=child.gender.value,
        address=HIDDEN if hide else line,
        postcode=HIDDEN if hide else (address.postcode if address else ""),
        is_shielded=child.is_shielded,
    )
