"""The documented feed formats: which columns each source sends and what each may hold.

Every source sends the same child columns; each adds its own identifier and, where it has
one, the organisation the child attends or is registered with. A column not listed here
is not held by ContactPoint, so a row giving it a value is rejected (SPEC §2, "Never held").
docs/feeds-and-matching.md is the operator-facing copy of these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from contactpoint.children.models import SourceType


class Kind(StrEnum):
    """What a column holds; validation.py has one parser per kind."""

    NAME = "name"
    DATE = "date"
    GENDER = "gender"
    ADDRESS_LINE = "address_line"
    TOWN = "town"
    POSTCODE = "postcode"
    LA_CODE = "la_code"
    UPN = "upn"
    NHS_NUMBER = "nhs_number"
    CHILD_BENEFIT_REFERENCE = "child_benefit_reference"
    LA_REFERENCE = "la_reference"
    SCHOOL_URN = "school_urn"
    ODS_CODE = "ods_code"
    RELATIONSHIP = "relationship"
    PHONE = "phone"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False


CHILD_COLUMNS = (
    Column("given_names", Kind.NAME, required=True),
    Column("family_name", Kind.NAME, required=True),
    Column("date_of_birth", Kind.DATE, required=True),
    Column("gender", Kind.GENDER, required=True),
    Column("address_line1", Kind.ADDRESS_LINE, required=True),
    Column("address_line2", Kind.ADDRESS_LINE),
    Column("town", Kind.TOWN, required=True),
    Column("postcode", Kind.POSTCODE, required=True),
    Column("la_code", Kind.LA_CODE, required=True),
)

CARER_COLUMNS = (
    Column("carer_given_names", Kind.NAME),
    Column("carer_family_name", Kind.NAME),
    Column("carer_relationship", Kind.RELATIONSHIP),
    Column("carer_phone", Kind.PHONE),
    Column("carer_parental_responsibility", Kind.BOOLEAN),
)


@dataclass(frozen=True)
class SourceFormat:
    source: SourceType
    file_name: str
    identifier: Column
    national_identifier: bool  # False: the identifier is issued by the LA in la_code
    organisation: Column | None
    extra: tuple[Column, ...] = ()

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        own = (self.identifier,) + ((self.organisation,) if self.organisation else ())
        return own + CHILD_COLUMNS + self.extra

    @cached_property
    def _by_name(self) -> dict[str, Column]:  # validation asks once per value of every row
        return {c.name: c for c in self.columns}

    def column(self, name: str) -> Column | None:
        return self._by_name.get(name)


FORMATS: dict[SourceType, SourceFormat] = {
    f.source: f
    for f in (
        SourceFormat(
            SourceType.PUPIL_CENSUS,
            "pupil_census.csv",
            Column("upn", Kind.UPN, required=True),
            national_identifier=True,
            organisation=Column("school_urn", Kind.SCHOOL_URN, required=True),
        ),
        SourceFormat(
            SourceType.GP_REGISTRATION,
            "gp_registrations.csv",
            Column("nhs_number", Kind.NHS_NUMBER, required=True),
            national_identifier=True,
            organisation=Column("gp_practice_code", Kind.ODS_CODE, required=True),
        ),
        SourceFormat(
            SourceType.CHILD_BENEFIT,
            "child_benefit.csv",
            Column("child_benefit_reference", Kind.CHILD_BENEFIT_REFERENCE, required=True),
            national_identifier=True,
            organisation=None,
            extra=CARER_COLUMNS,
        ),
        SourceFormat(
            SourceType.LA_SOCIAL_CARE,
            "la_social_care.csv",
            Column("la_reference", Kind.LA_REFERENCE, required=True),
            national_identifier=False,
            organisation=None,
            extra=CARER_COLUMNS,
        ),
    )
}


def source_named(name: str) -> SourceType:
    """The source type from what an operator typed (`pupil_census`, `gp_registration`…)."""
    aliases = {f.file_name.removesuffix(".csv"): s for s, f in FORMATS.items()}
    try:
        return aliases.get(name) or SourceType(name)
    except ValueError:
        known = ", ".join(sorted(s.value for s in FORMATS))
        raise ValueError(f"unknown source {name!r}: use one of {known}") from None
