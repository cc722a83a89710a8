"""Places and a trained matching model in the test database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.integration.feeds.support import add_model, add_places, trained_model


@pytest.fixture(scope="session")
def model_json(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], int]:
    return trained_model(Path(tmp_path_factory.mktemp("training-feeds")))


@pytest.fixture
def ready(
    sessions: sessionmaker[Session], model_json: tuple[dict[str, Any], int]
) -> sessionmaker[Session]:
    """A clean database with an LA, two schools, a GP practice and a trained model."""
    add_places(sessions)
    add_model(sessions, model_json)
    return sessions
