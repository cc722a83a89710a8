"""Families turned into table rows, with the database ids reserved for the batch.

Columns are listed here in the order rows are built, so the same tuples feed PostgreSQL's
COPY and SQLite's executemany. Tables are in foreign-key order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from contactpoint.children.models import OtherNameKind, RecordStatus
from contactpoint.synthetic.specs import ChildSpec, HouseholdSpec

Row = tuple[object, ...]

COLUMNS: dict[str, tuple[str, ...]] = {
    "addresses": ("id", "line1", "line2", "town", "postcode", "la_id"),
    "carers": ("id", "given_names", "family_name", "phone", "email", "address_id"),
    "children": (
        "id", "cp_id", "given_names", "family_name", "gender", "date_of_birth", "date_of_death",
        "status", "la_id", "current_address_id", "is_shielded", "kept_to_25_with_consent",
        "archived_on", "merged_into_id", "created_at", "updated_at",
    ),
    "child_other_names": ("id", "child_id", "kind", "given_names", "family_name"),
    "child_addresses": ("id", "child_id", "address_id", "moved_in", "moved_out"),
    "child_carers": ("child_id", "carer_id", "relationship", "parental_responsibility"),
    "source_identifiers": ("id", "child_id", "source", "issuer", "value"),
    "involvements": (
        "id", "child_id", "organisation_id", "practitioner_name", "practitioner_phone",
        "practitioner_email", "started_on", "ended_on", "is_lead_professional",
        "caf_undertaken", "caf_date", "created_at",
    ),
}  # fmt: skip
TABLES = tuple(COLUMNS)


def lived_at_previous_address(household: HouseholdSpec, child: ChildSpec) -> bool:
    return household.moved_in is not None and child.date_of_birth < household.moved_in


def other_names(child: ChildSpec) -> list[tuple[OtherNameKind, str, str]]:
    names = []
    if child.former_family_name:
        names.append((OtherNameKind.FORMER, child.given_names, child.former_family_name))
    if child.alias_given_name:
        names.append((OtherNameKind.ALIAS, child.alias_given_name, child.family_name))
    return names


def counts(households: list[HouseholdSpec]) -> dict[str, int]:
    """How many new ids each table needs for these families."""
    total = dict.fromkeys(TABLES, 0)
    for household in households:
        total["addresses"] += 1 + (household.previous_address is not None)
        total["carers"] += len(household.carers)
        for child in household.children:
            total["children"] += 1
            total["child_other_names"] += len(other_names(child))
            total["child_addresses"] += 1 + lived_at_previous_address(household, child)
            total["source_identifiers"] += len(child.identifiers)
            total["involvements"] += len(child.involvements)
    return total


class _Builder:
    """Appends each family's rows, taking each table's next reserved id as it goes."""

    def __init__(
        self,
        ids: dict[str, Iterator[int]],
        cp_ids: Iterator[str],
        la_id: Callable[[str], int],
        organisation_id: Callable[[str], int],
        now: datetime,
    ) -> None:
        self.ids, self.cp_ids, self.now = ids, cp_ids, now
        self.la_id, self.organisation_id = la_id, organisation_id
        self.rows: dict[str, list[Row]] = {table: [] for table in TABLES}

    def add(self, table: str, *values: object) -> int:
        """A row with a new id first; returns the id."""
        new_id = next(self.ids[table])
        self.rows[table].append((new_id, *values))
        return new_id

    def household(self, household: HouseholdSpec) -> None:
        la = self.la_id(household.la.code)
        new, old = household.address, household.previous_address
        home = self.add("addresses", new.line1, None, new.town, new.postcode, la)
        previous = None
        if old is not None:
            previous = self.add("addresses", old.line1, None, old.town, old.postcode, la)
        carers = [
            (self.add("carers", c.given_names, c.family_name, c.phone, c.email, home), c)
            for c in household.carers
        ]
        for child in household.children:
            child_id = self.add(
                "children", next(self.cp_ids), child.given_names, child.family_name,
                child.gender.value, child.date_of_birth, None, RecordStatus.ACTIVE.value, la,
                home, household.is_shielded, False, None, None, self.now, self.now,
            )  # fmt: skip
            self.addresses(household, child, child_id, home, previous)
            for carer_id, carer in carers:
                self.rows["child_carers"].append(
                    (child_id, carer_id, carer.relationship.value, carer.parental_responsibility)
                )
            self.details(child, child_id)

    def addresses(
        self,
        household: HouseholdSpec,
        child: ChildSpec,
        child_id: int,
        home: int,
        previous: int | None,
    ) -> None:
        born = child.date_of_birth
        moved_in = max(household.moved_in or born, born)
        if previous and lived_at_previous_address(household, child):
            self.add("child_addresses", child_id, previous, born, moved_in)
        self.add("child_addresses", child_id, home, moved_in, None)

    def details(self, child: ChildSpec, child_id: int) -> None:
        for kind, given, family in other_names(child):
            self.add("child_other_names", child_id, kind.value, given, family)
        for source, issuer, value in child.identifiers:
            self.add("source_identifiers", child_id, source.value, issuer, value)
        for inv in child.involvements:
            who = inv.practitioner
            self.add(
                "involvements", child_id, self.organisation_id(inv.organisation.reference),
                who and who.name, who and who.phone, who and who.email, inv.started_on,
                inv.ended_on, inv.is_lead_professional, inv.caf_date is not None, inv.caf_date,
                self.now,
            )  # fmt: skip


def build(
    households: list[HouseholdSpec],
    *,
    ids: dict[str, Iterator[int]],
    cp_ids: Iterator[str],
    la_id: Callable[[str], int],
    organisation_id: Callable[[str], int],
    now: datetime,
) -> dict[str, list[Row]]:
    """Every row for these families; `ids` yields each table's reserved ids in turn."""
    builder = _Builder(ids, cp_ids, la_id, organisation_id, now)
    for household in households:
        builder.household(household)
    return builder.rows
