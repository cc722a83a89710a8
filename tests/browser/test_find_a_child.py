"""Find a child in a real browser: search, reason, record, shielding, override, limits.

axe-core checks every page visited against its WCAG 2.0-2.2 A and AA rules. It is evaluated
through the DevTools protocol, which the page's CSP does not restrict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.alert_models import Alert
from contactpoint.authz.roles import Role
from contactpoint.config import Settings
from contactpoint.organisations.models import OrganisationKind
from contactpoint.practitioners.credentials import current_totp
from tests.integration.access.factories import (
    BORN,
    add_carer,
    add_child,
    involve,
    local_authority,
    organisation,
    user,
)
from tests.integration.practitioners.factories import PASSWORD, PIN, Account

pytestmark = pytest.mark.browser
AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page: Any, name: str) -> None:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        WCAG_AA,
    )
    assert violations == [], f"axe found problems on the {name} page"


def sign_in(page: Any, base: str, account: Account) -> None:
    page.goto(f"{base}/sign-in")
    assert_accessible(page, "sign-in")
    page.fill("#username", account.username)
    page.fill("#password", PASSWORD)
    page.fill("#pin", PIN)
    page.fill("#code", current_totp(account.totp_secret))
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")


def sign_out(page: Any) -> None:
    with page.expect_navigation():
        page.click("button:has-text('Sign out')")


def search(page: Any, base: str, family: str) -> None:
    page.goto(f"{base}/search")
    page.fill("#family_name", family)
    page.fill("#dob_day", str(BORN.day))
    page.fill("#dob_month", str(BORN.month))
    page.fill("#dob_year", str(BORN.year))
    with page.expect_navigation():
        page.click("button:has-text('Search')")


def choose_and_give_reason(page: Any, name: str, reason: str) -> None:
    with page.expect_navigation():
        page.click(f"a:has-text('{name}')")
    assert_accessible(page, "reason")
    page.check(f"input[name=reason][value={reason}]")
    with page.expect_navigation():
        page.click("button:has-text('Continue to the record')")


def _population(session: Session, settings: Settings) -> dict[str, Account]:
    la = local_authority(session)
    child = add_child(session, "William", "Thompson", la=la, line1="4 Mill Lane")
    add_carer(session, child, "Grace", "Thompson", phone="07700 900111", email="g@example.com")
    school = organisation(session, la, OrganisationKind.SCHOOL, "Mill Lane Primary")
    involve(session, child, school, "Sam Patel", lead=True)
    clinic = organisation(
        session, la, OrganisationKind.MENTAL_HEALTH, "Harbour Service", sensitive=True
    )
    involve(session, child, clinic, "Jo Marsh")
    add_child(session, "Nia", "Hughes", la=la, line1="12 Quiet Close", shielded=True)
    team = OrganisationKind.LA_CONTACTPOINT_TEAM
    return {
        "practitioner": user(session, settings),
        "protector": user(session, settings, role=Role.CHILD_PROTECTION_PRACTITIONER),
        "la_team": user(session, settings, la=la, role=Role.LA_MANAGER, kind=team),
    }


def test_find_a_child_see_who_is_involved_and_break_glass(
    live_server: str,
    browser_page: Any,
    sessions: sessionmaker[Session],
    settings: Settings,
) -> None:
    page, base = browser_page, live_server
    with sessions.begin() as session:
        accounts = _population(session, settings)
    tokens = ".".join(account.device_token for account in accounts.values())
    page.context.add_cookies([{"name": "cp_device", "value": tokens, "url": base}])

    # A practitioner finds William despite a typo, gives a reason and sees who is involved.
    sign_in(page, base, accounts["practitioner"])
    page.goto(f"{base}/search")
    assert_accessible(page, "search")
    page.fill("#family_name", "Thompson")
    with page.expect_navigation():
        page.click("button:has-text('Search')")
    assert "There is a problem" in page.content()
    assert_accessible(page, "search error")
    search(page, base, "Tomson")
    assert_accessible(page, "results")
    choose_and_give_reason(page, "William Thompson", "service_delivery")
    record = page.content()
    assert "Mill Lane Primary" in record
    assert "Sam Patel" in record
    assert "A further service is involved" in record
    assert "Harbour Service" not in record
    assert_accessible(page, "record")

    # A shielded child: only who she is, and a way to ask the LA team to broker contact.
    search(page, base, "Hughes")
    choose_and_give_reason(page, "Nia Hughes", "referral")
    assert "Shielded record" in page.content()
    assert "12 Quiet Close" not in page.content()
    assert "Override shielding" not in page.content()
    assert_accessible(page, "limited view")
    with page.expect_navigation():
        page.click("a:has-text('Ask the LA team to broker contact')")
    page.check("input[name=purpose] >> nth=0")
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    sign_out(page)

    # A child-protection practitioner overrides, after a warning, for one view.
    sign_in(page, base, accounts["protector"])
    search(page, base, "Hughes")
    choose_and_give_reason(page, "Nia Hughes", "child_protection_enquiry")
    with page.expect_navigation():
        page.click("a:has-text('Override shielding')")
    assert "an investigation will follow" in page.content()
    assert_accessible(page, "override warning")
    page.check("input[name=reason][value=child_protection_enquiry]")
    with page.expect_navigation():
        page.click("button:has-text('Override shielding and view the record')")
    assert "12 Quiet Close" in page.content()
    assert "You have overridden shielding" in page.content()
    sign_out(page)

    # The LA team sees the alert at once, and handles the brokering request.
    sign_in(page, base, accounts["la_team"])
    page.goto(f"{base}/audit/alerts")
    assert "override" in page.locator("#alerts").inner_text()
    with sessions() as session:
        assert session.scalars(select(Alert.rule)).all() == ["override"]
    page.goto(f"{base}/la/brokering")
    with page.expect_navigation():
        page.click("#open a:has-text('Request')")
    page.check("input[name=outcome] >> nth=0")
    with page.expect_navigation():
        page.click("button:has-text('Close request')")
    page.goto(f"{base}/la/brokering")
    assert "No requests are open" in page.locator("#open").inner_text()

    # Reaching a limit is a clear page, not an error.
    settings.searches_per_minute = 1
    search(page, base, "Thompson")
    search(page, base, "Thompson")
    assert page.locator("h1").inner_text() == "You have reached a limit"
    assert_accessible(page, "limit")
