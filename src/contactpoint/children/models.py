"""What is held about a child (SPEC §2), and nothing else: every column is typed and bounded."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contactpoint.db import Base
from contactpoint.types import (
    EMAIL_LEN,
    NAME_LEN,
    PHONE_LEN,
    POSTCODE_LEN,
    BigId,
    UTCDateTime,
    enum_column,
    utcnow,
)


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NOT_KNOWN = "not_known"
    NOT_SPECIFIED = "not_specified"


class RecordStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"  # at 18 (or 25 with consent); hidden from every user
    MERGED = "merged"  # folded into another record by matching; kept so an unmerge can restore it


class OtherNameKind(StrEnum):
    FORMER = "former"
    ALIAS = "alias"


class Relationship(StrEnum):
    MOTHER = "mother"
    FATHER = "father"
    STEP_PARENT = "step_parent"
    GRANDPARENT = "grandparent"
    FOSTER_CARER = "foster_carer"
    GUARDIAN = "guardian"
    OTHER_RELATIVE = "other_relative"
    OTHER = "other"


class SourceType(StrEnum):
    PUPIL_CENSUS = "pupil_census"  # unique pupil number
    GP_REGISTRATION = "gp_registration"  # NHS number
    CHILD_BENEFIT = "child_benefit"  # child benefit reference
    LA_SOCIAL_CARE = "la_social_care"  # the LA's own case-system reference
    BIRTH_REGISTRATION = "birth_registration"


class Address(Base):
    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    line1: Mapped[str] = mapped_column(String(NAME_LEN))
    line2: Mapped[str | None] = mapped_column(String(NAME_LEN))
    town: Mapped[str] = mapped_column(String(60))
    postcode: Mapped[str] = mapped_column(String(POSTCODE_LEN), index=True)
    la_id: Mapped[int] = mapped_column(ForeignKey("local_authorities.id"))


class Child(Base):
    __tablename__ = "children"
    __table_args__ = (
        Index("ix_children_family_name_dob", "family_name", "date_of_birth"),
        # Shielding reviews list an LA's shielded children: 0.2% of rows, so a partial index.
        Index(
            "ix_children_shielded_la",
            "la_id",
            postgresql_where=text("is_shielded"),
            sqlite_where=text("is_shielded"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    cp_id: Mapped[str] = mapped_column(String(12), unique=True)
    given_names: Mapped[str] = mapped_column(String(NAME_LEN))
    family_name: Mapped[str] = mapped_column(String(NAME_LEN))
    gender: Mapped[Gender] = mapped_column(enum_column(Gender))
    date_of_birth: Mapped[date]
    date_of_death: Mapped[date | None]
    status: Mapped[RecordStatus] = mapped_column(
        enum_column(RecordStatus), default=RecordStatus.ACTIVE
    )
    la_id: Mapped[int] = mapped_column(ForeignKey("local_authorities.id"), index=True)
    current_address_id: Mapped[int | None] = mapped_column(ForeignKey("addresses.id"), index=True)
    is_shielded: Mapped[bool] = mapped_column(default=False)
    kept_to_25_with_consent: Mapped[bool] = mapped_column(default=False)
    archived_on: Mapped[date | None]
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    current_address: Mapped[Address | None] = relationship(lazy="raise")


class ChildOtherName(Base):
    __tablename__ = "child_other_names"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    kind: Mapped[OtherNameKind] = mapped_column(enum_column(OtherNameKind))
    given_names: Mapped[str] = mapped_column(String(NAME_LEN))
    family_name: Mapped[str] = mapped_column(String(NAME_LEN), index=True)


class ChildAddress(Base):
    """Address history: kept for matching, never shown."""

    __tablename__ = "child_addresses"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    address_id: Mapped[int] = mapped_column(ForeignKey("addresses.id"), index=True)
    moved_in: Mapped[date | None]
    moved_out: Mapped[date | None]


class Carer(Base):
    __tablename__ = "carers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    given_names: Mapped[str] = mapped_column(String(NAME_LEN))
    family_name: Mapped[str] = mapped_column(String(NAME_LEN))
    phone: Mapped[str | None] = mapped_column(String(PHONE_LEN))
    email: Mapped[str | None] = mapped_column(String(EMAIL_LEN))
    address_id: Mapped[int | None] = mapped_column(ForeignKey("addresses.id"), index=True)


class ChildCarer(Base):
    __tablename__ = "child_carers"

    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), primary_key=True)
    carer_id: Mapped[int] = mapped_column(ForeignKey("carers.id"), primary_key=True, index=True)
    relationship: Mapped[Relationship] = mapped_column(enum_column(Relationship))
    parental_responsibility: Mapped[bool]


class SourceIdentifier(Base):
    """An identifier a source system knows the child by: for matching, never for display."""

    __tablename__ = "source_identifiers"
    __table_args__ = (UniqueConstraint("source", "issuer", "value"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    source: Mapped[SourceType] = mapped_column(enum_column(SourceType))
    issuer: Mapped[str] = mapped_column(String(16))  # "national" or the issuing LA's code
    value: Mapped[str] = mapped_column(String(20))


class IdAllocation(Base):
    """Where the next block of ContactPoint ID sequence numbers starts (see children/ids.py)."""

    __tablename__ = "id_allocations"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_value: Mapped[int] = mapped_column(BigId)
