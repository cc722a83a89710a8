"""Find a child without browsing: a few index lookups, then scoring in Python.

Each criteria set becomes a handful of equality lookups on child_search_keys (see its
indexes), OR-ed into one query, so the candidates are bounded by the index, never by a
scan. Candidates are scored (children/scoring.py); those close to the best are the
results, and more than the cap is "refine your search".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from contactpoint.children.models import Address, Child, Gender, RecordStatus
from contactpoint.children.postcodes import district
from contactpoint.children.schemas import (
    CriteriaSet,
    OutcomeKind,
    ResultRow,
    SearchCriteria,
    SearchOutcome,
)
from contactpoint.children.scoring import Memo, Probe, probe_for, score
from contactpoint.children.search_keys import ChildSearchKey as Key
from contactpoint.types import utcnow

MARGIN = 0.15  # results are the best match and those within this of it
MAX_CANDIDATE_ROWS = 5_000  # a guard: the indexes keep real searches far below this


def search(
    session: Session, criteria: SearchCriteria, *, cap: int, la_scope: int | None = None
) -> SearchOutcome:
    """Ranked matches for validated criteria: at most `cap`, or too_many, or none.

    `la_scope` (an LA-scoped role's LA) is part of the candidate query itself, so the cap,
    the "refine" decision and the audited count all see only children in that LA.
    """
    chosen = criteria.criteria_set
    if chosen is CriteriaSet.CP_ID:
        rows = _children(session, {}, cp_id=criteria.cp_id, hide_shielded=False, la=la_scope)
        return _outcome(chosen, rows)
    probe = probe_for(criteria, utcnow().date())
    candidates = session.execute(candidate_query(probe, criteria, la_scope=la_scope)).all()
    if len(candidates) > MAX_CANDIDATE_ROWS:
        return SearchOutcome(OutcomeKind.TOO_MANY, chosen)
    scores = best_scores(probe, candidates)
    if len(scores) > cap:
        return SearchOutcome(OutcomeKind.TOO_MANY, chosen)
    rows = _children(session, scores, hide_shielded=criteria.hidden_fields_used(), la=la_scope)
    return _outcome(chosen, rows)


CandidateQuery = Select[int, str, str, str, date, Gender, str | None]


def candidate_query(
    probe: Probe, criteria: SearchCriteria, *, la_scope: int | None = None
) -> CandidateQuery:
    query = (
        select(
            Key.child_id,
            Key.family_norm,
            Key.given_norm,
            Key.given_canon,
            Key.date_of_birth,
            Key.gender,
            Key.postcode,
        )
        .where(_lookups(probe, criteria))
        .limit(MAX_CANDIDATE_ROWS + 1)
    )
    if la_scope is not None:
        # A primary-key join per candidate row: bounded by the index lookups above.
        query = query.join(Child, Child.id == Key.child_id).where(Child.la_id == la_scope)
    return query


def explain(
    session: Session,
    criteria: SearchCriteria,
    *,
    analyze: bool = False,
    la_scope: int | None = None,
) -> str:
    """PostgreSQL's plan for the candidate lookup (benchmarks and tests show the indexes)."""
    query = candidate_query(probe_for(criteria, utcnow().date()), criteria, la_scope=la_scope)
    compiled = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    verb = "EXPLAIN (ANALYZE, BUFFERS)" if analyze else "EXPLAIN"
    return "\n".join(session.scalars(text(f"{verb} {compiled}")))


def best_scores(probe: Probe, candidates: Sequence[Any]) -> dict[int, float]:
    """Each child's best score over its key rows, keeping those within MARGIN of the best."""
    best: dict[int, float] = {}
    memo = Memo()
    for row in candidates:
        found = score(probe, row, row.gender, memo)
        if found is not None and found > best.get(row.child_id, -1.0):
            best[row.child_id] = found
    if not best:
        return {}
    floor = max(best.values()) - MARGIN
    return {child_id: value for child_id, value in best.items() if value >= floor}


def _lookups(probe: Probe, criteria: SearchCriteria) -> ColumnElement[bool]:
    heads = {family[:2] for family in probe.families}
    tails = {family[-2:] for family in probe.families}
    if probe.criteria_set is CriteriaSet.FAMILY_DOB:
        close = probe.close_dates
        return or_(
            and_(Key.family_sound.in_(probe.family_sounds), Key.date_of_birth.in_(probe.all_dates)),
            and_(Key.date_of_birth.in_(close), Key.family_head.in_(heads)),
            and_(Key.date_of_birth.in_(close), Key.family_tail.in_(tails)),
        )
    if probe.criteria_set is CriteriaSet.FAMILY_GIVEN_POSTCODE:
        postcode = probe.postcode or ""
        near = and_(
            Key.postcode_district == district(postcode),
            Key.family_sound.in_(probe.family_sounds),
            Key.given_sound.in_(probe.given_sounds),
        )
        return and_(or_(Key.postcode == postcode, near), Key.is_shielded == false())
    return _year_lookups(probe, criteria, heads, tails)


def _year_lookups(
    probe: Probe, criteria: SearchCriteria, heads: set[str], tails: set[str]
) -> ColumnElement[bool]:
    year_and_gender = and_(Key.birth_year == criteria.year_of_birth, Key.gender == criteria.gender)
    family_sounds = Key.family_sound.in_(probe.family_sounds)
    given_sound = Key.given_sound.in_(probe.given_sounds)
    return and_(
        year_and_gender,
        or_(
            and_(family_sounds, given_sound),
            and_(family_sounds, Key.given_head == (probe.given or "")[:2]),
            and_(family_sounds, Key.given_tail == (probe.given or "")[-2:]),
            and_(given_sound, Key.family_head.in_(heads)),
            and_(given_sound, Key.family_tail.in_(tails)),
        ),
    )


def _children(
    session: Session,
    scores: dict[int, float],
    *,
    hide_shielded: bool,
    la: int | None,
    cp_id: str | None = None,
) -> list[ResultRow]:
    """The result rows, re-checked against the records: active only, shield applied."""
    query = (
        select(
            Child.id,
            Child.cp_id,
            Child.given_names,
            Child.family_name,
            Child.date_of_birth,
            Child.gender,
            Child.is_shielded,
            Address.town,
            Address.postcode,
        )
        .outerjoin(Address, Address.id == Child.current_address_id)
        .where(Child.status == RecordStatus.ACTIVE)
    )
    query = query.where(Child.cp_id == cp_id) if cp_id else query.where(Child.id.in_(scores))
    if hide_shielded:
        query = query.where(Child.is_shielded == false())
    if la is not None:
        query = query.where(Child.la_id == la)
    rows = [_result(row, scores.get(row.id, 1.0)) for row in session.execute(query)]
    return sorted(rows, key=_rank)


def _result(row: Any, value: float) -> ResultRow:
    shielded = bool(row.is_shielded)
    return ResultRow(
        child_id=row.id,
        cp_id=row.cp_id,
        display_name=f"{row.given_names} {row.family_name}",
        date_of_birth=row.date_of_birth,
        gender=row.gender,
        town=None if shielded else row.town,
        postcode_district=None if shielded or not row.postcode else district(row.postcode),
        shielded=shielded,
        score=round(value, 4),
    )


def _rank(row: ResultRow) -> tuple[float, str, date, int]:
    return (-row.score, row.display_name, row.date_of_birth, row.child_id)


def _outcome(chosen: CriteriaSet, rows: list[ResultRow]) -> SearchOutcome:
    kind = OutcomeKind.RESULTS if rows else OutcomeKind.NONE
    return SearchOutcome(kind, chosen, tuple(rows))
