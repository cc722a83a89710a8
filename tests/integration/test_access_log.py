"""The server's log never holds a view-grant token: it names routes, never paths.

The app is served exactly as `contactpoint serve` serves it (uvicorn.run's arguments are
captured from cli/serve.py and given to a real uvicorn server on a free port), and every
log record written while a practitioner finds and opens a record is kept and searched.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from io import StringIO
from typing import Any

import httpx2
import pytest
import uvicorn
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.cli import serve
from contactpoint.config import Settings
from tests.integration.access.factories import (
    BORN,
    add_child,
    local_authority,
    result_tokens,
    search,
    signed_in,
    user,
)
from tests.integration.practitioners.factories import csrf_token

DOB = {"dob_day": str(BORN.day), "dob_month": str(BORN.month), "dob_year": str(BORN.year)}


@pytest.fixture
def served(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Any, str, StringIO]]:
    """The app as `serve` runs it, on a real uvicorn server: (app, base URL, what it logged).
    Every stream handler the server's logging set up writes to one buffer instead (adding a
    handler would change what uvicorn logs: it writes its access log only if one exists)."""
    given: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: given.update(app=app, **options))
    serve.run(settings)
    app = given.pop("app")
    config = uvicorn.Config(app, **given)  # configures logging as the real server would
    written = StringIO()
    redirected = [
        (handler, handler.setStream(written))
        for name in list(logging.root.manager.loggerDict)
        if name.startswith(("uvicorn", "contactpoint"))
        for handler in logging.getLogger(name).handlers
        if isinstance(handler, logging.StreamHandler)
    ]
    server = uvicorn.Server(config)
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]})
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield app, f"http://localhost:{listening.getsockname()[1]}", written
    finally:
        server.should_exit = True
        thread.join(20)
        listening.close()
        app.state.engine.dispose()
        for handler, stream in redirected:
            handler.setStream(stream)
        access = logging.getLogger("contactpoint.access")
        access.handlers, access.propagate = [], True


def test_the_access_log_never_holds_a_grant_token(
    served: tuple[Any, str, StringIO], sessions: sessionmaker[Session], settings: Settings
) -> None:
    app, base_url, written = served
    with sessions.begin() as session:
        la = local_authority(session)
        add_child(session, "Ava", "Okafor", la=la)
        account = user(session, settings, la=la)
    with TestClient(app, base_url="http://localhost") as browser:
        signed_in(browser, account)
        (token,) = result_tokens(search(browser, family_name="Okafor", **DOB))
        csrf = csrf_token(browser, "/search")
        cookies = browser.cookies
    with httpx2.Client(base_url=base_url, cookies=cookies) as client:
        assert client.get(f"/children/{token}/reason").status_code == 200
        form = {"csrf_token": csrf, "reason": "service_delivery", "reference": ""}
        assert client.post(f"/children/{token}/reason", data=form).status_code == 303
        assert "Ava Okafor" in client.get(f"/children/{token}").text
        assert client.get(f"/children/{token[::-1]}").status_code == 404  # unknown token
    logged = written.getvalue()
    assert token not in logged
    assert token[::-1] not in logged
    assert "GET /children/{token} 200" in logged  # the access log is there, by route
    assert "GET /children/{token} 404" in logged
