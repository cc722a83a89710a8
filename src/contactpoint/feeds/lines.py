"""A CSV feed read one physical line at a time, so a damaged line harms only itself.

No feed column may hold a line break, so every row is one line and row N is line N. Each
line is decoded and parsed on its own, strictly: a stray quote, an over-long field, a NUL
byte or bytes that are not UTF-8 make that line a `BadLine` with a reason, and the lines
around it read as usual. (The csv module reading the whole file would swallow the rest of
the file into one open quoted field, or stop the feed at the first bad line.) No line is
held in memory beyond MAX_LINE bytes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

MAX_LINE = 1 << 20  # bytes: far beyond any real row (about 20 columns of 100 characters)
BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UNREADABLE = "__unreadable__"  # a raw row that could not be read: the value is the reason
_FIELD_LIMIT = csv.field_size_limit()


@dataclass(frozen=True)
class BadLine:
    reason: str  # generated here, never the line's content


Line = list[str] | BadLine


def read_lines(raw: BinaryIO) -> Iterator[tuple[int, Line]]:
    """(line number from 1, the line's fields or why it cannot be read), to the end."""
    for number, line in enumerate(_physical_lines(raw), start=1):
        if number == 1 and line is not None and line.startswith(UTF16_BOMS):
            yield number, BadLine("the feed is UTF-16 text: send it as UTF-8")
        else:
            yield number, _parse(line.removeprefix(BOM) if number == 1 and line else line)


def _physical_lines(raw: BinaryIO) -> Iterator[bytes | None]:
    """Each line's bytes, or None for a line longer than MAX_LINE (read past, not kept)."""
    while line := raw.readline(MAX_LINE + 1):
        if len(line) <= MAX_LINE or line.endswith(b"\n"):
            yield line
            continue
        while (rest := raw.readline(MAX_LINE)) and not rest.endswith(b"\n"):
            pass
        yield None


def _parse(line: bytes | None) -> Line:
    if line is None:
        return BadLine(f"the line is longer than {MAX_LINE:,} bytes")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return BadLine("the line is not UTF-8 text")
    if "\x00" in text:
        return BadLine("the line contains a NUL byte")
    try:
        return next(csv.reader((text,), strict=True), [])
    except csv.Error as error:
        return BadLine(f"the line is not valid CSV: {_csv_problem(str(error))}")


def _csv_problem(message: str) -> str:
    if "field limit" in message:
        return f"a field is longer than {_FIELD_LIMIT:,} characters"
    if "end of data" in message:
        return "a quoted field is not closed"
    if "expected after" in message:
        return "a quote inside a quoted field is not doubled"
    if "new-line" in message:
        return "a carriage return is inside the line"
    return "the fields cannot be separated"
