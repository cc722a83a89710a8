"""Reading a feed file into numbered raw rows: CSV, or a FHIR R4 Bundle in JSON.

Line numbers are what the source system sees: for CSV the physical line (the header is
line 1), for a Bundle the position of the Patient entry (from 1).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from contactpoint.feeds.fhir import bundle_rows
from contactpoint.feeds.formats import SourceFormat

RawRow = tuple[int, dict[str, str | None]]
OVERFLOW = "__overflow__"  # a row with more fields than the header


class FeedFormatError(ValueError):
    """The file as a whole cannot be read; no row is processed."""


def read_rows(fmt: SourceFormat, content: bytes) -> list[RawRow]:
    text = _decode(content)
    if text.lstrip().startswith("{"):
        return _fhir_rows(fmt, text)
    return list(_csv_rows(fmt, text))


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedFormatError("the feed is not UTF-8 text") from None


def _csv_rows(fmt: SourceFormat, text: str) -> Iterator[RawRow]:
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey=OVERFLOW)
    header = reader.fieldnames or []
    missing = [c.name for c in fmt.columns if c.required and c.name not in header]
    if missing:
        raise FeedFormatError(f"the header lacks required columns: {', '.join(missing)}")
    for row in reader:
        # reader.line_num is the physical line the row ended on (quoted newlines are rare).
        yield reader.line_num, _flatten(row)


def _flatten(row: dict[str, Any]) -> dict[str, str | None]:
    overflow = row.pop(OVERFLOW, None)
    flat: dict[str, str | None] = {k: v for k, v in row.items() if isinstance(k, str)}
    if overflow and any((value or "").strip() for value in overflow):
        flat[OVERFLOW] = "x"
    return flat


def _fhir_rows(fmt: SourceFormat, text: str) -> list[RawRow]:
    try:
        bundle = json.loads(text)
    except json.JSONDecodeError:
        raise FeedFormatError("the feed is not valid JSON") from None
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise FeedFormatError("a JSON feed must be a FHIR R4 Bundle")
    return bundle_rows(fmt, bundle)
