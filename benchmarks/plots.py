"""Draw the committed plots from the raw results in benchmarks/out/ (needs the `bench` extra).

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python -m benchmarks.plots --tag 1m

Writes docs/benchmarks/{latency,throughput,ingest,load}-TAG.png from search-load.json,
ingest-*.json and load-*.json (whichever exist).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import matplotlib as mpl

mpl.use("Agg")
import matplotlib.pyplot as plt
from benchmarks.national import OUT

SMOOTHING = 10.0
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tag", required=True, help="suffix for the file names, e.g. 1m")
    parser.add_argument("--search", default="search-load.json")
    parser.add_argument("--ingest", default="")
    parser.add_argument("--load", default="")
    args = parser.parse_args()
    DOCS.mkdir(parents=True, exist_ok=True)
    if (OUT / args.search).exists():
        levels = _read(args.search)["levels"]
        latency(levels, DOCS / f"latency-{args.tag}.png")
        throughput(levels, DOCS / f"throughput-{args.tag}.png")
    if args.ingest:
        ingest(_read(args.ingest), DOCS / f"ingest-{args.tag}.png")
    if args.load:
        load(_read(args.load), DOCS / f"load-{args.tag}.png")


def _read(name: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((OUT / name).read_text())
    return result


def _label(level: dict[str, Any]) -> str:
    where = "PostgreSQL" if level["part"] == "sql" else f"{level['workers']} worker(s)"
    return f"{level['part']} ({where})"


def latency(levels: list[dict[str, Any]], path: Path) -> None:
    """The route's latency distribution at each concurrency (CDF, log time axis)."""
    fig, ax = plt.subplots(figsize=(8, 5))
    for level in levels:
        if level["part"] != "route" or not level["latencies_ms"]:
            continue
        values = sorted(level["latencies_ms"])
        share = [(i + 1) / len(values) for i in range(len(values))]
        ax.plot(values, share, label=f"{level['workers']}w, {level['concurrency']} users")
    ax.axvline(100, color="grey", linestyle="--", linewidth=1, label="p99 target 100 ms")
    ax.set(xscale="log", xlabel="latency (ms)", ylabel="share of searches at or below",
           title="POST /search latency (signed in, audited, rate-limited)")  # fmt: skip
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def throughput(levels: list[dict[str, Any]], path: Path) -> None:
    """Searches a second against concurrency: the route beside its two ceilings."""
    series: dict[str, list[tuple[int, float]]] = {}
    for level in levels:
        series.setdefault(_label(level), []).append((level["concurrency"], level["throughput"]))
    fig, ax = plt.subplots(figsize=(8, 5))
    for label, points in sorted(series.items()):
        points.sort()
        ax.plot([c for c, _ in points], [t for _, t in points], marker="o", label=label)
    ax.axhline(300, color="grey", linestyle="--", linewidth=1, label="target 300/s")
    ax.set(xscale="log", yscale="log", xlabel="concurrent users", ylabel="requests per second",
           title="Throughput against concurrency")  # fmt: skip
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _rate_plot(timeline: list[list[float]], path: Path, title: str, unit: str) -> None:
    """Rate between samples at least `SMOOTHING` seconds apart (batches commit in steps)."""
    kept: list[list[float]] = []
    for point in timeline:
        if not kept or point[0] - kept[-1][0] >= SMOOTHING:
            kept.append(point)
    timeline = kept
    times = [t for t, _ in timeline]
    rates = [
        (b[1] - a[1]) / (b[0] - a[0]) if b[0] > a[0] else 0.0
        for a, b in zip([[0.0, 0], *timeline[:-1]], timeline, strict=True)
    ]
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(times, rates)
    ax.set(xlabel="seconds into the run", ylabel=unit, title=title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def ingest(result: dict[str, Any], path: Path) -> None:
    title = f"Ingest rate over the run ({result['source']}, {result['index_children']:,} index)"
    _rate_plot(result["timeline"], path, title, "rows per second")


def load(result: dict[str, Any], path: Path) -> None:
    title = f"Bulk load rate ({result['children']:,} children, {result['workers']} writers)"
    _rate_plot(result["timeline"], path, title, "children per second")


if __name__ == "__main__":
    main()
