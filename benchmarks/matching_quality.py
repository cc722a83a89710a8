"""Precision and recall of matching on generated feeds, against the generator's ground truth.

    .venv/bin/python benchmarks/matching_quality.py --children 20000 --seed 11

Builds a fresh SQLite database holding only the local authorities and organisations (no
children), writes the four feeds, trains the model on them, ingests them in turn, then
measures pairwise precision and recall of the resulting child records.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from contactpoint import catalogue, migrate  # noqa: F401
from contactpoint.audit.writer import SYSTEM
from contactpoint.children.ids import IdMinter
from contactpoint.config import Environment, Settings
from contactpoint.db import make_engine, make_sessionmaker, transaction
from contactpoint.feeds.formats import FORMATS
from contactpoint.feeds.ingest import ingest_file
from contactpoint.matching.evaluation import measure, read_ground_truth
from contactpoint.matching.model import save_model
from contactpoint.matching.training import train_from_files
from contactpoint.synthetic.feeds import GROUND_TRUTH, write_feeds
from contactpoint.synthetic.population import Plan, areas
from contactpoint.synthetic.store import Store

ORDER = ("pupil_census", "gp_registration", "child_benefit", "la_social_care")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--local-authorities", type=int, default=3)
    parser.add_argument("--database", default="")
    parser.add_argument("--upper", type=float, default=None)
    parser.add_argument("--lower", type=float, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cp-matching-"))
    as_of = date(2026, 1, 15)
    plan = Plan(args.seed, args.children, args.local_authorities, as_of)
    settings = Settings(
        environment=Environment.TEST,
        data_dir=work,
        database_url=args.database or f"sqlite:///{work / 'cp.sqlite3'}",
    )
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    minter = IdMinter(settings.secret("id_key"))
    store = Store(engine, minter)
    for area, _families in areas(plan):
        store.add_area(area)
    feeds = work / "feeds"
    write_feeds(feeds, plan)
    files = [(source, feeds / fmt.file_name) for source, fmt in FORMATS.items()]
    started = time.perf_counter()
    model, rows = train_from_files(files, as_of=as_of)
    print(f"trained on {rows} rows in {time.perf_counter() - started:.1f} s (work dir {work})")
    factory = make_sessionmaker(engine)
    thresholds = {k: v for k, v in (("upper", args.upper), ("lower", args.lower)) if v is not None}
    with transaction(factory) as session:
        save_model(session, model, trained_on_rows=rows, by=SYSTEM, **thresholds)
    feed_ids, total_rows, started = [], 0, time.perf_counter()
    for source, path in sorted(files, key=lambda f: ORDER.index(f[0].value)):
        report = ingest_file(
            factory, source=source, path=path, minter=minter, by=SYSTEM, as_of=as_of
        )
        feed_ids.append(report.feed_id)
        total_rows += sum(report.outcomes.values())
        print(source.value, dict(report.outcomes))
    seconds = time.perf_counter() - started
    with factory() as session:
        quality = measure(session, read_ground_truth(feeds / GROUND_TRUTH), feed_ids)
    print(f"ingested {total_rows} rows in {seconds:.1f} s ({total_rows / seconds:,.0f} rows/s)")
    print(
        f"precision {quality.precision:.5%}  recall {quality.recall:.5%}  "
        f"false merges {quality.records_mixing_children}  review rows {quality.review_rows} "
        f"({quality.review_rows / max(quality.rows, 1):.2%})"
    )


if __name__ == "__main__":
    main()
