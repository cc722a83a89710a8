"""Blocking keys: the few small groups a child falls into, so candidates come from an index.

A feed row is only ever compared with children sharing at least one key. Each key is
chosen to keep its group small at national size (11 million children) while still
catching the usual errors: a moved child keeps their names and date of birth, a mistyped
date of birth keeps the names and postcode, a changed family name keeps the given name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_SOUNDEX_CODES = {
    **dict.fromkeys("BFPV", "1"),
    **dict.fromkeys("CGJKQSXZ", "2"),
    **dict.fromkeys("DT", "3"),
    "L": "4",
    **dict.fromkeys("MN", "5"),
    "R": "6",
}
_NOT_LETTERS = re.compile(r"[^A-Z]")


def normalise_name(name: str | None) -> str | None:
    if not name:
        return None
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_LETTERS.sub("", folded.upper()) or None


def first_name(given_names: str | None) -> str | None:
    return normalise_name((given_names or "").split(" ")[0])


@lru_cache(maxsize=1 << 16)  # names repeat a great deal: re-keying 11 million children
def soundex(name: str) -> str:
    """American Soundex of a normalised name (letters A-Z): four characters, e.g. S530."""
    if not name:
        return ""
    codes = [_SOUNDEX_CODES.get(ch, "") for ch in name]
    out, previous = [name[0]], codes[0]
    for ch, code in zip(name[1:], codes[1:], strict=True):
        if code and code != previous:
            out.append(code)
        if ch not in "HW":
            previous = code
    return "".join(out).ljust(4, "0")[:4]


@dataclass(frozen=True)
class Identity:
    """The fields matching uses, from a feed row or a child record alike."""

    given_name: str | None  # first given name, normalised
    family_name: str | None
    date_of_birth: date
    gender: str
    postcode: str | None
    address_line1: str | None
    all_given_names: str | None = None  # normalised, to tell apart twins sharing a first name


def blocking_keys(identity: Identity) -> list[str]:
    dob = identity.date_of_birth.isoformat()
    given = soundex(identity.given_name or "")
    family = soundex(identity.family_name or "")
    keys = [f"df:{dob}:{family}", f"dg:{dob}:{given}"]
    keys.append(f"gf:{given}{family}:{identity.date_of_birth.year}")
    if identity.postcode:
        keys.append(f"py:{identity.postcode.replace(' ', '')}:{identity.date_of_birth.year}")
    return keys
