"""Why rows of one child ended on different records: the generator's errors on each miss.

    .venv/bin/python benchmarks/matching_misses.py /tmp/cp-matching-XXXX

Reads the work directory `matching_quality.py` printed (its SQLite database and
`feeds/ground_truth.csv`). For every row not on its child's main record, counts the
generator's recorded errors on that row and how the row was decided (created, review).
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy import select

from contactpoint import catalogue  # noqa: F401
from contactpoint.db import make_engine, make_sessionmaker
from contactpoint.feeds.models import Feed, FeedRow, RowOutcome
from contactpoint.matching.candidates import resolve_merges


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("work", type=Path)
    args = parser.parse_args()
    with (args.work / "feeds" / "ground_truth.csv").open(newline="", encoding="utf-8") as f:
        truth = {(r["source"], int(r["line"])): r for r in csv.DictReader(f)}
    factory = make_sessionmaker(make_engine(f"sqlite:///{args.work / 'cp.sqlite3'}"))
    with factory() as session:
        query = (
            select(Feed.source, FeedRow.line, FeedRow.child_id, FeedRow.outcome)
            .join(Feed, Feed.id == FeedRow.feed_id)
            .where(FeedRow.outcome != RowOutcome.REJECTED)
        )
        rows = session.execute(query).all()
        survivors = resolve_merges(session, {r.child_id for r in rows})
    records: dict[str, Counter[int]] = defaultdict(Counter)
    for row in rows:
        key = truth[(row.source.value, row.line)]["child_key"]
        records[key][survivors.get(row.child_id, row.child_id)] += 1
    reasons: Counter[str] = Counter()
    for row in rows:
        facts = truth[(row.source.value, row.line)]
        main_record = records[facts["child_key"]].most_common(1)[0][0]
        if survivors.get(row.child_id, row.child_id) != main_record:
            errors = facts["errors"] or "no recorded error"
            reasons[f"{row.outcome.value:8} {row.source.value:16} {errors}"] += 1
    for reason, count in reasons.most_common():
        print(f"{count:5}  {reason}")


if __name__ == "__main__":
    main()
