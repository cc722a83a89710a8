"""Shielding requests, decisions and the review schedule of each shielded child.

Nothing here holds free text: reasons are categories and references are short and bounded.
The criteria an officer found met are stored as their codes (see shielding/criteria.py).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from contactpoint.db import Base
from contactpoint.types import BigId, UTCDateTime, enum_column, utcnow

REFERENCE_LEN = 30
CRITERIA_LEN = 200  # comma-joined criterion codes


class ShieldChange(StrEnum):
    SHIELD = "shield"
    UNSHIELD = "unshield"


class ShieldingReason(StrEnum):
    """Why a requester asks for a change: a category, never a description of the case."""

    RISK_OF_SIGNIFICANT_HARM = "risk_of_significant_harm"
    DOMESTIC_ABUSE = "domestic_abuse"
    ADOPTION = "adoption"
    WITNESS_PROTECTION = "witness_protection"
    RISK_HAS_ENDED = "risk_has_ended"
    OTHER = "other"


class RequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class DecisionReason(StrEnum):
    CRITERIA_MET = "criteria_met"
    CRITERIA_NOT_MET = "criteria_not_met"
    INSUFFICIENT_INFORMATION = "insufficient_information"
    RISK_HAS_ENDED = "risk_has_ended"
    ALREADY_IN_PLACE = "already_in_place"
    OTHER = "other"


class ShieldingRequest(Base):
    __tablename__ = "shielding_requests"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    change: Mapped[ShieldChange] = mapped_column(enum_column(ShieldChange))
    reason: Mapped[ShieldingReason] = mapped_column(enum_column(ShieldingReason))
    reference: Mapped[str | None] = mapped_column(String(REFERENCE_LEN))
    requested_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus), default=RequestStatus.PENDING, index=True
    )
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[DecisionReason | None] = mapped_column(enum_column(DecisionReason))
    decision_reference: Mapped[str | None] = mapped_column(String(REFERENCE_LEN))
    criteria_met: Mapped[str | None] = mapped_column(String(CRITERIA_LEN))
    review_on: Mapped[date | None]


class ShieldReview(Base):
    """When a shielded child's shield is next reviewed: one row per child shielded here."""

    __tablename__ = "shield_reviews"

    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), primary_key=True)
    review_on: Mapped[date] = mapped_column(index=True)
    last_decided_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    last_decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
