"""`contactpoint serve`: the web application."""

from __future__ import annotations

import typer
import uvicorn

from contactpoint.cli.common import load_settings, open_database
from contactpoint.config import Settings
from contactpoint.web.access_log import UVICORN_OPTIONS
from contactpoint.web.app import create_app


def serve(
    host: str = typer.Option(None, help="Address to listen on (default CONTACTPOINT_HOST)."),
    port: int = typer.Option(None, help="Port to listen on (default CONTACTPOINT_PORT)."),
) -> None:
    """Serve the web application."""
    settings = load_settings()
    open_database(settings)
    run(settings.model_copy(update={"host": host or settings.host, "port": port or settings.port}))


def run(settings: Settings) -> None:
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="info",
        **UVICORN_OPTIONS,  # the app's own access log, which never writes a path
        # X-Forwarded-For/-Proto only from the configured proxies; by default from nobody's
        # (uvicorn's own default believes any loopback caller).
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=[str(network) for network in settings.trusted_proxies],
    )
