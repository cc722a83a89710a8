"""No route runs synchronous work on the event loop.

Routes and their dependencies do synchronous database work (SQLAlchemy sessions) and CPU
work (templates, PDF). FastAPI runs a plain `def` in its thread pool, but calls an
`async def` on the event loop itself, where any blocking call stalls every other request on
that worker. So every endpoint and dependency is `def`, except those allowed below, each
with its reason.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from contactpoint.config import Settings
from contactpoint.web.app import create_app
from contactpoint.web.forms import posted_form

ALLOWED_ASYNC: dict[Callable[..., Any], str] = {
    posted_form: "awaits the request body only; touches no database",
}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _async_on_the_loop(app: FastAPI) -> list[str]:
    found = []
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute):
            continue
        route = f"{sorted(context.methods or [])} {context.path}"
        calls = [context.dependant.call, *_calls(context.dependant)]
        for call in calls:
            is_async = inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(
                getattr(call, "__call__", None)  # noqa: B004  (a class-instance dependency)
            )
            if is_async and call not in ALLOWED_ASYNC:
                found.append(f"{route}: {getattr(call, '__qualname__', call)}")
    return found


def test_no_route_or_dependency_is_async(settings: Settings) -> None:
    app = create_app(settings)
    app.state.engine.dispose()
    assert _async_on_the_loop(app) == [], "make these `def` (FastAPI runs them in its pool)"


def test_the_walk_notices_an_async_route(settings: Settings) -> None:
    app = create_app(settings)
    app.state.engine.dispose()

    @app.get("/blocking")
    async def blocking() -> str:
        return "would stall the loop if it queried the database"

    assert _async_on_the_loop(app) == [
        "['GET'] /blocking: test_the_walk_notices_an_async_route.<locals>.blocking"
    ]
