"""Whatever is typed into the sign-in form, a wrong answer is the ordinary wrong-details page,
counted against the account and audited: never an error page that skips both."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.models import AuditEvent
from contactpoint.config import Settings
from contactpoint.practitioners.models import User
from contactpoint.practitioners.views import WRONG_DETAILS
from tests.integration.practitioners.factories import (
    Account,
    make_account,
    make_organisation,
    sign_in,
)


def _account(sessions: sessionmaker[Session], settings: Settings) -> Account:
    with sessions.begin() as session:
        organisation = make_organisation(session, la_name="Northshire")
        return make_account(session, settings, organisation=organisation)


@pytest.mark.parametrize(
    ("factor", "typed"),
    [
        ("code", "１２３４５６"),  # full-width digits: str.isdigit() says yes
        ("code", "é"),
        ("code", "12345\u0000"),
        ("code", "9" * 5000),
        ("pin", "٧٣٩١"),  # Arabic-Indic digits
        ("pin", "é" * 3000),
        ("password", "rivér lamp orange tiger"),
        ("password", "x" * 20000),
        ("password", "nul\u0000byte"),
    ],
)
def test_an_odd_or_overlong_factor_is_an_ordinary_counted_wrong_answer(
    client: TestClient,
    sessions: sessionmaker[Session],
    settings: Settings,
    factor: str,
    typed: str,
) -> None:
    account = _account(sessions, settings)
    response = sign_in(client, account, **{factor: typed})
    assert response.status_code == 200
    assert WRONG_DETAILS in response.text
    with sessions() as session:
        user = session.get(User, account.user_id)
        assert user is not None
        assert user.failed_attempts == 1
        [failed] = session.scalars(
            select(AuditEvent).where(AuditEvent.event_type == "practitioners:sign_in:failed")
        ).all()
    assert failed.details == {"username_known": True, "failed_attempts": 1}


@pytest.mark.parametrize("username", ["ü" * 10, "u" * 500, "user\u0000", "１２３"])
def test_an_odd_or_overlong_username_is_an_unknown_one(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings, username: str
) -> None:
    account = _account(sessions, settings)
    response = sign_in(client, account, username=username)
    assert response.status_code == 200
    assert WRONG_DETAILS in response.text
    with sessions() as session:
        [failed] = session.scalars(
            select(AuditEvent).where(AuditEvent.event_type == "practitioners:sign_in:failed")
        ).all()
    assert failed.details == {"username_known": False, "failed_attempts": 0}
