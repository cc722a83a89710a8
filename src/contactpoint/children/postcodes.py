"""UK postcodes as search keys: upper case without spaces, and the outward code (district)."""

from __future__ import annotations

import re

_SHAPE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
_SPACES = re.compile(r"\s+")


def normalise(postcode: str) -> str:
    return _SPACES.sub("", postcode).upper()


def is_valid(postcode: str) -> bool:
    return bool(_SHAPE.match(normalise(postcode)))


def district(postcode: str) -> str:
    """The outward code (SW1A of SW1A 1AA): the inward code is always three characters."""
    return normalise(postcode)[:-3]
