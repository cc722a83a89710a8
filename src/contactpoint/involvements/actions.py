"""Recording involvement. Each action takes the acting user (`by=`), writes its audit event in
the caller's transaction and never commits. Own-organisation scope is the caller's: views
pass only involvements found through involvements.queries with the user's organisation."""

from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.involvements import events, queries, schemas
from contactpoint.involvements.models import Involvement
from contactpoint.types import utcnow


class LeadHeldError(Exception):
    """Another involvement is the child's current lead professional: it must be handed over."""


class EndedError(Exception):
    """The involvement has ended, so it cannot become the lead."""


def record_involvement(
    session: Session,
    *,
    child_id: int,
    form: schemas.NewInvolvement,
    by: Actor,
    meta: RequestMeta | None = None,
) -> Involvement:
    """Record that the acting user's organisation (and, if named, the user) works with a child."""
    assert by.organisation_id is not None
    involvement = Involvement(
        child_id=child_id,
        organisation_id=by.organisation_id,
        practitioner_name=form.practitioner_name,
        practitioner_phone=form.practitioner_phone,
        practitioner_email=form.practitioner_email,
        started_on=form.started_on,
        is_lead_professional=False,
        caf_undertaken=False,
        created_at=utcnow(),
    )
    session.add(involvement)
    session.flush()
    recorded = events.InvolvementRecorded(
        involvement_id=involvement.id,
        organisation_id=by.organisation_id,
        named_practitioner=form.practitioner_name is not None,
    )
    record(
        session,
        "involvements:involvement:recorded",
        recorded,
        by=by,
        child_ref=involvement.child_id,
        meta=meta,
    )
    return involvement


def end_involvement(
    session: Session,
    *,
    involvement: Involvement,
    ended_on: date,
    by: Actor,
    meta: RequestMeta | None = None,
) -> None:
    """End the involvement; a lead professional's lead ends with it."""
    was_lead = involvement.is_lead_professional
    involvement.ended_on, involvement.is_lead_professional = ended_on, False
    session.flush()
    ended = events.InvolvementEnded(
        involvement_id=involvement.id, ended_on=ended_on, was_lead=was_lead
    )
    record(
        session,
        "involvements:involvement:ended",
        ended,
        by=by,
        child_ref=involvement.child_id,
        meta=meta,
    )


def take_lead(
    session: Session, *, involvement: Involvement, by: Actor, meta: RequestMeta | None = None
) -> None:
    """Become the child's lead professional; refused while someone else holds the lead."""
    if involvement.ended_on is not None:
        raise EndedError
    current = queries.current_lead(session, involvement.child_id)
    if current is not None and current[0].id != involvement.id:
        raise LeadHeldError
    if involvement.is_lead_professional:
        return
    try:
        with session.begin_nested():  # the partial unique index settles a race
            involvement.is_lead_professional = True
            session.flush()
    except IntegrityError:
        raise LeadHeldError from None
    taken = events.LeadTaken(involvement_id=involvement.id)
    record(
        session, "involvements:lead:taken", taken, by=by, child_ref=involvement.child_id, meta=meta
    )


def step_down_as_lead(
    session: Session, *, involvement: Involvement, by: Actor, meta: RequestMeta | None = None
) -> None:
    """Hand the lead back, so another practitioner can take it."""
    if not involvement.is_lead_professional:
        return
    involvement.is_lead_professional = False
    session.flush()
    stepped = events.LeadSteppedDown(involvement_id=involvement.id)
    record(
        session,
        "involvements:lead:stepped_down",
        stepped,
        by=by,
        child_ref=involvement.child_id,
        meta=meta,
    )


def mark_caf(
    session: Session,
    *,
    involvement: Involvement,
    caf_date: date,
    by: Actor,
    meta: RequestMeta | None = None,
) -> None:
    """A CAF was undertaken on this date: the flag and date only, never its content."""
    involvement.caf_undertaken, involvement.caf_date = True, caf_date
    session.flush()
    marked = events.CafMarked(involvement_id=involvement.id, caf_date=caf_date)
    record(
        session, "involvements:caf:marked", marked, by=by, child_ref=involvement.child_id, meta=meta
    )
