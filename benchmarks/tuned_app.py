"""The real app with Jinja's per-render template mtime checks off: what fix 1 would give.

    .venv/bin/python -u -m benchmarks.search_load --parts route \
        --app benchmarks.tuned_app:create_app

Everything else is `contactpoint.web.app.create_app` unchanged.
"""

from __future__ import annotations

from fastapi import FastAPI

from contactpoint.web import app as web_app


def create_app() -> FastAPI:
    app = web_app.create_app()
    app.state.templates.env.auto_reload = False
    return app
