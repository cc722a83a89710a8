"""Server-side state for finding and viewing: per-session view grants and rate-limit counters."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contactpoint.db import Base
from contactpoint.types import BigId, UTCDateTime, utcnow

DIGEST_LEN = 64  # SHA-256, hex


class ViewGrant(Base):
    """One search result a session may open: the URL carries a random token, we keep its digest.

    The reason for viewing is recorded here too, so the record page is shown only after it.
    """

    __tablename__ = "access_view_grants"
    __table_args__ = (Index("ix_access_view_grants_expires_at", "expires_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(DIGEST_LEN), unique=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("user_sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    on_behalf_of_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(String(40))
    reference: Mapped[str | None] = mapped_column(String(30))
    reasoned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    override: Mapped[bool] = mapped_column(default=False)  # a shield override for one view


class LimitCounter(Base):
    """How many searches or views a user has made in one fixed window (a minute or a day)."""

    __tablename__ = "access_limit_counters"
    __table_args__ = (UniqueConstraint("user_id", "action", "window", "window_start"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # "search" or "view"
    window: Mapped[str] = mapped_column(String(8))  # "minute" or "day"
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    count: Mapped[int] = mapped_column(Integer, default=0)
    reached_recorded: Mapped[bool] = mapped_column(default=False)  # audited once per window


class SeenChild(Base):
    """A child a user was shown on one day: listed in search results, or their record viewed.

    Opaque ids only. Counting distinct children per user is how a harvester working inside
    the rate limits is stopped (access/harvest.py); rows older than two days are deleted."""

    __tablename__ = "access_seen_children"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # "listed" or "viewed"
    child_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
