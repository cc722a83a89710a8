"""Every response carries the security headers; the CSP nonce is fresh and matches the page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from contactpoint.config import Settings
from contactpoint.web.app import create_app


@pytest.fixture
def client(settings: Settings, sessions: object) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app, base_url="https://localhost") as client:
        yield client
    app.state.engine.dispose()


def _nonce(policy: str) -> str:
    match = re.search(r"script-src 'self' 'nonce-([^']+)'", policy)
    assert match is not None, policy
    return match.group(1)


@pytest.mark.parametrize(("path", "status"), [("/sign-in", 200), ("/no-such-page", 404)])
def test_pages_and_error_pages_carry_the_security_headers(
    client: TestClient, path: str, status: int
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"  # no child's page in any cache
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy


def test_the_nonce_is_new_for_each_response_and_only_our_scripts_carry_it(
    client: TestClient,
) -> None:
    first, second = client.get("/sign-in"), client.get("/sign-in")
    nonce = _nonce(first.headers["content-security-policy"])
    assert nonce != _nonce(second.headers["content-security-policy"])
    scripts = re.findall(r"<script\b[^>]*>", first.text)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_an_unknown_session_cookie_is_cleared(client: TestClient) -> None:
    client.cookies.set("cp_session", "not-a-session")
    response = client.get("/sign-in")
    assert response.status_code == 200
    cleared = [v for v in response.headers.get_list("set-cookie") if v.startswith("cp_session=")]
    assert cleared
    assert "Max-Age=0" in cleared[0]
