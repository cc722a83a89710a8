"""Scoring feed rows against candidate children with the trained model (DuckDB or Spark)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

from contactpoint.children.nicknames import canonical
from contactpoint.matching.comparisons import GIVEN_CANON
from contactpoint.matching.keys import Identity, blocking_keys
from contactpoint.matching.model import GIVEN_NAME, KEY_COLUMNS

Engine = Literal["duckdb", "spark"]
PRIOR = "prior"


@dataclass(frozen=True)
class Score:
    """One scored pair: a feed row (by line) against a candidate child."""

    line: int
    child_id: int
    match_weight: float
    contributions: dict[str, float]  # the waterfall: prior, then each comparison's weight
    given_name_disagrees: bool  # the twin guard: given names share nothing


def splink_record(unique_id: int, identity: Identity) -> dict[str, Any]:
    keys = dict(zip(KEY_COLUMNS, _keys_by_column(identity), strict=True))
    return {
        "unique_id": unique_id,
        GIVEN_NAME: identity.given_name,
        GIVEN_CANON: canonical(identity.given_name, identity.gender)
        if identity.given_name
        else None,
        "family_name": identity.family_name,
        "dob": identity.date_of_birth.isoformat(),
        "gender": identity.gender,
        "postcode": identity.postcode,
        "address_line1": (identity.address_line1 or "").upper() or None,
        **keys,
    }


def _keys_by_column(identity: Identity) -> list[str | None]:
    keys = {key.split(":", 1)[0]: key for key in blocking_keys(identity)}
    return [keys.get(column.removeprefix("k_")) for column in KEY_COLUMNS]


class Scorer:
    """Holds one backend connection for a whole feed; scores one batch at a time.

    The backend starts at the first batch that has something to score: a feed whose rows
    all carry known identifiers never loads Splink.
    """

    def __init__(self, model: dict[str, Any], engine: Engine = "duckdb") -> None:
        self._settings, self._engine = model, engine
        self._backend: tuple[Any, dict[str, Any]] | None = None

    def _started(self) -> tuple[Any, dict[str, Any]]:
        if self._backend is None:
            from contactpoint.matching.model import for_dialect

            db_api = _db_api(self._engine)
            dialect = db_api.sql_dialect.sql_dialect_str
            # Matching columns carry the comparison levels (gamma_*) the twin guard reads.
            model = for_dialect(self._settings, dialect) | {"retain_matching_columns": True}
            self._backend = (db_api, model)
        return self._backend

    def score(self, rows: list[dict[str, Any]], candidates: list[dict[str, Any]]) -> list[Score]:
        if not rows or not candidates:
            return []
        from splink import Linker

        db_api, model = self._started()
        existing = db_api.register(candidates)
        incoming = db_api.register(rows)
        linker = Linker([existing, incoming], model, log_level=logging.WARNING)
        predictions = linker.inference.predict(warning_mode="never")
        pairs = predictions.as_record_list()
        scores = [_score(_incoming_on_right(pair, existing.templated_name)) for pair in pairs]
        predictions.drop_table_from_database_and_remove_from_cache()
        for table in (existing, incoming):
            table.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
        return scores


def _db_api(engine: Engine) -> Any:
    if engine == "spark":
        from contactpoint.matching.spark import spark_api

        return spark_api()
    from splink import DuckDBAPI

    return DuckDBAPI()


def _incoming_on_right(pair: dict[str, Any], existing_name: str) -> dict[str, Any]:
    """Splink orders each pair by source name; put the candidate child on the left."""
    if pair["source_dataset_l"] == existing_name:
        return pair
    swapped = {}
    for key, value in pair.items():
        if key.endswith("_l"):
            swapped[key[:-2] + "_r"] = value
        elif key.endswith("_r"):
            swapped[key[:-2] + "_l"] = value
        else:
            swapped[key] = value
    return swapped


def _score(pair: dict[str, Any]) -> Score:
    weights = {
        key.removeprefix("mw_"): float(value)
        for key, value in pair.items()
        if key.startswith("mw_") and value is not None and not key.startswith("mw_tf_")
    }
    prior = float(pair["match_weight"]) - sum(weights.values())
    return Score(
        line=int(pair["unique_id_r"]),
        child_id=int(pair["unique_id_l"]),
        match_weight=float(pair["match_weight"]),
        contributions={PRIOR: round(prior, 4)} | {k: round(v, 4) for k, v in weights.items()},
        given_name_disagrees=pair.get(f"gamma_{GIVEN_NAME}") == 0,
    )
