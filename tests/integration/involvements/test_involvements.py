"""Recording involvement: record, end, lead professional handover and CAF, own organisation only."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.children.models import Child
from contactpoint.config import Settings
from contactpoint.involvements.models import Involvement
from tests.integration.access.factories import add_child, local_authority, signed_in, user
from tests.integration.practitioners.factories import Account, csrf_token
from tests.integration.shielding.support import browser, events_of, post_form, token_for

TODAY = date.today()


def _setting(
    sessions: sessionmaker[Session], settings: Settings, *, shielded: bool = False
) -> tuple[int, Account, Account]:
    with sessions.begin() as session:
        la = local_authority(session)
        child = add_child(session, "Noor", "Ashby", la=la, shielded=shielded)
        return child.id, user(session, settings), user(session, settings)


def _record(client: TestClient, token: str, name: str) -> int:
    recorded = post_form(
        client,
        f"/children/{token}/involvements/new",
        practitioner_name=name,
        practitioner_phone="0113 496 0101",
        practitioner_email="worker@example.org",
        started_on="2024-09-02",
    )
    assert recorded.status_code == 303, recorded.text
    page = client.get(f"/children/{token}/involvements").text
    assert name in page
    return max(int(part) for part in _ids(page))


def _ids(page: str) -> list[str]:
    return re.findall(r"/involvements/(\d+)/end", page)


def _open(client: TestClient, sessions: sessionmaker[Session], child_id: int) -> str:
    with sessions() as session:
        return token_for(client, session.get_one(Child, child_id))


def _involvements(sessions: sessionmaker[Session]) -> list[Involvement]:
    with sessions() as session:
        return list(session.scalars(select(Involvement).order_by(Involvement.id)))


def test_recording_and_ending_an_involvement(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    child_id, alice, _ = _setting(sessions, settings)
    signed_in(client, alice)
    token = _open(client, sessions, child_id)
    assert "Test Practitioner" in client.get(f"/children/{token}/involvements/new").text
    involvement_id = _record(client, token, "Alice Moss")
    (involvement,) = _involvements(sessions)
    assert (involvement.organisation_id, involvement.practitioner_phone) == (
        alice.organisation_id,
        "0113 496 0101",
    )

    end = f"/children/{token}/involvements/{involvement_id}/end"
    too_early = post_form(client, end, ended_on="2024-01-01")
    assert too_early.status_code == 400
    assert "on or after 02 September 2024" in too_early.text
    assert post_form(client, end, ended_on=TODAY.isoformat()).status_code == 303
    (involvement,) = _involvements(sessions)
    assert involvement.ended_on == TODAY
    with sessions() as session:
        trail = events_of(session, "involvements:")
    assert [event.event_type for event in trail] == [
        "involvements:involvement:recorded",
        "involvements:involvement:ended",
    ]
    assert {event.child_ref for event in trail} == {child_id}
    assert "Alice" not in str([event.details for event in trail])


def test_the_lead_must_be_handed_over_not_taken(
    app: FastAPI, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    child_id, alice, bola = _setting(sessions, settings)
    signed_in(client, alice)
    alice_id = _record(client, _open(client, sessions, child_id), "Alice Moss")
    alice_token = _open(client, sessions, child_id)
    other = browser(app, bola)
    bola_token = _open(other, sessions, child_id)
    bola_id = _record(other, bola_token, "Bola Ade")

    taken = post_form(client, f"/children/{alice_token}/involvements/{alice_id}/lead", lead="take")
    assert taken.status_code == 303
    taken_over = post_form(
        other, f"/children/{bola_token}/involvements/{bola_id}/lead", lead="take"
    )
    assert taken_over.status_code == 409
    assert "Alice Moss at " in taken_over.text
    assert "The lead must be handed over" in taken_over.text
    assert [i.is_lead_professional for i in _involvements(sessions)] == [True, False]

    stepped = post_form(
        client, f"/children/{alice_token}/involvements/{alice_id}/lead", lead="step_down"
    )
    assert stepped.status_code == 303
    handed = post_form(other, f"/children/{bola_token}/involvements/{bola_id}/lead", lead="take")
    assert handed.status_code == 303
    assert [i.is_lead_professional for i in _involvements(sessions)] == [False, True]
    with sessions() as session:
        kinds = [event.event_type for event in events_of(session, "involvements:lead:")]
    assert kinds == [
        "involvements:lead:taken",
        "involvements:lead:stepped_down",
        "involvements:lead:taken",
    ]


def test_a_shielded_childs_lead_is_not_named_to_another_service(
    app: FastAPI, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    child_id, alice, bola = _setting(sessions, settings, shielded=True)
    signed_in(client, alice)
    token = _open(client, sessions, child_id)
    alice_id = _record(client, token, "Alice Moss")
    taken = post_form(client, f"/children/{token}/involvements/{alice_id}/lead", lead="take")
    assert taken.status_code == 303
    other = browser(app, bola)
    bola_token = _open(other, sessions, child_id)
    bola_id = _record(other, bola_token, "Bola Ade")
    refused = post_form(other, f"/children/{bola_token}/involvements/{bola_id}/lead", lead="take")
    assert refused.status_code == 409
    assert "Alice Moss" not in refused.text
    assert "Another service is this child&#39;s lead professional" in refused.text


def test_a_caf_is_a_date_not_in_the_future(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    child_id, alice, _ = _setting(sessions, settings)
    signed_in(client, alice)
    token = _open(client, sessions, child_id)
    caf = f"/children/{token}/involvements/{_record(client, token, 'Alice Moss')}/caf"
    future = post_form(client, caf, caf_date=(TODAY + timedelta(days=3)).isoformat())
    assert future.status_code == 400
    assert "not in the future" in future.text
    assert post_form(client, caf, caf_date="2025-01-20").status_code == 303
    (involvement,) = _involvements(sessions)
    assert (involvement.caf_undertaken, involvement.caf_date) == (True, date(2025, 1, 20))
    with sessions() as session:
        (marked,) = events_of(session, "involvements:caf:marked")
    assert marked.details == {"involvement_id": involvement.id, "caf_date": "2025-01-20"}


def test_only_the_own_organisations_involvements_can_be_changed(
    app: FastAPI, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    child_id, alice, bola = _setting(sessions, settings)
    signed_in(client, alice)
    alice_id = _record(client, _open(client, sessions, child_id), "Alice Moss")
    other = browser(app, bola)
    token = _open(other, sessions, child_id)
    assert f"/involvements/{alice_id}/" not in other.get(f"/children/{token}/involvements").text
    for action, field in (("end", "ended_on"), ("caf", "caf_date"), ("lead", "lead")):
        path = f"/children/{token}/involvements/{alice_id}/{action}"
        assert other.get(path).status_code == 404
        value = "take" if action == "lead" else "2025-01-20"
        form = {"csrf_token": _token(other, token), field: value}
        assert other.post(path, data=form).status_code == 404
    (involvement,) = _involvements(sessions)
    assert (involvement.ended_on, involvement.is_lead_professional, involvement.caf_undertaken) == (
        None,
        False,
        False,
    )


def _token(client: TestClient, token: str) -> str:
    return csrf_token(client, f"/children/{token}/involvements")
