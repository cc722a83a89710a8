"""Audit report pages: filter the trail on screen, a page at a time, and download it.

Filtering is a GET form (nothing changes, so the URL may be bookmarked and holds no CSRF
token); each download is a POST with a CSRF token because it writes its own audit event.
Every route is a plain `def` (FastAPI's thread pool): a download commits its audit event and
closes its database session before the file is rendered, then streams it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.actions import export_report
from contactpoint.audit.events import declared_event_types
from contactpoint.audit.queries import COLUMNS, REPORT_LIMIT, report_count, report_rows
from contactpoint.audit.render import PDF_LIMIT
from contactpoint.audit.web import ReportForm, read_report_form, scope_of, scoped, usernames
from contactpoint.authz.dependencies import require
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.organisations.models import LocalAuthority
from contactpoint.web.forms import PostedForm
from contactpoint.web.sessions import db_session, request_meta
from contactpoint.web.templating import render

router = APIRouter(prefix="/audit/reports")
DB = Annotated[Session, Depends(db_session)]
Reader = Annotated[Principal, Depends(require(Permission.AUDIT_REPORT_READ))]
PAGE_SIZE = 100
MAX_PAGE = REPORT_LIMIT // PAGE_SIZE
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}
USE_CSV = "download CSV, or narrow the filters"


@router.get("", response_class=HTMLResponse)
def report_page(principal: Reader, request: Request, db: DB, page: int = 1) -> HTMLResponse:
    within_la = scope_of(principal)
    form = read_report_form(db, request.query_params, national=within_la is None)
    page = min(max(page, 1), MAX_PAGE)
    context: dict[str, object] = {"page": page, "rows": [], "total": 0}
    if not form.problems:
        report = scoped(form.report, within_la)
        rows = report_rows(db, report, PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, newest_first=True)
        context |= {
            "rows": rows,
            "total": report_count(db, report),
            "usernames": usernames(db, (row[3] for row in rows)),
        }
    return _render(request, db, form, within_la, context)


def _render(
    request: Request,
    db: Session,
    form: ReportForm,
    within_la: int | None,
    context: dict[str, object],
) -> HTMLResponse:
    las = [] if within_la is not None else list(db.scalars(select(LocalAuthority).order_by("name")))
    context |= {
        "title": "Audit reports",
        "form": form,
        "columns": COLUMNS,
        "event_types": declared_event_types(),
        "local_authorities": las,
        "within_la": db.get(LocalAuthority, within_la) if within_la is not None else None,
        "page_size": PAGE_SIZE,
        "report_limit": REPORT_LIMIT,
        "pdf_limit": PDF_LIMIT,
    }
    status = 400 if form.problems else 200
    return render(request, "audit/reports.html", context, status_code=status)


@router.post("/download", response_class=HTMLResponse)
def download(principal: Reader, request: Request, db: DB, posted: PostedForm) -> Response:
    within_la = scope_of(principal)
    values = {name: value for name, value in posted.items() if isinstance(value, str)}
    form = read_report_form(db, values, national=within_la is None)
    file_format: Literal["csv", "pdf"] = "pdf" if values.get("format") == "pdf" else "csv"
    if file_format == "pdf" and not form.problems and _too_long_for_pdf(db, form, within_la):
        form.problems["format"] = f"A PDF holds at most {PDF_LIMIT:,} events: {USE_CSV}"
    if form.problems:
        return _render(request, db, form, within_la, {"page": 1, "rows": [], "total": 0})
    export = export_report(
        db,
        report=form.report,
        format=file_format,
        within_la=within_la,
        by=principal.actor(),
        meta=request_meta(request),
    )
    db.commit()  # the download is on record before a byte of it is rendered
    db.close()  # and no transaction or connection is held while it renders
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    disposition = f'attachment; filename="contactpoint-audit-{stamp}.{file_format}"'
    headers = {"Content-Disposition": disposition, "Cache-Control": "no-store"}
    # A PDF is built here, in the thread pool; CSV is written in pieces as it is sent.
    return StreamingResponse(export.chunks(), media_type=MEDIA_TYPES[file_format], headers=headers)


def _too_long_for_pdf(db: Session, form: ReportForm, within_la: int | None) -> bool:
    return report_count(db, scoped(form.report, within_la)) > PDF_LIMIT
