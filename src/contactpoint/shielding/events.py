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


@declare("shielding:queue:viewed")
class QueueViewed(EventDetails):
    """The officers' queue: every child it names (requests waiting and reviews due)."""

    child_refs: list[int] = Field(max_length=400)


@declare("shielding:request:viewed")
class RequestViewed(EventDetails):
    """An officer opened a request, and with it the child's identity (the child in child_ref)."""

    request_id: int


@declare("shielding:review:viewed")
class ReviewViewed(EventDetails):
    """An officer opened a shield's review page (the child in child_ref)."""
