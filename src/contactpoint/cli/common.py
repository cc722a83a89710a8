"""What every command shares: settings, a checked and migrated database, one-line failures."""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.engine import Engine

from contactpoint import (
    catalogue,  # noqa: F401
    migrate,
)
from contactpoint.audit import keys
from contactpoint.config import ConfigError, Settings
from contactpoint.db import check_connection, make_engine


class OperatorError(Exception):
    """A failure the operator can fix; shown as one line."""


_OPENED: list[Engine] = []  # closed when the command ends (main, or a test's in-process run)


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problem = error.errors()[0]
        name = "CONTACTPOINT_" + "_".join(map(str, problem["loc"])).upper()
        raise OperatorError(f"{name}: {problem['msg']}") from None


def open_database(settings: Settings, *, upgrade: bool = True) -> Engine:
    """The engine for the configured database, reachable and (by default) at the newest schema."""
    try:
        engine = keys.bind(make_engine(settings.database_url), settings)
        check_connection(engine)
    except ConfigError as error:
        raise OperatorError(str(error)) from None
    _OPENED.append(engine)
    if upgrade:
        migrate.upgrade(engine)
    return engine


def close_databases() -> None:
    while _OPENED:
        _OPENED.pop().dispose()
