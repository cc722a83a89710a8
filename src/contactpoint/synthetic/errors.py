"""The mistakes real source systems make with a child's details, applied on purpose.

Each function returns the damaged value, or None when the mistake cannot apply (a date
whose day is over 12 cannot have day and month swapped; a name with no nickname).
"""

from __future__ import annotations

import random
from datetime import date

from contactpoint.synthetic.variants import variants_of

# Letters next to each other on a UK keyboard: the typical slip of a finger.
_NEIGHBOURS = {
    "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc",
    "g": "ftyhbv", "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop",
    "m": "njk", "n": "bhjm", "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz",
    "t": "rfgy", "u": "yhji", "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}  # fmt: skip


def typo(rng: random.Random, name: str) -> str | None:
    """One slip: a neighbouring key, two letters swapped, a letter dropped or doubled."""
    letters = [i for i, char in enumerate(name) if char.isalpha()]
    if len(letters) < 3:
        return None
    at = rng.choice(letters[1:])  # the first letter is the one people get right
    char = name[at]
    slip = rng.randrange(4)
    if slip == 0 and char.lower() in _NEIGHBOURS:
        swap = rng.choice(_NEIGHBOURS[char.lower()])
        damaged = name[:at] + (swap.upper() if char.isupper() else swap) + name[at + 1 :]
    elif slip == 1 and at + 1 < len(name) and name[at + 1].isalpha():
        damaged = name[:at] + name[at + 1] + char + name[at + 2 :]
    elif slip == 2:
        damaged = name[:at] + name[at + 1 :]
    else:
        damaged = name[:at] + char + name[at:]
    return damaged if damaged != name else None


def swap_day_month(born: date) -> date | None:
    if born.day > 12 or born.day == born.month:
        return None
    return date(born.year, born.day, born.month)


def nickname(rng: random.Random, given_names: str) -> str | None:
    first, _, rest = given_names.partition(" ")
    options = variants_of(first)
    if not options:
        return None
    return f"{rng.choice(options)} {rest}".strip()


def one_part(rng: random.Random, family_name: str) -> str | None:
    """A double-barrelled name recorded as one of its parts."""
    parts = family_name.split("-")
    return rng.choice(parts) if len(parts) > 1 else None


def first_given_only(given_names: str) -> str | None:
    first, _, rest = given_names.partition(" ")
    return first if rest else None
