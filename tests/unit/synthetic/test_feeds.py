"""Feed files parse under the documented formats, carry realistic errors, and the truth adds up."""

from __future__ import annotations

import csv
import random
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from contactpoint.children.models import SourceType
from contactpoint.feeds.formats import FORMATS
from contactpoint.feeds.schemas import Rejection
from contactpoint.feeds.validation import validate_row
from contactpoint.synthetic import errors
from contactpoint.synthetic.assign import age_on
from contactpoint.synthetic.feeds import GROUND_TRUTH, write_feeds
from contactpoint.synthetic.population import Plan

AS_OF = date(2026, 1, 10)
CHILDREN = 6000


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("feeds")
    # Rochdale and Oldham: metropolitan districts, whose codes every feed format accepts.
    write_feeds(directory, Plan(seed=3, children=CHILDREN, local_authorities=2, as_of=AS_OF))
    return directory


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_each_source_covers_a_realistic_share(feeds: Path) -> None:
    count = {s: len(read(feeds / f.file_name)) for s, f in FORMATS.items()}
    assert 0.6 * CHILDREN < count[SourceType.PUPIL_CENSUS] < 0.85 * CHILDREN  # school age only
    assert 0.95 * CHILDREN < count[SourceType.GP_REGISTRATION] < 1.02 * CHILDREN
    assert 0.9 * CHILDREN < count[SourceType.CHILD_BENEFIT] < CHILDREN
    assert 0.005 * CHILDREN < count[SourceType.LA_SOCIAL_CARE] < 0.08 * CHILDREN


def test_rows_pass_validation_except_those_missing_a_required_field(feeds: Path) -> None:
    truth = {(t["source"], int(t["line"])): t["errors"] for t in read(feeds / GROUND_TRUTH)}
    for source, fmt in FORMATS.items():
        for line, row in enumerate(read(feeds / fmt.file_name), start=2):
            parsed = validate_row(fmt, line, row, as_of=AS_OF)
            rejected = isinstance(parsed, Rejection)
            assert rejected == ("missing_postcode" in truth[(source.value, line)]), parsed


def test_ground_truth_names_a_child_for_every_row(feeds: Path) -> None:
    truth = read(feeds / GROUND_TRUTH)
    per_source = Counter(t["source"] for t in truth)
    for source, fmt in FORMATS.items():
        assert per_source[source.value] == len(read(feeds / fmt.file_name))
    keys = {int(t["child_key"]) for t in truth}
    assert keys <= set(range(CHILDREN))
    assert len(keys) > 0.97 * CHILDREN


def test_the_same_child_has_the_same_identifier_wherever_it_appears(feeds: Path) -> None:
    truth = read(feeds / GROUND_TRUTH)
    gp = read(feeds / FORMATS[SourceType.GP_REGISTRATION].file_name)
    nhs_by_child: dict[str, set[str]] = {}
    gp_lines = [t for t in truth if t["source"] == "gp_registration"]
    for t, row in zip(gp_lines, gp, strict=True):
        nhs_by_child.setdefault(t["child_key"], set()).add(row["nhs_number"])
    assert all(len(numbers) == 1 for numbers in nhs_by_child.values())
    assert len(nhs_by_child) < len(gp)  # some children are registered twice


def test_pupil_census_holds_only_school_age_children(feeds: Path) -> None:
    for row in read(feeds / FORMATS[SourceType.PUPIL_CENSUS].file_name):
        assert 4 <= age_on(date.fromisoformat(row["date_of_birth"]), AS_OF) <= 18


def test_every_kind_of_error_appears_and_most_rows_are_clean(feeds: Path) -> None:
    truth = read(feeds / GROUND_TRUTH)
    kinds = Counter(kind for t in truth for kind in t["errors"].split(";") if kind)
    for kind in ("typo_family_name", "nickname", "swapped_day_month", "moved_house",
                 "missing_postcode", "first_given_name_only", "typo_given_names"):  # fmt: skip
        assert kinds[kind] > 0, kind
    clean = sum(1 for t in truth if not t["errors"])
    assert clean > 0.6 * len(truth)


def test_the_same_seed_writes_the_same_files(feeds: Path, tmp_path: Path) -> None:
    write_feeds(tmp_path, Plan(seed=3, children=CHILDREN, local_authorities=2, as_of=AS_OF))
    for name in [f.file_name for f in FORMATS.values()] + [GROUND_TRUTH]:
        assert (tmp_path / name).read_bytes() == (feeds / name).read_bytes(), name


def test_a_feed_for_the_first_children_is_the_start_of_the_whole_feed(
    feeds: Path, tmp_path: Path
) -> None:
    plan = Plan(seed=3, children=CHILDREN, local_authorities=2, as_of=AS_OF)
    summary = write_feeds(tmp_path, plan, first=CHILDREN // 4)
    assert summary.children == CHILDREN // 4
    for name in [f.file_name for f in FORMATS.values()]:
        part = (tmp_path / name).read_bytes()
        whole = (feeds / name).read_bytes()
        assert len(part.splitlines()) < len(whole.splitlines()), name
        assert whole.startswith(part), name


def test_mistakes_are_the_ones_people_make() -> None:
    assert errors.swap_day_month(date(2015, 3, 7)) == date(2015, 7, 3)
    assert errors.swap_day_month(date(2015, 3, 17)) is None
    assert errors.one_part(random.Random(1), "Smith-Jones") in {"Smith", "Jones"}
    assert errors.first_given_only("Olivia Grace") == "Olivia"
    rng = random.Random(5)
    for _ in range(200):
        damaged = errors.typo(rng, "Williams")
        assert damaged is None or (damaged != "Williams" and abs(len(damaged) - 8) <= 1)
    nick = errors.nickname(rng, "William James")
    assert nick is not None
    assert nick.endswith(" James")
    assert not nick.startswith("William ")
