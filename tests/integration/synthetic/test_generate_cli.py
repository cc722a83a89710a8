"""`contactpoint generate`: prints its rate; bad input is one clear message, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactpoint.children.models import Child

CLI = [sys.executable, "-m", "contactpoint", "generate"]


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CONTACTPOINT_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=environment, timeout=120, check=False
    )


def test_generate_writes_the_population_and_prints_its_rate(
    tmp_path: Path, database_url: str, session: Session
) -> None:
    result = run(
        ["--children", "300", "--local-authorities", "2", "--seed", "4"],
        tmp_path,
        CONTACTPOINT_DATABASE_URL=database_url,
    )
    assert result.returncode == 0, result.stderr
    assert "Generated 300 children" in result.stdout
    assert "children/s" in result.stdout
    assert session.scalar(select(func.count()).select_from(Child)) == 300

    again = run(["--children", "10"], tmp_path, CONTACTPOINT_DATABASE_URL=database_url)
    assert again.returncode != 0
    assert "Traceback" not in again.stderr
    assert "already holds children" in again.stderr


def test_generate_feeds_writes_one_file_per_source(tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    result = run(["--children", "200", "--local-authorities", "1", "--feeds", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(path.name for path in out.iterdir())
    assert names == [
        "child_benefit.csv",
        "gp_registrations.csv",
        "ground_truth.csv",
        "la_social_care.csv",
        "pupil_census.csv",
    ]
    assert "gp_registration:" in result.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--children", "lots"], "--children"),
        (["--childs", "10"], "--childs"),
        (["--local-authorities", "0"], "--local-authorities"),
        (["--as-of", "next week", "--feeds", "x"], "--as-of"),
    ],
)
def test_bad_input_names_the_option_without_a_traceback(
    tmp_path: Path, args: list[str], named: str
) -> None:
    result = run(args, tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert named in result.stderr


def test_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    result = run(
        ["--children", "10"], tmp_path, CONTACTPOINT_DATABASE_URL="postgresql://127.0.0.1:1/nowhere"
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "cannot reach the database" in lines[0]
