"""Requests to the child's LA ContactPoint team to broker contact with the services around them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from contactpoint.db import Base
from contactpoint.types import BigId, UTCDateTime, enum_column, utcnow

REFERENCE_LEN = 30


class BrokeringPurpose(StrEnum):
    """Why the practitioner needs to reach the services: a category, never case detail."""

    SAFEGUARDING_CONCERN = "safeguarding_concern"
    COORDINATING_SUPPORT = "coordinating_support"
    REFERRAL = "referral"
    TRANSITION = "transition"  # e.g. a change of school or service
    OTHER = "other"


class BrokeringStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class BrokeringOutcome(StrEnum):
    """What the LA team did."""

    SERVICE_WILL_CONTACT = "service_will_contact"  # requester's details passed to the service
    CONTACT_GIVEN = "contact_given"  # the requester was given a way to reach the service
    SERVICE_DECLINED = "service_declined"
    NO_SERVICE_FOUND = "no_service_found"
    WITHDRAWN = "withdrawn"
    OTHER = "other"


class BrokeringRequest(Base):
    __tablename__ = "brokering_requests"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    purpose: Mapped[BrokeringPurpose] = mapped_column(enum_column(BrokeringPurpose))
    reference: Mapped[str | None] = mapped_column(String(REFERENCE_LEN))
    requested_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[BrokeringStatus] = mapped_column(
        enum_column(BrokeringStatus), default=BrokeringStatus.OPEN, index=True
    )
    outcome: Mapped[BrokeringOutcome | None] = mapped_column(enum_column(BrokeringOutcome))
    outcome_reference: Mapped[str | None] = mapped_column(String(REFERENCE_LEN))
    closed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
