"""The database itself refuses to change or remove an audit event; on PostgreSQL the
service's own role may only read and append the trail, and cannot switch the guard off."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.access.events import ViewDetails
from contactpoint.audit import guards, keys
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.verify import verify_trail
from contactpoint.audit.writer import record
from contactpoint.config import Settings
from contactpoint.db import make_engine, make_sessionmaker
from tests.integration.audit.trail import PRACTITIONER


def _one_event(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as session:
        event = record(
            session, "access:child:viewed", ViewDetails(reason="health"), by=PRACTITIONER
        )
        return event.id


@pytest.mark.parametrize(
    "statement",
    [
        lambda event_id: update(AuditEvent).where(AuditEvent.id == event_id).values(child_ref=1),
        lambda event_id: delete(AuditEvent).where(AuditEvent.id == event_id),
        lambda _event_id: delete(AuditEvent),
    ],
    ids=["update", "delete-one", "delete-all"],
)
def test_the_database_refuses_to_change_or_remove_an_event(
    sessions: sessionmaker[Session], statement: object
) -> None:
    event_id = _one_event(sessions)
    with pytest.raises(DBAPIError, match=guards.MESSAGE), sessions.begin() as session:
        session.execute(statement(event_id))  # type: ignore[operator]
    with sessions() as session:
        assert session.get(AuditEvent, event_id) is not None
        assert verify_trail(session).ok


@pytest.mark.postgres
def test_truncate_is_refused_on_postgresql(sessions: sessionmaker[Session]) -> None:
    _one_event(sessions)
    with pytest.raises(DBAPIError, match=guards.MESSAGE), sessions.begin() as session:
        session.execute(text("TRUNCATE audit_events"))
    with sessions() as session:
        assert session.scalars(select(AuditEvent)).all() != []


@pytest.fixture
def app_role(engine: Engine, settings: Settings) -> Iterator[sessionmaker[Session]]:
    """A login role granted what the service is granted, and sessions connected as it."""
    role = f"contactpoint_app_{os.getpid()}"
    with engine.begin() as connection:
        connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        guards.grant_app_role(connection, role)
    url = make_url(str(engine.url.render_as_string(hide_password=False))).set(username=role)
    app_engine = keys.bind(make_engine(url.render_as_string(hide_password=False)), settings)
    yield make_sessionmaker(app_engine)
    app_engine.dispose()
    with engine.begin() as connection:
        connection.execute(text(f'DROP OWNED BY "{role}"'))
        connection.execute(text(f'DROP ROLE "{role}"'))


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET child_ref = 1",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER USER",
        "DROP TRIGGER audit_events_append_only ON audit_events",
    ],
)
def test_the_service_role_can_only_append(app_role: sessionmaker[Session], statement: str) -> None:
    event_id = _one_event(app_role)  # the service appends as usual
    with pytest.raises(DBAPIError, match=r"permission denied|must be owner"), app_role.begin() as s:
        s.execute(text(statement))
    with app_role() as session:
        assert session.get(AuditEvent, event_id) is not None
        assert verify_trail(session).ok


@pytest.mark.postgres
def test_upgrading_as_the_owner_leaves_the_service_role_append_only(
    app_role: sessionmaker[Session], engine: Engine, settings: Settings
) -> None:
    from contactpoint.cli.common import close_databases, open_database

    service_url = app_role.kw["bind"].url.render_as_string(hide_password=False)
    settings.database_url = service_url
    settings.migration_database_url = engine.url.render_as_string(hide_password=False)
    service = open_database(settings, checkpoint=False)  # migrates as the owner, then grants
    try:
        event_id = _one_event(make_sessionmaker(service))
        with pytest.raises(DBAPIError, match="permission denied"), service.begin() as connection:
            connection.execute(text(f"DELETE FROM audit_events WHERE id = {event_id}"))
    finally:
        close_databases()
