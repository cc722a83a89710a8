"""CPU and wall time of each piece of POST /search, one search at a time, without HTTP.

    .venv/bin/python -m benchmarks.route_pieces --database-url postgresql://127.0.0.1:5432/DB

Calls what `access/search_views.py` calls, in its order and transactions, for --searches
searches from the benchmark mix (each done twice; the first pass warms caches and is not
counted): the session lookup, the rate-limit count, the search with its audit append,
the LA scope, the view grants, the commit and the page render. Prints ms per search.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any, TypeVar

from benchmarks import national, search_mix, servers
from benchmarks.search_load import LIMITS

from contactpoint import catalogue  # noqa: F401
from contactpoint.access import grants
from contactpoint.access.limits import count_or_refuse
from contactpoint.access.queries import la_scope
from contactpoint.access.schemas import SearchForm
from contactpoint.audit.writer import RequestMeta
from contactpoint.children.actions import perform_search
from contactpoint.db import make_engine, make_sessionmaker, transaction
from contactpoint.practitioners import sessions as user_sessions
from contactpoint.practitioners.models import User
from contactpoint.types import utcnow
from contactpoint.web.templating import make_templates

T = TypeVar("T")
CPU: Counter[str] = Counter()
WALL: Counter[str] = Counter()


def timed(name: str, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    cpu, wall = time.process_time(), time.perf_counter()
    result = work(*args, **kwargs)
    CPU[name] += time.process_time() - cpu
    WALL[name] += time.perf_counter() - wall
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=national.DEFAULT_URL)
    parser.add_argument("--searches", type=int, default=300)
    args = parser.parse_args()
    settings = national.settings_for(args.database_url, **LIMITS)
    engine = make_engine(args.database_url)
    factory = make_sessionmaker(engine)
    forms = search_mix.forms(search_mix.sample(engine, args.searches, 3), 3, date.today())
    account = servers.make_practitioners(engine, settings, 1)[0]
    with transaction(factory) as session:
        user = session.get_one(User, account.user_id)
        token = user_sessions.start(session, user=user, role=None, device_id=None)
    page = make_templates(auto_reload=False).env.get_template("access/search.html")
    for round_ in range(2):
        CPU.clear()
        WALL.clear()
        for posted in forms:
            one_search(factory, settings, posted, token, page)
        if round_ == 1:
            report(len(forms))


def one_search(factory: Any, settings: Any, posted: dict[str, str], token: str, page: Any) -> None:
    meta, key = RequestMeta("127.0.0.1", "benchmark"), settings.secret("secret_key")
    form = SearchForm(values={name: value[:100] for name, value in posted.items()})
    criteria = timed("form", form.criteria)
    assert criteria is not None
    with factory() as session, session.begin():
        resolved = timed("session lookup", user_sessions.resolve, session, token,
                         now=utcnow(), meta=meta)  # fmt: skip
    principal = resolved.principal
    assert principal is not None
    actor = principal.actor()
    with factory() as session:
        timed("rate limits", count_or_refuse, session, settings=settings, action="search",
              by=actor, meta=meta)  # fmt: skip
        outcome = timed("search + audit", perform_search, session, criteria, by=actor, cap=20,
                        digest_key=key, la_scope=la_scope(principal), meta=meta)  # fmt: skip
        rows = outcome.results
        tokens = timed("view grants", grants.issue_grants, session, principal=principal,
                       child_ids=[row.child_id for row in rows])  # fmt: skip
        timed("commit", session.commit)
    request = SimpleNamespace(
        state=SimpleNamespace(csp_nonce="n", principal=principal, csrf_token="t")
    )
    results = [(row, tokens[row.child_id]) for row in rows]
    timed("render", page.render, request=request, title="Find a child", form=form,
          mediated=False, results=results, searched=True, too_many=False, cap=20)  # fmt: skip


def report(searches: int) -> None:
    print(f"{'piece':16} {'CPU ms':>7} {'wall ms':>8}")
    for name in CPU:
        print(f"{name:16} {CPU[name] / searches * 1000:7.2f} {WALL[name] / searches * 1000:8.2f}")
    cpu, wall = sum(CPU.values()) / searches, sum(WALL.values()) / searches
    print(f"{'total':16} {cpu * 1000:7.2f} {wall * 1000:8.2f}")


if __name__ == "__main__":
    main()
