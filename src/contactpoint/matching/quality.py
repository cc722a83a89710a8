"""Data-quality figures per LA and source, for LA data managers (aggregates only, no child data).

Rows rejected before their LA could be read count under LA "unknown".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from contactpoint.children.models import Child, RecordStatus
from contactpoint.feeds.models import Feed, FeedRow, RowOutcome
from contactpoint.involvements.models import Involvement
from contactpoint.matching.models import MatchDecision, ReviewStatus
from contactpoint.organisations.models import LocalAuthority

UNKNOWN_LA = "unknown"


@dataclass(frozen=True)
class QualityFigures:
    la_code: str
    source: str
    rows: int
    rejected: int
    missing_fields: int
    conflicts: int
    possible_duplicates: int

    @property
    def rejection_rate(self) -> float:
        return self.rejected / self.rows if self.rows else 0.0


def feed_quality(session: Session) -> list[QualityFigures]:
    pending = case(
        (MatchDecision.review_status.in_([ReviewStatus.PENDING, ReviewStatus.DEFERRED]), 1), else_=0
    )
    duplicates = {
        ((code or UNKNOWN_LA), source.value): count
        for code, source, count in session.execute(
            select(LocalAuthority.code, Feed.source, func.sum(pending))
            .join(Feed, Feed.id == MatchDecision.feed_id)
            .join(Child, Child.id == MatchDecision.child_id)
            .join(LocalAuthority, LocalAuthority.id == Child.la_id)
            .group_by(LocalAuthority.code, Feed.source)
        )
    }
    rejected = case((FeedRow.outcome == RowOutcome.REJECTED, 1), else_=0)
    query = (
        select(
            LocalAuthority.code,
            Feed.source,
            func.count(),
            func.sum(rejected),
            func.sum(FeedRow.missing_fields),
            func.sum(FeedRow.conflicts),
        )
        .join(Feed, Feed.id == FeedRow.feed_id)
        .outerjoin(LocalAuthority, LocalAuthority.id == FeedRow.la_id)
        .group_by(LocalAuthority.code, Feed.source)
        .order_by(LocalAuthority.code, Feed.source)
    )
    return [
        QualityFigures(
            la_code=code or UNKNOWN_LA,
            source=source.value,
            rows=rows,
            rejected=int(bad or 0),
            missing_fields=int(missing or 0),
            conflicts=int(conflicts or 0),
            possible_duplicates=int(duplicates.get((code or UNKNOWN_LA, source.value), 0)),
        )
        for code, source, rows, bad, missing, conflicts in session.execute(query)
    ]


def stale_involvements(session: Session, *, today: date) -> dict[str, int]:
    """Open involvements that no longer make sense: on a merged or archived record, or on a
    young person past 18 (a school or GP involvement nobody has closed)."""
    adult_born_before = date(today.year - 18, today.month, min(today.day, 28))
    stale = (Child.status != RecordStatus.ACTIVE) | (Child.date_of_birth <= adult_born_before)
    query = (
        select(LocalAuthority.code, func.count())
        .select_from(Involvement)
        .join(Child, Child.id == Involvement.child_id)
        .join(LocalAuthority, LocalAuthority.id == Child.la_id)
        .where(Involvement.ended_on.is_(None), stale)
        .group_by(LocalAuthority.code)
    )
    return dict(session.execute(query).all())
