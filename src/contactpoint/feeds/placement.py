"""Resolving a row's LA code and organisation reference to records in the index.

A row naming an LA or a school/GP practice the index does not know is rejected: linking a
child to a guessed organisation would send practitioners to the wrong place.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.children.models import SourceType
from contactpoint.feeds.actions import Placement
from contactpoint.feeds.schemas import FeedRecord
from contactpoint.organisations.models import LocalAuthority, Organisation, OrganisationKind

ORGANISATION_KIND = {
    SourceType.PUPIL_CENSUS: (OrganisationKind.SCHOOL, OrganisationKind.EARLY_YEARS),
    SourceType.GP_REGISTRATION: (OrganisationKind.GP_PRACTICE,),
}


def resolve_placements(
    session: Session, records: list[FeedRecord]
) -> tuple[dict[int, Placement], dict[int, str]]:
    """Line -> placement for rows that resolve; line -> rejection reason for the rest."""
    la_codes = {r.la_code for r in records}
    las = dict(
        session.execute(
            select(LocalAuthority.code, LocalAuthority.id).where(LocalAuthority.code.in_(la_codes))
        ).all()
    )
    refs = {r.organisation_ref for r in records if r.organisation_ref}
    organisations = {
        ref: (org_id, kind)
        for ref, org_id, kind in session.execute(
            select(Organisation.reference, Organisation.id, Organisation.kind).where(
                Organisation.reference.in_(refs)
            )
        )
    }
    placements: dict[int, Placement] = {}
    rejected: dict[int, str] = {}
    for rec in records:
        if rec.la_code not in las:
            rejected[rec.line] = "la_code is not a local authority known to ContactPoint"
            continue
        org_id = None
        if rec.organisation_ref is not None:
            org_id, kind = organisations.get(rec.organisation_ref, (None, None))
            if org_id is None or kind not in ORGANISATION_KIND.get(rec.source, ()):
                rejected[rec.line] = "the school or GP practice is not known to ContactPoint"
                continue
        placements[rec.line] = Placement(la_id=las[rec.la_code], organisation_id=org_id)
    return placements, rejected
