"""A practitioner asks the LA team to broker contact for a shielded child; the team closes it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.authz.roles import Role
from contactpoint.config import Settings
from contactpoint.organisations.models import OrganisationKind
from contactpoint.practitioners.credentials import current_totp
from tests.integration.access.factories import BORN, add_child, local_authority, user
from tests.integration.practitioners.factories import PASSWORD, PIN, Account

pytestmark = pytest.mark.browser


def _sign_in(page: Any, base: str, account: Account) -> None:
    """Sign in from a computer approved for this account (its device cookie set)."""
    cookie = {"name": "cp_device", "value": account.device_token, "url": base}
    page.context.add_cookies([cookie])
    page.goto(f"{base}/sign-in")
    page.fill("#username", account.username)
    page.fill("#password", PASSWORD)
    page.fill("#pin", PIN)
    page.fill("#code", current_totp(account.totp_secret))
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")


def _sign_out(page: Any) -> None:
    with page.expect_navigation():
        page.click("button:has-text('Sign out')")


def test_brokered_contact_from_the_limited_view_to_closed(
    live_server: str, browser_page: Any, sessions: sessionmaker[Session], settings: Settings
) -> None:
    page = browser_page
    with sessions.begin() as session:
        la = local_authority(session, "Northshire")
        add_child(session, "Rosa", "Penhallow", la=la, shielded=True)
        practitioner = user(session, settings)
        manager = user(
            session,
            settings,
            la=la,
            role=Role.LA_MANAGER,
            kind=OrganisationKind.LA_CONTACTPOINT_TEAM,
        )
    _sign_in(page, live_server, practitioner)
    page.goto(f"{live_server}/search")
    page.fill("#family_name", "Penhallow")
    page.fill("#dob_day", str(BORN.day))
    page.fill("#dob_month", str(BORN.month))
    page.fill("#dob_year", str(BORN.year))
    with page.expect_navigation():
        page.click("button:has-text('Search')")
    with page.expect_navigation():
        page.click("a:has-text('Penhallow')")
    page.check("input[name=reason] >> nth=0")
    with page.expect_navigation():
        page.click("button:has-text('Continue to the record')")
    assert "This record is shielded" in page.content()
    with page.expect_navigation():
        page.click("text=Ask the LA team to broker contact")
    assert page.locator("h1").inner_text() == "Ask the local authority to put you in touch"
    page.check("input[value=safeguarding_concern]")
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    assert page.url.endswith("/my/requests?sent=brokering")
    assert page.locator("#brokering").inner_text().count("Open") == 1

    team = page.context.browser.new_context().new_page()  # the manager's own computer
    _sign_in(team, live_server, manager)
    team.goto(f"{live_server}/la/brokering")
    with team.expect_navigation():
        team.click("#open a.govuk-link")
    assert "asks to be put in touch" in team.locator("h1").inner_text()
    team.check("input[value=service_will_contact]")
    team.fill("#reference", "LA/77")
    with team.expect_navigation():
        team.click("button:has-text('Close request')")
    assert "What the team did" in team.content()
    _sign_out(team)

    page.reload()
    row = page.locator("#brokering tbody tr").first.inner_text()
    assert "Closed" in row
    assert "the service will contact you" in row
    assert "LA/77" in row
