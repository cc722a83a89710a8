"""Realistic mistakes people make when typing a child's details into a search form."""

from __future__ import annotations

import random
from datetime import date

from contactpoint.synthetic.variants import variants_of

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, str]:
    """Each letter's neighbours on a QWERTY keyboard (same row, and the rows above and below)."""
    found: dict[str, str] = {}
    for r, row in enumerate(_ROWS):
        for c, char in enumerate(row):
            near = [
                _ROWS[r2][c2]
                for r2 in (r - 1, r, r + 1)
                for c2 in (c - 1, c, c + 1)
                if 0 <= r2 < len(_ROWS) and 0 <= c2 < len(_ROWS[r2]) and (r2, c2) != (r, c)
            ]
            found[char] = "".join(near)
    return found


_NEIGHBOURS = _neighbours()
# Spellings that sound the same, as someone writing down a name they heard would use.
_SOUNDS_LIKE = (
    ("ph", "f"), ("f", "ph"), ("ck", "k"), ("c", "k"), ("k", "c"), ("th", "t"), ("ie", "y"),
    ("y", "ie"), ("ey", "y"), ("s", "z"), ("z", "s"), ("ou", "ow"), ("ee", "ea"), ("ll", "l"),
    ("l", "ll"), ("nn", "n"), ("tt", "t"), ("ai", "ay"), ("ss", "s"), ("son", "sen"),
    ("sen", "son"), ("ine", "yn"), ("an", "en"), ("er", "or"), ("i", "y"), ("a", "e"),
)  # fmt: skip


def keyboard_slip(word: str, rng: random.Random) -> str:
    """One slip of the fingers: a letter dropped, doubled, swapped, or hit next door."""
    letters = list(word.lower())
    position = rng.randrange(len(letters))
    kind = rng.choice(("drop", "double", "swap", "neighbour", "extra"))
    if kind == "drop" and len(letters) > 3:
        del letters[position]
    elif kind == "double":
        letters.insert(position, letters[position])
    elif kind == "swap" and position < len(letters) - 1:
        letters[position], letters[position + 1] = letters[position + 1], letters[position]
    elif kind == "extra":
        letters.insert(position, rng.choice(_NEIGHBOURS.get(letters[position], "e")))
    else:
        letters[position] = rng.choice(_NEIGHBOURS.get(letters[position], "e"))
    slipped = "".join(letters)
    return slipped if slipped != word.lower() else keyboard_slip(word, rng)


def sounds_like(word: str, rng: random.Random) -> str:
    """The name as someone who heard it might spell it (Stephens as Stevens)."""
    lowered = word.lower()
    options = [(old, new) for old, new in _SOUNDS_LIKE if old in lowered[1:]]
    if not options:
        return keyboard_slip(word, rng)
    old, new = rng.choice(options)
    at = lowered.index(old, 1)
    return lowered[:at] + new + lowered[at + len(old) :]


def nickname(given: str, rng: random.Random) -> str:
    first = given.split(maxsplit=1)[0]
    options = variants_of(first)
    return rng.choice(options) if options else keyboard_slip(first, rng)


def swapped(born: date, today: date) -> date | None:
    if born.day > 12 or born.day == born.month:
        return None
    swap = born.replace(day=born.month, month=born.day)
    return swap if swap <= today else None


def slipped(born: date, rng: random.Random, today: date) -> date:
    """The date with one digit of DD/MM/YYYY mistyped (still a real, past date)."""
    digits = born.strftime("%d%m%Y")
    while True:
        position = rng.choice((0, 1, 2, 3, 7))
        text = digits[:position] + rng.choice("0123456789") + digits[position + 1 :]
        try:
            candidate = date(int(text[4:]), int(text[2:4]), int(text[:2]))
        except ValueError:
            continue
        if candidate != born and candidate <= today and candidate.year >= today.year - 20:
            return candidate
