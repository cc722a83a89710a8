"""The search index: one row per name a child is known by, keyed for each criteria set.

A row holds a name variant (current, former, alias, and each part of a hyphenated family
name) as normalised text and phonetic codes, with the date of birth, gender and current
postcode. Every search is a handful of equality lookups on the indexes below, so no
search reads or scores every child. Archived and merged children have no rows.

Whoever inserts or changes children (bulk load, feed ingest, shielding, address change)
calls `index_children` for them in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    delete,
    insert,
    select,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped, mapped_column

from contactpoint.children.keys import KEY_LEN, IndexedChild, keys_for
from contactpoint.children.models import Address, Child, ChildOtherName, Gender, RecordStatus
from contactpoint.children.names import SOUND_LEN
from contactpoint.db import Base
from contactpoint.types import BigId, enum_column

BATCH = 10_000


class ChildSearchKey(Base):
    __tablename__ = "child_search_keys"
    __table_args__ = (
        # family name + date of birth (with day/month swaps and one-digit slips)
        Index("ix_child_search_keys_family_dob", "family_sound", "date_of_birth"),
        # family name typed with a slip its sound does not forgive: match either end
        Index("ix_child_search_keys_dob_ends", "date_of_birth", "family_head", "family_tail"),
        # family + given name + postcode; the district catches a mistyped postcode
        Index("ix_child_search_keys_postcode", "postcode"),
        Index(
            "ix_child_search_keys_district",
            "postcode_district",
            "family_sound",
            "given_sound",
        ),
        # family + given name + year of birth + gender
        Index(
            "ix_child_search_keys_year_family",
            "birth_year",
            "gender",
            "family_sound",
            "given_sound",
            "given_head",
            "given_tail",
        ),
        Index(
            "ix_child_search_keys_year_given",
            "birth_year",
            "gender",
            "given_sound",
            "family_head",
            "family_tail",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    family_norm: Mapped[str] = mapped_column(String(KEY_LEN))
    family_sound: Mapped[str] = mapped_column(String(SOUND_LEN))
    family_head: Mapped[str] = mapped_column(String(2))
    family_tail: Mapped[str] = mapped_column(String(2))
    given_norm: Mapped[str] = mapped_column(String(KEY_LEN))  # every given name, space-separated
    given_canon: Mapped[str] = mapped_column(String(KEY_LEN))  # first given name, nickname-mapped
    given_sound: Mapped[str] = mapped_column(String(SOUND_LEN))  # first given name, as held
    given_head: Mapped[str] = mapped_column(String(2))
    given_tail: Mapped[str] = mapped_column(String(2))
    date_of_birth: Mapped[date] = mapped_column(Date)
    birth_year: Mapped[int] = mapped_column(SmallInteger)
    gender: Mapped[Gender] = mapped_column(enum_column(Gender))
    postcode: Mapped[str | None] = mapped_column(String(7))  # no space, upper case
    postcode_district: Mapped[str | None] = mapped_column(String(4))
    is_shielded: Mapped[bool] = mapped_column(Boolean)


def index_children(connection: Connection, child_ids: Sequence[int]) -> int:
    """(Re)build the search keys of these children in the caller's transaction; rows written."""
    ids = list(dict.fromkeys(child_ids))
    if not ids:
        return 0
    connection.execute(delete(ChildSearchKey).where(ChildSearchKey.child_id.in_(ids)))
    return write_keys(connection, _load(connection, ids))


def write_keys(connection: Connection, children: Iterable[IndexedChild]) -> int:
    """Insert key rows for children that have none yet (bulk loaders build them in memory)."""
    rows = [row for child in children for row in keys_for(child)]
    if not rows:
        return 0
    if connection.dialect.name == "postgresql":
        _copy(connection, rows)
    else:
        connection.execute(insert(ChildSearchKey), rows)
    return len(rows)


def _copy(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """COPY is several times faster than INSERT for the national load's 10,000-child batches."""
    columns = list(rows[0])
    raw: Any = connection.connection.driver_connection
    sql = f"COPY {ChildSearchKey.__tablename__} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[column] for column in columns])


def reindex_all(engine: Engine, batch: int = BATCH) -> int:
    """Rebuild every child's keys, one transaction per batch; rows written."""
    written, after = 0, 0
    while True:
        with engine.begin() as connection:
            ids = list(
                connection.scalars(
                    select(Child.id).where(Child.id > after).order_by(Child.id).limit(batch)
                )
            )
            if not ids:
                return written
            written += index_children(connection, ids)
        after = ids[-1]


def _load(connection: Connection, ids: list[int]) -> Iterator[IndexedChild]:
    children = connection.execute(
        select(
            Child.id,
            Child.given_names,
            Child.family_name,
            Child.gender,
            Child.date_of_birth,
            Child.is_shielded,
            Address.postcode,
        )
        .outerjoin(Address, Address.id == Child.current_address_id)
        .where(Child.id.in_(ids), Child.status == RecordStatus.ACTIVE)
    ).all()
    other_names = _other_names(connection, [child.id for child in children])
    for child in children:
        yield IndexedChild(
            id=child.id,
            names=((child.given_names, child.family_name), *other_names[child.id]),
            gender=child.gender,
            date_of_birth=child.date_of_birth,
            postcode=child.postcode,
            is_shielded=child.is_shielded,
        )


def _other_names(connection: Connection, ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    query = select(
        ChildOtherName.child_id, ChildOtherName.given_names, ChildOtherName.family_name
    ).where(ChildOtherName.child_id.in_(list(ids)))
    for child_id, given_names, family_name in connection.execute(query):
        found[child_id].append((given_names, family_name))
    return found
