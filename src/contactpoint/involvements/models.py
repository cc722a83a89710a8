"""An involvement: a service (and optionally a named practitioner) working with a child."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from contactpoint.db import Base
from contactpoint.types import EMAIL_LEN, NAME_LEN, PHONE_LEN, BigId, UTCDateTime, utcnow


class Involvement(Base):
    __tablename__ = "involvements"
    __table_args__ = (
        # One current lead professional per child, enforced by the database itself.
        Index(
            "uq_involvements_current_lead",
            "child_id",
            unique=True,
            postgresql_where=text("is_lead_professional AND ended_on IS NULL"),
            sqlite_where=text("is_lead_professional AND ended_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    practitioner_name: Mapped[str | None] = mapped_column(String(NAME_LEN))
    practitioner_phone: Mapped[str | None] = mapped_column(String(PHONE_LEN))
    practitioner_email: Mapped[str | None] = mapped_column(String(EMAIL_LEN))
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    is_lead_professional: Mapped[bool] = mapped_column(default=False)
    caf_undertaken: Mapped[bool] = mapped_column(default=False)
    caf_date: Mapped[date | None]  # flag and date only: never the assessment
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
