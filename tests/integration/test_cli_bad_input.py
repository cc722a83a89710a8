"""Operators get one clear line and a non-zero exit for bad input, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "contactpoint"]


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CONTACTPOINT_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=environment, timeout=60, check=False
    )


def test_unreachable_database_is_one_line_with_what_to_do(tmp_path: Path) -> None:
    result = run(
        ["db", "upgrade"], tmp_path, CONTACTPOINT_DATABASE_URL="postgresql://127.0.0.1:1/nowhere"
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "cannot reach the database" in lines[0]
    assert "CONTACTPOINT_DATABASE_URL" in lines[0]


def test_unsupported_database_scheme_is_explained(tmp_path: Path) -> None:
    result = run(["db", "upgrade"], tmp_path, CONTACTPOINT_DATABASE_URL="mysql://localhost/x")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "sqlite:///" in result.stderr


def test_unknown_option_names_the_option_in_one_line(tmp_path: Path) -> None:
    result = run(["db", "upgrade", "--colour"], tmp_path)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "contactpoint: error: No such option: --colour (see `contactpoint db upgrade --help`)"
    ]


def test_non_numeric_count_is_one_line_naming_the_option(tmp_path: Path) -> None:
    result = run(["generate", "--children", "lots"], tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "'--children'" in lines[0]
    assert "valid integer" in lines[0]


def test_bad_setting_names_the_variable(tmp_path: Path) -> None:
    result = run(["db", "upgrade"], tmp_path, CONTACTPOINT_PORT="eighty")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "CONTACTPOINT_PORT" in result.stderr


def test_upgrade_creates_the_sqlite_database_under_the_data_directory(tmp_path: Path) -> None:
    result = run(["db", "upgrade"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "contactpoint.sqlite3").is_file()
