"""The clerical review pages and the data-quality page, used through a signed-in browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.models import AuditEvent
from contactpoint.children.models import Address, Child, ChildOtherName, OtherNameKind, RecordStatus
from contactpoint.config import Settings
from contactpoint.db import transaction
from contactpoint.matching.models import MatchDecision, ReviewStatus
from contactpoint.matching.quality import feed_quality
from contactpoint.matching.queries import review_pair
from contactpoint.web.app import create_app
from tests.integration.access.factories import signed_in
from tests.integration.feeds.support import LA_CODE
from tests.integration.matching.pages import (
    OTHER_LA_CODE,
    People,
    add_people,
    cells,
    pair_links,
    post_forms,
    queue_pair,
)
from tests.integration.practitioners.factories import Account, csrf_token

CANARIES = ("Zqxcanarylane", "ZQ9 9ZZ", "Vexcanaryname")


@pytest.fixture
def app(settings: Settings, ready: sessionmaker[Session]) -> Iterator[FastAPI]:
    app = create_app(settings)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def people(ready: sessionmaker[Session], settings: Settings) -> People:
    return add_people(ready, settings)


@pytest.fixture
def pairs(ready: sessionmaker[Session], tmp_path: Path, people: People) -> tuple[int, int]:
    """One queued pair in the managers' LA, one in the other LA."""
    home = queue_pair(ready, tmp_path, number=1)
    away = queue_pair(ready, tmp_path, number=2, la_code=OTHER_LA_CODE)
    return home, away


def browser(app: FastAPI, account: Account) -> TestClient:
    return signed_in(TestClient(app, base_url="http://localhost"), account)


def decide(client: TestClient, decision_id: int, choice: str) -> str:
    path = f"/matching/review/{decision_id}"
    form = {"csrf_token": csrf_token(client, path), "choice": choice}
    response = client.post(path, data=form, follow_redirects=False)
    assert response.status_code == 303
    return client.get(response.headers["location"]).text


def test_each_la_manager_sees_only_their_own_las_pairs(
    app: FastAPI, people: People, pairs: tuple[int, int]
) -> None:
    home, away = pairs
    manager, other = browser(app, people.manager), browser(app, people.other_manager)

    assert pair_links(manager.get("/matching/review").text) == [home]
    assert pair_links(other.get("/matching/review").text) == [away]
    assert manager.get(f"/matching/review/{away}").status_code == 404
    assert (
        manager.post(
            f"/matching/review/{away}",
            data={"csrf_token": csrf_token(manager, "/matching/review"), "choice": "link"},
        ).status_code
        == 404
    )
    assert manager.get(f"/matching/review/{home}").status_code == 200
    assert 'id="matching-links"' in manager.get("/").text


def test_a_national_administrator_sees_every_las_pairs(
    app: FastAPI, people: People, pairs: tuple[int, int]
) -> None:
    national = browser(app, people.national)

    assert sorted(pair_links(national.get("/matching/review").text)) == sorted(pairs)
    assert all(national.get(f"/matching/review/{d}").status_code == 200 for d in pairs)


def test_a_practitioner_is_refused_every_matching_page(
    app: FastAPI, people: People, pairs: tuple[int, int]
) -> None:
    practitioner = browser(app, people.practitioner)

    for path in ("/matching/review", f"/matching/review/{pairs[0]}", "/matching/quality"):
        assert practitioner.get(path).status_code == 403
    assert 'id="matching-links"' not in practitioner.get("/").text


def test_linking_through_the_page_merges_the_records_and_is_audited(
    app: FastAPI, ready: sessionmaker[Session], people: People, pairs: tuple[int, int]
) -> None:
    home = pairs[0]
    page = decide(browser(app, people.manager), home, "link")

    assert "The records have been linked" in page
    assert home not in pair_links(page)
    with ready() as session:
        decision = session.get_one(MatchDecision, home)
        merged = session.get_one(Child, decision.child_id)
        assert decision.review_status is ReviewStatus.LINKED
        assert (merged.status, merged.merged_into_id) == (
            RecordStatus.MERGED,
            decision.candidate_child_id,
        )
        audited = {
            (e.event_type, e.actor_user_id)
            for e in session.scalars(
                select(AuditEvent).where(AuditEvent.actor_user_id.is_not(None))
            )
        }
    assert ("matching:review:decided", people.manager.user_id) in audited
    assert ("matching:child:merged", people.manager.user_id) in audited


def test_not_the_same_keeps_both_records_and_defer_keeps_the_pair_queued(
    app: FastAPI, ready: sessionmaker[Session], people: People, pairs: tuple[int, int]
) -> None:
    home = pairs[0]
    manager = browser(app, people.manager)

    deferred = decide(manager, home, "defer")
    assert "Deferred: the pair stays in the queue" in deferred
    assert pair_links(deferred) == [home]
    kept = decide(manager, home, "not-same")

    assert "both records are kept" in kept
    assert pair_links(kept) == []
    with ready() as session:
        decision = session.get_one(MatchDecision, home)
        assert decision.review_status is ReviewStatus.NOT_SAME
        ids = (decision.child_id, decision.candidate_child_id)
        statuses = {session.get_one(Child, i).status for i in ids}
    assert statuses == {RecordStatus.ACTIVE}


def test_a_decision_without_a_choice_is_asked_again(
    app: FastAPI, people: People, pairs: tuple[int, int]
) -> None:
    manager = browser(app, people.manager)
    path = f"/matching/review/{pairs[0]}"

    response = manager.post(path, data={"csrf_token": csrf_token(manager, path), "choice": ""})

    assert response.status_code == 400
    assert "Select what you have decided" in response.text


def test_the_waterfall_draws_the_prior_each_field_and_the_final_weight(
    app: FastAPI, ready: sessionmaker[Session], people: People, pairs: tuple[int, int]
) -> None:
    page = browser(app, people.manager).get(f"/matching/review/{pairs[0]}").text
    with ready() as session:
        contributions = session.get_one(MatchDecision, pairs[0]).contributions or {}
        pair = review_pair(session, pairs[0])
    assert pair is not None
    assert pair.match_weight is not None

    drawn = re.findall(r'<rect class="waterfall-bar" data-field="([^"]+)"', page)
    fields = [name for name in contributions if name != "prior"]
    assert drawn == ["prior", *fields, "final"]
    table = cells(page, "weights")
    expected = [(bar.weight, bar.cumulative) for bar in pair.bars]
    expected.append((round(pair.match_weight, 2), round(pair.match_weight, 2)))
    assert [(float(w), float(t)) for _, w, t in table] == expected
    labels = re.findall(r'<text class="waterfall-value"[^>]*>([^<]+)</text>', page)
    assert [float(label) for label in labels] == [w for w, _ in expected]


def test_the_quality_page_shows_the_engines_figures_for_the_managers_la_only(
    app: FastAPI, ready: sessionmaker[Session], people: People, pairs: tuple[int, int]
) -> None:
    with ready() as session:
        figures = feed_quality(session)

    def shown(f: object) -> list[str]:
        return [
            f.la_code,  # type: ignore[attr-defined]
            f.source.replace("_", " "),  # type: ignore[attr-defined]
            *(str(getattr(f, n)) for n in ("rows", "rejected")),
            f"{f.rejection_rate:.2%}",  # type: ignore[attr-defined]
            *(str(getattr(f, n)) for n in ("missing_fields", "conflicts", "possible_duplicates")),
        ]

    manager_page = browser(app, people.manager).get("/matching/quality").text
    national_page = browser(app, people.national).get("/matching/quality").text

    assert cells(manager_page, "figures") == [shown(f) for f in figures if f.la_code == LA_CODE]
    assert cells(national_page, "figures") == [shown(f) for f in figures]
    assert OTHER_LA_CODE not in manager_page
    assert {row[-1] for row in cells(manager_page, "figures")} == {"0", "1"}  # GP row queued


def test_no_detail_of_a_shielded_child_reaches_the_review_page(
    app: FastAPI, ready: sessionmaker[Session], people: People, pairs: tuple[int, int]
) -> None:
    with transaction(ready) as session:
        decision = session.get_one(MatchDecision, pairs[0])
        shielded = session.get_one(Child, decision.child_id)
        shielded.is_shielded = True
        address = session.get_one(Address, shielded.current_address_id)
        address.line1, address.postcode = CANARIES[0], CANARIES[1]
        session.add(_other_name(shielded.id, CANARIES[2]))
        session.add(_other_name(decision.candidate_child_id or 0, "Openothername"))

    page = browser(app, people.manager).get(f"/matching/review/{pairs[0]}").text

    assert [canary for canary in CANARIES if canary in page] == []
    assert "(shielded)" in page
    assert "Openothername" in page  # an unshielded child's other names are shown


def test_every_form_posted_from_the_matching_pages_carries_a_csrf_token(
    app: FastAPI, people: People, pairs: tuple[int, int]
) -> None:
    manager = browser(app, people.manager)
    paths = ("/matching/review", f"/matching/review/{pairs[0]}", "/matching/quality")

    forms = [form for path in paths for form in post_forms(manager.get(path).text)]

    assert len(forms) >= 4  # sign-out on each page, and the decision form
    assert all('name="csrf_token"' in form for form in forms)
    refused = manager.post(f"/matching/review/{pairs[0]}", data={"choice": "link"})
    assert refused.status_code == 400


def _other_name(child_id: int, family: str) -> ChildOtherName:
    return ChildOtherName(
        child_id=child_id, kind=OtherNameKind.FORMER, given_names="Pim", family_name=family
    )
