"""Every route declares who may use it: public() or require(permission). No exceptions.

Routes are walked as FastAPI itself sees them once routers are included (iter_route_contexts),
so a router-level declaration counts and an undeclared route in a nested router is found.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from contactpoint.authz.dependencies import declared_permission
from contactpoint.config import Settings
from contactpoint.web.app import create_app


def _declarations(dependant: Dependant) -> list[object]:
    found: list[object] = []
    for dependency in dependant.dependencies:
        if declared_permission(dependency.call) is not None:
            found.append(declared_permission(dependency.call))
        found.extend(_declarations(dependency))
    return found


def _api_routes(app: FastAPI) -> list[Any]:
    return [
        context
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
    ]


def _undeclared(app: FastAPI) -> list[str]:
    return [
        f"{sorted(context.methods or [])} {context.path}"
        for context in _api_routes(app)
        if not _declarations(context.dependant)
    ]


def test_every_route_declares_a_permission(settings: Settings) -> None:
    app = create_app(settings)
    app.state.engine.dispose()
    assert len(_api_routes(app)) > 10, "too few routes found: the walk itself is broken"
    assert _undeclared(app) == [], "routes without public() or require(...)"


def test_the_walk_notices_a_route_without_a_declaration(settings: Settings) -> None:
    app = create_app(settings)
    app.state.engine.dispose()

    @app.get("/undeclared")
    def undeclared() -> str:
        return "open to anyone, by accident"

    assert _undeclared(app) == ["['GET'] /undeclared"]
