"""A reason for every view, then who is working with the child; sensitive services masked."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.access.models import ViewGrant
from contactpoint.audit.models import AuditEvent
from contactpoint.authz.roles import Role
from contactpoint.children.models import Address, ChildAddress, SourceIdentifier, SourceType
from contactpoint.config import Settings
from contactpoint.organisations.models import OrganisationKind
from contactpoint.practitioners import sessions as user_sessions
from contactpoint.practitioners.models import User
from contactpoint.types import utcnow
from tests.integration.access.factories import (
    BORN,
    add_carer,
    add_child,
    give_reason,
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


def _family(session: Session) -> int:
    """Ava Okafor: a mother, a school (lead, CAF), a GP, and a sensitive service."""
    la = local_authority(session)
    child = add_child(session, "Ava", "Okafor", la=la, line1="4 Mill Lane", postcode="LS6 2AB")
    add_carer(session, child, "Grace", "Okafor", phone="07700 900111", email="grace@example.com")
    school = organisation(session, la, OrganisationKind.SCHOOL, "Mill Lane Primary")
    gp = organisation(session, la, OrganisationKind.GP_PRACTICE, "Riverside Surgery")
    clinic = organisation(
        session,
        la,
        OrganisationKind.SEXUAL_HEALTH,
        "Harbour Clinic",
        sensitive=True,
        phone="0113 496 0999",
    )
    involve(session, child, school, "Sam Patel", lead=True, caf_on=date(2024, 1, 15))
    involve(session, child, gp)
    involve(session, child, clinic, "Jo Marsh")
    old = Address(line1="9 Old Road", town="Elsewhere", postcode="BD1 1AA", la_id=la.id)
    session.add(old)
    session.flush()
    session.add(ChildAddress(child_id=child.id, address_id=old.id))
    session.add(
        SourceIdentifier(
            child_id=child.id,
            source=SourceType.GP_REGISTRATION,
            issuer="national",
            value="4857773456",
        )
    )
    session.flush()
    return child.id


def _find(client: TestClient) -> str:
    (token,) = result_tokens(search(client, family_name="Okafor", **DOB))
    return token


def test_the_record_needs_a_reason_first(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        _family(session)
        account = user(session, settings)
    signed_in(client, account)
    token = _find(client)
    response = client.get(f"/children/{token}", follow_redirects=False)
    assert response.headers["location"] == f"/children/{token}/reason"
    refused = give_reason(client, token, reason="")
    assert "Select why you need to see this record" in refused.text
    notes = give_reason(client, token, reason="referral", reference="Mum said that he was hurt!")
    assert "Do not write case notes here" in notes.text
    assert "Mill Lane Primary" not in notes.text


def test_a_practitioner_sees_who_is_involved_but_not_the_sensitive_service(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        child_id = _family(session)
        account = user(session, settings)
    signed_in(client, account)
    token = _find(client)
    give_reason(client, token, reason="referral", reference="CASE-123/4")
    page = client.get(f"/children/{token}").text
    for shown in ("Ava Okafor", "4 Mill Lane", "Grace Okafor", "07700 900111", "Mill Lane Primary"):
        assert shown in page
    assert "Sam Patel" in page
    assert "Riverside Surgery" in page
    assert "15 January 2024" in page  # the CAF date
    assert "A further service is involved" in page
    assert f'href="/children/{token}/broker"' in page
    for hidden in ("Harbour Clinic", "0113 496 0999", "Jo Marsh", "9 Old Road", "4857773456"):
        assert hidden not in page
    with sessions() as session:
        viewed = session.scalars(
            select(AuditEvent).where(AuditEvent.event_type == "access:child:viewed")
        ).one()
    assert viewed.child_ref == child_id
    assert viewed.details["reason"] == "referral"
    assert viewed.details["reference"] == "CASE-123/4"


def test_the_contactpoint_id_is_shown_in_groups_of_four(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        la = local_authority(session)
        cp_id = add_child(session, "Leo", "Brennan", la=la).cp_id
        account = user(session, settings)
    signed_in(client, account)
    (token,) = result_tokens(search(client, cp_id=cp_id))
    assert f"{cp_id[:4]} {cp_id[4:8]} {cp_id[8:]}" in open_record(client, token)


def test_the_childs_la_team_sees_the_sensitive_service(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        _family(session)
        la = local_authority(session)
        team = user(
            session,
            settings,
            la=la,
            role=Role.LA_MANAGER,
            kind=OrganisationKind.LA_CONTACTPOINT_TEAM,
        )
    signed_in(client, team)
    page = open_record(client, _find(client), reason="brokering_contact")
    assert "Harbour Clinic" in page
    assert "Jo Marsh" in page
    assert "A further service is involved" not in page


def test_another_las_team_sees_nothing_of_a_child_outside_it(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        _family(session)
        other = local_authority(session, "Southshire")
        team = user(
            session,
            settings,
            la=other,
            role=Role.LA_MANAGER,
            kind=OrganisationKind.LA_CONTACTPOINT_TEAM,
        )
    signed_in(client, team)
    assert result_tokens(search(client, family_name="Okafor", **DOB)) == []


def test_a_grant_from_another_session_is_refused(
    app: object, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        _family(session)
        first = user(session, settings)
        second = user(session, settings)
    signed_in(client, first)
    token = _find(client)
    with TestClient(app, base_url="http://localhost") as other:  # type: ignore[arg-type]
        signed_in(other, second)
        assert other.get(f"/children/{token}/reason").status_code == 404
        form = {"csrf_token": csrf_token(other, "/search"), "reason": "referral"}
        assert other.post(f"/children/{token}/reason", data=form).status_code == 404
    # the same user in a new session (another browser) cannot reuse it either
    with sessions.begin() as session:
        fresh = user_sessions.start(
            session,
            user=session.get_one(User, first.user_id),
            role=Role.PRACTITIONER,
            device_id=None,
        )
    with TestClient(app, base_url="http://localhost") as again:  # type: ignore[arg-type]
        again.cookies.set("cp_session", fresh)
        assert again.get("/search").status_code == 200
        assert again.get(f"/children/{token}/reason").status_code == 404
    assert client.get("/children/not-a-real-token/reason").status_code == 404


def test_a_grant_expires_after_thirty_minutes_and_is_forgotten_at_the_next_sign_in(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        _family(session)
        account = user(session, settings)
    signed_in(client, account)
    token = _find(client)
    assert client.get(f"/children/{token}/reason").status_code == 200
    with sessions.begin() as session:
        session.execute(
            update(ViewGrant).values(expires_at=utcnow() - timedelta(seconds=1))
        )  # thirty minutes on
    assert client.get(f"/children/{token}/reason").status_code == 404
    with sessions.begin() as session:
        user_sessions.start(
            session, user=session.get_one(User, account.user_id), role=None, device_id=None
        )
    with sessions() as session:
        assert session.scalars(select(ViewGrant)).all() == []


def test_addresses_and_contacts_show_as_lines_not_markup(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        _family(session)
        account = user(session, settings)
    signed_in(client, account)
    page = open_record(client, _find(client))
    assert "4 Mill Lane<br>" in page
    assert "Sam Patel" in page
    assert "&lt;" not in page, "escaped markup on the page"
