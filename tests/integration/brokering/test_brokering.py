"""Brokered contact: the request reaches the child's LA team only, who handle and close it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.authz.roles import Role
from contactpoint.brokering.models import BrokeringOutcome, BrokeringRequest, BrokeringStatus
from contactpoint.children.models import Child
from contactpoint.config import Settings
from contactpoint.organisations.models import LocalAuthority, OrganisationKind
from tests.integration.access.factories import (
    add_child,
    involve,
    local_authority,
    organisation,
    signed_in,
    user,
)
from tests.integration.practitioners.factories import Account, csrf_token
from tests.integration.shielding.support import browser, events_of, post_form, token_for


def _la_user(session: Session, settings: Settings, la: LocalAuthority) -> Account:
    kind = OrganisationKind.LA_CONTACTPOINT_TEAM
    return user(session, settings, la=la, role=Role.LA_MANAGER, kind=kind)


@dataclass(frozen=True)
class People:
    child_id: int
    practitioner: Account
    team: Account
    other_team: Account


def _setting(sessions: sessionmaker[Session], settings: Settings) -> People:
    with sessions.begin() as session:
        home, away = local_authority(session, "Northshire"), local_authority(session, "Southmoor")
        child = add_child(session, "Rosa", "Penhallow", la=home, line1="7 Quiet Row", shielded=True)
        clinic = organisation(
            session, home, OrganisationKind.MENTAL_HEALTH, "Willow Clinic", sensitive=True
        )
        involve(session, child, clinic, "Dr Amir Khan")
        return People(
            child_id=child.id,
            practitioner=user(session, settings),
            team=_la_user(session, settings, home),
            other_team=_la_user(session, settings, away),
        )


def _ask(client: TestClient, session: Session, child_id: int) -> int:
    token = token_for(client, session.get_one(Child, child_id))
    page = client.get(f"/children/{token}/broker").text
    assert "How the team will reach you" in page
    sent = post_form(client, f"/children/{token}/broker", purpose="safeguarding_concern")
    assert sent.status_code == 303
    assert sent.headers["location"] == "/my/requests?sent=brokering"
    (request,) = session.query(BrokeringRequest).all()
    return request.id


def test_a_request_reaches_the_childs_la_team_who_close_it_and_the_requester_sees_it(
    app: FastAPI, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    people = _setting(sessions, settings)
    signed_in(client, people.practitioner)
    with sessions() as session:
        request_id = _ask(client, session, people.child_id)
    mine = client.get("/my/requests?sent=brokering").text
    assert "Your request has been sent" in mine
    assert "Open" in mine

    other = browser(app, people.other_team)
    assert f"/la/brokering/{request_id}" not in other.get("/la/brokering").text
    assert other.get(f"/la/brokering/{request_id}").status_code == 404

    team = browser(app, people.team)
    assert f'href="/la/brokering/{request_id}"' in team.get("/la/brokering").text
    detail = team.get(f"/la/brokering/{request_id}").text
    assert "Test Practitioner" in detail  # who asked
    assert "7 Quiet Row" in detail
    assert "Willow Clinic" in detail
    closed = post_form(
        team,
        f"/la/brokering/{request_id}",
        outcome="service_will_contact",
        reference="LA/2025/77",
    )
    assert closed.status_code == 303

    mine = client.get("/my/requests").text
    assert "Closed" in mine
    assert "the service will contact you" in mine
    assert "LA/2025/77" in mine
    assert f"/la/brokering/{request_id}" not in team.get("/la/brokering").text
    with sessions() as session:
        trail = events_of(session, "brokering:request:")
    kinds = [event.event_type for event in trail]
    assert (kinds[0], kinds[-1]) == ("brokering:request:made", "brokering:request:closed")
    assert set(kinds[1:-1]) == {"brokering:request:opened"}  # each look at the record
    assert {event.child_ref for event in trail} == {people.child_id}
    assert "Penhallow" not in str([event.details for event in trail])


def test_closing_needs_an_outcome_and_happens_once(
    app: FastAPI, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    people = _setting(sessions, settings)
    signed_in(client, people.practitioner)
    with sessions() as session:
        request_id = _ask(client, session, people.child_id)
    team = browser(app, people.team)
    path = f"/la/brokering/{request_id}"

    missing = post_form(team, path, reference="no outcome")
    assert missing.status_code == 400
    assert "Select what the team did" in missing.text
    assert post_form(team, path, outcome="contact_given").status_code == 303
    again = {"csrf_token": csrf_token(team, path), "outcome": "withdrawn"}
    assert team.post(path, data=again, follow_redirects=False).status_code == 303
    with sessions() as session:
        request = session.get_one(BrokeringRequest, request_id)
        assert (request.status, request.outcome) == (
            BrokeringStatus.CLOSED,
            BrokeringOutcome.CONTACT_GIVEN,
        )
        assert len(events_of(session, "brokering:request:closed")) == 1


def test_the_request_form_takes_only_a_listed_purpose_and_a_short_reference(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    people = _setting(sessions, settings)
    signed_in(client, people.practitioner)
    with sessions() as session:
        token = token_for(client, session.get_one(Child, people.child_id))
    refused = post_form(
        client, f"/children/{token}/broker", purpose="gossip", reference="<script>alert(1)"
    )
    assert refused.status_code == 400
    assert "Select why you need to contact" in refused.text
    assert re.search(r"A reference can be up to 30", refused.text)
    with sessions() as session:
        assert session.query(BrokeringRequest).count() == 0


def test_a_practitioner_cannot_open_the_team_queue(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    people = _setting(sessions, settings)
    signed_in(client, people.practitioner)
    assert client.get("/la/brokering").status_code == 403
