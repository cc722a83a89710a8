"""What a search may never do: reach a shielded child through a hidden field, count or cap
children outside the searcher's area, or let one search sweep up many family names; and a
limit reached is an alert at once, not at the next monitor run."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.alert_models import Alert, AlertStatus
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.monitor import run_monitor
from contactpoint.audit.writer import Actor
from contactpoint.authz.roles import Role
from contactpoint.children.models import Child, ChildOtherName, OtherNameKind
from contactpoint.children.search_keys import ChildSearchKey, index_children
from contactpoint.config import Settings
from contactpoint.matching.merges import merge_children, unmerge_children
from contactpoint.organisations.models import OrganisationKind
from contactpoint.types import utcnow
from tests.integration.access.factories import (
    BORN,
    add_child,
    local_authority,
    result_tokens,
    search,
    signed_in,
    user,
)
from tests.integration.practitioners.factories import csrf_token

DOB = {"dob_day": str(BORN.day), "dob_month": str(BORN.month), "dob_year": str(BORN.year)}


def _other_name(session: Session, child: Child, family: str, kind: OtherNameKind) -> None:
    session.add(
        ChildOtherName(child_id=child.id, kind=kind, given_names="Rosa", family_name=family)
    )
    session.flush()
    index_children(session.connection(), [child.id])


def _searched(sessions: sessionmaker[Session]) -> list[dict[str, object]]:
    with sessions() as session:
        query = select(AuditEvent).where(AuditEvent.event_type == "access:child:searched")
        return [event.details for event in session.scalars(query.order_by(AuditEvent.id))]


@pytest.mark.parametrize("kind", [OtherNameKind.FORMER, OtherNameKind.ALIAS])
def test_a_shielded_child_is_never_found_by_another_name(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings, kind: OtherNameKind
) -> None:
    with sessions.begin() as session:
        home, elsewhere = local_authority(session, "Northshire"), local_authority(session, "Dale")
        rosa = add_child(session, "Rosa", "Quinn", la=home, shielded=True)
        _other_name(session, rosa, "Hartley", kind)
        account = user(session, settings, la=elsewhere)
    signed_in(client, account)
    page = search(client, family_name="Hartley", **DOB)
    assert "Rosa" not in page
    assert "Quinn" not in page
    assert result_tokens(page) == []
    assert "No children found" in page
    assert _searched(sessions)[-1]["results"] == 0
    # The current name (a field a shielded record shows) still finds the limited record.
    assert len(result_tokens(search(client, family_name="Quinn", **DOB))) == 1


def test_a_shielded_childs_keys_hold_only_what_the_limited_record_shows(session: Session) -> None:
    la = local_authority(session)
    rosa = add_child(session, "Rosa", "Quinn-Hale", la=la, shielded=True, postcode="LS6 2AB")
    _other_name(session, rosa, "Hartley", OtherNameKind.FORMER)
    keys = _keys(session, rosa)
    assert {key.family_norm for key in keys} == {"QUINNHALE", "QUINN", "HALE"}
    assert {(key.postcode, key.postcode_district) for key in keys} == {(None, None)}
    # Lifting the shield brings the hidden fields back into the index.
    rosa.is_shielded = False
    session.flush()
    index_children(session.connection(), [rosa.id])
    keys = _keys(session, rosa)
    assert "HARTLEY" in {key.family_norm for key in keys}
    assert {key.postcode for key in keys} == {"LS62AB"}


def _keys(session: Session, child: Child) -> list[Any]:
    """Plain rows: the index is rebuilt outside the ORM, so its objects would be stale."""
    columns = (
        ChildSearchKey.family_norm,
        ChildSearchKey.postcode,
        ChildSearchKey.postcode_district,
    )
    return list(session.execute(select(*columns).where(ChildSearchKey.child_id == child.id)))


def test_a_merge_that_shields_the_survivor_rebuilds_its_keys(session: Session) -> None:
    la = local_authority(session)
    survivor = add_child(session, "Rosa", "Quinn", la=la)
    _other_name(session, survivor, "Hartley", OtherNameKind.FORMER)
    shielded = add_child(session, "Rosa", "Quinn", la=la, shielded=True)
    merge = merge_children(
        session, survivor_id=survivor.id, merged_id=shielded.id, by=Actor(user_id=1)
    )
    families = select(ChildSearchKey.family_norm).where(ChildSearchKey.child_id == survivor.id)
    assert set(session.scalars(families)) == {"QUINN"}, "the survivor is shielded now"
    assert _keys(session, shielded) == [], "a merged record is never found"
    unmerge_children(session, merge_id=merge.id, by=Actor(user_id=1))
    assert set(session.scalars(families)) == {"QUINN", "HARTLEY"}
    assert len(_keys(session, shielded)) == 1


def test_an_la_scoped_search_caps_and_counts_only_its_own_area(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    settings.search_result_cap = 3
    with sessions.begin() as session:
        home, elsewhere = local_authority(session, "Northshire"), local_authority(session, "Dale")
        for given in ("Amy", "Beth", "Cara", "Dana", "Erin"):
            add_child(session, given, "Khan", la=elsewhere)
        add_child(session, "Zara", "Khan", la=home)
        manager = user(
            session,
            settings,
            la=home,
            role=Role.LA_MANAGER,
            kind=OrganisationKind.LA_CONTACTPOINT_TEAM,
        )
    signed_in(client, manager)
    page = search(client, family_name="Khan", **DOB)
    assert "Zara Khan" in page, "the only match in the area is shown, not 'refine'"
    assert len(result_tokens(page)) == 1
    assert not any(name in page for name in ("Amy", "Beth", "Cara", "Dana", "Erin"))
    assert _searched(sessions)[-1]["results"] == 1, "the audit row counts what was shown"


def test_a_contactpoint_id_outside_the_area_finds_nobody_for_an_la_scoped_role(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        home, elsewhere = local_authority(session, "Northshire"), local_authority(session, "Dale")
        outside = add_child(session, "Amy", "Khan", la=elsewhere)
        manager = user(
            session,
            settings,
            la=home,
            role=Role.LA_MANAGER,
            kind=OrganisationKind.LA_CONTACTPOINT_TEAM,
        )
    signed_in(client, manager)
    assert result_tokens(search(client, cp_id=outside.cp_id)) == []
    assert _searched(sessions)[-1]["results"] == 0


def test_a_family_name_of_many_words_is_one_name(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    surnames = ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies")
    with sessions.begin() as session:
        la = local_authority(session)
        for surname in surnames:
            add_child(session, "Amy", surname, la=la)
        add_child(session, "Bea", "Smith-Jones", la=la)
        account = user(session, settings, la=la)
    signed_in(client, account)
    harvest = search(client, family_name=" ".join(surnames), **DOB)
    assert result_tokens(harvest) == [], "no word-by-word sweep of six family names"
    # A double-barrelled name still reaches a child held under either half, and itself.
    double = search(client, family_name="Smith-Jones", **DOB)
    assert {"Bea Smith-Jones", "Amy Smith", "Amy Jones"} <= _names(double)
    assert "Amy Williams" not in double


def _names(page: str) -> set[str]:
    return {
        name
        for name in ("Bea Smith-Jones", "Amy Smith", "Amy Jones", "Amy Williams")
        if name in page
    }


def test_reaching_a_limit_raises_an_alert_at_once(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    settings.searches_per_minute = 2
    with sessions.begin() as session:
        account = user(session, settings)
    signed_in(client, account)
    statuses = [client.post("/search", data=_form(client)).status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429]
    with sessions() as session:
        alerts = session.scalars(select(Alert)).all()
        assert [(a.rule, a.status, a.subject_user_id) for a in alerts] == [
            ("limit_reached", AlertStatus.OPEN, account.user_id)
        ]
        assert alerts[0].summary == "rate limit reached: search_per_minute"
    with sessions.begin() as session:
        now = utcnow()
        again = run_monitor(session, since=now.replace(hour=0, minute=0), until=now)
        assert again.raised == [], "the monitor finds the same alert already raised"


def _form(client: TestClient) -> dict[str, str]:
    return {"csrf_token": csrf_token(client, "/search"), "family_name": "Khan", **DOB}
