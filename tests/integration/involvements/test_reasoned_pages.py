"""Every page about a child (not only the record) needs the record's fresh reason, counts as a
view and writes "access:child:viewed" naming the child (issue 11, finding 3)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.access.models import LimitCounter, ViewGrant
from contactpoint.children.models import Child
from contactpoint.config import Settings
from contactpoint.organisations.models import Organisation, OrganisationKind
from contactpoint.types import utcnow
from tests.integration.access.factories import (
    add_child,
    give_reason,
    involve,
    local_authority,
    organisation,
    signed_in,
    user,
)
from tests.integration.practitioners.factories import Account
from tests.integration.shielding.support import events_of, token_for

LEAD = "Petra Lindqvist"  # the lead professional, at another service


def _setting(sessions: sessionmaker[Session], settings: Settings) -> tuple[int, int, Account]:
    """A child whose lead is at another school, and a practitioner whose school also works
    with the child; returns the child's id, the practitioner's involvement id, the account."""
    with sessions.begin() as session:
        la = local_authority(session)
        child = add_child(session, "Maren", "Holtby", la=la)
        other = organisation(session, la, OrganisationKind.SCHOOL, "Brookfield Primary")
        involve(session, child, other, LEAD, lead=True)
        account = user(session, settings)
        own = involve(session, child, session.get_one(Organisation, account.organisation_id))
        return child.id, own.id, account


def _pages(own_id: int) -> list[str]:
    return [
        "involvements",
        "involvements/new",
        f"involvements/{own_id}/end",
        f"involvements/{own_id}/caf",
        f"involvements/{own_id}/lead",
        "broker",
        "shielding-request",
    ]


def _views(sessions: sessionmaker[Session], child_id: int) -> list[str]:
    with sessions() as session:
        viewed = events_of(session, "access:child:viewed")
    assert {event.child_ref for event in viewed} <= {child_id}
    return [event.details["reason"] for event in viewed]


def _counted(sessions: sessionmaker[Session], user_id: int) -> int:
    with sessions() as session:
        return (
            session.scalar(
                select(LimitCounter.count).where(
                    LimitCounter.user_id == user_id,
                    LimitCounter.action == "view",
                    LimitCounter.window == "minute",
                )
            )
            or 0
        )


def test_without_a_reason_every_page_about_the_child_sends_to_the_reason_page(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    child_id, own_id, account = _setting(sessions, settings)
    signed_in(client, account)
    with sessions() as session:
        token = token_for(client, session.get_one(Child, child_id), reason=False)
    for page in _pages(own_id):
        response = client.get(f"/children/{token}/{page}", follow_redirects=False)
        assert (page, response.status_code) == (page, 303)
        assert response.headers["location"] == f"/children/{token}/reason"
        assert LEAD not in response.text
    assert _views(sessions, child_id) == []
    assert _counted(sessions, account.user_id) == 0


def test_a_stale_reason_opens_nothing(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    child_id, own_id, account = _setting(sessions, settings)
    signed_in(client, account)
    with sessions() as session:
        token = token_for(client, session.get_one(Child, child_id))
    with sessions.begin() as session:
        stale = utcnow() - timedelta(minutes=6)
        session.execute(update(ViewGrant).values(reasoned_at=stale))
    for page in _pages(own_id):
        response = client.get(f"/children/{token}/{page}", follow_redirects=False)
        assert (page, response.headers.get("location")) == (page, f"/children/{token}/reason")


def test_each_page_about_the_child_is_a_counted_audited_view(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    child_id, own_id, account = _setting(sessions, settings)
    signed_in(client, account)
    with sessions() as session:
        token = token_for(client, session.get_one(Child, child_id), reason=False)
    assert give_reason(client, token, reason="referral").status_code == 303
    listed = client.get(f"/children/{token}/involvements")
    assert listed.status_code == 200
    assert f"Lead professional: {LEAD} at Brookfield Primary" in listed.text
    assert _views(sessions, child_id) == ["referral"]
    assert _counted(sessions, account.user_id) == 1
    for page in _pages(own_id)[1:]:
        assert client.get(f"/children/{token}/{page}").status_code == 200, page
    assert _views(sessions, child_id) == ["referral"] * len(_pages(own_id))
    assert _counted(sessions, account.user_id) == len(_pages(own_id))
