"""The search page: accepted criteria only, a capped ranked list, never paging."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from contactpoint.access import grants, harvest
from contactpoint.access.limits import count_or_refuse
from contactpoint.access.queries import authorised_practitioner, la_scope
from contactpoint.access.schemas import SearchForm
from contactpoint.access.web import limit_page, paused_page, settings_of
from contactpoint.audit.writer import Actor
from contactpoint.authz.dependencies import require
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.children.actions import perform_search
from contactpoint.children.schemas import OutcomeKind, ResultRow, SearchCriteria
from contactpoint.web.sessions import db_session, request_meta
from contactpoint.web.templating import render

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Searcher = Annotated[Principal, Depends(require(Permission.CHILD_SEARCH))]
TITLE = "Find a child"


@router.get("/search", response_class=HTMLResponse)
def search_page(principal: Searcher, request: Request) -> HTMLResponse:
    return _page(request, principal, SearchForm(values={}))


class PostedSearch(BaseModel):
    """The form as posted; lengths are cut here, so nothing typed is ever echoed in an error."""

    family_name: str = ""
    given_name: str = ""
    dob_day: str = ""
    dob_month: str = ""
    dob_year: str = ""
    postcode: str = ""
    year_of_birth: str = ""
    gender: str = ""
    cp_id: str = ""
    on_behalf_of: str = ""


@router.post("/search", response_class=HTMLResponse)
def search_submit(
    principal: Searcher, request: Request, db: DB, posted: Annotated[PostedSearch, Form()]
) -> HTMLResponse:
    form = SearchForm(values={name: value[:100] for name, value in posted.model_dump().items()})
    criteria = form.criteria()
    actor = _acting_for(db, principal, form)
    if criteria is None or actor is None:
        return _page(request, principal, form)
    return _search(
        request=request, db=db, principal=principal, actor=actor, form=form, criteria=criteria
    )


def _search(
    *,
    request: Request,
    db: Session,
    principal: Principal,
    actor: Actor,
    form: SearchForm,
    criteria: SearchCriteria,
) -> HTMLResponse:
    settings, meta = settings_of(request), request_meta(request)
    reached = count_or_refuse(db, settings=settings, action="search", by=actor, meta=meta)
    if reached is not None:
        db.commit()
        return limit_page(request, reached)
    outcome = perform_search(
        db,
        criteria,
        by=actor,
        cap=settings.search_result_cap,
        digest_key=settings.secret("secret_key"),
        la_scope=la_scope(principal),
        meta=meta,
    )
    rows = outcome.results
    listed = [row.child_id for row in rows]
    if harvest.pause_if_harvesting(
        db, settings=settings, kind="listed", child_ids=listed, by=actor, meta=meta
    ):
        db.commit()
        return paused_page(request)
    tokens = grants.issue_grants(
        db,
        principal=principal,
        child_ids=[row.child_id for row in rows],
        on_behalf_of_user_id=actor.on_behalf_of_user_id,
    )
    db.commit()
    results = [(row, tokens[row.child_id]) for row in rows]
    too_many = outcome.kind is OutcomeKind.TOO_MANY
    return _page(request, principal, form, results=results, searched=True, too_many=too_many)


def _acting_for(db: Session, principal: Principal, form: SearchForm) -> Actor | None:
    """The actor to record: a mediated-access operator names the practitioner they act for."""
    actor = principal.actor()
    if not principal.can(Permission.MEDIATED_SEARCH):
        return actor
    username = form.values.get("on_behalf_of", "")
    practitioner = authorised_practitioner(db, username) if username.strip() else None
    if practitioner is None:
        form.errors["on_behalf_of"] = (
            "Enter the username of the authorised practitioner you are searching for"
        )
        return None
    return replace(actor, on_behalf_of_user_id=practitioner)


def _page(
    request: Request,
    principal: Principal,
    form: SearchForm,
    *,
    results: list[tuple[ResultRow, str]] | None = None,
    searched: bool = False,
    too_many: bool = False,
) -> HTMLResponse:
    context = {
        "title": ("Error: " if form.errors else "") + TITLE,
        "form": form,
        "mediated": principal.can(Permission.MEDIATED_SEARCH),
        "results": results or [],
        "searched": searched,
        "too_many": too_many,
        "cap": settings_of(request).search_result_cap,
    }
    return render(request, "access/search.html", context)
