"""Ingesting a feed file: identity, batches, resumption, and the acknowledgement.

The feed's identity is (source, SHA-256 of the bytes). Batches are fixed slices of the
file and each commits in one transaction with its row outcomes, so a re-run — after
success or after `kill -9` at any point — skips finished batches and redoes the rest.
The file is read batch by batch (after one pass that hashes and counts it), so memory
stays flat whatever the feed's size.
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.writer import Actor, record
from contactpoint.children.ids import IdMinter
from contactpoint.children.models import SourceType
from contactpoint.db import transaction
from contactpoint.feeds.ack import write_acknowledgement
from contactpoint.feeds.batch import BatchContext, process_batch
from contactpoint.feeds.events import FeedCompleted, FeedReceived
from contactpoint.feeds.formats import FORMATS, SourceFormat
from contactpoint.feeds.models import Feed, FeedRow, FeedStatus
from contactpoint.feeds.readers import FeedScan, RawRow, scan_feed, stream_rows
from contactpoint.feeds.validation import validate_row
from contactpoint.matching.decide import Thresholds
from contactpoint.matching.model import load_model
from contactpoint.matching.scoring import Engine, Scorer
from contactpoint.types import utcnow

# Test hook for the kill-and-rerun test: SIGKILL this process inside the transaction of
# the batch after this many have committed. Never set in production.
KILL_HOOK = "CONTACTPOINT_TEST_KILL_AFTER_BATCHES"
DEFAULT_BATCH = 1000


@dataclass
class IngestReport:
    feed_id: int
    outcomes: Counter[str] = field(default_factory=Counter)
    rejections: list[tuple[int, str]] = field(default_factory=list)
    already_complete: bool = False
    acknowledgement: Path | None = None


def ingest_file(
    factory: sessionmaker[Session],
    *,
    source: SourceType,
    path: Path,
    minter: IdMinter,
    by: Actor,
    engine: Engine = "duckdb",
    batch_size: int = DEFAULT_BATCH,
    ack_path: Path | None = None,
    as_of: date | None = None,
) -> IngestReport:
    fmt = FORMATS[source]
    scan = scan_feed(fmt, path)
    feed, already_complete = _open_feed(factory, source, scan, as_of=as_of, by=by)
    if not already_complete:
        batches = _batches(stream_rows(fmt, path), batch_size)
        _run_batches(factory, feed, fmt, batches, minter=minter, by=by, engine=engine)
        _complete(factory, feed, by)
    report = _report(factory, feed, already_complete)
    report.acknowledgement = ack_path or path.with_name(path.name + ".ack.csv")
    with factory() as session:
        write_acknowledgement(session, feed, report.acknowledgement, header_line=not scan.is_bundle)
    return report


def _batches(rows: Iterator[RawRow], size: int) -> Iterator[list[RawRow]]:
    while batch := list(islice(rows, size)):
        yield batch


def _open_feed(
    factory: sessionmaker[Session],
    source: SourceType,
    scan: FeedScan,
    *,
    as_of: date | None,
    by: Actor,
) -> tuple[Feed, bool]:
    digest, rows = scan.sha256, scan.rows
    with transaction(factory) as session:
        feed = session.scalars(
            select(Feed).where(Feed.source == source, Feed.content_sha256 == digest)
        ).first()
        if feed is not None:
            return feed, feed.status is FeedStatus.COMPLETE
        model = load_model(session)
        feed = Feed(
            source=source,
            content_sha256=digest,
            as_of=as_of or date.today(),
            row_count=rows,
            model_version=model.version,
            status=FeedStatus.IN_PROGRESS,
        )
        session.add(feed)
        session.flush()
        record(
            session,
            "feeds:feed:received",
            FeedReceived(feed_id=feed.id, source=source.value, row_count=rows),
            by=by,
        )
        return feed, False


def _run_batches(
    factory: sessionmaker[Session],
    feed: Feed,
    fmt: SourceFormat,
    batches: Iterator[list[RawRow]],
    *,
    minter: IdMinter,
    by: Actor,
    engine: Engine,
) -> None:
    with factory() as session:
        done = set(session.scalars(select(FeedRow.line).where(FeedRow.feed_id == feed.id)))
        model = load_model(session, feed.model_version)
    thresholds = Thresholds(upper=model.upper_threshold, lower=model.lower_threshold)
    ctx = BatchContext(feed, Scorer(model.settings, engine), thresholds, minter, by)
    kill_after = int(os.environ.get(KILL_HOOK, "-1"))
    committed = 0
    for batch in batches:
        if all(line in done for line, _ in batch):
            continue
        parsed = [validate_row(fmt, line, raw, as_of=feed.as_of) for line, raw in batch]
        with transaction(factory) as session:
            process_batch(session, ctx, parsed)
            if committed == kill_after:
                session.flush()
                os.kill(os.getpid(), signal.SIGKILL)
        committed += 1


def _complete(factory: sessionmaker[Session], feed: Feed, by: Actor) -> None:
    with transaction(factory) as session:
        counts = _outcome_counts(session, feed.id)
        claimed = session.execute(
            update(Feed)
            .where(Feed.id == feed.id, Feed.status == FeedStatus.IN_PROGRESS)
            .values(status=FeedStatus.COMPLETE, completed_at=utcnow())
        )
        if claimed.rowcount:  # type: ignore[attr-defined]
            details = FeedCompleted(
                feed_id=feed.id,
                linked=counts["linked"],
                created=counts["created"],
                review=counts["review"],
                rejected=counts["rejected"],
            )
            record(session, "feeds:feed:completed", details, by=by)


def _outcome_counts(session: Session, feed_id: int) -> Counter[str]:
    query = (
        select(FeedRow.outcome, func.count())
        .where(FeedRow.feed_id == feed_id)
        .group_by(FeedRow.outcome)
    )
    return Counter({outcome.value: count for outcome, count in session.execute(query)})


def _report(factory: sessionmaker[Session], feed: Feed, already_complete: bool) -> IngestReport:
    with factory() as session:
        report = IngestReport(feed_id=feed.id, already_complete=already_complete)
        report.outcomes = _outcome_counts(session, feed.id)
        query = (
            select(FeedRow.line, FeedRow.reason)
            .where(FeedRow.feed_id == feed.id, FeedRow.reason.is_not(None))
            .order_by(FeedRow.line)
        )
        report.rejections = [(line, reason or "") for line, reason in session.execute(query)]
        return report
