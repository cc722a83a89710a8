"""Shared pieces of the national-scale benchmarks: scratch databases, settings, results, load.

Every script writes its raw figures as JSON under benchmarks/out/ (git-ignored); plots.py
draws the committed PNGs from them.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from contactpoint.config import Environment, Settings
from contactpoint.db import make_engine

OUT = Path(__file__).resolve().parent / "out"
DATA_DIR = OUT / "data"  # development secrets (secret_key, id_key) shared by load and serve
DEFAULT_URL = "postgresql://127.0.0.1:5432/contactpoint_bench_national"


def load_average() -> float:
    """The one-minute load average: recorded next to every figure (the machine is shared)."""
    return round(os.getloadavg()[0], 2)


def settings_for(url: str, **overrides: Any) -> Settings:
    return Settings(
        environment=Environment.DEVELOPMENT, data_dir=DATA_DIR, database_url=url, **overrides
    )


def server_environment(url: str, **settings: object) -> dict[str, str]:
    """Environment variables that give a uvicorn worker the same settings as `settings_for`."""
    values = {"data_dir": DATA_DIR, "database_url": url, **settings}
    env = dict(os.environ)
    env.update({f"CONTACTPOINT_{k.upper()}": str(v) for k, v in values.items()})
    return env


def admin_engine(url: str) -> Engine:
    server = make_url(url).set(database="postgres").render_as_string(False)
    return make_engine(server, isolation_level="AUTOCOMMIT")


def create_database(url: str, *, fresh: bool) -> Engine:
    """The scratch database at `url` (dropped and created again when `fresh`)."""
    name = make_url(url).database
    admin = admin_engine(url)
    with admin.connect() as connection:
        if fresh:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_engine(url)


def table_sizes(engine: Engine) -> dict[str, Any]:
    """Rows (estimated after ANALYZE), heap, index and total bytes per table, and the database."""
    query = text(
        "SELECT c.relname, c.reltuples::bigint, pg_relation_size(c.oid), pg_indexes_size(c.oid),"
        " pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid ="
        " c.relnamespace WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 5 DESC"
    )
    with engine.connect() as connection:
        tables = {
            name: {"rows": rows, "heap": heap, "indexes": idx, "total": total}
            for name, rows, heap, idx, total in connection.execute(query)
        }
        database = connection.scalar(text("SELECT pg_database_size(current_database())"))
    return {"database": database, "tables": tables}


def save(name: str, result: dict[str, Any]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    result = {"load_average": load_average(), "at": time.strftime("%Y-%m-%dT%H:%M:%S"), **result}
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, default=str))
    return path


def mb(size: float) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"
