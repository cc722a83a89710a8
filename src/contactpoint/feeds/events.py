"""Audit event shapes for feeds: opaque ids and counts only."""

from __future__ import annotations

from contactpoint.audit.events import EventDetails, declare


@declare("feeds:feed:received")
class FeedReceived(EventDetails):
    feed_id: int
    source: str
    row_count: int


@declare("feeds:feed:completed")
class FeedCompleted(EventDetails):
    feed_id: int
    linked: int
    created: int
    review: int
    rejected: int


@declare("feeds:child:created")
class ChildCreatedFromFeed(EventDetails):
    feed_id: int
    line: int


@declare("feeds:child:updated")
class ChildUpdatedFromFeed(EventDetails):
    feed_id: int
    line: int
    fields: list[str]


@declare("feeds:batch:applied")
class BatchApplied(EventDetails):
    """One per committed batch: its line range and what its rows did."""

    feed_id: int
    first_line: int
    last_line: int
    linked: int
    created: int
    review: int
    rejected: int
    updated: int  # linked children whose record changed (each also has its own event)
