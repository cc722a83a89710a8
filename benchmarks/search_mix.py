"""The search mix: real children sampled from the loaded index, typed as a practitioner would.

Each criteria set is used in turn; about half the searches carry a mistake (a keyboard slip
in the family name, a nickname, a slipped date of birth), as in benchmarks/search_latency.py.
A search is the form as posted to POST /search, so the web route, the API and the SQL
ceiling all parse it with the same SearchForm.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from tests.integration.children import misspell

from contactpoint.children.models import Address, Child, RecordStatus

SETS = ("family_dob", "family_given_postcode", "family_given_yob_gender", "cp_id")


def sample(engine: Engine, count: int, seed: int) -> list[dict[str, Any]]:
    query = (
        select(
            Child.cp_id,
            Child.given_names,
            Child.family_name,
            Child.date_of_birth,
            Child.gender,
            Address.postcode,
        )
        .join(Address, Address.id == Child.current_address_id)
        .where(Child.status == RecordStatus.ACTIVE, Child.is_shielded.is_(False))
        .order_by(func.md5(func.concat(Child.id, str(seed))))
        .limit(count)
    )
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def forms(people: list[dict[str, Any]], seed: int, as_of: date) -> list[dict[str, str]]:
    """One search form per person, the criteria sets in rotation."""
    rng = random.Random(seed)
    return [_form(p, SETS[i % len(SETS)], rng, as_of) for i, p in enumerate(people)]


def _form(person: dict[str, Any], chosen: str, rng: random.Random, as_of: date) -> dict[str, str]:
    family, given = str(person["family_name"]), str(person["given_names"]).split()[0]
    born: date = person["date_of_birth"]
    mistake = rng.random()
    if mistake < 0.3:
        family = misspell.keyboard_slip(family, rng)
    elif mistake < 0.45:
        given = misspell.nickname(given, rng)
    elif mistake < 0.55 and chosen == "family_dob":
        born = misspell.slipped(born, rng, as_of)
    if chosen == "cp_id":
        return {"cp_id": str(person["cp_id"])}
    if chosen == "family_dob":
        day = {"dob_day": str(born.day), "dob_month": str(born.month), "dob_year": str(born.year)}
        return {"family_name": family, **day}
    if chosen == "family_given_postcode":
        return {"family_name": family, "given_name": given, "postcode": str(person["postcode"])}
    gender = str(getattr(person["gender"], "value", person["gender"]))
    return {
        "family_name": family,
        "given_name": given,
        "year_of_birth": str(born.year),
        "gender": gender,
    }
