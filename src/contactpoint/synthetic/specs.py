"""What the generator produces, before it has database ids: plain, small, slotted records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from contactpoint.children.models import Gender, Relationship, SourceType
from contactpoint.organisations.models import OrganisationKind, SchoolPhase
from contactpoint.synthetic.places import AddressSpec, LocalAuthoritySpec


@dataclass(frozen=True, slots=True)
class OrganisationSpec:
    reference: str  # unique across the population: how rows refer to it before it has an id
    kind: OrganisationKind
    name: str
    phase: SchoolPhase | None
    phone: str
    email: str
    address: AddressSpec
    is_sensitive: bool = False


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    phone: str | None
    email: str | None


@dataclass(slots=True)
class InvolvementSpec:
    organisation: OrganisationSpec
    started_on: date
    ended_on: date | None = None
    practitioner: Contact | None = None
    is_lead_professional: bool = False
    caf_date: date | None = None


@dataclass(slots=True)
class CarerSpec:
    given_names: str
    family_name: str
    relationship: Relationship
    parental_responsibility: bool
    phone: str | None
    email: str | None


@dataclass(slots=True)
class ChildSpec:
    key: int  # population-wide ordinal: the ground truth that ties feed rows to a child
    given_names: str
    family_name: str
    gender: Gender
    date_of_birth: date
    is_twin: bool = False
    former_family_name: str | None = None
    alias_given_name: str | None = None
    identifiers: list[tuple[SourceType, str, str]] = field(default_factory=list)
    involvements: list[InvolvementSpec] = field(default_factory=list)


@dataclass(slots=True)
class HouseholdSpec:
    la: LocalAuthoritySpec
    address: AddressSpec
    moved_in: date | None
    previous_address: AddressSpec | None
    is_shielded: bool
    carers: list[CarerSpec]
    children: list[ChildSpec]


@dataclass(frozen=True, slots=True)
class AreaServices:
    """One local authority's organisations, grouped the way children are assigned to them."""

    la: LocalAuthoritySpec
    la_number: int  # three digits, unique per authority: the LA part of a pupil number
    first_key: int  # the first child key in this authority
    early_years: tuple[OrganisationSpec, ...]
    primary: tuple[OrganisationSpec, ...]
    secondary: tuple[OrganisationSpec, ...]
    gp: tuple[OrganisationSpec, ...]
    by_kind: dict[OrganisationKind, OrganisationSpec]

    def all(self) -> tuple[OrganisationSpec, ...]:
        return (
            self.early_years
            + self.primary
            + self.secondary
            + self.gp
            + tuple(self.by_kind.values())
        )
