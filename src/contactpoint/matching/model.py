"""The Fellegi–Sunter model: its comparisons, training by EM, and versioned storage.

Splink is imported inside the functions that need it, so the web app and the CLI start
without loading it. Term-frequency adjustments are off on purpose: a score must depend
only on the two records and the model, never on which other rows share a batch, or a
re-run after a crash could decide differently.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, record
from contactpoint.matching.events import ModelTrained
from contactpoint.matching.models import MatchingModel

# Match weights (log2 odds); chosen from the measurements in docs/benchmarks.md.
DEFAULT_UPPER_THRESHOLD = 6.0
DEFAULT_LOWER_THRESHOLD = 0.0
KEY_COLUMNS = ("k_df", "k_dg", "k_gf", "k_py")
# The comparison whose complete disagreement may never link automatically: twins.
GIVEN_NAME = "given_name"


class NoModelError(LookupError):
    pass


def settings_creator() -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    from contactpoint.matching.comparisons import date_of_birth, family_name, given_name

    return SettingsCreator(
        link_type="link_only",
        comparisons=[
            given_name(GIVEN_NAME),
            family_name("family_name"),
            date_of_birth("dob"),
            cl.ExactMatch("gender"),
            # Postcode only: the first line of the address moves with it, so comparing
            # both would count one move twice.
            cl.PostcodeComparison("postcode"),
        ],
        blocking_rules_to_generate_predictions=[block_on(k) for k in KEY_COLUMNS],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
    )


def train(datasets: Sequence[list[dict[str, Any]]], *, seed: int = 7) -> dict[str, Any]:
    """Estimate the model from records of several sources (each a list of Splink records)."""
    from splink import DuckDBAPI, Linker, block_on

    db_api = DuckDBAPI()
    tables = [db_api.register(rows) for rows in datasets if rows]
    linker = Linker(tables, settings_creator(), log_level=logging.WARNING)
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("dob", "family_name", GIVEN_NAME)], recall=0.8
    )
    training.estimate_u_using_random_sampling(max_pairs=2_000_000, seed=seed)
    training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    training.estimate_parameters_using_expectation_maximisation(block_on("family_name", GIVEN_NAME))
    model: dict[str, Any] = linker.misc.save_model_to_json()
    return model


def for_dialect(model: dict[str, Any], dialect: str) -> dict[str, Any]:
    """The trained model with its SQL rewritten for another backend (e.g. "spark").

    Splink saves comparisons as SQL in the training backend's dialect; the probabilities
    are backend-free, so they are copied level by level onto the same comparisons
    generated for the target dialect.
    """
    if model.get("sql_dialect") == dialect:
        return model
    target: dict[str, Any] = settings_creator().create_settings_dict(dialect)
    target["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    for trained, fresh in zip(model["comparisons"], target["comparisons"], strict=True):
        levels = zip(trained["comparison_levels"], fresh["comparison_levels"], strict=True)
        for trained_level, fresh_level in levels:
            for key in ("m_probability", "u_probability"):
                if key in trained_level:
                    fresh_level[key] = trained_level[key]
    return target


def save_model(
    session: Session,
    settings: dict[str, Any],
    *,
    trained_on_rows: int,
    upper: float = DEFAULT_UPPER_THRESHOLD,
    lower: float = DEFAULT_LOWER_THRESHOLD,
    by: Actor,
) -> MatchingModel:
    version = (session.scalar(select(func.max(MatchingModel.version))) or 0) + 1
    model = MatchingModel(
        version=version,
        settings=settings,
        upper_threshold=upper,
        lower_threshold=lower,
        trained_on_rows=trained_on_rows,
    )
    session.add(model)
    session.flush()
    record(
        session,
        "matching:model:trained",
        ModelTrained(version=version, trained_on_rows=trained_on_rows),
        by=by,
    )
    return model


def load_model(session: Session, version: int | None = None) -> MatchingModel:
    query = select(MatchingModel).order_by(MatchingModel.version.desc()).limit(1)
    if version is not None:
        query = select(MatchingModel).where(MatchingModel.version == version)
    model = session.scalars(query).first()
    if model is None:
        raise NoModelError("no matching model: run `contactpoint matching train FEED…` first")
    return model
