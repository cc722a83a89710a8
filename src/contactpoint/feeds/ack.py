"""The acknowledgement a source system stores: one line per input row, in input order.

For a CSV feed, line N of the acknowledgement answers line N of the feed (both start with
a header), so the source system can match them without parsing. Each answer is the
ContactPoint ID matched or created, `queued for review`, or `rejected: <reason>`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.children.models import Child
from contactpoint.feeds.models import Feed, FeedRow, RowOutcome

HEADER = ("line", "result")
STREAM_ROWS = 10_000
QUEUED = "queued for review"


def answer(outcome: RowOutcome, cp_id: str | None, reason: str | None) -> str:
    if outcome is RowOutcome.REJECTED:
        return f"rejected: {reason}"
    if outcome is RowOutcome.REVIEW:
        return QUEUED
    return cp_id or ""


def acknowledgement_lines(session: Session, feed: Feed) -> Iterator[tuple[int, str]]:
    """Streamed in line order (a server-side cursor on PostgreSQL): never all in memory."""
    query = (
        select(FeedRow.line, FeedRow.outcome, FeedRow.reason, Child.cp_id)
        .outerjoin(Child, Child.id == FeedRow.child_id)
        .where(FeedRow.feed_id == feed.id)
        .order_by(FeedRow.line)
        .execution_options(yield_per=STREAM_ROWS)
    )
    for line, outcome, reason, cp_id in session.execute(query):
        yield line, answer(outcome, cp_id, reason)


def write_acknowledgement(
    session: Session, feed: Feed, path: Path, *, header_line: bool = True
) -> None:
    temporary = path.with_name(path.name + ".partial")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if header_line:
            writer.writerow(HEADER)
        writer.writerows(acknowledgement_lines(session, feed))
    temporary.replace(path)  # never a half-written acknowledgement
