"""The trained model, blocking keys, every match decision, and reversible merges."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from contactpoint.db import Base
from contactpoint.types import BigId, UTCDateTime, enum_column, utcnow


class DecisionOutcome(StrEnum):
    TRUSTED_IDENTIFIER = "trusted_identifier"  # same identifier from the same source
    LINK = "link"  # match weight at or above the upper threshold
    REVIEW = "review"  # between the thresholds, or a guard stopped an automatic link
    NEW = "new"  # below the lower threshold, or no candidate at all


class ReviewStatus(StrEnum):
    PENDING = "pending"
    DEFERRED = "deferred"
    LINKED = "linked"  # a data manager merged the pair
    NOT_SAME = "not_same"  # a data manager said they are different children


class MoveKind(StrEnum):
    SOURCE_IDENTIFIER = "source_identifier"
    INVOLVEMENT = "involvement"
    OTHER_NAME = "other_name"
    ADDRESS_HISTORY = "address_history"
    CARER = "carer"  # row_id is the carer's id: child_carers has no id of its own


class MatchingModel(Base):
    """One trained Splink model; the newest version scores new feeds."""

    __tablename__ = "matching_models"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Splink's own model JSON (comparisons, m and u probabilities): the model, not child data.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    upper_threshold: Mapped[float] = mapped_column(Float)
    lower_threshold: Mapped[float] = mapped_column(Float)
    trained_on_rows: Mapped[int] = mapped_column(Integer)


class MatchingKey(Base):
    """Blocking keys of each child, so candidates come from an index, never a scan."""

    __tablename__ = "matching_keys"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), primary_key=True, index=True)


class MatchDecision(Base):
    __tablename__ = "match_decisions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    model_version: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[DecisionOutcome] = mapped_column(enum_column(DecisionOutcome))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    candidate_child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    match_weight: Mapped[float | None] = mapped_column(Float)
    # Field -> match weight (log2 Bayes factor), plus the prior: the waterfall's bars.
    contributions: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    review_status: Mapped[ReviewStatus | None] = mapped_column(
        enum_column(ReviewStatus), index=True
    )
    decided_by_user_id: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ChildMerge(Base):
    """One child folded into another; everything moved is listed so an unmerge restores it."""

    __tablename__ = "child_merges"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    survivor_was_shielded: Mapped[bool]
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    unmerged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ChildMergeMove(Base):
    __tablename__ = "child_merge_moves"

    merge_id: Mapped[int] = mapped_column(ForeignKey("child_merges.id"), primary_key=True)
    kind: Mapped[MoveKind] = mapped_column(enum_column(MoveKind), primary_key=True)
    row_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
