"""Name keys for search: normalised spellings, a phonetic code, and a similarity score.

The phonetic code is our own, tuned for names held in England: it folds the spellings that
sound alike (Stephens/Stevens, Thompson/Tomson, Catherine/Kathryn, Mac/Mc), keeps no
literal first letter (so C/K and Ph/F agree), and drops vowels, so a vowel typed in the
wrong place or a vowel-consonant swap keeps the code.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA

_NOT_LETTERS = re.compile(r"[^A-Z]")
_PARTS = re.compile(r"[\s\-]+")

# Applied in order to a normalised name; later rules see the output of earlier ones.
_SOUND_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^MAC", "MC"),
        (r"^(KN|GN|PN)", "N"),
        (r"^WR", "R"),
        (r"^PS", "S"),
        (r"^WH", "W"),
        (r"^X", "S"),
        (r"MB$", "M"),
        (r"MPS", "MS"),
        (r"GH(?=[^AEIOUY]|$)", ""),
        (r"^GH", "G"),
        (r"PH", "F"),
        (r"SCH", "SK"),
        (r"TCH", "CH"),
        (r"CH(?=[RL])", "K"),
        (r"(CH|SH)", "X"),
        (r"C(?=[EIY])", "S"),
        (r"CK", "K"),
        (r"[CQ]", "K"),
        (r"X", "KS"),
        (r"DG", "J"),
        (r"G(?=[EIY])", "J"),
        (r"TH", "T"),
        (r"DT", "T"),
        (r"Z", "S"),
        (r"V", "F"),
    )
)
_VOWELS = frozenset("AEIOUYWH")
SOUND_LEN = 8


def normalise(name: str) -> str:
    """Upper-case letters only: accents folded, spaces, hyphens and apostrophes removed."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_LETTERS.sub("", folded.upper())


def parts(name: str) -> list[str]:
    """The normalised name, then each part of a hyphenated or multi-word name."""
    whole = normalise(name)
    pieces = [normalise(piece) for piece in _PARTS.split(name)]
    return list(dict.fromkeys(p for p in [whole, *pieces] if len(p) >= 2))


def sound(name: str) -> str:
    """Phonetic code of a normalised name (empty for an empty name).

    Not cached: searches call it on what practitioners type, which must not outlive the
    request. Index builders, which see only held names, use `held_sound`."""
    if not name:
        return ""
    for pattern, replacement in _SOUND_RULES:
        name = pattern.sub(replacement, name)
    if not name:
        return ""
    first = "A" if name[0] in _VOWELS and name[0] not in "WHY" else name[0]
    consonants = [c for c in name[1:] if c not in _VOWELS]
    return _collapse(first + "".join(consonants))[:SOUND_LEN]


# The bulk load and feeds key millions of held names, which repeat a great deal.
held_sound = lru_cache(maxsize=100_000)(sound)


def _collapse(code: str) -> str:
    return "".join(c for i, c in enumerate(code) if i == 0 or c != code[i - 1])


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance that also counts swapping two neighbouring letters as one edit
    (optimal string alignment). rapidfuzz's C++ does it ~100x faster than Python: every
    search scores each candidate key row with it (ADR 0007)."""
    return int(OSA.distance(a, b))


def similarity(typed: str, held: str) -> float:
    """How alike two normalised names are, 0..1: spelling first, sound as a floor."""
    if typed == held:
        return 1.0
    if not typed or not held:
        return 0.0
    spelling = 1.0 - edit_distance(typed, held) / max(len(typed), len(held))
    if sound(typed) == sound(held):
        return max(spelling, 0.9)
    return max(spelling, 0.0)
