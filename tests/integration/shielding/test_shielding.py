"""Shielding: a practitioner asks, an officer of the child's LA decides, reviews come due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.authz.roles import Role
from contactpoint.children.models import Child
from contactpoint.children.queries import search
from contactpoint.children.schemas import SearchCriteria
from contactpoint.config import Settings
from contactpoint.organisations.models import LocalAuthority, OrganisationKind
from contactpoint.shielding.models import RequestStatus, ShieldingRequest, ShieldReview
from tests.integration.access.factories import add_child, local_authority, signed_in, user
from tests.integration.practitioners.factories import Account, csrf_token
from tests.integration.shielding.support import browser, events_of, post_form, token_for

TODAY = date.today()


def _la_user(session: Session, settings: Settings, la: LocalAuthority) -> Account:
    kind = OrganisationKind.LA_CONTACTPOINT_TEAM
    return user(session, settings, la=la, role=Role.SHIELDING_OFFICER, kind=kind)


APPROVAL = {
    "decision": "approve",
    "reason": "criteria_met",
    "criteria": ["location_risk", "identified_threat"],
    "review_on": (TODAY + timedelta(days=180)).isoformat(),
}


@dataclass(frozen=True)
class People:
    child_id: int
    practitioner: Account
    officer: Account
    stranger: Account


def _setting(sessions: sessionmaker[Session], settings: Settings) -> People:
    with sessions.begin() as session:
        home, away = local_authority(session, "Northshire"), local_authority(session, "Southmoor")
        child = add_child(session, "Lily", "Fairweather", la=home, postcode="LS6 2AB")
        return People(
            child_id=child.id,
            practitioner=user(session, settings),
            officer=_la_user(session, settings, home),
            stranger=_la_user(session, settings, away),
        )


def _ask(client: TestClient, session: Session, child_id: int) -> int:
    token = token_for(client, session.get_one(Child, child_id))
    sent = post_form(
        client, f"/children/{token}/shielding-request", reason="domestic_abuse", reference="CASE-12"
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == "/my/requests?sent=shielding"
    (request,) = session.query(ShieldingRequest).all()
    return request.id


def _postcode_search(session: Session) -> int:
    criteria = SearchCriteria(family_name="Fairweather", given_name="Lily", postcode="LS6 2AB")
    return search(session, criteria, cap=20).result_count


def test_an_approved_request_shields_the_child_and_hides_them_from_postcode_searches(
    app: FastAPI, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    people = _setting(sessions, settings)
    signed_in(client, people.practitioner)
    with sessions() as session:
        assert _postcode_search(session) == 1
        request_id = _ask(client, session, people.child_id)
    assert "Pending" in client.get("/my/requests").text

    officer = browser(app, people.officer)
    assert f'href="/la/shielding/{request_id}"' in officer.get("/la/shielding").text
    decided = post_form(officer, f"/la/shielding/{request_id}", **APPROVAL)
    assert decided.status_code == 303

    with sessions() as session:
        child = session.get_one(Child, people.child_id)
        assert child.is_shielded
        review = session.get_one(ShieldReview, child.id)
        assert review.review_on == TODAY + timedelta(days=180)
        assert _postcode_search(session) == 0
        made, decision = [
            event
            for event in events_of(session, "shielding:request:")
            if event.event_type != "shielding:request:viewed"
        ]
    assert (made.event_type, decision.event_type) == (
        "shielding:request:made",
        "shielding:request:decided",
    )
    assert made.child_ref == decision.child_ref == people.child_id
    assert decision.details["approved"] is True
    assert decision.details["criteria_met"] == 2
    assert "Fairweather" not in str(made.details) + str(decision.details)
    assert "Approved" in client.get("/my/requests").text


def test_an_officer_of_another_la_can_neither_see_nor_decide(
    app: FastAPI, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    people = _setting(sessions, settings)
    signed_in(client, people.practitioner)
    with sessions() as session:
        request_id = _ask(client, session, people.child_id)

    stranger = browser(app, people.stranger)
    assert f"/la/shielding/{request_id}" not in stranger.get("/la/shielding").text
    assert stranger.get(f"/la/shielding/{request_id}").status_code == 404
    form = {"csrf_token": csrf_token(stranger, "/la/shielding"), **APPROVAL}
    assert stranger.post(f"/la/shielding/{request_id}", data=form).status_code == 404
    with sessions() as session:
        assert not session.get_one(Child, people.child_id).is_shielded
        assert events_of(session, "shielding:request:decided") == []


def test_approving_a_shield_needs_a_criterion_and_a_review_date(
    app: FastAPI, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    people = _setting(sessions, settings)
    signed_in(client, people.practitioner)
    with sessions() as session:
        request_id = _ask(client, session, people.child_id)
    officer = browser(app, people.officer)
    path = f"/la/shielding/{request_id}"

    bare = post_form(officer, path, decision="approve", reason="criteria_met", review_on="")
    assert bare.status_code == 400
    assert "Select at least one criterion" in bare.text
    assert "Enter a review date within the next 12 months" in bare.text
    contradiction = post_form(officer, path, **{**APPROVAL, "reason": "criteria_not_met"})
    assert "That reason is for refusing" in contradiction.text
    with sessions() as session:
        assert not session.get_one(Child, people.child_id).is_shielded
        assert session.get_one(ShieldingRequest, request_id).status is RequestStatus.PENDING


def test_a_refusal_leaves_the_child_unshielded_and_a_second_decision_changes_nothing(
    app: FastAPI, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    people = _setting(sessions, settings)
    signed_in(client, people.practitioner)
    with sessions() as session:
        request_id = _ask(client, session, people.child_id)
    officer = browser(app, people.officer)
    path = f"/la/shielding/{request_id}"
    refusal = {"decision": "refuse", "reason": "insufficient_information"}
    assert post_form(officer, path, **refusal).status_code == 303
    assert "Record decision" not in officer.get(path).text  # decided: no form any more
    form = {"csrf_token": csrf_token(officer, path), **APPROVAL}
    assert officer.post(path, data=form, follow_redirects=False).status_code == 303
    with sessions() as session:
        assert not session.get_one(Child, people.child_id).is_shielded
        assert session.get_one(ShieldingRequest, request_id).status is RequestStatus.REFUSED
        assert len(events_of(session, "shielding:request:decided")) == 1
    assert "Refused" in client.get("/my/requests").text


def test_a_second_request_for_the_same_change_waits_for_the_first(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    people = _setting(sessions, settings)
    signed_in(client, people.practitioner)
    with sessions() as session:
        _ask(client, session, people.child_id)
        token = token_for(client, session.get_one(Child, people.child_id))
    page = client.get(f"/children/{token}/shielding-request").text
    assert "already waiting for a decision" in page
    post_form(client, f"/children/{token}/shielding-request", reason="adoption")
    with sessions() as session:
        assert session.query(ShieldingRequest).count() == 1


def test_a_reason_outside_the_list_or_a_long_reference_is_refused(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    people = _setting(sessions, settings)
    signed_in(client, people.practitioner)
    with sessions() as session:
        token = token_for(client, session.get_one(Child, people.child_id))
    path = f"/children/{token}/shielding-request"
    odd = post_form(client, path, reason="because", reference="x" * 31)
    assert odd.status_code == 400
    assert "Select a reason" in odd.text
    assert "A reference can be up to 30" in odd.text
    with sessions() as session:
        assert session.query(ShieldingRequest).count() == 0
        assert events_of(session, "shielding:") == []


def test_a_practitioner_cannot_open_the_officers_queue(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    people = _setting(sessions, settings)
    signed_in(client, people.practitioner)
    assert client.get("/la/shielding").status_code == 403
