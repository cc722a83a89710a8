"""How many SQL statements (and transactions) one POST /search costs, by where they come from.

    .venv/bin/python -m benchmarks.route_statements --database-url postgresql://127.0.0.1:5432/DB

Signs one benchmark practitioner in through the real app (in process, Starlette's test
client) and counts what the engine sends during --searches searches from the benchmark mix.
Each statement is a round trip to PostgreSQL: the figure to compare with the SQL ceiling's.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from datetime import date
from typing import Any

from benchmarks import national, search_mix, servers
from benchmarks.search_load import LIMITS
from sqlalchemy import event
from starlette.testclient import TestClient
from tests.integration.practitioners.factories import csrf_token, sign_in

from contactpoint import catalogue  # noqa: F401
from contactpoint.db import make_engine
from contactpoint.web.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=national.DEFAULT_URL)
    parser.add_argument("--searches", type=int, default=40)
    args = parser.parse_args()
    settings = national.settings_for(args.database_url, **LIMITS)
    engine = make_engine(args.database_url)
    forms = search_mix.forms(search_mix.sample(engine, args.searches, 3), 3, date.today())
    account = servers.make_practitioners(engine, settings, 1)[0]
    app = create_app(settings)
    kinds: Counter[str] = Counter()

    def count(_c: Any, _cursor: Any, statement: str, *_: Any) -> None:
        kinds[" ".join(statement.split()[:3])[:60]] += 1

    with TestClient(app, base_url="https://testserver") as client:
        sign_in(client, account)
        token = csrf_token(client, "/search")
        event.listen(app.state.engine, "before_cursor_execute", count)
        started = time.process_time()
        for form in forms:
            client.post("/search", data={**form, "csrf_token": token})
        cpu = time.process_time() - started
    total = sum(kinds.values())
    print(f"{total / len(forms):.1f} statements per search ({len(forms)} searches)")
    print(
        f"{cpu / len(forms) * 1000:.1f} ms of this process's CPU per search, test client included"
    )
    for kind, n in kinds.most_common():
        print(f"  {n / len(forms):5.2f}  {kind}")


if __name__ == "__main__":
    main()
