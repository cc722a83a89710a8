"""The application factory: settings in, a configured FastAPI app out."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from contactpoint import catalogue  # noqa: F401  (every model and event shape registered)
from contactpoint.access import views as access_views
from contactpoint.audit import keys
from contactpoint.audit import views as audit_views
from contactpoint.audit.checkpointer import Checkpointer
from contactpoint.brokering import views as brokering_views
from contactpoint.config import Environment, Settings, get_settings
from contactpoint.db import make_engine, make_sessionmaker
from contactpoint.involvements import views as involvement_views
from contactpoint.matching import views as matching_views
from contactpoint.practitioners import views as practitioner_views
from contactpoint.shielding import views as shielding_views
from contactpoint.web import csrf, errors, views
from contactpoint.web import sessions as web_sessions
from contactpoint.web.access_log import AccessLog
from contactpoint.web.assets import GOVUK_ASSETS, SETUP_HINT, assets_present
from contactpoint.web.security import SecurityHeaders
from contactpoint.web.templating import make_templates

log = logging.getLogger("contactpoint.web")


@asynccontextmanager
async def _checkpointing(app: FastAPI) -> AsyncIterator[None]:
    """While the service runs, it signs audit checkpoints by itself (audit/checkpointer.py)."""
    if not app.state.settings.audit_checkpointer:
        yield
        return
    checkpointer = Checkpointer(app.state.engine, app.state.settings)
    checkpointer.start()
    try:
        yield
    finally:
        checkpointer.stop()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="ContactPoint",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_checkpointing,
    )
    app.state.settings = settings
    app.state.engine = keys.bind(make_engine(settings.database_url), settings)
    app.state.sessions = make_sessionmaker(app.state.engine)
    app.state.templates = make_templates(
        auto_reload=settings.environment is Environment.DEVELOPMENT
    )
    errors.install_catch_all(app)  # innermost: a route's error becomes the 500 page
    web_sessions.install(app)  # the principal, for routes
    csrf.install(app, settings.secret("secret_key"))
    app.add_middleware(SecurityHeaders)  # headers on every response
    app.add_middleware(AccessLog)  # outermost: every response logged, by route, never its path
    errors.install(app)
    if assets_present():
        app.mount("/assets", StaticFiles(directory=GOVUK_ASSETS / "assets"), name="assets")
        app.mount("/static/govuk", StaticFiles(directory=GOVUK_ASSETS), name="govuk")
    else:
        log.warning(SETUP_HINT)
    app.include_router(views.router)
    app.include_router(practitioner_views.router)
    app.include_router(audit_views.router)
    app.include_router(access_views.router)
    app.include_router(shielding_views.router)
    app.include_router(brokering_views.router)
    app.include_router(involvement_views.router)
    app.include_router(matching_views.router)
    return app
