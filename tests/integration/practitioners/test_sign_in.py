"""Signing in with four factors, and every way it is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.models import AuditEvent
from contactpoint.authz.roles import Role
from contactpoint.config import Settings
from contactpoint.practitioners.models import DeviceStatus, SignInAttempt, User, UserSession
from contactpoint.practitioners.throttle import PER_USERNAME_LIMIT
from contactpoint.practitioners.views import WRONG_DETAILS
from contactpoint.types import utcnow
from tests.integration.practitioners.factories import (
    Account,
    make_account,
    make_organisation,
    sign_in,
)


def _account(sessions: sessionmaker[Session], settings: Settings, **kwargs: object) -> Account:
    with sessions.begin() as session:
        organisation = make_organisation(session, la_name="Northshire")
        return make_account(session, settings, organisation=organisation, **kwargs)  # type: ignore[arg-type]


def _events(sessions: sessionmaker[Session], event_type: str) -> list[AuditEvent]:
    with sessions() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.event_type == event_type)))


def test_all_four_factors_from_an_approved_device_reach_search(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings)
    response = sign_in(client, account)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    page = client.get("/home")
    assert "Find a child" in page.text
    [event] = _events(sessions, "practitioners:sign_in:succeeded")
    assert event.actor_user_id == account.user_id
    assert event.actor_role == "practitioner"


@pytest.mark.parametrize("factor", ["username", "password", "pin", "code"])
def test_each_wrong_factor_alone_gives_the_same_message(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings, factor: str
) -> None:
    account = _account(sessions, settings)
    wrong = {
        "username": "nobody-here",
        "password": "wrong horse battery",
        "pin": "0000",
        "code": "000000",
    }
    response = sign_in(client, account, **{factor: wrong[factor]})
    assert response.status_code == 200
    assert WRONG_DETAILS in response.text
    assert "cp_session" not in response.headers.get("set-cookie", "")
    assert len(_events(sessions, "practitioners:sign_in:failed")) == 1


def test_the_sixth_attempt_meets_a_locked_account(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings)
    for _ in range(5):
        assert WRONG_DETAILS in sign_in(client, account, pin="1357").text
    sixth = sign_in(client, account)  # every factor right, but too late
    assert "Your account is locked" in sixth.text
    assert client.get("/search", follow_redirects=False).status_code == 303
    assert len(_events(sessions, "practitioners:account:locked")) == 1


def test_a_replayed_security_code_is_refused(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings)
    from contactpoint.practitioners.credentials import current_totp

    code = current_totp(account.totp_secret)
    assert sign_in(client, account, code=code).status_code == 303
    client.post("/sign-out", data={"csrf_token": _token(client)})
    replay = sign_in(client, account, code=code)
    assert WRONG_DETAILS in replay.text


def _token(client: TestClient) -> str:
    from tests.integration.practitioners.factories import csrf_token

    return csrf_token(client, "/sign-in")


@pytest.mark.parametrize("status", [DeviceStatus.PENDING, DeviceStatus.REVOKED])
def test_an_unapproved_device_is_refused(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings, status: DeviceStatus
) -> None:
    account = _account(sessions, settings, device_status=status)
    response = sign_in(client, account)
    assert "This computer is not approved for your account" in response.text
    [event] = _events(sessions, "practitioners:sign_in:refused")
    assert event.details == {"reason": "device_not_approved"}


def test_a_browser_without_a_device_token_is_refused(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings)
    response = sign_in(client, account.__class__(**{**account.__dict__, "device_token": "forged"}))
    assert "This computer is not approved" in response.text


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("criminal_records_checked_on", "Your enhanced criminal records check has expired."),
        ("training_completed_on", "Your ContactPoint training is out of date."),
        ("agreement_accepted_on", "You need to accept the end-user agreement again."),
    ],
)
def test_a_lapsed_vetting_gate_is_refused_with_its_reason(
    client: TestClient,
    sessions: sessionmaker[Session],
    settings: Settings,
    column: str,
    message: str,
) -> None:
    account = _account(sessions, settings)
    with sessions.begin() as session:
        user = session.get_one(User, account.user_id)
        setattr(user, column, date.today() - timedelta(days=3 * 366 + 1))
    response = sign_in(client, account)
    assert message in response.text
    assert "cp_session" not in response.headers.get("set-cookie", "")


def test_an_idle_session_expires(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings)
    sign_in(client, account)
    assert client.get("/search").status_code == 200
    _age_sessions(sessions, last_seen=timedelta(minutes=16))
    response = client.get("/search", follow_redirects=False)
    assert response.headers["location"] == "/sign-in"
    assert _events(sessions, "practitioners:session:expired")[0].details == {"reason": "idle"}


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings)
    sign_in(client, account)
    _age_sessions(sessions, created=timedelta(hours=12, seconds=1))
    assert client.get("/search", follow_redirects=False).headers["location"] == "/sign-in"


def _age_sessions(
    sessions: sessionmaker[Session],
    *,
    last_seen: timedelta = timedelta(),
    created: timedelta = timedelta(),
) -> None:
    with sessions.begin() as session:
        for row in session.scalars(select(UserSession)):
            row.last_seen_at = utcnow() - last_seen
            row.created_at = utcnow() - created


def test_signing_out_ends_the_session(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings)
    sign_in(client, account)
    stolen = client.cookies.get("cp_session")
    client.post("/sign-out", data={"csrf_token": _token(client)})
    client.cookies.set("cp_session", stolen or "")
    assert client.get("/search", follow_redirects=False).status_code == 303
    with sessions() as session:
        assert session.scalar(select(func.count(UserSession.id))) == 0


def test_a_user_with_several_roles_chooses_one(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings, roles=(Role.PRACTITIONER, Role.LA_MANAGER))
    assert sign_in(client, account).headers["location"] == "/sign-in/role"
    assert client.get("/search", follow_redirects=False).headers["location"] == "/sign-in/role"
    choice = client.get("/sign-in/role")
    token = choice.text.split('name="csrf_token" value="')[1].split('"')[0]
    chosen = client.post("/sign-in/role", data={"csrf_token": token, "role": "la_manager"})
    assert "Find a child" in chosen.text
    assert "(la manager)" in chosen.text
    assert client.get("/admin/users").status_code == 200
    assert _events(sessions, "practitioners:session:role_chosen")[0].actor_role == "la_manager"


def test_one_username_is_throttled_at_one_address_after_many_failures(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings)
    with sessions.begin() as session:
        session.add_all(
            SignInAttempt(ip_address="testclient", user_id=account.user_id, outcome="wrong_details")
            for _ in range(PER_USERNAME_LIMIT)
        )
    response = sign_in(client, account)
    assert response.status_code == 429
    assert len(_events(sessions, "practitioners:sign_in:throttled")) == 1


def test_a_form_without_its_csrf_token_is_refused(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    account = _account(sessions, settings)
    client.get("/sign-in")
    response = client.post("/sign-in", data={"username": account.username, "password": "x"})
    assert response.status_code == 400
    assert _events(sessions, "practitioners:sign_in:failed") == []


def test_cookies_are_secure_away_from_a_local_development_address(
    app: object, sessions: sessionmaker[Session]
) -> None:
    with TestClient(app, base_url="http://contactpoint.example") as remote:  # type: ignore[arg-type]
        cookie = remote.get("/sign-in").headers["set-cookie"]
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
