"""The application factory: settings in, a configured FastAPI app out."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from contactpoint import catalogue  # noqa: F401  (every model and event shape registered)
from contactpoint.config import Settings, get_settings
from contactpoint.db import make_engine, make_sessionmaker
from contactpoint.web import errors, views
from contactpoint.web.assets import GOVUK_ASSETS, SETUP_HINT, assets_present
from contactpoint.web.security import security_headers
from contactpoint.web.templating import make_templates

log = logging.getLogger("contactpoint.web")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="ContactPoint", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json"
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url)
    app.state.sessions = make_sessionmaker(app.state.engine)
    app.state.templates = make_templates()
    app.middleware("http")(security_headers)
    errors.install(app)
    if assets_present():
        app.mount("/assets", StaticFiles(directory=GOVUK_ASSETS / "assets"), name="assets")
        app.mount("/static/govuk", StaticFiles(directory=GOVUK_ASSETS), name="govuk")
    else:
        log.warning(SETUP_HINT)
    app.include_router(views.router)
    return app
