"""The first README command: a demo database with children and one account per role, re-runnable."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from contactpoint.authz.roles import Role
from contactpoint.config import Environment, Settings
from contactpoint.web.app import create_app

pytestmark = pytest.mark.slow


def demo(data_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "CONTACTPOINT_DATA_DIR": str(data_dir),
        "CONTACTPOINT_DATABASE_URL": "",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "contactpoint", "demo", "--no-serve", "--children", "300"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="module")
def first_run(demo_dir: Path) -> subprocess.CompletedProcess[str]:
    return demo(demo_dir)


def test_demo_generates_children_and_prints_a_sign_in_for_every_role(
    first_run: subprocess.CompletedProcess[str],
) -> None:
    assert first_run.returncode == 0, first_run.stderr
    assert "Generated 300 children" in first_run.stdout
    for role in Role:
        assert f"role {role.value}" in first_run.stdout
    assert "PIN" in first_run.stdout
    assert "/devices/register/" in first_run.stdout


def test_running_the_demo_again_reuses_the_database(
    first_run: subprocess.CompletedProcess[str], demo_dir: Path
) -> None:
    again = demo(demo_dir)
    assert again.returncode == 0, again.stderr
    assert "Using the existing synthetic population (300 children)" in again.stdout
    assert "Traceback" not in again.stderr


@pytest.fixture
def demo_client(first_run: object, demo_dir: Path) -> Iterator[TestClient]:
    settings = Settings(environment=Environment.DEVELOPMENT, data_dir=demo_dir)
    with TestClient(create_app(settings), base_url="http://127.0.0.1:8000") as client:
        yield client


def test_the_demo_serves_a_gov_uk_start_page(demo_client: TestClient) -> None:
    page = demo_client.get("/")
    assert page.status_code == 200
    assert 'class="govuk-template' in page.text
    assert "Find who is working with a child" in page.text
    assert demo_client.get("/static/govuk/govuk-frontend.min.css").status_code == 200
