"""Vetting gates (SPEC §4): a user signs in only while all three are current."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from contactpoint.practitioners.models import User

Gate = Literal["criminal_records_check_lapsed", "training_lapsed", "agreement_lapsed"]

# How long each stays current. The enhanced check is renewed every three years (SPEC §4);
# training is refreshed on the same cycle; the end-user agreement is accepted again yearly.
VALID_YEARS: dict[Gate, int] = {
    "criminal_records_check_lapsed": 3,
    "training_lapsed": 3,
    "agreement_lapsed": 1,
}
REFUSAL_MESSAGES: dict[Gate, str] = {
    "criminal_records_check_lapsed": "Your enhanced criminal records check has expired.",
    "training_lapsed": "Your ContactPoint training is out of date.",
    "agreement_lapsed": "You need to accept the end-user agreement again.",
}
WARN_WITHIN = timedelta(days=30)


@dataclass(frozen=True)
class Lapse:
    gate: Gate
    expires_on: date | None  # None: never recorded


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def expiries(user: User) -> dict[Gate, date | None]:
    recorded: dict[Gate, date | None] = {
        "criminal_records_check_lapsed": user.criminal_records_checked_on,
        "training_lapsed": user.training_completed_on,
        "agreement_lapsed": user.agreement_accepted_on,
    }
    return {
        gate: _years_after(day, VALID_YEARS[gate]) if day else None
        for gate, day in recorded.items()
    }


def lapsed(user: User, today: date) -> Gate | None:
    """The first gate that has lapsed (or was never passed), if any."""
    for gate, expires_on in expiries(user).items():
        if expires_on is None or expires_on <= today:
            return gate
    return None


def lapsing(user: User, today: date, within: timedelta = WARN_WITHIN) -> list[Lapse]:
    """Gates lapsed or lapsing within `within`: what an administrator should chase."""
    return [
        Lapse(gate, expires_on)
        for gate, expires_on in expiries(user).items()
        if expires_on is None or expires_on <= today + within
    ]
