"""Alerts raised by misuse monitoring, for the LA team and auditors to work through.

An alert names opaque references only (users, organisations, a child's record id) and a
short summary built from counts; outcomes are codes plus an optional short reference.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from contactpoint.db import Base
from contactpoint.types import BigId, UTCDateTime, enum_column


class AlertStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    CLOSED = "closed"


class AlertOutcome(StrEnum):
    NO_MISUSE = "no_misuse"  # explained: e.g. an involvement not yet recorded
    MISUSE_CONFIRMED = "misuse_confirmed"
    REFERRED = "referred"  # to the employer, the ICO or the police
    DUPLICATE = "duplicate"


class Alert(Base):
    __tablename__ = "audit_alerts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    rule: Mapped[str] = mapped_column(String(40), index=True)
    # Same rule and subject: one alert until it is closed (see audit/monitor.py).
    key: Mapped[str] = mapped_column(String(120), index=True)
    status: Mapped[AlertStatus] = mapped_column(enum_column(AlertStatus), index=True)
    la_id: Mapped[int | None] = mapped_column(Integer, index=True)  # whose LA team sees it
    subject_user_id: Mapped[int | None] = mapped_column(BigInteger)
    subject_organisation_id: Mapped[int | None] = mapped_column(Integer)
    child_ref: Mapped[int | None] = mapped_column(BigInteger)
    event_count: Mapped[int] = mapped_column(Integer)
    first_event_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_event_at: Mapped[datetime] = mapped_column(UTCDateTime())
    summary: Mapped[str] = mapped_column(String(200))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledged_by_user_id: Mapped[int | None] = mapped_column(BigInteger)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_user_id: Mapped[int | None] = mapped_column(BigInteger)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[AlertOutcome | None] = mapped_column(enum_column(AlertOutcome))
    outcome_reference: Mapped[str | None] = mapped_column(String(30))
