"""A child's search key rows (children/search_keys.py), derived from the record alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from contactpoint.children import nicknames, postcodes
from contactpoint.children.models import Gender
from contactpoint.children.names import held_sound, normalise, parts

KEY_LEN = 40


@dataclass(frozen=True)
class IndexedChild:
    """What the keys are made from: the child's names, birth, gender and current postcode."""

    id: int
    names: tuple[tuple[str, str], ...]  # (given names, family name): current first
    gender: Gender
    date_of_birth: date
    postcode: str | None
    is_shielded: bool


def keys_for(child: IndexedChild) -> list[dict[str, Any]]:
    """One key row per distinct (family name variant, given names) the child is known by.

    A shielded record shows only name, date of birth, gender and ContactPoint ID, so only
    those reach its keys: its other names and its postcode are hidden fields, and a search
    that uses one must never find it. Leaving them out of the index (rather than filtering
    results) means no criteria set, now or later, can reach them.
    """
    names, postcode = child.names, child.postcode
    if child.is_shielded:
        names, postcode = names[:1], None
    postcode = postcodes.normalise(postcode) if postcode else None
    shared = {
        "child_id": child.id,
        "date_of_birth": child.date_of_birth,
        "birth_year": child.date_of_birth.year,
        "gender": child.gender,
        "postcode": postcode,
        "postcode_district": postcodes.district(postcode) if postcode else None,
        "is_shielded": child.is_shielded,
    }
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for given_names, family_name in names:
        given = given_fields(given_names, child.gender)
        for family in parts(family_name):
            key = (family, given["given_norm"])
            rows.setdefault(key, {**shared, **family_fields(family), **given})
    return list(rows.values())


def family_fields(family: str) -> dict[str, str]:
    family = family[:KEY_LEN]
    return {
        "family_norm": family,
        "family_sound": held_sound(family),
        "family_head": family[:2],
        "family_tail": family[-2:],
    }


def given_fields(given_names: str, gender: str | None) -> dict[str, str]:
    tokens = [normalise(token) for token in given_names.replace("-", " ").split()]
    tokens = [token for token in tokens if token]
    first = tokens[0] if tokens else ""
    canon = nicknames.canonical(first, gender)[:KEY_LEN]
    return {
        "given_norm": " ".join(tokens)[:KEY_LEN],
        "given_canon": canon,
        "given_sound": held_sound(first),
        "given_head": first[:2],
        "given_tail": first[-2:],
    }
