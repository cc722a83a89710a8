"""The settings behind displayed links and forwarded addresses fail fast when they cannot work."""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path

import pytest
from pydantic import ValidationError

from contactpoint.config import Environment, Settings


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings.model_validate({"data_dir": tmp_path, **values})


def test_no_proxy_is_trusted_unless_configured(tmp_path: Path) -> None:
    assert _settings(tmp_path).trusted_proxies == []


def test_trusted_proxies_are_comma_separated_addresses_or_networks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTACTPOINT_TRUSTED_PROXIES", "10.0.0.5, 192.168.0.0/16,::1")
    assert Settings(data_dir=tmp_path).trusted_proxies == [
        ip_network("10.0.0.5"),
        ip_network("192.168.0.0/16"),
        ip_network("::1"),
    ]


@pytest.mark.parametrize("given", ["*", "proxy.internal", "10.0.0.300"])
def test_a_trusted_proxy_that_is_not_an_address_is_refused(tmp_path: Path, given: str) -> None:
    with pytest.raises(ValidationError, match="trusted_proxies"):
        _settings(tmp_path, trusted_proxies=given)


def test_links_default_to_the_development_server(tmp_path: Path) -> None:
    settings = _settings(tmp_path, port=8123)
    assert settings.link("/enrol/abc") == "http://127.0.0.1:8123/enrol/abc"


def test_links_use_the_configured_base(tmp_path: Path) -> None:
    settings = _settings(tmp_path, base_url="https://contactpoint.example.gov.uk/")
    assert settings.link("/enrol/abc") == "https://contactpoint.example.gov.uk/enrol/abc"


@pytest.mark.parametrize(
    "given",
    ["contactpoint.example.gov.uk", "ftp://x.example", "https://x.example/?a=1", "https://u@x"],
)
def test_a_base_url_that_is_not_a_plain_address_is_refused(tmp_path: Path, given: str) -> None:
    with pytest.raises(ValidationError, match="base_url"):
        _settings(tmp_path, base_url=given)


@pytest.mark.parametrize("given", ["", "http://contactpoint.example.gov.uk"])
def test_production_needs_an_https_base_url(tmp_path: Path, given: str) -> None:
    with pytest.raises(ValidationError, match="base_url"):
        _settings(tmp_path, environment=Environment.PRODUCTION, base_url=given)
    production = _settings(
        tmp_path, environment=Environment.PRODUCTION, base_url="https://cp.example.gov.uk"
    )
    assert production.link("/x") == "https://cp.example.gov.uk/x"
