"""The same trained model scores feeds on Splink's Spark backend (`--engine spark`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.children.models import SourceType
from contactpoint.matching.spark import spark_available
from tests.integration.feeds.support import census_row, gp_row, ingest, nhs, upn, write_feed

NAMES = ("Ava", "Noah", "Isla")


@pytest.fixture
def spark() -> None:
    reason = spark_available()
    if reason and os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the Spark path must run in CI: {reason}", pytrace=False)
    if reason:
        pytest.skip(f"Spark path not tested on this machine: {reason}")


@pytest.mark.slow
@pytest.mark.usefixtures("spark")
def test_spark_links_a_small_feed_as_duckdb_does(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    census = [census_row(upn(n), given_names=name) for n, name in enumerate(NAMES)]
    ingest(
        ready,
        SourceType.PUPIL_CENSUS,
        write_feed(tmp_path / "c.csv", SourceType.PUPIL_CENSUS, census),
    )
    gp = [gp_row(nhs(n), given_names=name, postcode="OL12 7QQ") for n, name in enumerate(NAMES)]
    gp.append(gp_row(nhs(9), given_names="Zara", date_of_birth="2012-06-01"))

    report = ingest(
        ready,
        SourceType.GP_REGISTRATION,
        write_feed(tmp_path / "g.csv", SourceType.GP_REGISTRATION, gp),
        engine="spark",
    )

    assert report.outcomes == {"linked": 3, "created": 1}
