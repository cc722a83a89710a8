"""The web app and its client, shared with the other integration tests."""

from tests.integration.practitioners.conftest import app, client

__all__ = ["app", "client"]
