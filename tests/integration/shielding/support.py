"""People, children and forms for the shielding, brokering and involvement tests.

Children come from the find-and-view factories; tokens come from a real search, as a
practitioner would get them. All names are synthetic.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from contactpoint.audit.models import AuditEvent
from contactpoint.brokering.models import BrokeringPurpose, BrokeringRequest, BrokeringStatus
from contactpoint.children.models import Child
from contactpoint.shielding.models import (
    RequestStatus,
    ShieldChange,
    ShieldingReason,
    ShieldingRequest,
)
from tests.integration.access.factories import (
    BORN,
    give_reason,
    result_tokens,
    search,
    signed_in,
)
from tests.integration.practitioners.factories import Account, csrf_token

DOB = {"dob_day": str(BORN.day), "dob_month": str(BORN.month), "dob_year": str(BORN.year)}


def browser(app: FastAPI, account: Account) -> TestClient:
    """Another signed-in browser, for a second person in the same test."""
    client = TestClient(app, base_url="http://localhost")
    return signed_in(client, account)


def token_for(client: TestClient, child: Child, *, reason: bool = True) -> str:
    """Find the child by family name and date of birth, as a practitioner would, and give a
    reason (unless `reason=False`): every page about the child needs one, as the record does."""
    (token,) = result_tokens(search(client, family_name=child.family_name, **DOB))
    if reason:
        assert give_reason(client, token).status_code == 303
    return token


def post_form(client: TestClient, path: str, **fields: Any) -> Any:
    """Post a form read from `path` (its CSRF token included), without following redirects."""
    form = {"csrf_token": csrf_token(client, path), **fields}
    return client.post(path, data=form, follow_redirects=False)


def events_of(session: Session, prefix: str) -> list[AuditEvent]:
    session.expire_all()
    found = session.scalars(
        select(AuditEvent).where(AuditEvent.event_type.startswith(prefix)).order_by(AuditEvent.id)
    )
    return list(found)


def pending_shield_request(session: Session, child: Child, *, by_user_id: int) -> int:
    """A request to shield `child` waiting for an officer; returns its id."""
    request = ShieldingRequest(
        child_id=child.id,
        change=ShieldChange.SHIELD,
        reason=ShieldingReason.DOMESTIC_ABUSE,
        requested_by_user_id=by_user_id,
        status=RequestStatus.PENDING,
    )
    session.add(request)
    session.flush()
    return request.id


def open_broker_request(session: Session, child: Child, *, by_user_id: int) -> int:
    """A request to the child's LA team to broker contact; returns its id."""
    request = BrokeringRequest(
        child_id=child.id,
        purpose=BrokeringPurpose.SAFEGUARDING_CONCERN,
        requested_by_user_id=by_user_id,
        status=BrokeringStatus.OPEN,
    )
    session.add(request)
    session.flush()
    return request.id
