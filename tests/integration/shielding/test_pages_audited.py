"""The officers' pages name children, so each sight is audited: the queue lists every child it
shows (child_refs), a request's and a review's page name their child (child_ref), and the
events are committed by the request that rendered them (issue 11, finding 4)."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.authz.roles import Role
from contactpoint.config import Settings
from contactpoint.organisations.models import OrganisationKind
from tests.integration.access.factories import add_child, local_authority, signed_in, user
from tests.integration.practitioners.factories import csrf_token
from tests.integration.shielding.support import events_of, pending_shield_request


def test_the_queue_and_each_page_it_opens_audit_the_children_they_show(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        la = local_authority(session)
        asked = add_child(session, "Oriel", "Tamsworth", la=la)
        shielded = add_child(session, "Wenna", "Carrow", la=la, shielded=True)
        requester = user(session, settings)
        kind = OrganisationKind.LA_CONTACTPOINT_TEAM
        officer = user(session, settings, la=la, role=Role.SHIELDING_OFFICER, kind=kind)
        request_id = pending_shield_request(session, asked, by_user_id=requester.user_id)
        asked_id, shielded_id = asked.id, shielded.id
    signed_in(client, officer)

    queue = client.get("/la/shielding").text
    assert "Oriel Tamsworth" in queue
    assert "Wenna Carrow" in queue
    with sessions() as session:
        (listed,) = events_of(session, "shielding:queue:viewed")
    assert listed.details == {"child_refs": sorted([asked_id, shielded_id])}
    assert (listed.actor_user_id, listed.child_ref) == (officer.user_id, None)

    assert "Oriel Tamsworth" in client.get(f"/la/shielding/{request_id}").text
    form = {"csrf_token": csrf_token(client, f"/la/shielding/{request_id}")}
    refused = client.post(f"/la/shielding/{request_id}", data=form)
    assert refused.status_code == 400
    assert "Oriel Tamsworth" in refused.text
    with sessions() as session:
        opened = events_of(session, "shielding:request:viewed")
    assert [(e.child_ref, e.details) for e in opened] == [
        (asked_id, {"request_id": request_id})
    ] * 3  # the page, the page read for its form, the form's error page

    (review,) = re.findall(r'href="/la/shielding/reviews/([^"]+)"', queue)
    assert "Wenna Carrow" in client.get(f"/la/shielding/reviews/{review}").text
    with sessions() as session:
        (reviewed,) = events_of(session, "shielding:review:viewed")
    assert (reviewed.child_ref, reviewed.actor_user_id) == (shielded_id, officer.user_id)
