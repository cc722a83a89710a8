"""A real witness for the tests: its own key, its own store, served over HTTP on 127.0.0.1
by uvicorn in a thread, exactly as `contactpoint audit witness` serves it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from contactpoint.audit.checkpoint import public_pem, verifying_key, witness_key
from contactpoint.audit.witness import WitnessStore
from contactpoint.audit.witness_http import create_witness_app
from contactpoint.config import Settings


@dataclass(frozen=True)
class Witness:
    url: str
    store: WitnessStore


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_witness(settings: Settings, folder: Path) -> Iterator[Witness]:
    """Start a witness that trusts this service's checkpoint key, and point `settings` at it."""
    folder.mkdir(parents=True, exist_ok=True)
    key = witness_key(folder / "witness_key.pem", create=True)
    store = WitnessStore(folder / "store", key, verifying_key(settings))
    public = folder / "witness_public.pem"
    public.write_bytes(public_pem(key.public_key()))
    port = _free_port()
    config = uvicorn.Config(
        create_witness_app(store), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test witness did not start")
        time.sleep(0.02)
    settings.audit_witness_url = f"http://127.0.0.1:{port}"
    settings.audit_witness_key_path = public
    try:
        yield Witness(settings.audit_witness_url, store)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
