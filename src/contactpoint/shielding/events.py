"""Event shapes for shielding: opaque ids and categories only (the child goes in child_ref)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from contactpoint.audit.events import EventDetails, declare

CATEGORY = r"^[a-z_]{1,40}$"


@declare("shielding:request:made")
class RequestMade(EventDetails):
    request_id: int
    change: Literal["shield", "unshield"]
    reason: str = Field(pattern=CATEGORY)


@declare("shielding:request:decided")
class RequestDecided(EventDetails):
    request_id: int
    change: Literal["shield", "unshield"]
    approved: bool
    reason: str = Field(pattern=CATEGORY)
    criteria_met: int = Field(ge=0)
    review_on: date | None = None


@declare("shielding:review:recorded")
class ReviewRecorded(EventDetails):
    continued: bool
    review_on: date | None = None
