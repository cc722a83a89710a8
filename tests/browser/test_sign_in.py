"""A practitioner signs in with all four factors from an approved computer, in a real browser."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.writer import SYSTEM
from contactpoint.config import Settings
from contactpoint.practitioners import devices
from contactpoint.practitioners.credentials import current_totp
from contactpoint.practitioners.models import User
from tests.integration.practitioners.factories import PASSWORD, PIN, make_account, make_organisation

pytestmark = pytest.mark.browser


def _fill_sign_in(page: Any, username: str, code: str) -> None:
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.fill("#pin", PIN)
    page.fill("#code", code)
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")


def test_four_factors_from_an_approved_computer_reach_search(
    live_server: str, browser_page: Any, sessions: sessionmaker[Session], settings: Settings
) -> None:
    page = browser_page
    with sessions.begin() as session:
        organisation = make_organisation(session, la_name="Northshire")
        account = make_account(session, settings, organisation=organisation)
        user = session.get_one(User, account.user_id)
        link = devices.issue_link(
            session, users=[user], label="Browser", by=SYSTEM, pre_approved=True
        )

    page.goto(f"{live_server}/sign-in")  # an unregistered computer is refused
    _fill_sign_in(page, account.username, current_totp(account.totp_secret))
    assert "This computer is not approved" in page.content()

    page.goto(f"{live_server}/devices/register/{link}")
    with page.expect_navigation():
        page.click("button:has-text('Register this computer')")
    assert "This computer is registered" in page.content()

    page.goto(f"{live_server}/sign-in")
    # The refused attempt spent the current code (single use, whatever the outcome): the
    # authenticator's next code, which the ±1-step window accepts.
    next_code = pyotp.TOTP(account.totp_secret).at(time.time() + 30)
    _fill_sign_in(page, account.username, next_code)
    page.wait_for_url(f"{live_server}/search")
    assert page.locator("h1").inner_text() == "Find a child"
    csp = page.evaluate("() => document.querySelector('script[nonce]') !== null")
    assert csp, "scripts carry the CSP nonce"

    with page.expect_navigation():
        page.click("button:has-text('Sign out')")
    assert "You have signed out" in page.content()
    page.goto(f"{live_server}/search")
    assert page.url == f"{live_server}/sign-in"
