"""Measuring links against the synthetic generator's ground truth (pairwise precision/recall).

Two accepted feed rows form a *predicted* pair when they ended on the same child record
(following merges), and a *true* pair when the ground truth says they are the same child.
Rows queued for review count as not linked: review rate is reported separately.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.feeds.models import Feed, FeedRow, RowOutcome
from contactpoint.matching.candidates import resolve_merges


@dataclass(frozen=True)
class LinkQuality:
    rows: int
    predicted_pairs: int
    true_pairs: int
    correct_pairs: int
    records_mixing_children: int  # false merges: one record holding two real children
    review_rows: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


def read_ground_truth(path: Path) -> dict[tuple[str, int], int]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {(r["source"], int(r["line"])): int(r["child_key"]) for r in csv.DictReader(handle)}


def measure(
    session: Session, truth: dict[tuple[str, int], int], feed_ids: list[int]
) -> LinkQuality:
    query = (
        select(Feed.source, FeedRow.line, FeedRow.child_id, FeedRow.outcome)
        .join(Feed, Feed.id == FeedRow.feed_id)
        .where(FeedRow.feed_id.in_(feed_ids), FeedRow.outcome != RowOutcome.REJECTED)
    )
    rows = session.execute(query).all()
    survivors = resolve_merges(session, {r.child_id for r in rows if r.child_id is not None})
    by_record: dict[int, Counter[int]] = defaultdict(Counter)
    by_child: Counter[int] = Counter()
    for source, line, child_id, _ in rows:
        if child_id is None:
            continue
        key = truth[(source.value, line)]
        by_record[survivors.get(child_id, child_id)][key] += 1
        by_child[key] += 1
    return LinkQuality(
        rows=len(rows),
        predicted_pairs=sum(_pairs(sum(keys.values())) for keys in by_record.values()),
        true_pairs=sum(_pairs(n) for n in by_child.values()),
        correct_pairs=sum(_pairs(n) for keys in by_record.values() for n in keys.values()),
        records_mixing_children=sum(1 for keys in by_record.values() if len(keys) > 1),
        review_rows=sum(1 for r in rows if r.outcome is RowOutcome.REVIEW),
    )


def _pairs(n: int) -> int:
    return n * (n - 1) // 2
