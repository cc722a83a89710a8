"""Shared set-up for feed and matching tests: places, a trained model, small crafted feeds."""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.writer import SYSTEM
from contactpoint.children.ids import IdMinter
from contactpoint.children.models import SourceType
from contactpoint.db import transaction
from contactpoint.feeds.formats import FORMATS
from contactpoint.feeds.ingest import IngestReport, ingest_file
from contactpoint.matching.model import save_model
from contactpoint.matching.training import train_from_files
from contactpoint.organisations.models import LocalAuthority, Organisation, OrganisationKind

AS_OF = date(2026, 1, 15)
LA_CODE = "E08000005"
SCHOOLS = ("100001", "100002")
PRACTICE = "P00001"
MINTER = IdMinter(b"test-id-key")


@cache
def trained_model(directory: Path) -> tuple[dict[str, Any], int]:
    """A model trained once per run on generated feeds (EM needs more than a handful of rows)."""
    from contactpoint.synthetic.feeds import write_feeds
    from contactpoint.synthetic.population import Plan

    write_feeds(directory, Plan(seed=4, children=800, local_authorities=1, as_of=AS_OF))
    files = [(source, directory / fmt.file_name) for source, fmt in FORMATS.items()]
    return train_from_files(files, as_of=AS_OF)


def add_places(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        la = LocalAuthority(code=LA_CODE, name="Rochdale", region="North West")
        session.add(la)
        session.flush()
        for urn in SCHOOLS:
            session.add(
                Organisation(
                    kind=OrganisationKind.SCHOOL, name=f"School {urn}", la_id=la.id, reference=urn
                )
            )
        session.add(
            Organisation(
                kind=OrganisationKind.GP_PRACTICE, name="Surgery", la_id=la.id, reference=PRACTICE
            )
        )


def add_model(sessions: sessionmaker[Session], model: tuple[dict[str, Any], int]) -> None:
    with transaction(sessions) as session:
        save_model(session, model[0], trained_on_rows=model[1], by=SYSTEM)


def child_row(**overrides: str) -> dict[str, str]:
    row = {
        "given_names": "Amelia Rose",
        "family_name": "Hartley",
        "date_of_birth": "2015-03-09",
        "gender": "f",
        "address_line1": "12 Mill Lane",
        "address_line2": "",
        "town": "Rochdale",
        "postcode": "OL11 2AB",
        "la_code": LA_CODE,
    }
    return row | overrides


def census_row(upn: str, **overrides: str) -> dict[str, str]:
    return {"upn": upn, "school_urn": SCHOOLS[0]} | child_row(**overrides)


def gp_row(nhs_number: str, **overrides: str) -> dict[str, str]:
    return {"nhs_number": nhs_number, "gp_practice_code": PRACTICE} | child_row(**overrides)


def write_feed(path: Path, source: SourceType, rows: list[dict[str, str]]) -> Path:
    columns = [c.name for c in FORMATS[source].columns]
    extra = [k for row in rows for k in row if k not in columns]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns + list(dict.fromkeys(extra)))
        writer.writeheader()
        writer.writerows(rows)
    return path


def ingest(
    sessions: sessionmaker[Session], source: SourceType, path: Path, **options: Any
) -> IngestReport:
    return ingest_file(
        sessions, source=source, path=path, minter=MINTER, by=SYSTEM, as_of=AS_OF, **options
    )


def upn(n: int) -> str:
    body = f"{n:012d}"
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    return letters[sum(int(c) * w for w, c in enumerate(body, start=2)) % 23] + body


def nhs(n: int) -> str:
    """The n-th NHS number with a valid check digit (skipping bodies that cannot have one)."""
    found = -1
    for body in range(900_000_000, 999_999_999):
        digits = f"{body:09d}"
        check = (11 - sum(int(d) * (10 - i) for i, d in enumerate(digits)) % 11) % 11
        if check != 10:
            found += 1
            if found == n:
                return digits + str(check)
    raise AssertionError("unreachable")
