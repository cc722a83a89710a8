"""An app on the test database, and browser-like clients that keep their cookies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.config import Settings
from contactpoint.web.app import create_app


@pytest.fixture
def app(settings: Settings, sessions: sessionmaker[Session]) -> Iterator[FastAPI]:
    app = create_app(settings)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://localhost") as client:
        yield client
