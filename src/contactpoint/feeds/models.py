"""Feeds received, the outcome of every row, and which source last set each child field.

A feed's identity is its source and the SHA-256 of its bytes: the same file ingested again
is the same feed. Row outcomes are keyed by (feed, line) and written in the same
transaction as the changes they describe, so a re-run skips exactly the finished rows.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contactpoint.children.models import SourceType
from contactpoint.db import Base
from contactpoint.types import BigId, UTCDateTime, enum_column, utcnow


class FeedStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


class RowOutcome(StrEnum):
    LINKED = "linked"  # matched an existing child (by trusted identifier or by the model)
    CREATED = "created"  # a new child
    REVIEW = "review"  # a possible duplicate: a provisional child waits for a data manager
    REJECTED = "rejected"


class ChildField(StrEnum):
    NAMES = "names"
    DATE_OF_BIRTH = "date_of_birth"
    GENDER = "gender"
    ADDRESS = "address"


class Feed(Base):
    __tablename__ = "feeds"
    __table_args__ = (UniqueConstraint("source", "content_sha256"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source: Mapped[SourceType] = mapped_column(enum_column(SourceType))
    content_sha256: Mapped[str] = mapped_column(String(64))
    # The feed's "today": ages, involvement start/end dates; fixed so a re-run agrees.
    as_of: Mapped[date]
    row_count: Mapped[int] = mapped_column(Integer)
    model_version: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[FeedStatus] = mapped_column(enum_column(FeedStatus))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FeedRow(Base):
    __tablename__ = "feed_rows"

    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id"), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    outcome: Mapped[RowOutcome] = mapped_column(enum_column(RowOutcome))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    reason: Mapped[str | None] = mapped_column(String(120))  # ours, never the source's text
    la_id: Mapped[int | None] = mapped_column(ForeignKey("local_authorities.id"))
    missing_fields: Mapped[int] = mapped_column(SmallInteger, default=0)
    conflicts: Mapped[int] = mapped_column(SmallInteger, default=0)


class ChildFieldSource(Base):
    """The source that last set a child's field, so a lower-precedence source cannot undo it."""

    __tablename__ = "child_field_sources"

    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), primary_key=True)
    field: Mapped[ChildField] = mapped_column(enum_column(ChildField), primary_key=True)
    source: Mapped[SourceType] = mapped_column(enum_column(SourceType))
