"""A tiny synthetic population: LAs, organisations, children and involvements by id."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from contactpoint.children.models import Child, Gender
from contactpoint.involvements.models import Involvement
from contactpoint.organisations.models import LocalAuthority, Organisation, OrganisationKind


def add_places(session: Session, las: int = 2, organisations_per_la: int = 2) -> None:
    """LA n (1-based) holds organisations n*10+1 ... n*10+organisations_per_la."""
    for la in range(1, las + 1):
        session.add(LocalAuthority(id=la, code=f"E0900000{la}", name=f"Test LA {la}", region="T"))
        for n in range(1, organisations_per_la + 1):
            kind = OrganisationKind.SCHOOL
            session.add(Organisation(id=la * 10 + n, kind=kind, name=f"Org {la}.{n}", la_id=la))
    session.flush()


def add_child(
    session: Session, child_id: int, la_id: int, *, family_name: str = "Testchild"
) -> Child:
    child = Child(
        id=child_id,
        cp_id=f"{child_id:012d}",
        given_names="Synthetic",
        family_name=family_name,
        gender=Gender.NOT_SPECIFIED,
        date_of_birth=date(2016, 4, 1),
        la_id=la_id,
    )
    session.add(child)
    session.flush()
    return child


def involve(session: Session, child_id: int, organisation_id: int) -> None:
    session.add(
        Involvement(child_id=child_id, organisation_id=organisation_id, started_on=date(2024, 9, 1))
    )
    session.flush()
