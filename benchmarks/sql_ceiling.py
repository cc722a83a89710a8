"""The database's ceiling: the SQL a search must run, driven straight at PostgreSQL.

The search statements are captured, exactly as SQLAlchemy sends them, from the project's own
`children.queries.search` (in a transaction rolled back at once). The audit append is what
`audit.writer.record` runs: claim a free chain head (FOR UPDATE SKIP LOCKED), insert the
hash-chained event, move the head on. A replayed search runs them all in one transaction
on its own psycopg connection, with no ORM, no web framework and no HTML in the way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from types import SimpleNamespace
from typing import Any

import psycopg
from benchmarks.http_load import Outcome
from psycopg.types.json import Json
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from contactpoint.access.schemas import SearchForm
from contactpoint.audit.writer import event_hash
from contactpoint.children.queries import search
from contactpoint.types import utcnow

Statement = tuple[str, Any]
CLAIM = (
    "SELECT chain, seq, hash FROM audit_chain_heads ORDER BY random() LIMIT 1"
    " FOR UPDATE SKIP LOCKED"
)
INSERT = (
    "INSERT INTO audit_events (chain, seq, occurred_at, event_type, actor_user_id, actor_role,"
    " actor_organisation_id, actor_la_id, on_behalf_of_user_id, child_ref, ip_address,"
    " user_agent, details, prev_hash, hash) VALUES (%(chain)s, %(seq)s, %(occurred_at)s,"
    " %(event_type)s, %(actor_user_id)s, %(actor_role)s, %(actor_organisation_id)s,"
    " %(actor_la_id)s, %(on_behalf_of_user_id)s, %(child_ref)s, %(ip_address)s,"
    " %(user_agent)s, %(details)s, %(prev_hash)s, %(hash)s)"
)
MOVE = "UPDATE audit_chain_heads SET seq = %s, hash = %s WHERE chain = %s"


def capture(engine: Engine, forms: list[dict[str, str]], cap: int) -> list[list[Statement]]:
    """Each form's search statements with their parameters, as the route would send them."""
    captured: list[Statement] = []

    def listen(_c: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        captured.append((statement, parameters))

    scripts = []
    with engine.connect() as connection:
        event.listen(connection, "before_cursor_execute", listen)
        for form in forms:
            criteria = SearchForm(values=dict(form)).criteria()
            assert criteria is not None, "a benchmark search the form refuses"
            captured.clear()
            with Session(bind=connection) as session:
                search(session, criteria, cap=cap)
            connection.rollback()
            scripts.append(list(captured))
    return scripts


async def replay_loop(
    dsn: str, scripts: list[list[Statement]], deadline: float, budget: list[int], out: Outcome
) -> None:
    """One virtual user: search after search, each in one transaction, until time or budget."""
    async with await psycopg.AsyncConnection.connect(dsn) as connection:
        turn = 0
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            script = scripts[turn % len(scripts)]
            turn += 1
            started = time.perf_counter()
            try:
                async with connection.transaction(), connection.cursor() as cursor:
                    results = 0
                    for statement, parameters in script:
                        await cursor.execute(statement, parameters)
                        results = len(await cursor.fetchall()) if cursor.description else results
                    await _append_audit(cursor, results)
            except psycopg.Error as error:
                out.error(type(error).__name__)
                continue
            out.latencies_ms.append((time.perf_counter() - started) * 1000)


async def _append_audit(cursor: psycopg.AsyncCursor[Any], results: int) -> None:
    await cursor.execute(CLAIM)
    head = await cursor.fetchone()
    if head is None:  # every chain busy: wait for one, as the writer does
        await cursor.execute(CLAIM.replace(" SKIP LOCKED", ""))
        head = await cursor.fetchone()
    assert head is not None
    chain, seq, previous = head
    fields = _event(chain, seq + 1, previous, results)
    fields["hash"] = event_hash(SimpleNamespace(**fields))
    await cursor.execute(INSERT, {**fields, "details": Json(fields["details"])})
    await cursor.execute(MOVE, (seq + 1, fields["hash"], chain))


def _event(chain: int, seq: int, previous: str, results: int) -> dict[str, Any]:
    details = {
        "criteria_set": "family_dob",
        "criteria_digest": "0" * 64,
        "results": results,
        "shielded_hits": 0,
    }
    return {
        "chain": chain, "seq": seq, "occurred_at": utcnow(), "event_type": "access:child:searched",
        "actor_user_id": 1, "actor_role": "practitioner", "actor_organisation_id": 1,
        "actor_la_id": None, "on_behalf_of_user_id": None, "child_ref": None,
        "ip_address": "127.0.0.1", "user_agent": "benchmark", "details": details,
        "prev_hash": previous,
    }  # fmt: skip


def loops(
    dsn: str,
    scripts: list[list[Statement]],
    *,
    users: int,
    seconds: float,
    limit: int,
    out: Outcome,
) -> list[Callable[[], Any]]:
    deadline, budget = time.perf_counter() + seconds, [limit]
    share = [scripts[i::users] or scripts for i in range(users)]
    return [partial(replay_loop, dsn, s, deadline, budget, out) for s in share]
