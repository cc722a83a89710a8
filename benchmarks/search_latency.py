"""Search latency on PostgreSQL: load N synthetic children, then time realistic searches.

    .venv/bin/python -m benchmarks.search_latency --children 200000 --queries 3000

Loads with the synthetic generator (which calls index_children per batch) into its own
database, unless that database already holds children. Each search runs in its own short
transaction, as a web request would. Prints p50/p95/p99 per criteria set, where the sought
child came (top three, lower, "refine your search", absent), and EXPLAIN (ANALYZE, BUFFERS)
of one candidate lookup per set.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session
from tests.integration.children import misspell

from contactpoint import catalogue, migrate  # noqa: F401
from contactpoint.children.models import Address, Child, RecordStatus
from contactpoint.children.queries import explain, search
from contactpoint.children.schemas import OutcomeKind, SearchCriteria, SearchOutcome
from contactpoint.config import Environment, Settings
from contactpoint.db import make_engine, make_sessionmaker
from contactpoint.synthetic.load import populate

SETS = ("family_dob", "family_given_postcode", "family_given_yob_gender", "cp_id")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url", default="postgresql://127.0.0.1:5432/contactpoint_bench_search"
    )
    args = parser.parse_args()
    engine = _database(args.database_url)
    migrate.upgrade(engine)
    _load(engine, args.children, args.seed)
    people = _sample(engine, args.queries, args.seed)
    timings, hits = _run(engine, people, random.Random(args.seed))
    _report(timings, hits)
    _plans(engine, people[0])


def _database(url: str) -> Engine:
    name = make_url(url).database or "contactpoint_bench_search"
    admin = make_engine(
        make_url(url).set(database="postgres").render_as_string(False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_engine(url)


def _load(engine: Engine, children: int, seed: int) -> None:
    with engine.connect() as connection:
        present = connection.scalar(select(func.count()).select_from(Child)) or 0
    if present:
        print(f"reusing {present:,} children already loaded")
        return
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        data_dir=Path("data/bench-search"),
        database_url=engine.url.render_as_string(False),
    )
    summary = populate(
        engine,
        settings,
        seed=seed,
        children=children,
        local_authorities=max(1, children // 40_000),
    )
    print(f"loaded {summary.children:,} children in {summary.seconds:.0f}s (keys included)")
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()


def _sample(engine: Engine, count: int, seed: int) -> list[dict[str, object]]:
    query = (
        select(
            Child.id,
            Child.cp_id,
            Child.given_names,
            Child.family_name,
            Child.date_of_birth,
            Child.gender,
            Child.is_shielded,
            Address.postcode,
        )
        .join(Address, Address.id == Child.current_address_id)
        .where(Child.status == RecordStatus.ACTIVE)
        .order_by(func.md5(func.concat(Child.id, str(seed))))
        .limit(count)
    )
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def _criteria(person: dict[str, object], chosen: str, rng: random.Random) -> SearchCriteria:
    family, given = str(person["family_name"]), str(person["given_names"]).split()[0]
    born = person["date_of_birth"]
    assert isinstance(born, date)
    mistake = rng.random()
    if mistake < 0.3:
        family = misspell.keyboard_slip(family, rng)
    elif mistake < 0.5:
        given = misspell.nickname(given, rng)
    elif mistake < 0.7 and chosen == "family_dob":
        born = misspell.slipped(born, rng, date.today())
    if chosen == "family_dob":
        return SearchCriteria(family_name=family, date_of_birth=born)
    if chosen == "family_given_postcode":
        return SearchCriteria(family_name=family, given_name=given, postcode=person["postcode"])
    if chosen == "cp_id":
        return SearchCriteria(cp_id=str(person["cp_id"]))
    return SearchCriteria(
        family_name=family, given_name=given, year_of_birth=born.year, gender=person["gender"]
    )


def _run(
    engine: Engine, people: list[dict[str, object]], rng: random.Random
) -> tuple[dict[str, list[float]], dict[str, list[str]]]:
    factory = make_sessionmaker(engine)
    timings: dict[str, list[float]] = defaultdict(list)
    hits: dict[str, list[str]] = defaultdict(list)
    for person in people:
        chosen = rng.choice(SETS)
        if chosen == "family_given_postcode" and person["is_shielded"]:
            continue
        criteria = _criteria(person, chosen, rng)
        started = time.perf_counter()
        with factory() as session, session.begin():
            outcome = search(session, criteria, cap=20)
        timings[chosen].append((time.perf_counter() - started) * 1000)
        hits[chosen].append(_where(person["id"], outcome))
    return timings, hits


def _where(child_id: object, outcome: SearchOutcome) -> str:
    """Where the sought child came: top-3, lower in the list, "refine" (too many), or absent."""
    if outcome.kind is OutcomeKind.TOO_MANY:
        return "refine"
    ids = [row.child_id for row in outcome.results]
    if child_id in ids[:3]:
        return "top-3"
    return "lower" if child_id in ids else "absent"


def _report(timings: dict[str, list[float]], hits: dict[str, list[str]]) -> None:
    print(f"\n{'criteria set':26} {'n':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}  "
          "top-3  lower refine absent")  # fmt: skip
    everything = [ms for values in timings.values() for ms in values]
    for name, values in [*sorted(timings.items()), ("all", everything)]:
        cuts = statistics.quantiles(values, n=100)
        found = hits.get(name) or [hit for h in hits.values() for hit in h]
        shares = "  ".join(
            f"{found.count(place) / len(found):5.1%}"
            for place in ("top-3", "lower", "refine", "absent")
        )
        print(
            f"{name:26} {len(values):5} {cuts[49]:6.1f}ms {cuts[94]:6.1f}ms {cuts[98]:6.1f}ms "
            f"{max(values):6.1f}ms  {shares}"
        )


def _plans(engine: Engine, person: dict[str, object]) -> None:
    rng = random.Random(0)
    with Session(engine) as session:
        for chosen in SETS[:3]:
            print(
                f"\n-- {chosen}\n{explain(session, _criteria(person, chosen, rng), analyze=True)}"
            )


if __name__ == "__main__":
    main()
