"""Audit report pages: scope by role, filters, and downloads that are audited and hold no
child data."""

from __future__ import annotations

import csv
import io
import re

import pytest
from httpx2 import Response
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.models import AuditEvent
from contactpoint.config import Settings
from tests.integration.audit.pages import (
    CANARIES,
    NORTH_CHILD,
    SOUTH_CHILD,
    World,
    build_world,
    post_forms,
)
from tests.integration.audit.test_reports import pdf_text
from tests.integration.practitioners.factories import Account, csrf_token, sign_in


@pytest.fixture
def world(sessions: sessionmaker[Session], settings: Settings) -> World:
    return build_world(sessions, settings)


def signed_in(client: TestClient, account: Account) -> TestClient:
    assert sign_in(client, account).status_code == 303
    return client


def download(client: TestClient, file_format: str, **filters: str) -> Response:
    form = {"csrf_token": csrf_token(client, "/audit/reports"), "format": file_format, **filters}
    return client.post("/audit/reports/download", data=form)


def downloads(sessions: sessionmaker[Session]) -> list[AuditEvent]:
    with sessions() as session:
        query = select(AuditEvent).where(AuditEvent.event_type == "audit:report:downloaded")
        return list(session.scalars(query))


def test_an_la_manager_sees_only_their_las_events(client: TestClient, world: World) -> None:
    page = signed_in(client, world.manager).get("/audit/reports").text
    assert f">{NORTH_CHILD}<" in page  # North's child, viewed by North and overridden by South
    assert world.practitioner.username in page
    assert f">{SOUTH_CHILD}<" not in page
    # Asking for another LA is ignored: the scope comes from the role, not the form.
    assert f">{SOUTH_CHILD}<" not in client.get("/audit/reports?la=2&la=1").text


def test_an_auditor_sees_every_la_and_can_narrow_to_one(client: TestClient, world: World) -> None:
    page = signed_in(client, world.auditor).get("/audit/reports").text
    assert f">{NORTH_CHILD}<" in page
    assert f">{SOUTH_CHILD}<" in page
    narrowed = client.get(f"/audit/reports?username={world.stranger.username}").text
    assert world.practitioner.username not in narrowed.split('id="events"')[1]
    assert f">{SOUTH_CHILD}<" in narrowed


def test_filters_that_make_no_sense_are_explained(client: TestClient, world: World) -> None:
    signed_in(client, world.auditor)
    bad_date = client.get("/audit/reports?from-day=31&from-month=2&from-year=2025")
    assert bad_date.status_code == 400
    assert "Enter a real date" in bad_date.text
    by_type = client.get("/audit/reports?event_type=access:child:searched").text
    assert "1 event<" in by_type
    assert client.get("/audit/reports?event_type=made:up:type").status_code == 400


def _without_nonces(page: str, username: str) -> str:
    return re.sub(r"nonce-[\w-]+|nonce=\"[\w-]+\"", "nonce", page.replace(username, "USERNAME"))


def test_the_username_filter_does_not_tell_which_accounts_exist(
    client: TestClient, world: World
) -> None:
    """An unknown username and another LA's user with nothing in this LA get the same answer:
    no events. Nothing tells a manager whether an account exists outside their area."""
    signed_in(client, world.manager)
    answers = {}
    for username in ("nobody-here", world.south_manager.username):
        page = client.get(f"/audit/reports?username={username}")
        csv_file = download(client, "csv", username=username)
        answers[username] = (
            page.status_code,
            _without_nonces(page.text, username),
            csv_file.status_code,
            csv_file.content,
        )
    unknown, elsewhere = answers.values()
    assert unknown == elsewhere
    assert unknown[0] == 200
    assert ">0 events<" in unknown[1]
    assert unknown[3].count(b"\r\n") == 1  # the header row alone


def test_a_practitioner_cannot_reach_reports(client: TestClient, world: World) -> None:
    signed_in(client, world.practitioner)
    assert client.get("/audit/reports").status_code == 403
    token = csrf_token(client, "/account")
    form = {"csrf_token": token, "format": "csv"}
    assert client.post("/audit/reports/download", data=form).status_code == 403


@pytest.mark.parametrize("file_format", ["csv", "pdf"])
def test_downloads_are_audited_and_hold_no_child_data(
    client: TestClient, world: World, sessions: sessionmaker[Session], file_format: str
) -> None:
    response = download(signed_in(client, world.manager), file_format)
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert disposition.endswith(f'.{file_format}"')
    content: bytes = response.content
    text = content.decode() if file_format == "csv" else pdf_text(content)
    assert "access:shield:overridden" in text
    assert str(NORTH_CHILD) in text
    assert str(SOUTH_CHILD) not in text  # another LA's child
    for child_data in CANARIES:
        assert child_data not in text
    (event,) = downloads(sessions)  # committed, by the manager, with the scope applied
    assert event.actor_user_id == world.manager.user_id
    assert event.details["format"] == file_format
    assert event.details["la_id"] == event.actor_la_id


def test_a_download_carries_the_filters_on_screen(
    client: TestClient, world: World, sessions: sessionmaker[Session]
) -> None:
    signed_in(client, world.auditor)
    page = client.get(f"/audit/reports?username={world.stranger.username}").text
    (csv_form, _pdf_form) = [form for form in post_forms(page) if "/audit/" in form]
    assert f'name="username" value="{world.stranger.username}"' in csv_form
    content = download(client, "csv", username=world.stranger.username).content
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert len(rows) == 3  # a view and two overrides
    assert {row["user"] for row in rows} == {str(world.stranger.user_id)}
    assert downloads(sessions)[0].details["user_id"] == world.stranger.user_id


def test_every_form_that_changes_anything_carries_a_csrf_token(
    client: TestClient, world: World, sessions: sessionmaker[Session]
) -> None:
    page = signed_in(client, world.manager).get("/audit/reports").text
    forms = [form for form in post_forms(page) if "/audit/" in form]
    assert len(forms) == 2
    assert all('name="csrf_token"' in form for form in forms)
    refused = client.post("/audit/reports/download", data={"format": "csv"})
    assert refused.status_code == 400
    assert downloads(sessions) == []
