"""The database refuses to change or remove an audit event, whoever asks.

Triggers on `audit_events` refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE), so no
code path, and no operator at a SQL prompt without the table owner's rights, can rewrite the
trail. On PostgreSQL the service also connects as a role that holds only SELECT and INSERT
on the audit tables (`grant_app_role`); migrations run as the owner. Someone with the
owner's rights can still drop a trigger: that is what the keyed hashes, the checkpoints and
the witness are for (docs/audit.md).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

MESSAGE = "audit events are append-only"

_POSTGRESQL_INSTALL = (
    f"""
    CREATE OR REPLACE FUNCTION contactpoint_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION contactpoint_audit_append_only()
    """,
    """
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION contactpoint_audit_append_only()
    """,
)
_POSTGRESQL_REMOVE = (
    "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
    "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
    "DROP FUNCTION IF EXISTS contactpoint_audit_append_only()",
)
_SQLITE_INSTALL = tuple(
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """
    for verb in ("UPDATE", "DELETE")
)
_SQLITE_REMOVE = tuple(
    f"DROP TRIGGER IF EXISTS audit_events_no_{verb}" for verb in ("update", "delete")
)


def install(connection: Connection) -> None:
    """Refuse every UPDATE, DELETE (and TRUNCATE) of an audit event, in this database."""
    postgresql = connection.dialect.name == "postgresql"
    for statement in _POSTGRESQL_INSTALL if postgresql else _SQLITE_INSTALL:
        connection.execute(text(statement))


def remove(connection: Connection) -> None:
    """Take the triggers away (the migration's downgrade; tests that play an owner)."""
    postgresql = connection.dialect.name == "postgresql"
    for statement in _POSTGRESQL_REMOVE if postgresql else _SQLITE_REMOVE:
        connection.execute(text(statement))


def grant_app_role(connection: Connection, role: str) -> None:
    """What the service's own PostgreSQL role may do: read and write its tables, but only
    read and append the audit trail. Run as the owner, after every migration."""
    quoted = connection.dialect.identifier_preparer.quote(role)
    for statement in (
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM {quoted}",
        f"REVOKE DELETE, TRUNCATE ON audit_chain_heads FROM {quoted}",
        f"REVOKE ALL ON alembic_version FROM {quoted}",
        f"GRANT SELECT ON alembic_version TO {quoted}",
    ):
        connection.execute(text(statement))
