"""Feed ingest rate, end to end, against a populated index (PostgreSQL or SQLite).

    contactpoint generate --children 100000 --seed 21 --local-authorities 5   # the index
    contactpoint generate --children 100000 --seed 21 --local-authorities 5 --feeds DIR
    .venv/bin/python benchmarks/matching_ingest_rate.py --feeds DIR --rows 20000 \\
        --source gp_registration [--profile]

Uses the configured database (CONTACTPOINT_DATABASE_URL, CONTACTPOINT_DATA_DIR for the id
key). Trains and stores a model from the feeds when none is stored. Ingests the first
`--rows` rows of the feed (a fresh copy each run, so it is a new feed) and prints rows a
second; `--profile` prints where the time went (cProfile, cumulative).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from contactpoint import catalogue  # noqa: F401
from contactpoint.audit.writer import SYSTEM
from contactpoint.children.ids import IdMinter
from contactpoint.children.models import SourceType
from contactpoint.config import get_settings
from contactpoint.db import make_engine, make_sessionmaker, transaction
from contactpoint.feeds.formats import FORMATS
from contactpoint.feeds.ingest import ingest_file
from contactpoint.matching.model import NoModelError, load_model, save_model
from contactpoint.matching.training import train_from_files

AS_OF = date(2026, 1, 15)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=Path, required=True)
    parser.add_argument("--source", default="gp_registration")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    settings = get_settings()
    factory = make_sessionmaker(make_engine(settings.database_url))
    _ensure_model(factory, args.feeds)
    source = SourceType(args.source)
    lines = (args.feeds / FORMATS[source].file_name).read_text().splitlines(keepends=True)
    feed = Path(tempfile.mkdtemp(prefix="cp-rate-")) / FORMATS[source].file_name
    stamp = "\n" * (int(time.time()) % 7)  # trailing blank lines: new bytes, a new feed
    feed.write_text("".join(lines[: args.rows + 1]) + stamp)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    with profiler if args.profile else contextlib.nullcontext():
        report = ingest_file(
            factory,
            source=source,
            path=feed,
            minter=IdMinter(settings.secret("id_key")),
            by=SYSTEM,
            batch_size=args.batch_size,
            as_of=AS_OF,
        )
    seconds = time.perf_counter() - started
    rows = sum(report.outcomes.values())
    print(f"{dict(report.outcomes)}")
    print(f"ingested {rows} rows in {seconds:.1f} s: {rows / seconds:,.0f} rows/s")
    if args.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def _ensure_model(sessions: sessionmaker[Session], feeds: Path) -> None:
    try:
        with sessions() as session:
            load_model(session)
    except NoModelError:
        files = [(s, feeds / fmt.file_name) for s, fmt in FORMATS.items()]
        model, trained_on = train_from_files(files, as_of=AS_OF)
        with transaction(sessions) as session:
            save_model(session, model, trained_on_rows=trained_on, by=SYSTEM)


if __name__ == "__main__":
    main()
