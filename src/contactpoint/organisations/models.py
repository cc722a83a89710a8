"""Local authorities and organisations; sensitive services are marked so they can be hidden."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from contactpoint.db import Base
from contactpoint.types import EMAIL_LEN, NAME_LEN, PHONE_LEN, POSTCODE_LEN, enum_column


class OrganisationKind(StrEnum):
    SCHOOL = "school"
    EARLY_YEARS = "early_years"
    GP_PRACTICE = "gp_practice"
    HEALTH_VISITING = "health_visiting"
    SOCIAL_CARE = "social_care"
    YOUTH_OFFENDING = "youth_offending"
    CAMHS = "camhs"
    VOLUNTARY = "voluntary"
    POLICE = "police"
    SEXUAL_HEALTH = "sexual_health"
    SUBSTANCE_MISUSE = "substance_misuse"
    MENTAL_HEALTH = "mental_health"
    LA_CONTACTPOINT_TEAM = "la_contactpoint_team"
    NATIONAL_PARTNER = "national_partner"
    NATIONAL_ADMINISTRATION = "national_administration"


# Kinds whose involvement is a sensitive service unless stated otherwise (SPEC §2.9).
SENSITIVE_KINDS = frozenset(
    {
        OrganisationKind.SEXUAL_HEALTH,
        OrganisationKind.SUBSTANCE_MISUSE,
        OrganisationKind.MENTAL_HEALTH,
    }
)


class SchoolPhase(StrEnum):
    NURSERY = "nursery"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    ALL_THROUGH = "all_through"


class LocalAuthority(Base):
    __tablename__ = "local_authorities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(9), unique=True)  # ONS style, e.g. E08000005
    name: Mapped[str] = mapped_column(String(80))
    region: Mapped[str] = mapped_column(String(40))


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (Index("ix_organisations_la_kind", "la_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    name: Mapped[str] = mapped_column(String(120))
    la_id: Mapped[int | None] = mapped_column(ForeignKey("local_authorities.id"))
    reference: Mapped[str | None] = mapped_column(String(12), unique=True)  # URN / ODS code
    phase: Mapped[SchoolPhase | None] = mapped_column(enum_column(SchoolPhase))
    phone: Mapped[str | None] = mapped_column(String(PHONE_LEN))
    email: Mapped[str | None] = mapped_column(String(EMAIL_LEN))
    address_line: Mapped[str | None] = mapped_column(String(NAME_LEN))
    town: Mapped[str | None] = mapped_column(String(60))
    postcode: Mapped[str | None] = mapped_column(String(POSTCODE_LEN))
    is_sensitive: Mapped[bool] = mapped_column(default=False)
