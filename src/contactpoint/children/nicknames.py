"""Nicknames and spelling variants of given names (data/nicknames.txt), in both directions."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from contactpoint.children.names import normalise

_GENDER_CODES = {"m": "male", "f": "female", "u": ""}


@lru_cache(maxsize=1)
def _groups() -> dict[str, list[tuple[str, str]]]:
    """Normalised name -> the (formal name, gender) groups it belongs to, in file order."""
    text = resources.files("contactpoint.children").joinpath("data/nicknames.txt").read_text()
    groups: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, _, variants = line.partition(":")
        formal, code = head.split()
        group = (normalise(formal), _GENDER_CODES[code])
        for name in [formal, *variants.split()]:
            groups.setdefault(normalise(name), []).append(group)
    return groups


def canonical(name: str, gender: str | None = None) -> str:
    """The formal name a normalised given name stands for; the name itself when unknown.

    The child's gender settles names shared by two groups (Alex: Alexander or Alexandra).
    """
    options = _groups().get(name, [])
    gender = gender if gender in ("male", "female") else None
    for formal, group_gender in options:
        if not gender or not group_gender or group_gender == gender:
            return formal
    return options[0][0] if options else name


def related(a: str, b: str) -> bool:
    """Whether two normalised given names share a group (Harry and Harrison, Kate and Kathryn)."""
    groups_a = {formal for formal, _ in _groups().get(a, [(a, "")])}
    groups_b = {formal for formal, _ in _groups().get(b, [(b, "")])}
    return bool(groups_a & groups_b)


def reach(name: str) -> set[str]:
    """Every name a search for this given name should reach: itself, and each name in its
    groups (Bill reaches William, Will and Liam; Theodore reaches Teddy)."""
    reached = {name}
    for formal, _ in _groups().get(name, []):
        reached |= _members()[formal]
    return reached


@lru_cache(maxsize=1)
def _members() -> dict[str, set[str]]:
    members: dict[str, set[str]] = {}
    for name, groups in _groups().items():
        for formal, _ in groups:
            members.setdefault(formal, set()).add(name)
    return members
