"""The posted form, for plain `def` routes.

A route that touches the database is a `def` route: FastAPI runs it in its thread pool, so
its queries never stall the event loop. Reading a request body is asynchronous, so this
dependency reads and parses it first, on the loop, and the route receives the parsed form.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData


async def posted_form(request: Request) -> FormData:
    """The request's form fields (parsed once; no database work here)."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]
