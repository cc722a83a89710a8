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
from contactpoint.children.models import Child
from tests.integration.access.factories import BORN, result_tokens, search, signed_in
from tests.integration.practitioners.factories import Account, csrf_token

DOB = {"dob_day": str(BORN.day), "dob_month": str(BORN.month), "dob_year": str(BORN.year)}


def browser(app: FastAPI, account: Account) -> TestClient:
    """Another signed-in browser, for a second person in the same test."""
    client = TestClient(app, base_url="http://localhost")
    return signed_in(client, account)


def token_for(client: TestClient, child: Child) -> str:
    """Find the child by family name and date of birth, as a practitioner would."""
    (token,) = result_tokens(search(client, family_name=child.family_name, **DOB))
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
