"""Event shapes for brokered contact: opaque ids and categories only (the child in child_ref)."""

from __future__ import annotations

from pydantic import Field

from contactpoint.audit.events import EventDetails, declare

CATEGORY = r"^[a-z_]{1,40}$"


@declare("brokering:request:made")
class RequestMade(EventDetails):
    request_id: int
    purpose: str = Field(pattern=CATEGORY)


@declare("brokering:request:opened")
class RequestOpened(EventDetails):
    """The LA team opened a request, and with it the child's full record."""

    request_id: int


@declare("brokering:request:closed")
class RequestClosed(EventDetails):
    request_id: int
    outcome: str = Field(pattern=CATEGORY)


@declare("brokering:requests:listed")
class RequestsListed(EventDetails):
    """A practitioner's own requests page: the children it names (brokering and shielding)."""

    child_refs: list[int] = Field(max_length=400)
