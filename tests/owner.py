"""Acting with the audit table owner's rights, which can switch the append-only triggers off:
cleaning between tests, and tests that play an insider rewriting the trail."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection

from contactpoint.audit import guards


def guards_off(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
    else:
        guards.remove(connection)


def guards_on(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))
    else:
        guards.install(connection)


@contextmanager
def as_table_owner(connection: Connection) -> Iterator[None]:
    guards_off(connection)
    try:
        yield
    finally:
        guards_on(connection)
