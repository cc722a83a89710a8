"""A pair page shows two children's names, dates of birth and addresses: the request that shows
it commits one "matching:pair:shown" per child (issue 11, finding 4)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.authz.roles import Role
from contactpoint.config import Settings
from contactpoint.organisations.models import OrganisationKind
from tests.integration.access.factories import add_child, local_authority, signed_in, user
from tests.integration.matching.pages import pair_of
from tests.integration.practitioners.conftest import app, client
from tests.integration.practitioners.factories import csrf_token
from tests.integration.shielding.support import events_of

__all__ = ["app", "client"]  # the fixtures


def test_the_pair_page_and_its_error_page_audit_both_children(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        la = local_authority(session)
        existing = add_child(session, "Morwen", "Trevail", la=la, postcode="TR1 3QD")
        incoming = add_child(
            session, "Morwen", "Trevail", la=la, born=date(2014, 9, 3), postcode="TR9 9QQ"
        )
        kind = OrganisationKind.LA_CONTACTPOINT_TEAM
        manager = user(session, settings, la=la, role=Role.LA_MANAGER, kind=kind)
        decision_id = pair_of(session, incoming, existing)
        incoming_id, existing_id = incoming.id, existing.id
    signed_in(client, manager)
    path = f"/matching/review/{decision_id}"
    page = client.get(path).text
    assert "TR1 3QD" in page
    assert "TR9 9QQ" in page
    refused = client.post(path, data={"csrf_token": csrf_token(client, path), "choice": ""})
    assert refused.status_code == 400
    assert "Morwen" in refused.text
    with sessions() as session:
        seen = events_of(session, "matching:pair:shown")
    sides = [(e.child_ref, e.details["side"], e.details["decision_id"]) for e in seen]
    once = [(incoming_id, "incoming", decision_id), (existing_id, "candidate", decision_id)]
    assert sides == once * 3  # the page, the page read for its form, the form's error page
    assert {e.actor_user_id for e in seen} == {manager.user_id}


def test_an_id_too_big_for_the_database_is_refused_not_a_server_error(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        la = local_authority(session)
        kind = OrganisationKind.LA_CONTACTPOINT_TEAM
        manager = user(session, settings, la=la, role=Role.LA_MANAGER, kind=kind)
    signed_in(client, manager)
    huge = 2**64  # beyond PostgreSQL's BIGINT: the driver used to raise, a 500
    token = csrf_token(client, "/matching/review")
    responses = [
        client.get(f"/matching/review/{huge}"),
        client.post(f"/matching/review/{huge}", data={"csrf_token": token, "choice": "link"}),
        client.get("/matching/review/0"),
    ]
    assert [r.status_code for r in responses] == [400, 400, 400]
