"""`kill -9` part-way through an ingest, then re-run: the same end state as one clean run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.models import AuditEvent
from contactpoint.children.models import Child, SourceIdentifier, SourceType
from contactpoint.config import Settings
from contactpoint.feeds.ingest import KILL_HOOK
from contactpoint.feeds.models import FeedRow
from contactpoint.involvements.models import Involvement
from contactpoint.organisations.models import Organisation
from tests.conftest import clean
from tests.integration.cli.support import make_operator
from tests.integration.feeds.support import add_model, add_places, census_row, upn, write_feed

NAMES = ["Ava", "Isla", "Noah", "Leo", "Mia", "Ivy", "Theo", "Zara", "Finn", "Ruby"]


def _feed(path: Path) -> Path:
    rows = [
        census_row(
            upn(n), given_names=NAMES[n % 10], date_of_birth=f"201{n // 10}-0{1 + n % 9}-1{n % 10}"
        )
        for n in range(60)
    ]
    rows[7]["postcode"] = "nowhere"  # one rejected row, acknowledged like the rest
    return write_feed(path, SourceType.PUPIL_CENSUS, rows)


def _run(settings: Settings, operator: str, feed: Path, kill_after: int | None = None) -> int:
    env = os.environ | {
        "CONTACTPOINT_DATABASE_URL": settings.database_url,
        "CONTACTPOINT_DATA_DIR": str(settings.data_dir),
        "CONTACTPOINT_ENVIRONMENT": "test",
        "CONTACTPOINT_OPERATOR_SESSION": operator,  # who runs it: national:feeds:ingest
    }
    env.pop(KILL_HOOK, None)
    if kill_after is not None:
        env[KILL_HOOK] = str(kill_after)
    command = [sys.executable, "-m", "contactpoint", "ingest", "--source", "pupil_census"]
    command += ["--batch-size", "10", "--as-of", "2026-01-15", str(feed)]
    done = subprocess.run(command, env=env, capture_output=True, check=False, timeout=300)
    assert done.returncode in {0, -signal.SIGKILL}, done.stderr.decode()[-3000:]
    return done.returncode


def _state(sessions: sessionmaker[Session], feed: Path) -> dict[str, Any]:
    """Everything an operator would compare, by ContactPoint ID rather than row ids."""
    with sessions() as session:
        cp = dict(session.execute(select(Child.id, Child.cp_id)).all())
        children = sorted(
            (c.cp_id, c.given_names, c.family_name, c.date_of_birth)
            for c in session.scalars(select(Child))
        )
        identifiers = sorted(
            (cp[i.child_id], i.source.value, i.value)
            for i in session.scalars(select(SourceIdentifier))
        )
        rows = sorted(
            (r.line, r.outcome.value, cp.get(r.child_id or 0), r.reason)
            for r in session.scalars(select(FeedRow))
        )
        references = dict(session.execute(select(Organisation.id, Organisation.reference)).all())
        involvements = sorted(
            (cp[i.child_id], references[i.organisation_id], i.started_on)
            for i in session.scalars(select(Involvement))
        )
        events = Counter(session.scalars(select(AuditEvent.event_type)))
    ack = feed.with_name(feed.name + ".ack.csv").read_text()
    return {
        "children": children,
        "ids": identifiers,
        "rows": rows,
        "inv": involvements,
        "events": events,
        "ack": ack,
    }


def test_a_killed_ingest_rerun_ends_exactly_like_an_uninterrupted_one(
    engine: Engine,
    ready: sessionmaker[Session],
    settings: Settings,
    model_json: tuple[dict[str, Any], int],
    tmp_path: Path,
) -> None:
    feed = _feed(tmp_path / "pupil_census.csv")
    assert _run(settings, make_operator(ready, settings).token, feed) == 0
    uninterrupted = _state(ready, feed)
    clean(engine)
    add_places(ready)
    add_model(ready, model_json)
    operator = make_operator(ready, settings).token
    feed.with_name(feed.name + ".ack.csv").unlink()

    assert _run(settings, operator, feed, kill_after=2) == -signal.SIGKILL
    with ready() as session:
        done = len(session.scalars(select(FeedRow.line)).all())
    assert done == 20  # two batches of ten committed, the third rolled back
    assert _run(settings, operator, feed) == 0

    assert _state(ready, feed) == uninterrupted
    assert len(uninterrupted["children"]) == 59
