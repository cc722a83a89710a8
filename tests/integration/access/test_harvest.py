"""A harvester with valid credentials, working inside the rate limits, is stopped: before they
have been shown too many different children their access is paused, the LA team is alerted,
and the request that would have crossed the line shows nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.alert_models import Alert
from contactpoint.audit.models import AuditEvent
from contactpoint.config import Settings
from contactpoint.practitioners.models import AccountStatus, User
from tests.integration.access.factories import (
    BORN,
    add_child,
    give_reason,
    local_authority,
    result_tokens,
    search,
    signed_in,
    user,
)
from tests.integration.practitioners.factories import csrf_token

DOB = {"dob_day": str(BORN.day), "dob_month": str(BORN.month), "dob_year": str(BORN.year)}
SURNAMES = ("Khan", "Lowe", "Moss", "Nash", "Owen", "Pike")


def _status(sessions: sessionmaker[Session], user_id: int) -> AccountStatus:
    with sessions() as session:
        return session.get_one(User, user_id).status


def test_too_many_children_in_results_pauses_access_before_they_are_shown(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    settings.harvest_listed_children = 4
    with sessions.begin() as session:
        la = local_authority(session)
        for surname in SURNAMES:
            add_child(session, "Amy", surname, la=la)
        account = user(session, settings, la=la)
    signed_in(client, account)
    for surname in SURNAMES[:4]:
        assert len(result_tokens(search(client, family_name=surname, **DOB))) == 1
    again = search(client, family_name="Khan", **DOB)  # the same child again: not a new one
    assert len(result_tokens(again)) == 1
    crossing = client.post(
        "/search",
        # Amy Lowe (seen) and Amy Pike (the fifth): one new child crosses the line.
        data={"csrf_token": csrf_token(client, "/search"), "family_name": "Lowe-Pike", **DOB},
    )
    assert crossing.status_code == 403
    assert "Your access is paused" in crossing.text
    assert "Amy" not in crossing.text
    assert _status(sessions, account.user_id) is AccountStatus.SUSPENDED
    with sessions() as session:
        paused = session.scalars(
            select(AuditEvent).where(AuditEvent.event_type == "access:harvest:paused")
        ).one()
        assert paused.details == {"kind": "listed", "distinct_children": 5, "allowed": 4}
        (alert,) = session.scalars(select(Alert)).all()
        assert (alert.rule, alert.subject_user_id, alert.la_id) == (
            "harvesting",
            account.user_id,
            la.id,
        )
    follow = client.get("/search", follow_redirects=False)
    assert follow.status_code == 303, "the paused account's session has ended"


def test_too_many_records_viewed_pauses_access_before_the_next_is_shown(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    settings.harvest_viewed_records = 2
    with sessions.begin() as session:
        la = local_authority(session)
        for surname in SURNAMES[:3]:
            add_child(session, "Amy", surname, la=la)
        account = user(session, settings, la=la)
    signed_in(client, account)
    tokens = [result_tokens(search(client, family_name=s, **DOB))[0] for s in SURNAMES[:3]]
    for token in tokens[:2]:
        give_reason(client, token)
        assert "Child record" in client.get(f"/children/{token}").text
        assert "Child record" in client.get(f"/children/{token}").text  # the same record again
    give_reason(client, tokens[2])
    third = client.get(f"/children/{tokens[2]}")
    assert third.status_code == 403
    assert "Your access is paused" in third.text
    assert SURNAMES[2] not in third.text
    assert _status(sessions, account.user_id) is AccountStatus.SUSPENDED
