"""Measure misuse detection: a month of ordinary activity with injected misuse, then the rules.

    .venv/bin/python benchmarks/audit_detection.py --seed 1

A synthetic population (10 LAs, 80 organisations, 20,000 children, involvements) and 410
practitioners work four weeks; eight misuse cases are injected among them. The monitor's
rules run over the month; the script prints which cases were caught, and how many ordinary
users were flagged by each rule. All data is synthetic and made up here.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from contactpoint import catalogue, migrate  # noqa: F401
from contactpoint.access.events import OverrideDetails, SearchDetails, ViewDetails
from contactpoint.audit.bulk import Draft, append_events
from contactpoint.audit.monitor import find
from contactpoint.audit.rules import Finding
from contactpoint.audit.writer import Actor
from contactpoint.children.models import Child, Gender
from contactpoint.db import make_engine, make_sessionmaker
from contactpoint.involvements.models import Involvement
from contactpoint.organisations.models import LocalAuthority, Organisation, OrganisationKind

LONDON = ZoneInfo("Europe/London")
LAS, ORGS_PER_LA, USERS_PER_LA, CHILDREN_PER_LA = 10, 8, 40, 2000
MONTH_START = date(2025, 3, 3)  # a Monday; four weeks
DAYS = [MONTH_START + timedelta(days=n) for n in range(28)]
WORKDAYS = [d for d in DAYS if d.weekday() < 5]


@dataclass
class World:
    rng: random.Random
    child_la: dict[int, int] = field(default_factory=dict)
    shielded: set[int] = field(default_factory=set)
    by_org: dict[int, list[int]] = field(default_factory=dict)  # org -> involved children
    by_la: dict[int, list[int]] = field(default_factory=dict)
    drafts: list[Draft] = field(default_factory=list)
    injected: dict[tuple[int, datetime], str] = field(default_factory=dict)  # -> case name
    case: str | None = None  # set while injecting a case

    def at(self, day: date, hour: float) -> datetime:
        local = datetime(day.year, day.month, day.day, tzinfo=LONDON) + timedelta(hours=hour)
        return local.astimezone(UTC)

    def lookup(self, by: Actor, child: int, when: datetime, *, override: bool = False) -> None:
        shielded = child in self.shielded
        search = SearchDetails(
            criteria_set=self.rng.choice(["family_dob", "family_given_postcode", "cp_id"]),
            criteria_digest=f"{self.rng.getrandbits(256):064x}",
            results=1,
            shielded_hits=int(shielded),
        )
        self.drafts.append(Draft("access:child:searched", search, by=by, occurred_at=when))
        view = ViewDetails(reason="safeguarding", shielded=shielded, override=override)
        later = when + timedelta(seconds=self.rng.randint(5, 90))
        if override:
            details = OverrideDetails(reason="child_protection", reference=None)
            self.drafts.append(
                Draft(
                    "access:shield:overridden", details, by=by, occurred_at=later, child_ref=child
                )
            )
        self.drafts.append(
            Draft("access:child:viewed", view, by=by, occurred_at=later, child_ref=child)
        )
        if self.case:
            for moment in (when, later):
                self.injected[(by.user_id or 0, moment)] = self.case


def build_population(session: object, world: World) -> list[Actor]:
    rng, users = world.rng, []
    las = [
        {"id": la, "code": f"E0{la:08d}", "name": f"LA {la}", "region": "R"}
        for la in range(1, LAS + 1)
    ]
    orgs, children, involvements = [], [], []
    for la in range(1, LAS + 1):
        org_ids = [la * 100 + n for n in range(ORGS_PER_LA)]
        for org in org_ids:
            kind = OrganisationKind.SOCIAL_CARE if org % 100 == 0 else OrganisationKind.SCHOOL
            orgs.append({"id": org, "kind": kind, "name": f"Org {org}", "la_id": la})
            world.by_org[org] = []
        for n in range(CHILDREN_PER_LA):
            child = la * 100_000 + n
            children.append(_child_row(child, la, rng))
            world.child_la[child] = la
            world.by_la.setdefault(la, []).append(child)
            if children[-1]["is_shielded"]:
                world.shielded.add(child)
            for org in rng.sample(org_ids, rng.choice([1, 1, 2, 3])):
                involvements.append(
                    {"child_id": child, "organisation_id": org, "started_on": date(2024, 9, 1)}
                )
                world.by_org[org].append(child)
        for n in range(USERS_PER_LA):
            org = org_ids[n % ORGS_PER_LA]
            users.append(
                Actor(user_id=la * 1000 + n, role="practitioner", organisation_id=org, la_id=la)
            )
        users.append(
            Actor(user_id=la * 1000 + 999, role="practitioner", organisation_id=la * 100, la_id=la)
        )
    for model, rows in (
        (LocalAuthority, las),
        (Organisation, orgs),
        (Child, children),
        (Involvement, involvements),
    ):
        session.execute(insert(model), rows)  # type: ignore[attr-defined]
    return users


def _child_row(child: int, la: int, rng: random.Random) -> dict[str, object]:
    return {
        "id": child,
        "cp_id": f"{child:012d}",
        "given_names": "Synthetic",
        "family_name": f"Child{child}",
        "gender": Gender.NOT_SPECIFIED,
        "date_of_birth": date(2010, 1, 1) + timedelta(days=rng.randint(0, 5000)),
        "la_id": la,
        "is_shielded": rng.random() < 0.005,
    }


def ordinary_month(world: World, users: list[Actor]) -> None:
    """Most lookups are of children the user's organisation works with, in working hours."""
    rng = world.rng
    duty = {u.user_id for u in users if (u.user_id or 0) % 1000 == 999}  # emergency duty team
    for user in users:
        rate = rng.lognormvariate(1.8, 0.6)  # median ~6 lookups a working day
        days = DAYS if user.user_id in duty else WORKDAYS
        for day in days:
            for _ in range(_poisson(rng, rate)):
                hour = rng.uniform(17, 23.5) if user.user_id in duty else _working_hour(rng)
                world.lookup(user, _ordinary_child(world, user), world.at(day, hour))
        if user.organisation_id and user.organisation_id % 100 == 0 and rng.random() < 0.3:
            child = rng.choice(
                [c for c in world.shielded if world.child_la[c] == user.la_id] or [1]
            )
            world.lookup(user, child, world.at(rng.choice(WORKDAYS), 11), override=True)


def _working_hour(rng: random.Random) -> float:
    return rng.uniform(18, 20) if rng.random() < 0.02 else rng.uniform(8, 17.9)


def _ordinary_child(world: World, user: Actor) -> int:
    rng, roll = world.rng, world.rng.random()
    if roll < 0.88 and world.by_org[user.organisation_id or 0]:
        return rng.choice(world.by_org[user.organisation_id or 0])
    if roll < 0.98:
        return rng.choice(world.by_la[user.la_id or 0])  # a new arrival, not yet recorded
    return rng.choice(world.by_la[rng.randint(1, LAS)])  # moved across a border


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1.0)
    while total < mean:
        count, total = count + 1, total + rng.expovariate(1.0)
    return count


def inject_misuse(world: World, users: list[Actor]) -> list[str]:
    """Eight cases; every event they add is tagged with the case's name."""
    rng, pick = world.rng, iter(world.rng.sample(users, 20))
    world.case = "snooping on a child in the news (6 users)"
    in_the_news = world.by_la[3][7]
    for user in [next(pick) for _ in range(6)]:
        day = WORKDAYS[8 + rng.randint(0, 2)]
        world.lookup(user, in_the_news, world.at(day, rng.uniform(9, 17)))
    for per_day in (60, 25):  # both far under a 10-a-minute rate limit
        world.case, scraper = f"slow scraping, {per_day} lookups a working day", next(pick)
        for day in WORKDAYS:
            for _ in range(per_day):
                child = rng.choice(world.by_la[rng.randint(1, LAS)])
                world.lookup(scraper, child, world.at(day, rng.uniform(8.5, 17.5)))
    for nights in (4, 2):
        world.case, user = f"out-of-hours shielded browsing, {nights} nights x 3", next(pick)
        for day in rng.sample(WORKDAYS, nights):
            for child in rng.sample(sorted(world.shielded), 3):
                world.lookup(user, child, world.at(day, rng.uniform(21, 23.5)))
    for visits in (5, 3, 2):
        world.case, user = f"own family (2 children), looked up on {visits} days", next(pick)
        family = rng.sample(world.by_la[user.la_id or 0], 2)
        for day in rng.sample(WORKDAYS, visits):
            for child in family:
                world.lookup(user, child, world.at(day, rng.uniform(12, 14)))
    world.case = None
    return list(dict.fromkeys(world.injected.values()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='audit-detect-')) / 'detect.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    world = World(rng=random.Random(args.seed))
    started = time.perf_counter()
    with make_sessionmaker(engine).begin() as session:
        users = build_population(session, world)
        ordinary_month(world, users)
        cases = inject_misuse(world, users)
        world.drafts.sort(key=lambda d: d.occurred_at)
        append_events(session, world.drafts)
        findings = find(session, since=world.at(DAYS[0], 0), until=world.at(DAYS[-1], 24))
    seconds = time.perf_counter() - started
    print(f"{len(world.drafts):,} events, {len(users)} users, seed {args.seed}; {seconds:.0f}s")
    report(world, cases, findings, users)


def report(world: World, cases: list[str], findings: list[Finding], users: list[Actor]) -> None:
    def cases_in(finding: Finding) -> set[str]:
        keys = ((e.user_id or 0, e.occurred_at) for e in finding.events)
        return {world.injected[key] for key in keys if key in world.injected}

    print("\n| Injected case | Caught | By rules |\n|---|---|---|")
    for case in cases:
        rules = sorted({f.rule for f in findings if case in cases_in(f)})
        print(f"| {case} | {'yes' if rules else '**no**'} | {', '.join(rules) or '-'} |")
    caught = sum(1 for case in cases if any(case in cases_in(f) for f in findings))
    print(f"\nCaught {caught} of {len(cases)} injected cases; missed {len(cases) - caught}.")
    false = [f for f in findings if f.rule != "override" and not cases_in(f)]
    misusers = {user for user, _ in world.injected}
    flagged = {f.user_id for f in false if f.user_id is not None and f.user_id not in misusers}
    per_rule = dict(sorted(Counter(f.rule for f in false).items()))
    print(f"False alerts: {len(false)} {per_rule}")
    print(f"Ordinary users flagged: {len(flagged)} of {len(users) - len(misusers)}.")
    overrides = sum(1 for f in findings if f.rule == "override")
    print(f"Override reviews (every override alerts by design, all legitimate here): {overrides}.")


if __name__ == "__main__":
    main()
