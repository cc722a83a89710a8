"""The access log: method, route template, status and duration; never the path itself.

Paths carry view-grant tokens (`/children/{token}/…`), each as good as a key to a child's
record for 30 minutes, so a log line names the route ("GET /children/{token}") and not the
path, and never the query string. `contactpoint serve` turns uvicorn's own access log off
(`UVICORN_OPTIONS`), since that one writes the raw path.
"""

from __future__ import annotations

import copy
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.config import LOGGING_CONFIG

log = logging.getLogger("contactpoint.access")
UNMATCHED = "(no route)"

# uvicorn's logging, with this log written where its access log was (stdout).
LOG_CONFIG: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
LOG_CONFIG["handlers"]["contactpoint_access"] = {
    "formatter": "default",
    "class": "logging.StreamHandler",
    "stream": "ext://sys.stdout",
}
LOG_CONFIG["loggers"]["contactpoint.access"] = {
    "handlers": ["contactpoint_access"],
    "level": "INFO",
    "propagate": False,
}
UVICORN_OPTIONS: dict[str, Any] = {"access_log": False, "log_config": LOG_CONFIG}


class AccessLog:
    """Pure ASGI, outermost, so it times and sees the status of every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            took = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.0fms", scope["method"], route_of(scope), status, took)


def route_of(scope: Scope) -> str:
    """The template of the route that answered (routing fills `scope` in as it matches)."""
    template = getattr(scope.get("route"), "path_format", None)
    if isinstance(template, str):
        return template
    if scope.get("endpoint") is not None:  # a mounted app (static files)
        return f"{scope.get('root_path', '')}/{{path}}"
    return UNMATCHED
