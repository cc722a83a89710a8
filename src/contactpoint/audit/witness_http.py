"""The witness over HTTP: the service posts each checkpoint, verify reads the receipts.

`create_witness_app` is the witness's own small web app (run by `contactpoint audit
witness`, never inside the service); the functions below are the service's and the
verifier's side of it, with the standard library's HTTP client and a short timeout.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import asdict
from typing import Any

from fastapi import Body, FastAPI, HTTPException
from fastapi.responses import PlainTextResponse

from contactpoint.audit.checkpoint import Checkpoint, public_pem
from contactpoint.audit.witness import Receipt, RefusedError, WitnessStore

TIMEOUT_SECONDS = 5


class WitnessUnavailableError(RuntimeError):
    """The witness could not be reached, or answered with something other than receipts."""


def create_witness_app(store: WitnessStore) -> FastAPI:
    app = FastAPI(title="ContactPoint audit witness", docs_url=None, redoc_url=None)

    @app.post("/checkpoints")
    def submit(body: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
        try:
            return asdict(store.accept(body))
        except RefusedError as refusal:
            raise HTTPException(status_code=409, detail=str(refusal)) from None

    @app.get("/checkpoints")
    def receipts() -> list[dict[str, Any]]:
        return [asdict(receipt) for receipt in store.receipts()]

    @app.get("/public-key", response_class=PlainTextResponse)
    def public_key() -> str:
        return public_pem(store.key.public_key()).decode()

    return app


def fetch_receipts(url: str) -> list[Receipt]:
    body = _request(f"{url.rstrip('/')}/checkpoints")
    try:
        return [Receipt(**item) for item in body]
    except TypeError:
        raise WitnessUnavailableError("the witness answered with something else") from None


def submit(url: str, checkpoint: Checkpoint) -> Receipt:
    answer = _request(f"{url.rstrip('/')}/checkpoints", checkpoint.body)
    try:
        return Receipt(**answer)
    except TypeError:
        raise WitnessUnavailableError("the witness answered with something else") from None


def _request(url: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - the configured witness, http(s) only
        url, data=data, headers={"Content-Type": "application/json"}
    )
    if not url.startswith(("http://", "https://")):
        raise WitnessUnavailableError("CONTACTPOINT_AUDIT_WITNESS_URL must be http(s)")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode(errors="replace")
        raise WitnessUnavailableError(f"the witness refused ({error.code}): {detail}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise WitnessUnavailableError(f"the witness is unreachable ({error})") from None
