"""Real uvicorn processes on 127.0.0.1, and benchmark practitioners signed in through /sign-in."""

from __future__ import annotations

import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import httpx2 as httpx
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from tests.integration.practitioners.factories import (
    PASSWORD,
    PIN,
    Account,
    make_account,
    make_organisation,
)

from contactpoint.config import Settings
from contactpoint.practitioners.credentials import current_totp
from contactpoint.practitioners.models import User


@contextmanager
def uvicorn(target: list[str], workers: int, port: int, env: dict[str, str]) -> Iterator[int]:
    """Serve `target` (uvicorn arguments) with `workers` processes; yields the master's pid."""
    command = [sys.executable, "-m", "benchmarks.serve_workers", *target]
    command += ["--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=env)
    try:
        _wait_for(port, process)
        time.sleep(1.0 + workers)  # every worker has imported the app and is accepting
        yield process.pid
    finally:
        process.terminate()
        process.wait(30)


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("uvicorn did not start listening in 60 s")


def make_practitioners(engine: Engine, settings: Settings, count: int) -> list[Account]:
    """`count` active practitioners at one national partner, each with an approved device."""
    run = secrets.token_hex(3)
    accounts = []
    with Session(engine) as session:
        organisation = make_organisation(session)
        for number in range(count):
            account = make_account(session, settings, organisation=organisation)
            name = f"bench-{run}-{number}"
            user = session.get(User, account.user_id)
            assert user is not None
            user.username = name
            accounts.append(replace(account, username=name))
        session.commit()
    return accounts


@dataclass(frozen=True)
class SignedIn:
    cookie: str  # the Cookie header: session, CSRF and device cookies
    csrf_token: str  # the form field that matches the CSRF cookie


def sign_in(port: int, account: Account) -> SignedIn:
    """Sign in through the real form (four factors, approved device), as a browser would."""
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        client.cookies.set("cp_device", account.device_token)
        form = {
            "csrf_token": _csrf(client, "/sign-in"),
            "username": account.username,
            "password": PASSWORD,
            "pin": PIN,
            "code": current_totp(account.totp_secret),
        }
        answer = client.post("/sign-in", data=form)
        if answer.status_code != 303:
            raise RuntimeError(f"sign-in refused for a benchmark user ({answer.status_code})")
        token = _csrf(client, "/search")
        cookie = "; ".join(f"{c.name}={c.value}" for c in client.cookies.jar)
        return SignedIn(cookie, token)


def _csrf(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    if not found:
        raise RuntimeError(f"no CSRF field on {path} ({page.status_code})")
    return found.group(1)
