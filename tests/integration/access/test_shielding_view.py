"""A shielded record shows only who the child is; a child-protection override is alerted."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.alert_models import Alert, AlertStatus
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.monitor import run_monitor
from contactpoint.authz.roles import Role
from contactpoint.config import Settings
from contactpoint.organisations.models import OrganisationKind
from contactpoint.types import utcnow
from tests.integration.access.factories import (
    BORN,
    add_carer,
    add_child,
    involve,
    local_authority,
    open_record,
    organisation,
    result_tokens,
    search,
    signed_in,
    user,
)
from tests.integration.practitioners.factories import csrf_token

DOB = {"dob_day": str(BORN.day), "dob_month": str(BORN.month), "dob_year": str(BORN.year)}


def _shielded(session: Session) -> tuple[int, int]:
    la = local_authority(session)
    child = add_child(session, "Nia", "Hughes", la=la, line1="12 Quiet Close", shielded=True)
    add_carer(session, child, "Rhian", "Hughes", phone="07700 900222", email="rhian@example.com")
    involve(session, child, organisation(session, la, OrganisationKind.SCHOOL, "Oak Academy"))
    return child.id, la.id


def _events(sessions: sessionmaker[Session], event_type: str) -> list[AuditEvent]:
    with sessions() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.event_type == event_type)))


def test_a_practitioner_sees_only_who_the_child_is_and_may_ask_for_brokering(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        _shielded(session)
        account = user(session, settings)
    signed_in(client, account)
    (token,) = result_tokens(search(client, family_name="Hughes", **DOB))
    page = open_record(client, token)
    assert "Nia Hughes" in page
    assert "9 March 2014" in page
    assert "Shielded record" in page
    assert f'href="/children/{token}/broker"' in page
    for hidden in ("12 Quiet Close", "Rhian", "07700 900222", "Oak Academy", "Override shielding"):
        assert hidden not in page
    assert client.get(f"/children/{token}/override").status_code == 403
    form = {"csrf_token": csrf_token(client, "/search"), "reason": "referral"}
    assert client.post(f"/children/{token}/override", data=form).status_code == 403
    assert _events(sessions, "access:shield:overridden") == []
    (viewed,) = _events(sessions, "access:child:viewed")
    assert viewed.details["shielded"] is True
    assert viewed.details["override"] is False


def test_a_child_protection_override_shows_the_record_once_and_alerts_the_la(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        child_id, la_id = _shielded(session)
        account = user(session, settings, role=Role.CHILD_PROTECTION_PRACTITIONER)
    signed_in(client, account)
    (token,) = result_tokens(search(client, family_name="Hughes", **DOB))
    limited = open_record(client, token)
    assert "Override shielding" in limited
    warning = client.get(f"/children/{token}/override").text
    assert "an investigation will follow" in warning
    form = {"csrf_token": csrf_token(client, f"/children/{token}/override"), "reason": ""}
    assert (
        "Select why you need to see this record"
        in client.post(f"/children/{token}/override", data=form).text
    )
    assert _events(sessions, "access:shield:overridden") == []

    form["reason"] = "child_protection_enquiry"
    full = client.post(f"/children/{token}/override", data=form).text
    assert "12 Quiet Close" in full
    assert "Oak Academy" in full
    assert "You have overridden shielding" in full
    assert "12 Quiet Close" not in client.get(f"/children/{token}").text, "one view only"

    (overridden,) = _events(sessions, "access:shield:overridden")
    assert overridden.child_ref == child_id
    with sessions() as session:
        alert = session.scalars(select(Alert)).one()
    assert alert.rule == "override"
    assert alert.status is AlertStatus.OPEN
    assert alert.la_id == la_id
    assert alert.child_ref == child_id
    assert alert.subject_user_id == account.user_id
    overrides = [e.details["override"] for e in _events(sessions, "access:child:viewed")]
    assert sorted(overrides) == [False, False, True]


def test_the_monitor_does_not_raise_the_same_override_twice(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        _shielded(session)
        account = user(session, settings, role=Role.CHILD_PROTECTION_PRACTITIONER)
    signed_in(client, account)
    (token,) = result_tokens(search(client, family_name="Hughes", **DOB))
    form = {
        "csrf_token": csrf_token(client, f"/children/{token}/override"),
        "reason": "child_protection_enquiry",
    }
    client.post(f"/children/{token}/override", data=form)
    with sessions.begin() as session:
        now = utcnow()
        result = run_monitor(
            session, since=now - timedelta(hours=1), until=now + timedelta(minutes=1)
        )
    assert [f.rule for f in result.findings].count("override") == 1
    assert result.raised == []


def test_the_childs_la_team_sees_the_shielded_record_to_broker_contact(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        _shielded(session)
        team = user(
            session,
            settings,
            la=local_authority(session),
            role=Role.LA_MANAGER,
            kind=OrganisationKind.LA_CONTACTPOINT_TEAM,
        )
    signed_in(client, team)
    (token,) = result_tokens(search(client, family_name="Hughes", **DOB))
    page = open_record(client, token, reason="brokering_contact")
    assert "12 Quiet Close" in page
    assert "You see it because you are the" in page
