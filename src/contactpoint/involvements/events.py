"""Event shapes for recording involvement: opaque ids only (the child goes in child_ref)."""

from __future__ import annotations

from datetime import date

from contactpoint.audit.events import EventDetails, declare


@declare("involvements:involvement:recorded")
class InvolvementRecorded(EventDetails):
    involvement_id: int
    organisation_id: int
    named_practitioner: bool


@declare("involvements:involvement:ended")
class InvolvementEnded(EventDetails):
    involvement_id: int
    ended_on: date
    was_lead: bool


@declare("involvements:lead:taken")
class LeadTaken(EventDetails):
    involvement_id: int


@declare("involvements:lead:stepped_down")
class LeadSteppedDown(EventDetails):
    involvement_id: int


@declare("involvements:caf:marked")
class CafMarked(EventDetails):
    involvement_id: int
    caf_date: date
