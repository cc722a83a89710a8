"""Resident memory of a server's worker processes, sampled from /proc while a run goes on."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (uvicorn's workers), or `pid` itself if none."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.append(int(status.parent.name))
    return found or [pid]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Sampler:
    """Peak and last RSS per worker, read every `every` seconds on a background thread."""

    def __init__(self, pids: list[int], every: float = 0.5) -> None:
        self.pids, self.every = pids, every
        self.peak = dict.fromkeys(pids, 0.0)
        self.samples: list[tuple[float, dict[int, float]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        started = time.perf_counter()
        while not self._stop.wait(self.every):
            now = {pid: rss_mb(pid) for pid in self.pids}
            self.samples.append((time.perf_counter() - started, now))
            for pid, value in now.items():
                self.peak[pid] = max(self.peak[pid], value)
