"""The misuse-alert queue: an LA team sees its own LA's alerts (an override at once), works
them to a closed outcome, each step audited; auditors see every alert."""

from __future__ import annotations

from datetime import timedelta

import pytest
from httpx2 import Response
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.alert_models import Alert, AlertOutcome, AlertStatus
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.monitor import run_monitor
from contactpoint.config import Settings
from contactpoint.types import utcnow
from tests.integration.audit.pages import CANARIES, World, build_world, post_forms
from tests.integration.practitioners.factories import Account, csrf_token, sign_in


@pytest.fixture
def world(sessions: sessionmaker[Session], settings: Settings) -> World:
    return build_world(sessions, settings)


def signed_in(client: TestClient, account: Account) -> TestClient:
    assert sign_in(client, account).status_code == 303
    return client


def post(client: TestClient, path: str, **form: str) -> Response:
    token = csrf_token(client, "/audit/alerts")
    return client.post(path, data={"csrf_token": token, **form}, follow_redirects=False)


def alert(sessions: sessionmaker[Session], alert_id: int) -> Alert:
    with sessions() as session:
        return session.get_one(Alert, alert_id)


def alert_events(sessions: sessionmaker[Session]) -> list[tuple[str, int | None]]:
    with sessions() as session:
        query = select(AuditEvent.event_type, AuditEvent.actor_user_id).order_by(AuditEvent.id)
        return [(t, u) for t, u in session.execute(query) if t.startswith("audit:alert:")]


def test_an_override_is_in_the_la_queue_at_once(
    client: TestClient, world: World, sessions: sessionmaker[Session]
) -> None:
    queue = signed_in(client, world.manager).get("/audit/alerts").text
    assert f'href="/audit/alerts/{world.north_alert}"' in queue
    assert world.stranger.username in queue  # the user who overrode North's child
    assert f'href="/audit/alerts/{world.south_alert}"' not in queue
    # The monitor finds the same override later and does not raise it a second time.
    with sessions.begin() as session:
        now = utcnow()
        result = run_monitor(session, since=now - timedelta(days=1), until=now + timedelta(1))
    assert {finding.rule for finding in result.findings} == {"override"}
    assert result.raised == []


def test_another_las_alert_is_not_found(
    client: TestClient, world: World, sessions: sessionmaker[Session]
) -> None:
    signed_in(client, world.manager)
    assert client.get(f"/audit/alerts/{world.south_alert}").status_code == 404
    for step in ("acknowledge", "investigate"):
        assert post(client, f"/audit/alerts/{world.south_alert}/{step}").status_code == 404
    closing = post(client, f"/audit/alerts/{world.south_alert}/close", outcome="no_misuse")
    assert closing.status_code == 404
    assert alert(sessions, world.south_alert).status is AlertStatus.OPEN


def test_an_auditor_sees_every_alert(client: TestClient, world: World) -> None:
    queue = signed_in(client, world.auditor).get("/audit/alerts").text
    for alert_id in (world.north_alert, world.south_alert):
        assert f'href="/audit/alerts/{alert_id}"' in queue
        assert client.get(f"/audit/alerts/{alert_id}").status_code == 200


def test_a_practitioner_cannot_reach_the_queue(client: TestClient, world: World) -> None:
    signed_in(client, world.practitioner)
    assert client.get("/audit/alerts").status_code == 403
    assert client.get(f"/audit/alerts/{world.north_alert}").status_code == 403
    token = csrf_token(client, "/account")
    refused = client.post(
        f"/audit/alerts/{world.north_alert}/acknowledge", data={"csrf_token": token}
    )
    assert refused.status_code == 403


def test_an_alert_is_worked_to_a_closed_outcome_each_step_audited(
    client: TestClient, world: World, sessions: sessionmaker[Session]
) -> None:
    signed_in(client, world.manager)
    path = f"/audit/alerts/{world.north_alert}"
    assert post(client, f"{path}/acknowledge").headers["location"] == path
    assert alert(sessions, world.north_alert).status is AlertStatus.ACKNOWLEDGED
    post(client, f"{path}/investigate")
    assert alert(sessions, world.north_alert).status is AlertStatus.INVESTIGATING
    post(client, f"{path}/close", outcome="referred", reference="HR/2025-14")
    closed = alert(sessions, world.north_alert)
    assert (closed.status, closed.outcome) == (AlertStatus.CLOSED, AlertOutcome.REFERRED)
    assert closed.outcome_reference == "HR/2025-14"
    assert closed.closed_by_user_id == world.manager.user_id
    assert (
        "Referred to the employer, the ICO or the police, reference HR/2025-14"
        in client.get(path).text
    )
    by_manager = [t for t, user in alert_events(sessions) if user == world.manager.user_id]
    assert by_manager == [
        "audit:alert:acknowledged",
        "audit:alert:investigation_started",
        "audit:alert:closed",
    ]
    assert f'href="{path}"' not in client.get("/audit/alerts").text  # closed: off the queue
    assert f'href="{path}"' in client.get("/audit/alerts?closed=true").text


def test_closing_needs_an_outcome_and_a_plain_reference(
    client: TestClient, world: World, sessions: sessionmaker[Session]
) -> None:
    signed_in(client, world.manager)
    path = f"/audit/alerts/{world.north_alert}/close"
    missing = post(client, path, reference="HR 1")
    assert missing.status_code == 400
    assert "Choose the outcome of the review" in missing.text
    free_text = post(client, path, outcome="no_misuse", reference="Spoke to Zqxcanaryvale's mum")
    assert free_text.status_code == 400
    assert post(client, path, outcome="made_up").status_code == 400
    assert alert(sessions, world.north_alert).status is AlertStatus.OPEN
    assert ("audit:alert:closed", world.manager.user_id) not in alert_events(sessions)
    assert post(client, path, outcome="no_misuse").status_code == 303
    again = post(client, path, outcome="duplicate")
    assert again.status_code == 409
    assert alert(sessions, world.north_alert).outcome is AlertOutcome.NO_MISUSE


def test_alert_pages_hold_no_child_data_and_every_form_has_csrf(
    client: TestClient, world: World
) -> None:
    signed_in(client, world.auditor)
    pages = [
        client.get("/audit/alerts").text,
        client.get(f"/audit/alerts/{world.north_alert}").text,
    ]
    for page in pages:
        for child_data in CANARIES:
            assert child_data not in page
    forms = [form for form in post_forms(pages[1]) if "/audit/" in form]
    assert len(forms) == 3  # acknowledge, start investigation, close
    assert all('name="csrf_token"' in form for form in forms)
    refused = client.post(f"/audit/alerts/{world.north_alert}/acknowledge", data={})
    assert refused.status_code == 400
