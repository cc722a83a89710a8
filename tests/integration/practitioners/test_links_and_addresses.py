"""What a request cannot choose: the host in the links an administrator is shown (always the
configured base URL), and the address the throttle counts and the audit trail records
(forwarded headers are believed only from configured proxies)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.models import AuditEvent
from contactpoint.authz.roles import Role
from contactpoint.cli import serve
from contactpoint.config import Settings
from contactpoint.practitioners.models import SignInAttempt
from contactpoint.web.app import create_app
from tests.integration.practitioners.factories import (
    Account,
    csrf_token,
    make_account,
    make_organisation,
    sign_in,
)

BASE = "https://contactpoint.example.gov.uk"
PROXY = "10.20.30.40"
CLAIMED = "203.0.113.77"  # what a caller puts in X-Forwarded-For


def _account(
    sessions: sessionmaker[Session], settings: Settings, roles: tuple[Role, ...]
) -> tuple[Account, Account]:
    with sessions.begin() as session:
        organisation = make_organisation(session, la_name="Northshire")
        manager = make_account(session, settings, organisation=organisation, roles=roles)
        colleague = make_account(session, settings, organisation=organisation)
    return manager, colleague


@pytest.fixture
def configured_app(settings: Settings, sessions: sessionmaker[Session]) -> Iterator[FastAPI]:
    app = create_app(settings.model_copy(update={"base_url": BASE}))
    yield app
    app.state.engine.dispose()


@pytest.mark.parametrize(
    ("action", "path"), [("reset", "/enrol/"), ("device-link", "/devices/register/")]
)
def test_links_shown_to_an_administrator_use_the_configured_base_whatever_the_host_header(
    configured_app: FastAPI,
    sessions: sessionmaker[Session],
    settings: Settings,
    action: str,
    path: str,
) -> None:
    manager, colleague = _account(sessions, settings, (Role.LA_MANAGER,))
    with TestClient(configured_app, base_url="http://localhost") as client:
        sign_in(client, manager)
        token = csrf_token(client, "/admin/users")
        page = client.post(
            f"/admin/users/{colleague.user_id}/{action}",
            data={"csrf_token": token},
            headers={"host": "attacker.example"},
        )
    assert page.status_code == 200
    shown = re.search(r'<code id="one-time-link">([^<]+)</code>', page.text)
    assert shown, "no link shown"
    assert shown.group(1).startswith(BASE + path)
    assert "attacker.example" not in page.text


@contextmanager
def _served_app(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The app as `contactpoint serve` would run it, wrapped by uvicorn exactly as configured
    (its proxy-headers middleware or not), but driven in-process instead of on a socket."""
    captured: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: captured.update(app=app, **options))
    serve.run(settings)
    # Only the forwarding options (uvicorn's defaults for any not given): its logging
    # options would reconfigure this test process's logging.
    forwarding = {
        name: captured[name]
        for name in ("proxy_headers", "forwarded_allow_ips")
        if name in captured
    }
    config = uvicorn.Config(captured["app"], log_config=None, **forwarding)
    config.load()
    try:
        yield config.loaded_app
    finally:
        captured["app"].state.engine.dispose()


def _addresses_recorded(sessions: sessionmaker[Session]) -> tuple[set[str], set[str | None]]:
    with sessions() as session:
        attempts = set(session.scalars(select(SignInAttempt.ip_address)))
        audited = set(
            session.scalars(
                select(AuditEvent.ip_address).where(
                    AuditEvent.event_type == "practitioners:sign_in:failed"
                )
            )
        )
    return attempts, audited


@pytest.mark.parametrize(
    ("trusted", "connecting", "recorded"),
    [
        ([], "127.0.0.1", "127.0.0.1"),  # default: loopback is not a proxy
        ([PROXY], "127.0.0.1", "127.0.0.1"),  # a proxy is configured, but this is not it
        ([PROXY], PROXY, CLAIMED),  # the configured proxy says who its client was
        (["10.20.0.0/16"], PROXY, CLAIMED),
    ],
)
def test_forwarded_addresses_are_believed_only_from_configured_proxies(
    *,
    settings: Settings,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    trusted: list[str],
    connecting: str,
    recorded: str,
) -> None:
    configured = Settings.model_validate(
        {**settings.model_dump(), "trusted_proxies": ",".join(trusted)}
    )
    account, _colleague = _account(sessions, settings, (Role.PRACTITIONER,))
    with (
        _served_app(configured, monkeypatch) as app,
        TestClient(app, base_url="http://localhost", client=(connecting, 50000)) as client,
    ):
        client.headers["x-forwarded-for"] = CLAIMED
        response = sign_in(client, account, pin="1357")
    assert response.status_code == 200
    assert _addresses_recorded(sessions) == ({recorded}, {recorded})
