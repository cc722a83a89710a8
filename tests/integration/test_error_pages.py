"""Error pages never echo what was submitted: it may be a child's details."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from contactpoint.config import Settings
from contactpoint.web.app import create_app

CANARY = "Zebedee-Quillfeather-canary"


@pytest.fixture
def client(settings: Settings, engine: object) -> Iterator[TestClient]:
    # A loopback address: development cookies (CSRF) travel over plain http there.
    with TestClient(create_app(settings), base_url="http://localhost") as client:
        yield client


def test_an_over_long_form_field_is_a_plain_400_page_without_the_input(client: TestClient) -> None:
    page = client.get("/sign-in")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/sign-in",
        data={
            "csrf_token": token,
            "username": CANARY * 20,
            "password": "x",
            "pin": "1",
            "code": "1",
        },
    )
    assert response.status_code == 400
    assert "There is a problem with the request" in response.text
    assert CANARY not in response.text


def test_unknown_pages_are_a_gov_uk_404_that_does_not_repeat_the_address(
    client: TestClient,
) -> None:
    response = client.get(f"/children/{CANARY}/nowhere")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert CANARY not in response.text
    assert "govuk-template" in response.text
