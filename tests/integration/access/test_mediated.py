"""A mediated-access operator searches for a named, authorised practitioner: both recorded."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.models import AuditEvent
from contactpoint.authz.roles import Role
from contactpoint.config import Settings
from contactpoint.organisations.models import OrganisationKind
from tests.integration.access.factories import (
    BORN,
    add_child,
    local_authority,
    open_record,
    result_tokens,
    search,
    signed_in,
    user,
)

DOB = {"dob_day": str(BORN.day), "dob_month": str(BORN.month), "dob_year": str(BORN.year)}


def test_both_identities_are_recorded_and_an_unknown_practitioner_is_refused(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        la = local_authority(session)
        child_id = add_child(session, "Ada", "Nwosu", la=la).id
        practitioner = user(session, settings)
        operator = user(
            session,
            settings,
            la=la,
            role=Role.MEDIATED_ACCESS_OPERATOR,
            kind=OrganisationKind.LA_CONTACTPOINT_TEAM,
        )
    signed_in(client, operator)
    refused = search(client, family_name="Nwosu", on_behalf_of="nobody-here", **DOB)
    assert "Enter the username of the authorised practitioner" in refused
    assert result_tokens(refused) == []
    page = search(client, family_name="Nwosu", on_behalf_of=practitioner.username, **DOB)
    (token,) = result_tokens(page)
    assert "Ada Nwosu" in open_record(client, token)
    with sessions() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.event_type.like("access:child:%"))
        ).all()
    assert [(e.event_type, e.actor_user_id, e.on_behalf_of_user_id) for e in events] == [
        ("access:child:searched", operator.user_id, practitioner.user_id),
        ("access:child:viewed", operator.user_id, practitioner.user_id),
    ]
    assert events[1].child_ref == child_id
