"""Test databases: every test that touches storage gets a real, migrated database.

CONTACTPOINT_TEST_DATABASE picks the backend for the whole run: `sqlite` (default) or
`postgresql`. The PostgreSQL run creates its own database per worker on the server at
CONTACTPOINT_TEST_POSTGRES_URL; where that server is unreachable the run skips with a
message on a laptop, and fails in CI (CI=true), where it is mandatory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from contactpoint import catalogue, migrate
from contactpoint.audit import keys
from contactpoint.audit.models import GENESIS_HASH, AuditChainHead
from contactpoint.config import Environment, Settings
from contactpoint.db import make_engine, make_sessionmaker
from tests.owner import as_table_owner

BACKEND = os.environ.get("CONTACTPOINT_TEST_DATABASE", "sqlite")
POSTGRES_URL = os.environ.get(
    "CONTACTPOINT_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
# Rows the migrations seed; cleaning resets rather than deletes them.
SEEDED_TABLES = {"audit_chain_heads"}


def pytest_configure(config: pytest.Config) -> None:
    if BACKEND not in {"sqlite", "postgresql"}:
        raise pytest.UsageError("CONTACTPOINT_TEST_DATABASE must be sqlite or postgresql")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND == "postgresql":
        return
    skip = pytest.mark.skip(
        reason="PostgreSQL-only: runs in the CONTACTPOINT_TEST_DATABASE=postgresql pass"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _postgres_database(worker: str) -> str:
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    # Per process, so concurrent runs on one machine never drop each other's database.
    name = f"contactpoint_test_{worker}_{os.getpid()}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        message = f"PostgreSQL at {POSTGRES_URL} is not reachable ({type(error).__name__})"
        if IN_CI:
            pytest.fail(f"{message}: the PostgreSQL run is mandatory in CI", pytrace=False)
        pytest.skip(f"{message}: PostgreSQL tests skipped on this machine")
    finally:
        admin.dispose()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if BACKEND == "postgresql":
        return _postgres_database(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'contactpoint.sqlite3'}"


# The chain keys every test engine and test app seal audit events with (synthetic, test-only).
TEST_AUDIT_CHAIN_KEYS = "1:" + "5e" * 32


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = keys.bind(make_engine(database_url), _keyed_settings(database_url))
    migrate.upgrade(engine)
    yield engine
    engine.dispose()
    if BACKEND == "postgresql":
        _drop_postgres_database(make_url(database_url).database or "")


def _drop_postgres_database(name: str) -> None:
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def clean(engine: Engine) -> None:
    """Empty every table (children last) and reset the seeded audit chain heads."""
    with engine.begin() as connection, as_table_owner(connection):
        for table in reversed(catalogue.metadata.sorted_tables):
            if table.name not in SEEDED_TABLES:
                connection.execute(delete(table))
        connection.execute(update(AuditChainHead).values(seq=0, hash=GENESIS_HASH))


@pytest.fixture
def sessions(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """A session factory on a clean, migrated database."""
    clean(engine)
    yield make_sessionmaker(engine)
    clean(engine)


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session


def _keyed_settings(database_url: str) -> Settings:
    return Settings(
        environment=Environment.TEST,
        database_url=database_url,
        audit_chain_keys=TEST_AUDIT_CHAIN_KEYS,
    )


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        environment=Environment.TEST,
        data_dir=tmp_path / "data",
        database_url=database_url,
        audit_chain_keys=TEST_AUDIT_CHAIN_KEYS,
    )
