"""Reading a feed file into numbered raw rows: CSV, or a FHIR R4 Bundle in JSON.

Line numbers are what the source system sees: for CSV the physical line (the header is
line 1), for a Bundle the position of the Patient entry (from 1).

A CSV feed is read twice and never held whole: `scan_feed` hashes the bytes (the feed's
identity), counts the rows and checks that the file decodes and has its required columns,
so a bad file is refused before any row is applied; `stream_rows` then yields the rows
one at a time for the batches. A Bundle is one JSON document and is parsed whole.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contactpoint.feeds.fhir import bundle_rows
from contactpoint.feeds.formats import SourceFormat

RawRow = tuple[int, dict[str, str | None]]
OVERFLOW = "__overflow__"  # a row with more fields than the header
_WHITESPACE = b" \t\r\n\f\v"
BOM = b"\xef\xbb\xbf"


class FeedFormatError(ValueError):
    """The file as a whole cannot be read; no row is processed."""


@dataclass(frozen=True)
class FeedScan:
    sha256: str  # of the file's bytes: with the source, the feed's identity
    rows: int
    is_bundle: bool  # a FHIR Bundle (JSON) rather than CSV


def read_rows(fmt: SourceFormat, content: bytes) -> list[RawRow]:
    text = _decode(content)
    if text.lstrip().startswith("{"):
        return _fhir_rows(fmt, text)
    return list(_csv_rows(fmt, io.StringIO(text, newline="")))


def scan_feed(fmt: SourceFormat, path: Path) -> FeedScan:
    if _is_bundle(path):
        content = path.read_bytes()
        rows = len(_fhir_rows(fmt, _decode(content)))
        return FeedScan(hashlib.sha256(content).hexdigest(), rows, is_bundle=True)
    digest = hashlib.sha256()
    with path.open("rb", buffering=0) as raw:
        text = io.TextIOWrapper(
            io.BufferedReader(_Hashing(raw, digest)), encoding="utf-8-sig", newline=""
        )
        try:
            reader = csv.reader(text)
            _check_header(fmt, next(reader, []))
            rows = sum(1 for row in reader if row)  # DictReader skips blank lines too
        except UnicodeDecodeError:
            raise FeedFormatError("the feed is not UTF-8 text") from None
    return FeedScan(digest.hexdigest(), rows, is_bundle=False)


def stream_rows(fmt: SourceFormat, path: Path) -> Iterator[RawRow]:
    if _is_bundle(path):
        yield from _fhir_rows(fmt, _decode(path.read_bytes()))
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from _csv_rows(fmt, handle)


def _is_bundle(path: Path) -> bool:
    """True when the first character that is not white space opens a JSON object."""
    with path.open("rb") as handle:
        chunk = handle.read(65_536).removeprefix(BOM)
        while chunk:
            stripped = chunk.lstrip(_WHITESPACE)
            if stripped:
                return stripped.startswith(b"{")
            chunk = handle.read(65_536)
    return False


class _Hashing(io.RawIOBase):
    """A file's bytes as they are read, added to a digest on the way."""

    def __init__(self, raw: io.FileIO, digest: Any) -> None:
        self._raw, self._digest = raw, digest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._raw.readinto(buffer) or 0
        self._digest.update(memoryview(buffer)[:count])
        return count


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedFormatError("the feed is not UTF-8 text") from None


def _check_header(fmt: SourceFormat, header: list[str]) -> None:
    missing = [c.name for c in fmt.columns if c.required and c.name not in header]
    if missing:
        raise FeedFormatError(f"the header lacks required columns: {', '.join(missing)}")


def _csv_rows(fmt: SourceFormat, handle: Iterable[str]) -> Iterator[RawRow]:
    reader = csv.DictReader(handle, restkey=OVERFLOW)
    _check_header(fmt, list(reader.fieldnames or []))
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
