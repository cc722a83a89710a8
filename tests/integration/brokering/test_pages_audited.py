"""Pages that name a child outside the record are audited by the request that shows them: the
team's request page (also when it comes back with an error) and the requester's own list
(issue 11, finding 4)."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.authz.roles import Role
from contactpoint.config import Settings
from contactpoint.organisations.models import OrganisationKind
from tests.integration.access.factories import add_child, local_authority, signed_in, user
from tests.integration.practitioners.factories import csrf_token
from tests.integration.shielding.support import (
    browser,
    events_of,
    open_broker_request,
    pending_shield_request,
)


def test_the_request_page_and_its_error_page_audit_the_child(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        la = local_authority(session)
        child = add_child(session, "Talan", "Rosewarne", la=la, line1="4 Lantern Hill")
        asker = user(session, settings)
        kind = OrganisationKind.LA_CONTACTPOINT_TEAM
        team = user(session, settings, la=la, role=Role.LA_MANAGER, kind=kind)
        request_id = open_broker_request(session, child, by_user_id=asker.user_id)
        child_id = child.id
    signed_in(client, team)
    path = f"/la/brokering/{request_id}"
    form = {"csrf_token": csrf_token(client, path)}  # reads (and audits) the page once
    refused = client.post(path, data=form)
    assert refused.status_code == 400
    assert "4 Lantern Hill" in refused.text
    with sessions() as session:
        opened = events_of(session, "brokering:request:opened")
    assert [(event.child_ref, event.actor_user_id) for event in opened] == [
        (child_id, team.user_id)
    ] * 2


def test_the_requesters_own_list_audits_the_children_it_names(
    app: FastAPI, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        la = local_authority(session)
        brokered = add_child(session, "Talan", "Rosewarne", la=la)
        shielded = add_child(session, "Kerra", "Angwin", la=la)
        add_child(session, "Jago", "Pascoe", la=la)  # asked about by nobody
        asker = user(session, settings)
        open_broker_request(session, brokered, by_user_id=asker.user_id)
        pending_shield_request(session, shielded, by_user_id=asker.user_id)
        ids = sorted([brokered.id, shielded.id])
    page = browser(app, asker).get("/my/requests").text
    assert "Talan Rosewarne" in page
    assert "Kerra Angwin" in page
    with sessions() as session:
        (listed,) = events_of(session, "brokering:requests:listed")
    assert listed.details == {"child_refs": ids}
    assert listed.actor_user_id == asker.user_id
