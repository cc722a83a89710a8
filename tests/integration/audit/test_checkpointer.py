"""The running service signs checkpoints by itself and hands them to the witness."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.access.events import ViewDetails
from contactpoint.audit.checkpoint import all_checkpoints
from contactpoint.audit.writer import record
from contactpoint.config import Settings
from contactpoint.web.app import create_app
from tests.integration.audit.trail import PRACTITIONER
from tests.integration.audit.witnesses import running_witness


def test_the_service_checkpoints_while_it_runs_and_the_witness_countersigns(
    sessions: sessionmaker[Session], settings: Settings, tmp_path: Path
) -> None:
    settings.audit_checkpoint_seconds = 1
    with running_witness(settings, tmp_path / "witness") as witness:
        app = create_app(settings)
        with TestClient(app):
            with sessions.begin() as session:
                record(
                    session, "access:child:viewed", ViewDetails(reason="health"), by=PRACTITIONER
                )
            deadline = time.monotonic() + 20
            while not witness.store.receipts() and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(2.5)  # nothing new written: no further checkpoint
        app.state.engine.dispose()
    made = all_checkpoints(settings)
    assert [c.number for c in made.checkpoints] == [1], "one checkpoint, none while idle"
    assert made.problems == []
    assert [r.digest for r in witness.store.receipts()] == [made.checkpoints[0].digest]
