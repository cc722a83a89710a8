"""How well one search-key row matches what was typed: 0..1, or None for no match at all.

Weights favour the name over the date; a day/month swap or a one-digit slip in the date
costs less than a wrong name, so a slipped date still finds the child.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from contactpoint.children import nicknames
from contactpoint.children.dates import variants
from contactpoint.children.names import normalise, parts, similarity, sound
from contactpoint.children.schemas import CriteriaSet, SearchCriteria

MIN_FAMILY = 0.65  # lets a three-letter name through with one letter wrong
MIN_GIVEN = 0.6
PART_PENALTY = 0.9  # typed "Smith-Jones", held "Smith": close, but not the same
NICKNAME = 0.95
SWAPPED_DATE = 0.85
SLIPPED_DATE = 0.65
DISTRICT_ONLY = 0.6


class KeyRow(Protocol):
    family_norm: str
    given_norm: str
    given_canon: str
    date_of_birth: date
    postcode: str | None


@dataclass(frozen=True)
class Probe:
    """The typed criteria, normalised once per search."""

    criteria_set: CriteriaSet
    families: tuple[str, ...]  # the whole family name first, then its parts
    given: str | None
    given_sounds: frozenset[str]  # of every name the typed given name reaches (nicknames)
    date_of_birth: date | None
    close_dates: frozenset[date]
    slipped_dates: frozenset[date]
    postcode: str | None

    @property
    def family_sounds(self) -> set[str]:
        return {sound(family) for family in self.families}

    @property
    def all_dates(self) -> set[date]:
        return set(self.close_dates | self.slipped_dates)


MAX_TYPED_PARTS = 2  # a double-barrelled name; longer names are searched whole


def typed_families(family_name: str) -> tuple[str, ...]:
    """What a typed family name is searched as: one name, however many words it has.

    A double-barrelled name also reaches children held under either half ("Smith-Jones"
    finds a Smith). A longer run of words is searched whole only: looking each word up
    would let one search reach every Smith, Jones, Williams and Taylor born that day.
    """
    whole, *pieces = parts(family_name) or [""]
    return (whole, *pieces) if len(pieces) <= MAX_TYPED_PARTS else (whole,)


def probe_for(criteria: SearchCriteria, today: date) -> Probe:
    families = typed_families(criteria.family_name or "")
    given = normalise((criteria.given_name or "").replace("-", " ").split(" ")[0]) or None
    close: set[date] = set()
    slipped: set[date] = set()
    if criteria.date_of_birth is not None:
        close, slipped = variants(criteria.date_of_birth, today)
    return Probe(
        criteria_set=criteria.criteria_set,
        families=families,
        given=given,
        given_sounds=frozenset(sound(name) for name in nicknames.reach(given or "")),
        date_of_birth=criteria.date_of_birth,
        close_dates=frozenset(close),
        slipped_dates=frozenset(slipped),
        postcode=criteria.postcode,
    )


def score(
    probe: Probe, row: KeyRow, gender: str | None = None, memo: Memo | None = None
) -> float | None:
    """`memo`, one per search, remembers the name scores of held names already seen: at
    national size a common name comes back on hundreds of candidate rows."""
    memo = memo if memo is not None else Memo()
    family = memo.family.get(row.family_norm)
    if family is None:
        family = memo.family[row.family_norm] = family_score(probe, row.family_norm)
    if family < MIN_FAMILY:
        return None
    given = 0.0
    if probe.given:
        key = (row.given_norm, row.given_canon, gender)
        remembered = memo.given.get(key)
        given = memo.given[key] = (
            given_score(probe, row, gender) if remembered is None else remembered
        )
    if probe.criteria_set is CriteriaSet.FAMILY_DOB:
        when = date_score(probe, row.date_of_birth)
        if probe.given:
            return 0.45 * family + 0.35 * when + 0.2 * given
        return 0.55 * family + 0.45 * when
    if given < MIN_GIVEN:
        return None
    if probe.criteria_set is CriteriaSet.FAMILY_GIVEN_POSTCODE:
        where = 1.0 if row.postcode == probe.postcode else DISTRICT_ONLY
        return 0.4 * family + 0.3 * given + 0.3 * where
    return 0.5 * family + 0.5 * given


@dataclass
class Memo:
    """Name scores already worked out in one search (never kept beyond it)."""

    family: dict[str, float] = field(default_factory=dict)
    given: dict[tuple[str, str, str | None], float] = field(default_factory=dict)


def family_score(probe: Probe, held: str) -> float:
    whole, *pieces = probe.families
    best = similarity(whole, held)
    for piece in pieces:
        best = max(best, PART_PENALTY * similarity(piece, held))
    return best


def given_score(probe: Probe, row: KeyRow, gender: str | None) -> float:
    typed = probe.given or ""
    held = row.given_norm.split()
    best = max((similarity(typed, name) for name in held), default=0.0)
    if best < NICKNAME and held:
        same_group = nicknames.canonical(typed, gender) == row.given_canon
        if same_group or nicknames.related(typed, held[0]):
            best = NICKNAME
    return best


def date_score(probe: Probe, held: date) -> float:
    if held == probe.date_of_birth:
        return 1.0
    if held in probe.close_dates:
        return SWAPPED_DATE
    return SLIPPED_DATE if held in probe.slipped_dates else 0.0
