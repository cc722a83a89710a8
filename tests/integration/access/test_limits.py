"""Per-user limits stop slow scraping with a clear page, audited once per window."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.access.models import LimitCounter
from contactpoint.audit.models import AuditEvent
from contactpoint.config import Settings
from contactpoint.types import utcnow
from tests.integration.access.factories import (
    BORN,
    add_child,
    give_reason,
    local_authority,
    result_tokens,
    signed_in,
    user,
)
from tests.integration.practitioners.factories import csrf_token

DOB = {"dob_day": str(BORN.day), "dob_month": str(BORN.month), "dob_year": str(BORN.year)}


def _limit_events(sessions: sessionmaker[Session]) -> list[dict[str, object]]:
    with sessions() as session:
        query = select(AuditEvent).where(AuditEvent.event_type == "access:limit:reached")
        return [event.details for event in session.scalars(query)]


def _searches(client: TestClient, times: int) -> list[int]:
    token = csrf_token(client, "/search")
    form = {"csrf_token": token, "family_name": "Khan", **DOB}
    return [client.post("/search", data=form).status_code for _ in range(times)]


def test_searches_beyond_the_minute_limit_get_the_limit_page(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    settings.searches_per_minute = 3
    with sessions.begin() as session:
        add_child(session, "Zara", "Khan", la=local_authority(session))
        account = user(session, settings)
    signed_in(client, account)
    assert _searches(client, 5) == [200, 200, 200, 429, 429]
    page = client.post(
        "/search", data={"csrf_token": csrf_token(client, "/search"), "family_name": "Khan", **DOB}
    ).text
    assert "You have reached a limit" in page
    assert "up to 3 searches a minute" in page
    assert "Zara" not in page
    assert _limit_events(sessions) == [{"limit": "search_per_minute"}], "once per window"
    with sessions() as session:
        query = select(AuditEvent).where(AuditEvent.event_type == "access:child:searched")
        assert len(session.scalars(query).all()) == 3, "refused searches never run"
        counts = session.execute(select(LimitCounter.window, LimitCounter.count)).all()
        assert sorted(counts) == [("day", 3), ("minute", 3)], "refused searches count nothing"


def test_the_daily_limit_says_when_to_come_back(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    settings.searches_per_day = 2
    with sessions.begin() as session:
        account = user(session, settings)
    signed_in(client, account)
    assert _searches(client, 3) == [200, 200, 429]
    assert _limit_events(sessions) == [{"limit": "search_per_day"}]


def test_record_views_have_their_own_limit(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    settings.views_per_minute = 2
    with sessions.begin() as session:
        add_child(session, "Zara", "Khan", la=local_authority(session))
        account = user(session, settings)
    signed_in(client, account)
    form = {"csrf_token": csrf_token(client, "/search"), "family_name": "Khan", **DOB}
    (token,) = result_tokens(client.post("/search", data=form).text)
    give_reason(client, token)
    statuses = [client.get(f"/children/{token}").status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429]
    assert "up to 2 records viewed a minute" in client.get(f"/children/{token}").text
    assert _limit_events(sessions) == [{"limit": "view_per_minute"}]


def test_spent_windows_are_forgotten_when_a_new_minute_opens(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        account = user(session, settings)
        old = utcnow() - timedelta(days=3)
        session.add(
            LimitCounter(
                user_id=account.user_id,
                action="search",
                window="day",
                window_start=old,
                count=40,
                reached_recorded=False,
            )
        )
    signed_in(client, account)
    assert _searches(client, 2) == [200, 200]
    with sessions() as session:
        starts = session.scalars(
            select(LimitCounter.window_start).where(LimitCounter.user_id == account.user_id)
        ).all()
    assert len(starts) == 2, "only this minute's and today's windows remain"
    assert all(start > utcnow() - timedelta(days=1) for start in starts)
