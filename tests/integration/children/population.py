"""A seeded synthetic population for search tests and benchmarks, loaded in bulk.

Households of one to three children share a family name (some double-barrelled) and an
address; postcodes hold about fifteen households, as real ones do. Some children have a
former family name, a few are shielded, archived or merged. All names are synthetic.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert
from sqlalchemy.engine import Connection, Engine

from contactpoint.children.ids import IdMinter
from contactpoint.children.models import (
    Address,
    Child,
    ChildOtherName,
    Gender,
    OtherNameKind,
    RecordStatus,
)
from contactpoint.children.search_keys import index_children
from contactpoint.organisations.models import LocalAuthority
from contactpoint.synthetic import people

AREAS = ("B", "LS", "M", "NE", "BS", "NG", "L", "S", "CV", "LE", "SO", "PL", "EX", "YO", "DN")
TOWNS = ("Ashford", "Brindley", "Castleton", "Dunmore", "Eastwick", "Fairhaven", "Greyford")
FORMER_NAME_SHARE = 0.04
SHIELDED_SHARE = 0.02
ARCHIVED_SHARE = 0.01
MERGED_SHARE = 0.005


@dataclass(frozen=True)
class Person:
    id: int
    given_names: str
    family_name: str
    former_family_name: str | None
    date_of_birth: date
    gender: Gender
    postcode: str
    is_shielded: bool
    status: RecordStatus


def build(engine: Engine, *, children: int, seed: int, batch: int = 10_000) -> list[Person]:
    """Load `children` children (and their search keys) and return what was loaded."""
    rng = random.Random(seed)
    postcodes = [_postcode(rng) for _ in range(max(1, children // 30))]
    with engine.begin() as connection:
        la_id = connection.execute(
            insert(LocalAuthority).returning(LocalAuthority.id),
            {"code": f"E0{seed % 10_000_000:07d}", "name": "Synthetic", "region": "Nowhere"},
        ).scalar_one()
    loaded: list[Person] = []
    minting = Minting(IdMinter(f"population-{seed}".encode()), itertools.count())
    households = list(_households(rng, children, postcodes))
    for start in range(0, len(households), batch):
        with engine.begin() as connection:
            loaded += _load(connection, households[start : start + batch], la_id, minting, rng)
    return loaded


@dataclass(frozen=True)
class Minting:
    minter: IdMinter
    sequence: Iterator[int]

    def next_id(self) -> str:
        return self.minter.mint(next(self.sequence))


Household = tuple[str, str, list[tuple[str, Gender, date]]]


def _households(rng: random.Random, children: int, postcodes: list[str]) -> Iterator[Household]:
    made = 0
    today = date.today()
    while made < children:
        family, _ = people.household_family_name(rng)
        size = min(rng.choice((1, 1, 2, 2, 3)), children - made)
        kids: list[tuple[str, Gender, date]] = []
        for _ in range(size):
            gender = people.draw_gender(rng)
            avoid = kids[-1][0].split()[0] if kids else ""
            born = today - timedelta(days=rng.randrange(1, 18 * 365))
            kids.append((people.given_names(rng, gender, avoid), gender, born))
        made += size
        yield family, rng.choice(postcodes), kids


def _load(
    connection: Connection,
    households: list[Household],
    la_id: int,
    minting: Minting,
    rng: random.Random,
) -> list[Person]:
    address_ids = connection.execute(
        insert(Address).returning(Address.id, sort_by_parameter_order=True),
        [
            {"line1": "1 Test Street", "town": rng.choice(TOWNS), "postcode": pc, "la_id": la_id}
            for _, pc, _ in households
        ],
    ).scalars()
    rows: list[dict[str, object]] = []
    plan: list[tuple[str, str, str | None, date, Gender, str, bool, RecordStatus]] = []
    for (family, postcode, kids), address_id in zip(households, address_ids, strict=True):
        for given, gender, born in kids:
            status = _status(rng)
            former = people.family_name(rng) if rng.random() < FORMER_NAME_SHARE else None
            shielded = rng.random() < SHIELDED_SHARE
            rows.append(
                {
                    "cp_id": minting.next_id(),
                    "given_names": given,
                    "family_name": family,
                    "gender": gender,
                    "date_of_birth": born,
                    "status": status,
                    "la_id": la_id,
                    "current_address_id": address_id,
                    "is_shielded": shielded,
                }
            )
            plan.append((given, family, former, born, gender, postcode, shielded, status))
    child_ids = connection.execute(
        insert(Child).returning(Child.id, sort_by_parameter_order=True), rows
    ).scalars()
    loaded = [Person(child_id, *details) for child_id, details in zip(child_ids, plan, strict=True)]
    former_names = [
        {
            "child_id": p.id,
            "kind": OtherNameKind.FORMER,
            "given_names": p.given_names,
            "family_name": p.former_family_name,
        }
        for p in loaded
        if p.former_family_name
    ]
    if former_names:
        connection.execute(insert(ChildOtherName), former_names)
    index_children(connection, [p.id for p in loaded])
    return loaded


def _status(rng: random.Random) -> RecordStatus:
    roll = rng.random()
    if roll < ARCHIVED_SHARE:
        return RecordStatus.ARCHIVED
    return RecordStatus.MERGED if roll < ARCHIVED_SHARE + MERGED_SHARE else RecordStatus.ACTIVE


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    outward = f"{rng.choice(AREAS)}{rng.randrange(1, 30)}"
    return f"{outward} {rng.randrange(10)}{rng.choice(letters)}{rng.choice(letters)}"
