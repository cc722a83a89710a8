"""Local authorities, their share of the child population, and synthetic addresses within them."""

from __future__ import annotations

import random
from dataclasses import dataclass

from contactpoint.synthetic.la_data import LA_LINES, REGIONS

# Letters UK postcodes use in the final two characters of the inward code.
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

_STREET_STEMS = (  # noqa: SIM905 (a word list reads best as words)
    "Church Mill Park Station Victoria Albert King Queen High Green Manor School Chapel "
    "Oak Elm Ash Beech Willow Cedar Birch Holly Hawthorn Meadow Orchard Brook Spring Well "
    "Bridge Castle Grange Hall Moor Heath Valley Hill Ridge Windsor York Lancaster Stanley "
    "Derby Balmoral Clarence Grosvenor Cavendish Jubilee Coronation Mayfield Fairfield "
    "Highfield Southfield Westfield Rosewood Ivy Laburnum Primrose Bluebell Heather Lime "
    "Sycamore Chestnut Poplar Rowan Thornton Ashworth Kingsway Milton Shelley Tennyson"
).split()
_STREET_KINDS = (  # noqa: SIM905
    "Road Street Lane Avenue Close Drive Way Grove Crescent Gardens Place Terrace Court View Walk"
).split()


@dataclass(frozen=True)
class LocalAuthoritySpec:
    code: str
    name: str
    region: str
    children_thousands: float
    postcode_area: str
    postcode_districts: tuple[int, ...]
    towns: tuple[str, ...]

    @property
    def slug(self) -> str:
        return "".join(ch for ch in self.name.split(",")[0].lower() if ch.isalpha())


@dataclass(frozen=True)
class AddressSpec:
    line1: str
    town: str
    postcode: str


def _districts(text: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        numbers.extend(range(int(low), int(high or low) + 1))
    return tuple(numbers)


def _parse(line: str) -> LocalAuthoritySpec:
    code, name, region, thousands, area, districts, *towns = line.split(";")
    return LocalAuthoritySpec(
        code=code,
        name=name,
        region=REGIONS[region],
        children_thousands=float(thousands),
        postcode_area=area,
        postcode_districts=_districts(districts),
        towns=tuple(towns[0].split(",")) if towns else (name,),
    )


LOCAL_AUTHORITIES: tuple[LocalAuthoritySpec, ...] = tuple(
    _parse(line) for line in LA_LINES.strip().splitlines()
)


def share_children(total: int, count: int) -> list[tuple[LocalAuthoritySpec, int]]:
    """The first `count` authorities, each with children in proportion to its real size."""
    if not 1 <= count <= len(LOCAL_AUTHORITIES):
        raise ValueError(f"choose between 1 and {len(LOCAL_AUTHORITIES)} local authorities")
    chosen = LOCAL_AUTHORITIES[:count]
    weight = sum(la.children_thousands for la in chosen)
    exact = [total * la.children_thousands / weight for la in chosen]
    counts = [int(x) for x in exact]
    # Largest remainder: the shares add up to exactly `total`.
    by_remainder = sorted(range(count), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return list(zip(chosen, counts, strict=True))


def postcode(rng: random.Random, la: LocalAuthoritySpec) -> str:
    district = rng.choice(la.postcode_districts)
    unit = rng.choice(UNIT_LETTERS) + rng.choice(UNIT_LETTERS)
    return f"{la.postcode_area}{district} {rng.randrange(10)}{unit}"


def street(rng: random.Random) -> str:
    return f"{rng.choice(_STREET_STEMS)} {rng.choice(_STREET_KINDS)}"


def address(rng: random.Random, la: LocalAuthoritySpec) -> AddressSpec:
    number = 1 + min(int(rng.expovariate(1 / 40)), 399)  # most streets are short
    return AddressSpec(
        line1=f"{number} {street(rng)}",
        town=rng.choice(la.towns),
        postcode=postcode(rng, la),
    )
