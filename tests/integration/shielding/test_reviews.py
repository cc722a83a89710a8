"""Shields come up for review in the officer's queue; a review continues or lifts a shield."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.authz.roles import Role
from contactpoint.children.models import Child
from contactpoint.children.queries import search
from contactpoint.children.schemas import SearchCriteria
from contactpoint.config import Settings
from contactpoint.organisations.models import OrganisationKind
from contactpoint.shielding.models import ShieldReview
from tests.integration.access.factories import add_child, local_authority, signed_in, user
from tests.integration.shielding.support import events_of, post_form

TODAY = date.today()


def _shielded(session: Session, given: str, *, la_name: str, review_in: int | None, by: int) -> int:
    child = add_child(
        session,
        given,
        "Brook",
        la=local_authority(session, la_name),
        postcode="NE1 4XY",
        shielded=True,
    )
    if review_in is not None:
        review_on = TODAY + timedelta(days=review_in)
        session.add(
            ShieldReview(child_id=child.id, review_on=review_on, last_decided_by_user_id=by)
        )
    return child.id


def _review_links(page: str) -> dict[str, str]:
    found = re.findall(
        r'href="/la/shielding/reviews/([A-Za-z0-9_-]+)">Review<span class="govuk-visually-hidden">'
        r" the shield of (\w+) Brook",
        page,
    )
    return {given: token for token, given in found}


def test_due_overdue_and_unscheduled_reviews_of_the_officers_la_only(
    app: FastAPI, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        home = local_authority(session, "Northshire")
        officer = user(
            session,
            settings,
            la=home,
            role=Role.SHIELDING_OFFICER,
            kind=OrganisationKind.LA_CONTACTPOINT_TEAM,
        )
        by = officer.user_id
        ids = {
            "Ada": _shielded(session, "Ada", la_name="Northshire", review_in=10, by=by),
            "Bea": _shielded(session, "Bea", la_name="Northshire", review_in=200, by=by),
            "Cal": _shielded(session, "Cal", la_name="Northshire", review_in=None, by=by),
            "Dot": _shielded(session, "Dot", la_name="Northshire", review_in=-3, by=by),
            "Eve": _shielded(session, "Eve", la_name="Southmoor", review_in=-3, by=by),
        }
    signed_in(client, officer)
    queue = client.get("/la/shielding").text
    links = _review_links(queue)
    assert sorted(links) == ["Ada", "Cal", "Dot"]
    assert "Overdue" in queue
    assert "Not set" in queue

    later = (TODAY + timedelta(days=300)).isoformat()
    kept = post_form(
        client, f"/la/shielding/reviews/{links['Ada']}", outcome="continue", review_on=later
    )
    assert kept.status_code == 303
    undated = post_form(client, f"/la/shielding/reviews/{links['Dot']}", outcome="continue")
    assert undated.status_code == 400
    assert "Enter a review date" in undated.text
    lifted = post_form(client, f"/la/shielding/reviews/{links['Cal']}", outcome="remove")
    assert lifted.status_code == 303

    with sessions() as session:
        assert session.get_one(ShieldReview, ids["Ada"]).review_on.isoformat() == later
        assert not session.get_one(Child, ids["Cal"]).is_shielded
        assert session.get(ShieldReview, ids["Cal"]) is None
        criteria = SearchCriteria(family_name="Brook", given_name="Cal", postcode="NE1 4XY")
        assert [row.child_id for row in search(session, criteria, cap=20).results] == [ids["Cal"]]
        reviews = events_of(session, "shielding:review:recorded")
    assert [(event.child_ref, event.details["continued"]) for event in reviews] == [
        (ids["Ada"], True),
        (ids["Cal"], False),
    ]
    assert sorted(_review_links(client.get("/la/shielding").text)) == ["Dot"]
