"""A report download is on record before it renders, holds no database connection while it
renders, and never stalls the event loop: other requests are served while it is built."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

import httpx2
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit import actions, report_views
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.render import to_pdf
from contactpoint.config import Settings
from tests.integration.audit.pages import World, build_world
from tests.integration.audit.test_pages import download, downloads, signed_in
from tests.integration.practitioners.factories import csrf_token

WAIT = 20.0  # seconds; only ever waited in full when the loop is blocked (the failure)


@pytest.fixture
def world(sessions: sessionmaker[Session], settings: Settings) -> World:
    return build_world(sessions, settings)


def recorded_downloads(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        query = select(func.count()).where(AuditEvent.event_type == "audit:report:downloaded")
        return session.scalar(query) or 0


def test_the_download_is_on_record_and_no_connection_is_held_while_it_renders(
    app: FastAPI,
    client: TestClient,
    world: World,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, int] = {}

    def watched_pdf(rows: Sequence[tuple[str, ...]], *, title: str, filters: str) -> bytes:
        seen["connections held"] = app.state.engine.pool.checkedout()
        seen["downloads on record"] = recorded_downloads(sessions)
        return to_pdf(rows, title=title, filters=filters)

    monkeypatch.setattr(actions, "to_pdf", watched_pdf)
    response = download(signed_in(client, world.manager), "pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert seen == {"connections held": 0, "downloads on record": 1}


def test_the_download_is_on_record_even_if_rendering_fails(
    app: FastAPI,
    world: World,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_pdf(rows: Sequence[tuple[str, ...]], *, title: str, filters: str) -> bytes:
        raise RuntimeError("the renderer fell over")

    monkeypatch.setattr(actions, "to_pdf", broken_pdf)
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        assert download(signed_in(client, world.manager), "pdf").status_code == 500
    (event,) = downloads(sessions)
    assert event.actor_user_id == world.manager.user_id
    assert event.details["format"] == "pdf"


def test_other_requests_are_served_while_a_report_renders(
    app: FastAPI, client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renderer holds its thread until another request has been answered. If rendering
    ran on the event loop, that request could not be answered until rendering ended."""
    rendering, answered = threading.Event(), threading.Event()
    outcome: dict[str, bool] = {}

    def slow_pdf(rows: Sequence[tuple[str, ...]], *, title: str, filters: str) -> bytes:
        rendering.set()
        outcome["answered while rendering"] = answered.wait(WAIT)
        return to_pdf(rows, title=title, filters=filters)

    monkeypatch.setattr(actions, "to_pdf", slow_pdf)
    signed_in(client, world.manager)
    form = {"csrf_token": csrf_token(client, "/audit/reports"), "format": "pdf"}

    async def both() -> tuple[int, int]:
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(
            transport=transport, base_url="http://localhost", cookies=client.cookies
        ) as concurrent:
            report = asyncio.create_task(concurrent.post("/audit/reports/download", data=form))
            assert await asyncio.to_thread(rendering.wait, WAIT), "rendering never started"
            page = await concurrent.get("/audit/reports")
            answered.set()
            return page.status_code, (await report).status_code

    assert asyncio.run(both()) == (200, 200)
    assert outcome == {"answered while rendering": True}


def test_a_report_too_long_for_a_pdf_is_refused_before_anything_is_read(
    client: TestClient,
    world: World,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(report_views, "PDF_LIMIT", 1)
    signed_in(client, world.manager)
    assert "Download PDF" not in client.get("/audit/reports").text
    refused = download(client, "pdf")
    assert refused.status_code == 400
    assert "A PDF holds at most 1 events: download CSV" in refused.text
    assert downloads(sessions) == []
    assert download(client, "csv").status_code == 200
    assert recorded_downloads(sessions) == 1
