"""A small closed-loop HTTP/1.1 load generator: N keep-alive connections, one request each
at a time.

Written on asyncio streams rather than a general client so the generator spends as little
of the machine's CPU as it can (the server, PostgreSQL and the generator share two cores).
Each virtual user owns one connection and its own request source (one signed-in session).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Source = Callable[[], bytes]  # the next complete request, as bytes
Check = Callable[[int, bytes], bool]  # status and body: did the request succeed?


@dataclass
class Outcome:
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def request(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = head.lower()
    if b"transfer-encoding: chunked" in headers:
        body = bytearray()
        while size := int((await reader.readline()).strip(), 16):
            body += await reader.readexactly(size)
            await reader.readline()
        await reader.readline()
        return status, bytes(body)
    length = int(headers.split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
    return status, await reader.readexactly(length)


async def _user(
    port: int, source: Source, check: Check, *, deadline: float, budget: list[int], out: Outcome
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            started = time.perf_counter()
            try:
                writer.write(source())
                status, body = await _response(reader)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                out.error("connection")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            out.latencies_ms.append((time.perf_counter() - started) * 1000)
            if not check(status, body):
                out.error(str(status))
    finally:
        writer.close()


async def _run(
    port: int, sources: list[Source], check: Check, seconds: float, limit: int
) -> Outcome:
    out, budget = Outcome(), [limit]
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(_user(port, s, check, deadline=deadline, budget=budget, out=out) for s in sources)
    )
    out.seconds = time.perf_counter() - started
    return out


def run(port: int, sources: list[Source], check: Check, seconds: float, limit: int) -> Outcome:
    """One level: len(sources) concurrent users for at most `seconds` or `limit` requests."""
    return asyncio.run(_run(port, sources, check, seconds, limit))


async def run_tasks(tasks: list[Callable[[], Awaitable[None]]], seconds: float) -> float:
    """Run coroutine loops together until they return; elapsed seconds (used by the SQL side)."""
    started = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(task() for task in tasks)), seconds + 30)
    return time.perf_counter() - started
