"""Pages that need no account: the start page and a health check."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from contactpoint.authz.dependencies import public
from contactpoint.web.templating import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse, dependencies=[Depends(public())])
def start_page(request: Request) -> HTMLResponse:
    return render(request, "start.html")


@router.get("/healthz", response_class=PlainTextResponse, dependencies=[Depends(public())])
def health() -> str:
    return "ok"
