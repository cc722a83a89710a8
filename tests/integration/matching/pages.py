"""Two LAs, each with a queued possible duplicate, and the people who use the review pages.

Pairs come from real feeds through the trained model: a census child, then a GP row with a
mistyped birth date and another address. All names are synthetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.authz.roles import Role
from contactpoint.children.models import Child, SourceType
from contactpoint.config import Settings
from contactpoint.db import transaction
from contactpoint.feeds.models import Feed, FeedStatus
from contactpoint.matching.models import DecisionOutcome, MatchDecision, ReviewStatus
from contactpoint.organisations.models import LocalAuthority, Organisation, OrganisationKind
from tests.integration.feeds.support import (
    LA_CODE,
    census_row,
    gp_row,
    ingest,
    nhs,
    upn,
    write_feed,
)
from tests.integration.practitioners.factories import Account, make_account

OTHER_LA_CODE = "E08000006"
NAMES = [("Amelia Rose", "Hartley"), ("Isla May", "Brennan"), ("Noor", "Okafor"), ("Freya", "Lund")]


@dataclass(frozen=True)
class People:
    manager: Account  # LA manager in the feeds' LA
    other_manager: Account  # LA manager in a second LA
    national: Account  # national administrator
    practitioner: Account


def queue_pair(
    sessions: sessionmaker[Session], folder: Path, *, number: int, la_code: str = LA_CODE
) -> int:
    """Ingest a census child and a near-duplicate GP row; return the queued decision's id."""
    given, family = NAMES[number % len(NAMES)]
    names = {"given_names": given, "family_name": family, "la_code": la_code}
    census = [census_row(upn(number), **names)]
    gp = [
        gp_row(nhs(number), date_of_birth="2015-03-19", address_line1="9 Bank Road", **names)
        | {"postcode": "OL12 7QQ"}
    ]
    ingest(
        sessions,
        SourceType.PUPIL_CENSUS,
        write_feed(folder / f"c{number}.csv", SourceType.PUPIL_CENSUS, census),
    )
    report = ingest(
        sessions,
        SourceType.GP_REGISTRATION,
        write_feed(folder / f"g{number}.csv", SourceType.GP_REGISTRATION, gp),
    )
    assert report.outcomes["review"] == 1, report.outcomes
    with sessions() as session:
        return (
            session.scalars(
                select(MatchDecision.id)
                .where(MatchDecision.review_status.is_not(None))
                .order_by(MatchDecision.id.desc())
            ).first()
            or 0
        )


def _team(session: Session, la: LocalAuthority) -> Organisation:
    team = Organisation(
        kind=OrganisationKind.LA_CONTACTPOINT_TEAM, name=f"{la.name} team", la_id=la.id
    )
    session.add(team)
    session.flush()
    return team


def add_people(sessions: sessionmaker[Session], settings: Settings) -> People:
    """Managers of the feeds' LA and of a second LA, a national administrator, a practitioner."""
    with transaction(sessions) as session:
        home = session.scalars(select(LocalAuthority).where(LocalAuthority.code == LA_CODE)).one()
        other = LocalAuthority(code=OTHER_LA_CODE, name="Oldham", region="North West")
        session.add(other)
        session.flush()
        national = Organisation(kind=OrganisationKind.NATIONAL_PARTNER, name="Department")
        session.add(national)
        session.flush()
        school = session.scalars(
            select(Organisation).where(Organisation.kind == OrganisationKind.SCHOOL)
        ).first()
        assert school is not None
        return People(
            manager=make_account(
                session, settings, organisation=_team(session, home), roles=(Role.LA_MANAGER,)
            ),
            other_manager=make_account(
                session, settings, organisation=_team(session, other), roles=(Role.LA_MANAGER,)
            ),
            national=make_account(
                session, settings, organisation=national, roles=(Role.NATIONAL_ADMINISTRATOR,)
            ),
            practitioner=make_account(
                session, settings, organisation=school, roles=(Role.PRACTITIONER,)
            ),
        )


def pair_links(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'href="/matching/review/(\d+)"', page)]


def post_forms(page: str) -> list[str]:
    """Every POST form on a page, as its HTML."""
    return re.findall(r'<form[^>]*method="post".*?</form>', page, flags=re.S | re.I)


def cells(page: str, table_id: str) -> list[list[str]]:
    """A table's body rows as lists of cell texts (tags stripped, whitespace squeezed)."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, flags=re.S)
    assert table, f"no table {table_id}"
    body = table.group(0).split("<tbody", 1)[1]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    ]


def pair_of(session: Session, incoming: Child, candidate: Child, *, weight: float = 6.5) -> int:
    """Queue `incoming` (as a feed row's provisional child) against `candidate` for review,
    without a feed or a model: for the pages, not the matching. Returns the decision's id."""
    feed = Feed(
        source=SourceType.GP_REGISTRATION,
        content_sha256=f"{incoming.id:064d}",
        as_of=date.today(),
        row_count=1,
        status=FeedStatus.COMPLETE,
    )
    session.add(feed)
    session.flush()
    decision = MatchDecision(
        feed_id=feed.id,
        line=1,
        outcome=DecisionOutcome.REVIEW,
        child_id=incoming.id,
        candidate_child_id=candidate.id,
        match_weight=weight,
        contributions={"prior": -8.0, "family_name": 7.0, "date_of_birth": 7.5},
        review_status=ReviewStatus.PENDING,
    )
    session.add(decision)
    session.flush()
    return decision.id
