"""SQL for a batch of thousands of rows at once: lookups by a set of values, and inserts.

- `among(column, values)`: `= ANY(:array)` on PostgreSQL, `IN (…)` elsewhere. As `IN (…)`
  every value is its own bound parameter, and psycopg spent more time splitting those long
  statements than the server spent answering them; an array is one parameter. SQLite has
  no arrays, so there it stays `IN`, in chunks under its variable limit.
- `bulk_insert` and `insert_returning_ids`: COPY on PostgreSQL (no statement to build and
  parse per row; new ids are drawn from the table's sequence first), a multi-row INSERT
  (… RETURNING) elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Boolean, any_, bindparam, insert, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement

CHUNK = 5_000  # values per statement: one round trip per batch, well inside SQLite's limit
T = TypeVar("T")


class _Among(ColumnElement[bool]):
    inherit_cache = False  # the values are part of the element, so it is never cached
    type = Boolean()

    def __init__(self, column: ColumnElement[Any], values: list[Any]) -> None:
        self.column = column
        self.values = values


def among(column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    return _Among(column, list(values))


@compiles(_Among)
def _in_list(element: _Among, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.in_(element.values), **kw)


@compiles(_Among, "postgresql")
def _any_array(element: _Among, compiler: SQLCompiler, **kw: Any) -> str:
    item = element.column.type.dialect_impl(compiler.dialect)  # BigId is Integer on SQLite
    array = bindparam(None, element.values, type_=ARRAY(item))
    return compiler.process(element.column == any_(array), **kw)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_returning_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids in row order.

    On PostgreSQL the ids are taken from the table's sequence first and the rows copied in
    with them; elsewhere a multi-row INSERT … RETURNING.
    """
    if not rows:
        return []
    if session.connection().dialect.name != "postgresql":
        statement = insert(model).returning(model.id, sort_by_parameter_order=True)
        return list(session.scalars(statement, rows))
    reserve = text(
        "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"
    )
    ids = list(session.scalars(reserve, {"table": model.__tablename__, "count": len(rows)}))
    bulk_insert(
        session, model, [{"id": new_id} | row for new_id, row in zip(ids, rows, strict=True)]
    )
    return ids


def bulk_insert(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys: COPY on PostgreSQL, one insert elsewhere."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql":
        session.execute(insert(model), list(rows))
        return
    table = model.__table__
    names = list(rows[0])
    if any(len(row) != len(names) for row in rows):
        raise ValueError(f"rows for {table.name} do not all have the same columns")
    defaults = _python_defaults(table, names)
    columns = names + list(defaults)
    # Each value as SQLAlchemy would bind it (enums to their values, JSON to text…).
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    ]
    quote = dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(map(quote, columns))}) FROM STDIN"
    fill = list(defaults.values())
    raw: Any = connection.connection.driver_connection  # psycopg's connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            values = [row[name] for name in names] + fill
            copy.write_row(
                [
                    process(value) if process else value
                    for value, process in zip(values, processors, strict=True)
                ]
            )


def _python_defaults(table: Any, given: list[str]) -> dict[str, Any]:
    """Defaults SQLAlchemy would fill in client-side (COPY does not): e.g. created_at."""
    defaults: dict[str, Any] = {}
    for column in table.c:
        default = column.default
        if column.name in given or default is None or default.is_sequence:
            continue
        defaults[column.name] = default.arg(None) if default.is_callable else default.arg
    return defaults
