"""The audit domain's own events: reports downloaded, and alerts raised and worked through."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from contactpoint.audit.events import EventDetails, declare

CODE = r"^[a-z_]{1,40}$"
REFERENCE = r"^[A-Za-z0-9 /-]{0,30}$"


@declare("audit:report:downloaded")
class ReportDownloadDetails(EventDetails):
    format: Literal["csv", "pdf"]
    rows: int = Field(ge=0)
    # The filters, as opaque ids and dates: enough to reproduce the report.
    user_id: int | None = None
    organisation_id: int | None = None
    la_id: int | None = None
    event_type: str | None = Field(default=None, max_length=48)
    date_from: date | None = None
    date_to: date | None = None


@declare("audit:alert:raised")
class AlertRaisedDetails(EventDetails):
    alert_id: int
    rule: str = Field(pattern=CODE)


@declare("audit:alert:acknowledged")
class AlertAcknowledgedDetails(EventDetails):
    alert_id: int


@declare("audit:alert:investigation_started")
class AlertInvestigationDetails(EventDetails):
    alert_id: int


@declare("audit:alert:closed")
class AlertClosedDetails(EventDetails):
    alert_id: int
    outcome: str = Field(pattern=CODE)
    reference: str | None = Field(default=None, max_length=30, pattern=REFERENCE)
