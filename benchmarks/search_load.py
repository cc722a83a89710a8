"""Search under load, with the stack's two ceilings measured alongside in the same run.

    .venv/bin/python -m benchmarks.search_load --database-url postgresql://127.0.0.1:5432/DB \
        --workers 1 2 --concurrency 1 8 32 64 --seconds 20

For each concurrency level (closed loop: each virtual user sends its next request when the
last one is answered), bounded by --seconds and --limit:
  (a) bare:  benchmarks/bare_app.py under uvicorn: the framework and server, nothing behind;
  (b) sql:   the search statements and the audit append, one transaction per search, driven
             straight at PostgreSQL over one connection per virtual user (benchmarks/sql_ceiling);
  (c) route: POST /search on `contactpoint.web.app:create_app` under uvicorn, signed-in
             sessions (one per virtual user, signed in through /sign-in), CSRF, the per-user
             rate limits (raised so they count but never refuse), audit writes, HTML.
Resident memory of each server worker is sampled throughout (c). Writes
benchmarks/out/search-load.json; plots.py draws it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
from datetime import date
from typing import Any
from urllib.parse import urlencode

from benchmarks import http_load, national, search_mix, servers, sql_ceiling
from benchmarks.memory import Sampler, children_of, cpu_seconds

from contactpoint import catalogue  # noqa: F401
from contactpoint.db import make_engine

LIMITS = {"searches_per_minute": 1_000_000, "searches_per_day": 100_000_000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=national.DEFAULT_URL)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32, 64])
    parser.add_argument("--seconds", type=float, default=20.0, help="per level")
    parser.add_argument("--limit", type=int, default=50_000, help="requests per level")
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--parts", nargs="+", default=["bare", "sql", "route"])
    parser.add_argument("--app", default="contactpoint.web.app:create_app", help="factory")
    args = parser.parse_args()
    engine = make_engine(args.database_url)
    forms = search_mix.forms(search_mix.sample(engine, args.queries, args.seed), args.seed,
                             date.today())  # fmt: skip
    results: list[dict[str, Any]] = []
    if "sql" in args.parts:
        results += sql_levels(args, engine, forms)
    for workers in args.workers:
        if "bare" in args.parts:
            results += bare_levels(args, workers, forms)
        if "route" in args.parts:
            results += route_levels(args, workers, engine, forms)
    summarise(results)
    print("wrote", national.save("search-load", {"args": vars(args), "levels": results}))


def bare_levels(args: argparse.Namespace, workers: int, forms: list[dict[str, str]]) -> list[Any]:
    bodies = [urlencode(form).encode() for form in forms]
    levels = []
    env = national.server_environment(args.database_url)
    with servers.uvicorn(["benchmarks.bare_app:app"], workers, args.port, env):
        for users in args.concurrency:
            sources = [_poster(bodies[i::users] or bodies, {}) for i in range(users)]
            outcome = http_load.run(args.port, sources, _ok, args.seconds, args.limit)
            levels.append(_level("bare", workers, users, outcome))
    return levels


def sql_levels(args: argparse.Namespace, engine: Any, forms: list[dict[str, str]]) -> list[Any]:
    scripts = sql_ceiling.capture(engine, forms, cap=20)
    dsn = args.database_url
    levels = []
    for users in args.concurrency:
        outcome = http_load.Outcome()
        tasks = sql_ceiling.loops(
            dsn, scripts, users=users, seconds=args.seconds, limit=args.limit, out=outcome
        )
        outcome.seconds = asyncio.run(http_load.run_tasks(tasks, args.seconds))
        levels.append(_level("sql", 0, users, outcome))
    return levels


def route_levels(
    args: argparse.Namespace, workers: int, engine: Any, forms: list[dict[str, str]]
) -> list[Any]:
    settings = national.settings_for(args.database_url)
    accounts = servers.make_practitioners(engine, settings, max(args.concurrency))
    env = national.server_environment(args.database_url, **LIMITS)
    target = [args.app, "--factory"]
    levels = []
    with servers.uvicorn(target, workers, args.port, env) as pid:
        signed_in = [servers.sign_in(args.port, account) for account in accounts]
        for users in args.concurrency:
            sources = []
            for i in range(users):
                bodies = [urlencode({**f, "csrf_token": signed_in[i].csrf_token}).encode()
                          for f in forms[i::users] or forms]  # fmt: skip
                sources.append(_poster(bodies, {"Cookie": signed_in[i].cookie}))
            pids = children_of(pid)
            cpu_before = sum(map(cpu_seconds, pids))
            with Sampler(pids) as memory:
                outcome = http_load.run(args.port, sources, _ok, args.seconds, args.limit)
            level = _level("route", workers, users, outcome)
            level["rss_peak_mb"] = sorted(memory.peak.values())
            cpu = sum(map(cpu_seconds, pids)) - cpu_before
            level["worker_cpu_ms_per_search"] = 1000 * cpu / max(outcome.count, 1)
            print(
                f"      worker CPU {level['worker_cpu_ms_per_search']:.1f} ms per search, "
                f"peak RSS {', '.join(f'{m:.0f}' for m in level['rss_peak_mb'])} MB"
            )
            levels.append(level)
    return levels


def _poster(bodies: list[bytes], headers: dict[str, str]) -> http_load.Source:
    cycle = itertools.cycle(bodies)
    headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
    return lambda: http_load.request("POST", "/search", headers, next(cycle))


def _ok(status: int, body: bytes) -> bool:
    """A results page: 200 and not the form shown back with errors (or a limit page)."""
    return status == 200 and b"<title>Error" not in body


def _level(part: str, workers: int, users: int, outcome: http_load.Outcome) -> dict[str, Any]:
    latencies = outcome.latencies_ms
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    level = {
        "part": part, "workers": workers, "concurrency": users, "count": outcome.count,
        "seconds": outcome.seconds, "throughput": outcome.count / outcome.seconds,
        "p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": max(latencies, default=0),
        "errors": outcome.errors, "load_average": national.load_average(),
        "latencies_ms": [round(v, 2) for v in latencies[:20_000]],
    }  # fmt: skip
    print(f"{part:5} w={workers} c={users:3}: {level['throughput']:8.1f}/s p50 {cuts[49]:7.1f}"
          f" p95 {cuts[94]:7.1f} p99 {cuts[98]:7.1f} ms, errors {sum(outcome.errors.values())}"
          f" {outcome.errors or ''} load {level['load_average']}")  # fmt: skip
    return level


def summarise(levels: list[dict[str, Any]]) -> None:
    """(c) as a share of the lower of (a) and (b), at each workers and concurrency."""
    by = {(lv["part"], lv["workers"], lv["concurrency"]): lv["throughput"] for lv in levels}
    for (part, workers, users), rate in sorted(by.items()):
        if part != "route":
            continue
        ceilings = [by.get(("bare", workers, users)), by.get(("sql", 0, users))]
        lower = min((c for c in ceilings if c), default=None)
        if lower:
            print(f"route w={workers} c={users}: {rate / lower:.0%} of the lower ceiling "
                  f"({lower:.0f}/s)")  # fmt: skip


if __name__ == "__main__":
    main()
