"""`contactpoint search …`: the search index."""

from __future__ import annotations

import time

import typer
from rich.console import Console

from contactpoint.children.search_keys import reindex_all
from contactpoint.cli.common import load_settings, open_database

app = typer.Typer(help="The index behind 'find a child'.", no_args_is_help=True)


@app.command("reindex")
def reindex() -> None:
    """Rebuild every child's search keys (after a change to how names are keyed)."""
    engine = open_database(load_settings())
    started = time.perf_counter()
    written = reindex_all(engine)
    seconds = time.perf_counter() - started
    Console().print(f"Search index rebuilt: {written:,} keys in {seconds:.1f}s.")
