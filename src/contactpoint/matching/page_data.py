"""Adapters between the matching engine (queries.py, quality.py) and its pages: LA scope for
one pair and for the quality figures, other names, and per-source totals for the charts.

`la_id=None` means national reach (all LAs); otherwise only that LA's data is returned.
A pair page shows two children, so its sight is audited (`record_pair_shown`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.children.models import Child, ChildOtherName
from contactpoint.matching.events import PairShown
from contactpoint.matching.models import MatchDecision
from contactpoint.matching.quality import QualityFigures, feed_quality, stale_involvements
from contactpoint.matching.queries import HIDDEN, ChildSide, ReviewPair, review_pair
from contactpoint.organisations.models import LocalAuthority


def pair_in_scope(session: Session, decision_id: int, *, la_id: int | None) -> ReviewPair | None:
    """The pair, if it is one and belongs to the LA (the incoming child's, as the queue has it)."""
    decision = session.get(MatchDecision, decision_id)
    if decision is None:
        return None
    if la_id is not None and session.get_one(Child, decision.child_id).la_id != la_id:
        return None
    return review_pair(session, decision_id)


def record_pair_shown(
    session: Session, pair: ReviewPair, *, by: Actor, meta: RequestMeta | None = None
) -> None:
    """Audit a sight of both children of a pair, in the transaction that read them: one
    "matching:pair:shown" per child (its child_ref), as `contactpoint matching show` does."""
    sides: tuple[tuple[Literal["incoming", "candidate"], ChildSide], ...] = (
        ("incoming", pair.incoming),
        ("candidate", pair.candidate),
    )
    for side, child in sides:
        shown = PairShown(decision_id=pair.decision_id, side=side, shielded=child.is_shielded)
        record(session, "matching:pair:shown", shown, by=by, child_ref=child.child_id, meta=meta)


def other_names(session: Session, side: ChildSide) -> str:
    """Former and alternative names; a shielded record shows none (SPEC §4)."""
    if side.is_shielded:
        return HIDDEN
    names = session.execute(
        select(ChildOtherName.given_names, ChildOtherName.family_name)
        .where(ChildOtherName.child_id == side.child_id)
        .order_by(ChildOtherName.id)
    )
    return "; ".join(f"{given} {family}" for given, family in names)


@dataclass(frozen=True)
class SourceTotals:
    source: str
    rows: int
    rejected: int
    missing_fields: int
    conflicts: int
    possible_duplicates: int

    @property
    def rejection_rate(self) -> float:
        return self.rejected / self.rows if self.rows else 0.0


@dataclass(frozen=True)
class QualityReport:
    figures: list[QualityFigures]  # per LA and source, as `contactpoint matching quality`
    stale: dict[str, int]  # open involvements that no longer make sense, per LA code
    by_source: list[SourceTotals]  # the figures summed over the LAs shown


def quality_report(session: Session, *, la_id: int | None, today: date) -> QualityReport:
    figures, stale = feed_quality(session), stale_involvements(session, today=today)
    if la_id is not None:
        code = session.scalars(select(LocalAuthority.code).where(LocalAuthority.id == la_id)).one()
        figures = [f for f in figures if f.la_code == code]
        stale = {code: stale.get(code, 0)}
    return QualityReport(figures, dict(sorted(stale.items())), _by_source(figures))


SUMMED = ("rows", "rejected", "missing_fields", "conflicts", "possible_duplicates")


def _by_source(figures: list[QualityFigures]) -> list[SourceTotals]:
    def total(source: str, name: str) -> int:
        return sum(getattr(f, name) for f in figures if f.source == source)

    sources = sorted({f.source for f in figures})
    return [SourceTotals(source, *(total(source, name) for name in SUMMED)) for source in sources]
