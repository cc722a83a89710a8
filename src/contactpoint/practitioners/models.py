"""Accounts, the roles they hold, approved devices, server-side sessions and sign-in attempts.

Secrets are never stored in clear: passwords and PINs as argon2id hashes, the TOTP secret
encrypted with the service key, and every bearer token (session, device, one-time link) as
its SHA-256 digest.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contactpoint.authz.roles import Role
from contactpoint.db import Base
from contactpoint.types import EMAIL_LEN, NAME_LEN, BigId, UTCDateTime, enum_column, utcnow

USERNAME_LEN = 64
DIGEST_LEN = 64  # SHA-256, hex


class AccountStatus(StrEnum):
    PENDING_ENROLMENT = "pending_enrolment"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class SetupPurpose(StrEnum):
    """What a one-time link lets its holder set."""

    ENROL = "enrol"  # password, PIN, token and the end-user agreement
    RESET = "reset"  # password and PIN
    TOKEN = "token"  # noqa: S105 (a purpose, not a secret): the security token only


class DeviceStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REVOKED = "revoked"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_LEN), unique=True)  # lower case
    display_name: Mapped[str] = mapped_column(String(NAME_LEN))
    email: Mapped[str | None] = mapped_column(String(EMAIL_LEN))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[AccountStatus] = mapped_column(
        enum_column(AccountStatus), default=AccountStatus.PENDING_ENROLMENT
    )
    password_hash: Mapped[str | None] = mapped_column(String(200))
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    totp_secret_sealed: Mapped[str | None] = mapped_column(String(200))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)  # codes are single-use
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Vetting gates (SPEC §4): sign-in is refused once any of these has lapsed.
    criminal_records_checked_on: Mapped[date | None]
    training_completed_on: Mapped[date | None]
    agreement_accepted_on: Mapped[date | None]
    # The one outstanding one-time link, if any, and the token it will register.
    setup_token_digest: Mapped[str | None] = mapped_column(String(DIGEST_LEN), unique=True)
    setup_purpose: Mapped[SetupPurpose | None] = mapped_column(enum_column(SetupPurpose))
    setup_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pending_totp_secret_sealed: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Four eyes: an administrator proposes an account (its roles and vetting dates), a
    # different one approves it, and only then is its enrolment link issued, to the approver.
    # None for accounts the system made (the first administrator, the demo's).
    proposed_by_user_id: Mapped[int | None] = mapped_column(Integer)
    approved_by_user_id: Mapped[int | None] = mapped_column(Integer)
    vetting_recorded_by_user_id: Mapped[int | None] = mapped_column(Integer)

    @property
    def awaiting_approval(self) -> bool:
        return self.proposed_by_user_id is not None and self.approved_by_user_id is None


class RoleGrant(Base):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, length=40))


class Device(Base):
    """A computer approved for one user: a cookie token in development, a client certificate
    (its fingerprint, as the proxy verified it) in production. Only digests are stored."""

    __tablename__ = "devices"
    __table_args__ = (UniqueConstraint("user_id", "credential_digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label: Mapped[str] = mapped_column(String(60))
    status: Mapped[DeviceStatus] = mapped_column(
        enum_column(DeviceStatus), default=DeviceStatus.PENDING
    )
    credential_digest: Mapped[str | None] = mapped_column(String(DIGEST_LEN), index=True)
    link_digest: Mapped[str | None] = mapped_column(String(DIGEST_LEN), index=True)
    link_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_user_id: Mapped[int | None] = mapped_column(Integer)


class UserSession(Base):
    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(DIGEST_LEN), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role | None] = mapped_column(enum_column(Role, length=40))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SignInAttempt(Base):
    """Every attempt, kept for per-address throttling (in the database: no extra service)."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("ix_sign_in_attempts_address_time", "ip_address", "occurred_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ip_address: Mapped[str] = mapped_column(String(45))
    user_id: Mapped[int | None] = mapped_column(Integer)  # None when the username is unknown
    outcome: Mapped[str] = mapped_column(String(32))
