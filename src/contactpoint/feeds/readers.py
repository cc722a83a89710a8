"""Reading a feed file into numbered raw rows: CSV, or a FHIR R4 Bundle in JSON.

Line numbers are what the source system sees: for CSV the physical line (the header is
line 1), for a Bundle the position of the Patient entry (from 1).

A CSV feed is read twice and never held whole: `scan_feed` hashes the bytes (the feed's
identity), counts the rows and checks the header, so a file that is not a feed is refused
before any row is applied; `stream_rows` then yields the rows one at a time for the
batches. A line that cannot be read (lines.py) is still a row: it carries its reason under
UNREADABLE, and validation rejects it like any other bad row. A Bundle is one JSON
document and is parsed whole, so its size is bounded.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from contactpoint.feeds.fhir import bundle_rows
from contactpoint.feeds.formats import SourceFormat
from contactpoint.feeds.lines import BOM, UNREADABLE, BadLine, Line, read_lines

RawRow = tuple[int, dict[str, str | None]]
OVERFLOW = "__overflow__"  # a row with more fields than the header
MAX_BUNDLE_BYTES = 256 * 1024 * 1024  # parsed whole: larger feeds are sent as CSV
_WHITESPACE = b" \t\r\n\f\v"


class FeedFormatError(ValueError):
    """The file as a whole cannot be read; no row is processed."""


@dataclass(frozen=True)
class FeedScan:
    sha256: str  # of the file's bytes: with the source, the feed's identity
    rows: int
    is_bundle: bool  # a FHIR Bundle (JSON) rather than CSV


def read_rows(fmt: SourceFormat, content: bytes) -> list[RawRow]:
    if content.removeprefix(BOM).lstrip(_WHITESPACE).startswith(b"{"):
        return _fhir_rows(fmt, content)
    return list(_csv_rows(fmt, io.BytesIO(content)))


def scan_feed(fmt: SourceFormat, path: Path) -> FeedScan:
    if _is_bundle(path):
        content = _bundle_bytes(path)
        rows = len(_fhir_rows(fmt, content))
        return FeedScan(hashlib.sha256(content).hexdigest(), rows, is_bundle=True)
    digest = hashlib.sha256()
    with path.open("rb", buffering=0) as raw:
        lines = read_lines(io.BufferedReader(_Hashing(raw, digest)))
        _header(fmt, lines)
        rows = sum(1 for _, line in lines if line != [])  # blank lines are not rows
    return FeedScan(digest.hexdigest(), rows, is_bundle=False)


def stream_rows(fmt: SourceFormat, path: Path) -> Iterator[RawRow]:
    if _is_bundle(path):
        yield from _fhir_rows(fmt, _bundle_bytes(path))
        return
    with path.open("rb") as handle:
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


def _bundle_bytes(path: Path) -> bytes:
    if path.stat().st_size > MAX_BUNDLE_BYTES:
        limit = MAX_BUNDLE_BYTES // (1024 * 1024)
        raise FeedFormatError(f"a Bundle feed may be at most {limit} MB: send larger feeds as CSV")
    return path.read_bytes()


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


def _header(fmt: SourceFormat, lines: Iterator[tuple[int, Line]]) -> list[str]:
    first = next(lines, None)
    if first is None:
        raise FeedFormatError("the feed is empty: line 1 must be the header")
    header = first[1]
    if isinstance(header, BadLine):
        reason = header.reason.removeprefix("the line ")
        raise FeedFormatError(
            header.reason if "UTF-16" in reason else f"line 1 (the header) {reason}"
        )
    missing = [c.name for c in fmt.columns if c.required and c.name not in header]
    if missing:
        raise FeedFormatError(f"the header lacks required columns: {', '.join(missing)}")
    repeated = sorted(name for name, count in Counter(header).items() if count > 1)
    if repeated:
        raise FeedFormatError(f"the header names {repeated[0][:40]} twice")
    return header


def _csv_rows(fmt: SourceFormat, raw: BinaryIO) -> Iterator[RawRow]:
    lines = read_lines(raw)
    header = _header(fmt, lines)
    for number, line in lines:
        if isinstance(line, BadLine):
            yield number, {UNREADABLE: line.reason}
        elif line:  # a blank line is not a row
            yield number, _row(header, line)


def _row(header: list[str], fields: list[str]) -> dict[str, str | None]:
    row: dict[str, str | None] = dict.fromkeys(header)
    row.update(zip(header, fields, strict=False))
    if any(value.strip() for value in fields[len(header) :]):
        row[OVERFLOW] = "x"
    return row


def _fhir_rows(fmt: SourceFormat, content: bytes) -> list[RawRow]:
    try:
        bundle = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FeedFormatError("the feed is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise FeedFormatError(f"the feed is not valid JSON ({where}: {error.msg})") from None
    except RecursionError:
        raise FeedFormatError("the feed is not valid JSON: the JSON is nested too deeply") from None
    except ValueError:  # e.g. a number of more digits than Python converts
        raise FeedFormatError("the feed is not valid JSON: a number is too long") from None
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise FeedFormatError("a JSON feed must be a FHIR R4 Bundle")
    if not isinstance(bundle.get("entry") or [], list):
        raise FeedFormatError("Bundle.entry must be a list")
    return bundle_rows(fmt, bundle)
