"""Training the model from feed files: each file's accepted rows are one dataset to link."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from contactpoint.children.models import SourceType
from contactpoint.feeds.formats import FORMATS
from contactpoint.feeds.readers import read_rows
from contactpoint.feeds.schemas import FeedRecord, identity_of
from contactpoint.feeds.validation import validate_row
from contactpoint.matching.model import train
from contactpoint.matching.scoring import splink_record


def training_records(source: SourceType, path: Path, *, as_of: date) -> list[dict[str, Any]]:
    fmt = FORMATS[source]
    parsed = (
        validate_row(fmt, line, raw, as_of=as_of) for line, raw in read_rows(fmt, path.read_bytes())
    )
    return [splink_record(r.line, identity_of(r)) for r in parsed if isinstance(r, FeedRecord)]


def train_from_files(
    files: list[tuple[SourceType, Path]], *, as_of: date
) -> tuple[dict[str, Any], int]:
    """The trained Splink model and how many rows it was trained on."""
    datasets = [training_records(source, path, as_of=as_of) for source, path in files]
    return train(datasets), sum(len(d) for d in datasets)
