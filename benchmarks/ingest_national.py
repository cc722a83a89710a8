"""Ingest a source feed matched against the loaded national index: rows/s end to end, peak memory.

    .venv/bin/python -m benchmarks.ingest_national --children 1000000 --rows 1000000 \
        --database-url postgresql://127.0.0.1:5432/contactpoint_bench_1m

The feed comes from `contactpoint generate --feeds DIR --feeds-for N` with the seed, size and
date the index was loaded with (benchmarks/load_national.py), written for only the first N
children of that population (a tenth more than --rows), so its rows describe children already
there: the matching path (blocking, Splink scoring, linking) is the one exercised. The model
is trained once with `contactpoint matching train` on the first --train-rows of each feed.
The ingest itself is `contactpoint ingest --source SOURCE FILE`, run as its own process:
bounded by --max-seconds (batches commit, so a stopped run still counts what it wrote), its
resident memory sampled from /proc and its progress counted in feed_rows every few seconds.
Writes benchmarks/out/ingest-N.json.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from itertools import islice
from pathlib import Path

from benchmarks import national
from benchmarks.memory import rss_mb
from sqlalchemy import text
from sqlalchemy.engine import Engine

from contactpoint.db import make_engine
from contactpoint.feeds.formats import FORMATS, source_named

CLI = str(Path(".venv/bin/contactpoint"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=national.DEFAULT_URL)
    parser.add_argument("--children", type=int, required=True, help="as loaded")
    parser.add_argument("--seed", type=int, default=1, help="as loaded")
    parser.add_argument("--as-of", default="2025-01-01", help="as loaded")
    parser.add_argument("--source", default="gp_registration")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--train-rows", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=1_000)
    parser.add_argument("--max-seconds", type=float, default=3_600)
    args = parser.parse_args()
    env = national.server_environment(args.database_url)
    # A GP feed has ~0.98 rows per child: a tenth more children than rows is enough.
    first = min(args.children, args.rows + args.rows // 10)
    feeds = national.OUT / f"feeds-{args.children}-first-{first}"
    if not feeds.exists():
        started = time.perf_counter()
        _cli(env, "generate", "--children", str(args.children), "--seed", str(args.seed),
             "--as-of", args.as_of, "--feeds", str(feeds), "--feeds-for", str(first))  # fmt: skip
        print(f"feeds written in {time.perf_counter() - started:,.0f}s")
    _train_once(env, args, feeds)
    name = feeds / FORMATS[source_named(args.source)].file_name
    feed = _first_rows(name, feeds / f"bench-{args.rows}" / name.name, args.rows)
    engine = make_engine(args.database_url)
    command = [CLI, "ingest", "--source", args.source, "--batch-size", str(args.batch_size),
               "--as-of", args.as_of, str(feed)]  # fmt: skip
    timeline, peak, seconds, code = _watch(command, env, engine, args.max_seconds)
    rows = timeline[-1][1] if timeline else 0
    print(f"ingested {rows:,} of {args.rows:,} rows in {seconds:,.1f}s: {rows / seconds:,.1f} "
          f"rows/s, peak RSS {peak:,.0f} MB, exit {code}")  # fmt: skip
    result = {"source": args.source, "rows_in_feed": args.rows, "rows_done": rows,
              "seconds": seconds, "rate": rows / seconds, "peak_rss_mb": peak, "exit": code,
              "timeline": timeline, "batch_size": args.batch_size,
              "index_children": args.children}  # fmt: skip
    print("wrote", national.save(f"ingest-{args.children}", result))


def _cli(env: dict[str, str], *arguments: str) -> None:
    subprocess.run([CLI, *arguments], env=env, check=True)


def _train_once(env: dict[str, str], args: argparse.Namespace, feeds: Path) -> None:
    engine = make_engine(args.database_url)
    with engine.connect() as connection:
        if connection.scalar(text("SELECT count(*) FROM matching_models")):
            return
    samples = [_first_rows(f, feeds / "train" / f.name, args.train_rows)
               for f in sorted(feeds.glob("*.csv")) if f.name != "ground_truth.csv"]  # fmt: skip
    _cli(env, "matching", "train", *map(str, samples))


def _first_rows(source: Path, target: Path, rows: int) -> Path:
    """The header and the first `rows` rows of a CSV feed (the generator writes one per line)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open() as lines, target.open("w") as out:
        out.writelines(islice(lines, rows + 1))
    return target


def _watch(
    command: list[str], env: dict[str, str], engine: Engine, limit: float
) -> tuple[list[tuple[float, int]], float, float, int]:
    """Run the ingest, sampling rows done and RSS; (timeline, peak MB, seconds, exit code)."""
    count = text("SELECT count(*) FROM feed_rows WHERE feed_id = (SELECT max(id) FROM feeds)")
    started = time.perf_counter()
    log = (national.OUT / "ingest.log").open("w")  # one line per rejected row: kept out of sight
    process = subprocess.Popen(command, env=env, stdout=log)
    timeline: list[tuple[float, int]] = []
    peak = 0.0
    while process.poll() is None and time.perf_counter() - started < limit:
        time.sleep(1.0)
        peak = max(peak, rss_mb(process.pid))
        with engine.connect() as connection:
            done = int(connection.scalar(count) or 0)
        timeline.append((time.perf_counter() - started, done))
    if process.poll() is None:
        process.terminate()
    code = process.wait(60)
    log.close()
    seconds = time.perf_counter() - started
    with engine.connect() as connection:
        timeline.append((seconds, int(connection.scalar(count) or 0)))
    return timeline, peak, seconds, code


if __name__ == "__main__":
    main()
