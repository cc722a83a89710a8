"""The ceiling of the stack: the same framework and server with nothing behind the route.

    uvicorn benchmarks.bare_app:app --workers N

A form POST parsed by FastAPI into a model and a small HTML page rendered back, on a sync
route (run in the thread pool, as /search is), with no database, session or template.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Form
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


class Posted(BaseModel):
    family_name: str = ""
    given_name: str = ""


@app.post("/search", response_class=HTMLResponse)
def search(posted: Annotated[Posted, Form()]) -> HTMLResponse:
    return HTMLResponse(f"<p>{len(posted.family_name)}</p>")
