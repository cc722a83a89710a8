"""The record page's gate, for every page that shows a child (beyond the search result row).

A page reached through a grant token shows the child only within five minutes of a reason
given on that grant (actions.reason_is_fresh), counts one view against the "view" limit
(limits.count_or_refuse) and writes "access:child:viewed" naming the child, all in the
request's one transaction: the caller reads what it shows, commits, then renders.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from contactpoint.access import actions, harvest
from contactpoint.access.grants import load_grant
from contactpoint.access.limits import count_or_refuse
from contactpoint.access.models import ViewGrant
from contactpoint.access.queries import la_scope
from contactpoint.access.web import limit_page, paused_page, settings_of
from contactpoint.audit.writer import Actor, RequestMeta
from contactpoint.authz.principal import Principal
from contactpoint.children.record import LimitedRecord, load_limited
from contactpoint.web.sessions import request_meta


@dataclass(frozen=True)
class Granted:
    """A live grant of this session and the child it opens (in the principal's scope)."""

    grant: ViewGrant
    child: LimitedRecord
    token: str


def granted(db: Session, principal: Principal, token: str) -> Granted:
    """The grant and its child, or 404 (unknown, expired, foreign or out of scope alike)."""
    grant = load_grant(db, principal=principal, token=token)
    child = load_limited(db, grant.child_id, la_scope=la_scope(principal))
    if child is None:
        raise HTTPException(status_code=404)
    return Granted(grant, child, token)


def actor(principal: Principal, grant: ViewGrant) -> Actor:
    """The acting user, with the practitioner a mediated search was made for."""
    return replace(principal.actor(), on_behalf_of_user_id=grant.on_behalf_of_user_id)


def refusal(
    db: Session, request: Request, seen: Granted, *, by: Actor, meta: RequestMeta
) -> Response | None:
    """Count one view, or say what to send instead: the reason page, the limit page (whose
    "access:limit:reached" the caller commits), or the paused page (access/harvest.py)."""
    if not actions.reason_is_fresh(seen.grant):
        return RedirectResponse(f"/children/{seen.token}/reason", status_code=303)
    settings = settings_of(request)
    reached = count_or_refuse(db, settings=settings, action="view", by=by, meta=meta)
    if reached is not None:
        return limit_page(request, reached)
    viewed = [seen.child.child_id]
    if harvest.pause_if_harvesting(
        db, settings=settings, kind="viewed", child_ids=viewed, by=by, meta=meta
    ):
        return paused_page(request)
    return None


def admit(db: Session, request: Request, principal: Principal, seen: Granted) -> Response | None:
    """Gate a page about the child (not the record itself) and audit it as a view.

    None: show the page (read it, commit, render). A response: commit, then send it instead.
    """
    by, meta = actor(principal, seen.grant), request_meta(request)
    refused = refusal(db, request, seen, by=by, meta=meta)
    if refused is None:
        actions.record_page_view(db, grant=seen.grant, child=seen.child, by=by, meta=meta)
    return refused
