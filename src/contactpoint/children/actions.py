"""Searching for a child is an action: it runs and its audit event is written together."""

from __future__ import annotations

from sqlalchemy.orm import Session

from contactpoint.access.events import SearchDetails, criteria_digest
from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.children.queries import search
from contactpoint.children.schemas import SearchCriteria, SearchOutcome


def perform_search(
    session: Session,
    criteria: SearchCriteria,
    *,
    by: Actor,
    cap: int,
    digest_key: bytes,
    la_scope: int | None = None,
    meta: RequestMeta | None = None,
) -> SearchOutcome:
    """Search and record "access:child:searched" in the caller's transaction (no commit).

    The event holds the criteria set, a keyed digest of the criteria (never the criteria),
    how many results were shown and how many of them were shielded. `la_scope` limits an
    LA-scoped role to its LA inside the query, so the count is what the user was shown.
    """
    outcome = search(session, criteria, cap=cap, la_scope=la_scope)
    details = SearchDetails(
        criteria_set=criteria.criteria_set.value,
        criteria_digest=criteria_digest(digest_key, criteria.used_fields()),
        results=outcome.result_count,
        shielded_hits=outcome.shielded_hits,
    )
    record(session, "access:child:searched", details, by=by, meta=meta)
    return outcome
