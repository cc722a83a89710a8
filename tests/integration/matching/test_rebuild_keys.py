"""`contactpoint matching rebuild-keys`: every active child's keys, rebuilt idempotently."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from contactpoint.children.models import Child, RecordStatus
from contactpoint.config import Settings
from contactpoint.matching.models import MatchingKey
from contactpoint.synthetic.load import populate

CLI = [sys.executable, "-m", "contactpoint", "matching", "rebuild-keys"]


def rebuild(tmp_path: Path, database_url: str, *args: str) -> str:
    environment = {
        **os.environ,
        "CONTACTPOINT_DATA_DIR": str(tmp_path),
        "CONTACTPOINT_DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=environment, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def keys(session: Session) -> list[tuple[int, str]]:
    session.rollback()  # a fresh snapshot: the command committed from another process
    query = select(MatchingKey.child_id, MatchingKey.key).order_by(
        MatchingKey.child_id, MatchingKey.key
    )
    return [(child_id, key) for child_id, key in session.execute(query)]


def test_rebuilding_twice_gives_the_same_keys_and_restores_deleted_ones(
    settings: Settings, session: Session, tmp_path: Path, database_url: str
) -> None:
    populate(
        session.get_bind(),  # type: ignore[arg-type]
        settings,
        seed=3,
        children=500,
        local_authorities=1,
        as_of=date(2026, 1, 10),
    )
    generated = keys(session)

    output = rebuild(tmp_path, database_url, "--batch-size", "120")
    assert "for 500 children" in output
    assert "children/s" in output
    assert keys(session) == generated
    rebuild(tmp_path, database_url)
    assert keys(session) == generated

    some = session.scalars(select(Child.id).order_by(Child.id).limit(40)).all()
    session.execute(delete(MatchingKey).where(MatchingKey.child_id.in_(some)))
    session.execute(delete(MatchingKey).where(MatchingKey.key.like("py:%")))
    session.commit()
    assert len(keys(session)) < len(generated)
    rebuild(tmp_path, database_url, "--batch-size", "77")
    assert keys(session) == generated


def test_rebuilding_keys_only_active_children(
    settings: Settings, session: Session, tmp_path: Path, database_url: str
) -> None:
    populate(
        session.get_bind(),  # type: ignore[arg-type]
        settings,
        seed=3,
        children=200,
        local_authorities=1,
        as_of=date(2026, 1, 10),
    )
    archived = session.scalars(select(Child.id).order_by(Child.id).limit(5)).all()
    session.execute(delete(MatchingKey))
    session.execute(
        update(Child).where(Child.id.in_(archived)).values(status=RecordStatus.ARCHIVED)
    )
    session.commit()

    output = rebuild(tmp_path, database_url)

    assert "for 195 children" in output
    keyed = select(func.count(func.distinct(MatchingKey.child_id)))
    session.rollback()
    assert session.scalar(keyed) == 195
    assert not session.scalar(select(func.count()).where(MatchingKey.child_id.in_(archived)))
