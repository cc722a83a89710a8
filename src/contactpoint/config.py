"""One typed settings object, read from CONTACTPOINT_* environment variables.

Development generates its own secrets inside the data directory so the two-command start
works; any other environment refuses to start without secrets given explicitly.
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, IPvAnyNetwork, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class ConfigError(Exception):
    """Settings that cannot work; the message says what to set."""


_PLACEHOLDERS = {"", "changeme", "change-me", "secret", "development"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONTACTPOINT_", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    data_dir: Path = Path("data")
    database_url: str = ""
    # PostgreSQL: the table owner's URL, for migrations only. Then `database_url` names the
    # service's own role, which may only read and append the audit trail (audit/guards.py).
    migration_database_url: str = ""
    secret_key: str = ""
    id_key: str = ""
    audit_checkpoint_dir: Path | None = None
    # Ed25519 private key (PEM) that signs audit checkpoints; kept outside the database.
    audit_signing_key_path: Path | None = None
    # Its public half: all that `audit verify` needs (docs/audit.md). Development derives it.
    audit_verify_key_path: Path | None = None
    # The HMAC keys that seal each event's hash, `id:hex[,id:hex]`; the newest seals
    # (audit/keys.py). Development keeps one with the other secrets.
    audit_chain_keys: str = ""
    # The service signs a checkpoint this often while events are being written, and verify
    # fails when events older than twice this are not covered by one.
    audit_checkpoint_seconds: int = Field(default=30, ge=1, le=3600)
    # Whether this process runs the checkpointer. Several hosts: exactly one does (or they
    # share one checkpoint folder; numbering takes a file lock).
    audit_checkpointer: bool = True
    # The witness (a separate process with its own key and store) that countersigns every
    # checkpoint, and its public key; production needs both (docs/audit.md).
    audit_witness_url: str = ""
    audit_witness_key_path: Path | None = None
    search_result_cap: int = Field(default=20, ge=1, le=100)
    # Per-user limits that stop slow scraping (docs/security.md, "Rate limits").
    searches_per_minute: int = Field(default=10, ge=1)
    searches_per_day: int = Field(default=200, ge=1)
    views_per_minute: int = Field(default=10, ge=1)
    views_per_day: int = Field(default=150, ge=1)
    # Distinct children one user may be shown over today and yesterday before their access is
    # paused pending review (access/harvest.py): a harvester inside the limits stops here.
    harvest_listed_children: int = Field(default=450, ge=1)
    harvest_viewed_records: int = Field(default=45, ge=1)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # How a device proves it is approved (docs/security.md): a random token in a cookie, or
    # (production) a client certificate verified by the reverse proxy, whose fingerprint the
    # proxy passes in `client_certificate_header` after stripping any client-sent copy.
    device_check: Literal["cookie", "client_certificate"] = "cookie"
    client_certificate_header: str = "X-Client-Certificate-Fingerprint"
    # The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, as
    # addresses or networks, comma-separated (docs/security.md). Empty, the default: nobody's,
    # so the address the throttle counts and the audit trail records is the connecting one.
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = []
    # Where every link shown or sent to a person points (enrolment, resets, device
    # registration), never the request's Host header. Unset in development and tests:
    # http://{host}:{port}. Production must set it, with https.
    base_url: str = Field(default="", validate_default=True)

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str, info: ValidationInfo) -> str:
        value = value.strip().rstrip("/")
        production = info.data.get("environment") is Environment.PRODUCTION
        example = "for example https://contactpoint.example.gov.uk"
        if not value:
            if production:
                raise ValueError(f"production needs the address people reach it at, {example}")
            return value
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(f"must be an absolute http(s) address, {example}")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError(f"must be a plain address with no query, fragment or login, {example}")
        if production and parts.scheme != "https":
            raise ValueError(f"production links must use https, {example}")
        return value

    @model_validator(mode="after")
    def _fill_development_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'contactpoint.sqlite3'}"
        if self.audit_checkpoint_dir is None:
            self.audit_checkpoint_dir = self.data_dir / "audit-checkpoints"
        return self

    def link(self, path: str) -> str:
        """An absolute link to `path` for a person to follow, from the configured base."""
        return (self.base_url or f"http://{self.host}:{self.port}") + path

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def secret(self, name: str) -> bytes:
        """A named secret: given in the environment, or (development only) kept in data_dir."""
        given = getattr(self, name, "")
        if given and given.lower() not in _PLACEHOLDERS:
            return str(given).encode()
        if self.environment is Environment.PRODUCTION:
            raise ConfigError(
                f"CONTACTPOINT_{name.upper()} is not set: production needs a real secret "
                f"(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        return _development_secret(self.data_dir, name)


def _development_secret(data_dir: Path, name: str) -> bytes:
    path = data_dir / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
