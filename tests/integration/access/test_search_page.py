"""The search page: accepted criteria only, a capped list or "refine", links that hide ids."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.models import AuditEvent
from contactpoint.config import Settings
from tests.integration.access.factories import (
    BORN,
    add_child,
    local_authority,
    result_tokens,
    search,
    signed_in,
    user,
)


def _dob(day: date = BORN) -> dict[str, str]:
    return {"dob_day": str(day.day), "dob_month": str(day.month), "dob_year": str(day.year)}


def test_too_few_criteria_get_a_clear_message_and_no_search(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        account = user(session, settings)
    signed_in(client, account)
    page = search(client, family_name="Thompson")
    assert "There is a problem" in page
    assert 'href="#dob_day"' in page  # the summary links to the field
    assert "Enter a date of birth, or a given name and postcode" in page
    page = search(client, family_name="Thompson", given_name="Amy", postcode="LS6")
    assert "Enter a full postcode" in page
    page = search(client, family_name="Th*", **_dob())
    assert "wildcards are not allowed" in page
    page = search(client, family_name="Smith", dob_day="31", dob_month="2", dob_year="2015")
    assert "Date of birth must be a real date" in page
    with sessions() as session:
        searched = session.scalars(
            select(AuditEvent).where(AuditEvent.event_type == "access:child:searched")
        ).all()
    assert searched == [], "refused forms never reach the index"


def test_a_typo_still_finds_the_child_and_links_by_opaque_token(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        la = local_authority(session)
        child = add_child(session, "William", "Thompson", la=la, postcode="M1 1AE", town="Ashford")
        account = user(session, settings)
        child_id, cp_id = child.id, child.cp_id
    signed_in(client, account)
    page = search(client, family_name="Tomson", **_dob())
    assert "William Thompson" in page
    assert "9 March 2014" in page
    assert "Ashford M1" in page
    assert "1AE" not in page, "only the postcode district is shown"
    (token,) = result_tokens(page)
    assert len(token) >= 22
    assert client.get(f"/children/{child_id}/reason").status_code == 404, "ids are not URLs"
    assert cp_id not in token
    with sessions() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.event_type == "access:child:searched")
        ).one()
    assert event.details["results"] == 1
    assert "Thompson" not in json.dumps(event.details)
    assert "Tomson" not in json.dumps(event.details)


def test_more_than_the_cap_asks_to_refine_and_lists_nobody(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        la = local_authority(session)
        for number in range(settings.search_result_cap + 1):
            add_child(session, f"Amelia{'x' * (number % 3)}", "Carter", la=la)
        account = user(session, settings)
    signed_in(client, account)
    page = search(client, family_name="Carter", **_dob())
    assert "Refine your search" in page
    assert result_tokens(page) == []


def test_up_to_the_cap_lists_every_match(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        la = local_authority(session)
        for given in ("Amelia", "Amelie", "Emilia"):
            add_child(session, given, "Carter", la=la)
        account = user(session, settings)
    signed_in(client, account)
    page = search(client, family_name="Carter", **_dob())
    assert len(result_tokens(page)) == 3
    assert "3 children match" in page


def test_search_by_contactpoint_id_with_spaces(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        child = add_child(session, "Ruby", "Adeyemi", la=local_authority(session))
        account = user(session, settings)
        spaced = f"{child.cp_id[:4]} {child.cp_id[4:8]} {child.cp_id[8:]}"
    signed_in(client, account)
    assert len(result_tokens(search(client, cp_id=spaced))) == 1


def test_signed_out_users_are_sent_to_sign_in(client: TestClient) -> None:
    response = client.get("/search", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in"
