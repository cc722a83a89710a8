"""`contactpoint audit checkpoint` then `verify`: passes untouched, exits 1 naming the event."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import update

from contactpoint import migrate
from contactpoint.audit import keys
from contactpoint.audit.models import AuditEvent
from contactpoint.config import Environment, Settings
from contactpoint.db import make_engine, make_sessionmaker
from tests.integration.audit.trail import write_views
from tests.owner import as_table_owner


def run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "CONTACTPOINT_DATA_DIR": str(data_dir),
        "CONTACTPOINT_ENVIRONMENT": "test",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "contactpoint", "audit", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_verify_passes_then_names_the_changed_event(tmp_path: Path) -> None:
    # The same settings as the commands below read from the environment, so the same keys.
    settings = Settings(environment=Environment.TEST, data_dir=tmp_path)
    engine = keys.bind(make_engine(settings.database_url), settings)
    migrate.upgrade(engine)
    with make_sessionmaker(engine).begin() as session:
        write_views(session, 100)
    assert run(["checkpoint"], tmp_path).returncode == 0
    untouched = run(["verify"], tmp_path)
    assert untouched.returncode == 0, untouched.stdout + untouched.stderr
    assert "100 events" in untouched.stdout

    with engine.begin() as connection, as_table_owner(connection):
        connection.execute(update(AuditEvent).where(AuditEvent.id == 42).values(actor_la_id=9))
    engine.dispose()
    tampered = run(["verify"], tmp_path)
    assert tampered.returncode == 1
    assert "(event id 42)" in tampered.stdout
    assert "changed" in tampered.stdout
