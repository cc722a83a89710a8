"""A data manager's decision on a queued pair: link (merge), not the same child, or defer.

The pair is the provisional child the feed row created and the candidate it resembled.
"Link" merges the provisional child into the candidate (the older record survives).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, record
from contactpoint.matching.events import ReviewDecided
from contactpoint.matching.merges import MergeError, merge_children, unmerge_children
from contactpoint.matching.models import MatchDecision, ReviewStatus
from contactpoint.types import utcnow

__all__ = ["MergeError", "ReviewChoice", "decide_review", "merge_children", "unmerge_children"]


class ReviewChoice(StrEnum):
    LINK = "link"
    NOT_SAME = "not-same"
    DEFER = "defer"


_STATUS = {
    ReviewChoice.LINK: ReviewStatus.LINKED,
    ReviewChoice.NOT_SAME: ReviewStatus.NOT_SAME,
    ReviewChoice.DEFER: ReviewStatus.DEFERRED,
}
OPEN = {ReviewStatus.PENDING, ReviewStatus.DEFERRED}


class ReviewError(ValueError):
    pass


def decide_review(
    session: Session, *, decision_id: int, choice: ReviewChoice, by: Actor
) -> MatchDecision:
    decision = session.get(MatchDecision, decision_id)
    if decision is None or decision.review_status not in OPEN:
        raise ReviewError(f"decision {decision_id} is not waiting for review")
    merge_id = None
    if choice is ReviewChoice.LINK:
        if decision.candidate_child_id is None:
            raise ReviewError(f"decision {decision_id} has no candidate to link to")
        merge = merge_children(
            session, survivor_id=decision.candidate_child_id, merged_id=decision.child_id, by=by
        )
        merge_id = merge.id
    decision.review_status = _STATUS[choice]
    decision.decided_by_user_id = by.user_id
    decision.decided_at = utcnow()
    details = ReviewDecided(decision_id=decision.id, decision=choice.value, merge_id=merge_id)
    record(session, "matching:review:decided", details, by=by, child_ref=decision.child_id)
    return decision
