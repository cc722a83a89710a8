"""What every command shares: settings, a checked and migrated database, one-line failures."""

from __future__ import annotations

import sys

from pydantic import ValidationError
from sqlalchemy.engine import Engine

from contactpoint import (
    catalogue,  # noqa: F401
    migrate,
)
from contactpoint.audit import guards, keys
from contactpoint.config import ConfigError, Settings
from contactpoint.db import check_connection, make_engine


class OperatorError(Exception):
    """A failure the operator can fix; shown as one line."""


# Closed when the command ends (main, or a test's in-process run); those that may have
# written audit events are checkpointed first, as the running service would.
_OPENED: list[tuple[Engine, Settings | None]] = []


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problem = error.errors()[0]
        name = "CONTACTPOINT_" + "_".join(map(str, problem["loc"])).upper()
        raise OperatorError(f"{name}: {problem['msg']}") from None


def open_database(settings: Settings, *, upgrade: bool = True, checkpoint: bool = True) -> Engine:
    """The engine for the configured database, reachable and (by default) at the newest schema.

    `checkpoint`: sign an audit checkpoint when the command ends, if it moved any chain (off
    for `audit verify`, which must never vouch for what it was asked to check)."""
    try:
        engine = keys.bind(make_engine(settings.database_url), settings)
        check_connection(engine)
    except ConfigError as error:
        raise OperatorError(str(error)) from None
    _OPENED.append((engine, settings if checkpoint else None))
    if upgrade:
        _upgrade(settings, engine)
    return engine


def _upgrade(settings: Settings, engine: Engine) -> None:
    """Migrate as the owner; then the service's role gets exactly its grants again (new
    tables included), so it can never rewrite the audit trail."""
    if not settings.migration_database_url:
        migrate.upgrade(engine)
        return
    try:
        owner = make_engine(settings.migration_database_url)
        check_connection(owner)
    except ConfigError as error:
        raise OperatorError(f"CONTACTPOINT_MIGRATION_DATABASE_URL: {error}") from None
    try:
        migrate.upgrade(owner)
        service_role = engine.url.username
        if owner.dialect.name == "postgresql" and service_role != owner.url.username:
            with owner.begin() as connection:
                guards.grant_app_role(connection, service_role or "")
    finally:
        owner.dispose()


def close_databases() -> None:
    while _OPENED:
        engine, settings = _OPENED.pop()
        if settings is not None:
            _checkpoint(engine, settings)
        engine.dispose()


def _checkpoint(engine: Engine, settings: Settings) -> None:
    from contactpoint.audit.checkpointer import checkpoint_now

    try:
        checkpoint_now(engine, settings)
    except Exception as error:
        print(f"contactpoint: warning: no audit checkpoint written ({error})", file=sys.stderr)
