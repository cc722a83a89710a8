"""Load a national population into PostgreSQL, fast: parallel writers, indexes built after.

    .venv/bin/python -m benchmarks.load_national --children 1000000 --workers 2 --fresh
    .venv/bin/python -m benchmarks.load_national --children 11000000 --workers 2 --fresh

The project's own generator (synthetic.population) and COPY writer (synthetic.store) do the
work. Local authorities draw from independent random streams, so several processes each
generate a disjoint set of authorities. Secondary indexes (those not backing a constraint)
are dropped for the load and rebuilt afterwards, timed separately. Prints children/s,
rows/s over all tables and the database and index sizes; writes benchmarks/out/load-N.json.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date
from typing import Any

from benchmarks import national
from benchmarks.parallel_store import write_areas
from sqlalchemy import text
from sqlalchemy.engine import Engine

from contactpoint import catalogue, migrate  # noqa: F401
from contactpoint.children.search_keys import ChildSearchKey
from contactpoint.db import make_engine
from contactpoint.matching.models import MatchingKey
from contactpoint.synthetic import places
from contactpoint.synthetic.rows import TABLES

LOADED = (*TABLES, ChildSearchKey.__tablename__, MatchingKey.__tablename__)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=11_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--local-authorities", type=int, default=len(places.LOCAL_AUTHORITIES))
    parser.add_argument("--database-url", default=national.DEFAULT_URL)
    parser.add_argument("--fresh", action="store_true", help="drop and create the database")
    parser.add_argument("--keep-indexes", action="store_true", help="load with every index live")
    parser.add_argument(
        "--check-foreign-keys",
        action="store_true",
        help="keep foreign-key triggers on during COPY (default: skipped, as pg_restore does)",
    )
    parser.add_argument("--as-of", default="2025-01-01", help="ages reckoned from this day")
    args = parser.parse_args()
    engine = national.create_database(args.database_url, fresh=args.fresh)
    migrate.upgrade(engine)
    national.settings_for(args.database_url).secret("id_key")  # created once, before workers
    deferred = [] if args.keep_indexes else drop_secondary_indexes(engine)
    started = time.perf_counter()
    written, timeline = run_workers(args)
    load_seconds = time.perf_counter() - started
    index_seconds = rebuild(engine, deferred, args.workers)
    print(f"search keys clustered by family sound and date of birth in {cluster(engine):,.1f}s")
    analyze_seconds = analyze(engine)
    report(args, written, timeline, load_seconds, index_seconds, analyze_seconds, engine)


def run_workers(args: argparse.Namespace) -> tuple[dict[str, int], list[tuple[float, int]]]:
    shares = places.share_children(args.children, args.local_authorities)
    slices: list[list[int]] = [[] for _ in range(args.workers)]
    held = [0] * args.workers
    for index, (_, count) in sorted(enumerate(shares), key=lambda item: -item[1][1]):
        lightest = held.index(min(held))  # largest authorities first, to the emptiest writer
        slices[lightest].append(index)
        held[lightest] += count
    context = multiprocessing.get_context("spawn")
    job = (args.database_url, args.seed, args.children, args.local_authorities, args.as_of)
    trusted = not args.check_foreign_keys
    written: dict[str, int] = {}
    timeline: list[tuple[float, int]] = []
    began = time.time()
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        futures = [pool.submit(write_areas, *job, frozenset(s), trusted) for s in slices if s]
        for future in futures:
            counts, batches = future.result()
            for table, rows in counts.items():
                written[table] = written.get(table, 0) + rows
            timeline.extend((at - began, children) for at, children in batches)
    done = 0
    cumulative = []
    for at, children in sorted(timeline):
        done += children
        cumulative.append((at, done))
    return written, cumulative


def drop_secondary_indexes(engine: Engine) -> list[str]:
    """Drop indexes on the loaded tables that back no constraint; their definitions."""
    query = text(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public'"
        " AND i.tablename = ANY(:tables) AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
    )
    with engine.begin() as connection:
        found = list(connection.execute(query, {"tables": list(LOADED)}))
        for name, _ in found:
            connection.execute(text(f'DROP INDEX "{name}"'))
    return [definition for _, definition in found]


def rebuild(engine: Engine, definitions: list[str], workers: int) -> float:
    """Create the dropped indexes again, `workers` at a time; seconds taken."""
    started = time.perf_counter()
    remaining = list(definitions)

    def build_some(_: int) -> None:
        with engine.connect() as connection:
            connection.execute(text("SET maintenance_work_mem = '512MB'"))
            while remaining:
                connection.execute(text(remaining.pop()))
                connection.commit()

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(build_some, range(workers)))
    return time.perf_counter() - started


def cluster(engine: Engine) -> float:
    """Keep each family sound's search keys on neighbouring pages: the load writes them in
    local-authority order, so one family-and-date lookup read ~600 scattered pages at 11M."""
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        connection.execute(text("CLUSTER child_search_keys USING ix_child_search_keys_family_dob"))
    return time.perf_counter() - started


def analyze(engine: Engine) -> float:
    started = time.perf_counter()
    url = engine.url.render_as_string(False)
    with make_engine(url, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text("VACUUM (ANALYZE)"))
    return time.perf_counter() - started


def report(  # noqa: PLR0917 (one call site, every figure it prints)
    args: argparse.Namespace,
    written: dict[str, int],
    timeline: list[tuple[float, int]],
    load_seconds: float,
    index_seconds: float,
    analyze_seconds: float,
    engine: Engine,
) -> None:
    sizes = national.table_sizes(engine)
    children, rows = written.get("children", 0), sum(written.values())
    total = load_seconds + index_seconds + analyze_seconds
    print(f"children {children:,}, rows {rows:,} over {len(written)} tables")
    print(
        f"load {load_seconds:,.1f}s: {children / load_seconds:,.0f} children/s, "
        f"{rows / load_seconds:,.0f} rows/s ({args.workers} writers)"
    )
    print(
        f"index build {index_seconds:,.1f}s, vacuum analyze {analyze_seconds:,.1f}s; "
        f"end to end {total:,.1f}s = {children / total:,.0f} children/s"
    )
    print(f"database {national.mb(sizes['database'])}")
    for name, size in list(sizes["tables"].items())[:12]:
        print(
            f"  {name:24} {size['rows']:>12,} rows  heap {national.mb(size['heap']):>12}"
            f"  indexes {national.mb(size['indexes']):>12}  total {national.mb(size['total'])}"
        )
    result: dict[str, Any] = {
        "children": children, "rows": written, "workers": args.workers,
        "deferred_indexes": not args.keep_indexes,
        "foreign_key_triggers": args.check_foreign_keys, "load_seconds": load_seconds,
        "index_seconds": index_seconds, "analyze_seconds": analyze_seconds,
        "timeline": timeline, "sizes": sizes, "as_of": date.fromisoformat(args.as_of),
    }  # fmt: skip
    print("wrote", national.save(f"load-{children}", result))


if __name__ == "__main__":
    main()
