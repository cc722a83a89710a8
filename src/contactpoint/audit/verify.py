"""Walk every chain in order and say exactly where the stored trail stops being what was written.

Each chain is streamed in seq order; every event's sealed hash is recomputed with the chain
keys (audit/keys.py), its seq must follow on, its prev_hash must be the previous event's
hash, and ids must rise with seq (the writer holds the chain head while inserting). The end
of each chain must match `audit_chain_heads` and the newest signed checkpoint, which is how
truncation back past a checkpoint shows; and events older than the checkpoint interval
allows must be covered by a checkpoint, which is how a deleted newest checkpoint shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.checkpoint import Checkpoint
from contactpoint.audit.keys import ChainKeys, keys_of
from contactpoint.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from contactpoint.audit.writer import event_hash

BATCH = 20_000


@dataclass(frozen=True)
class Problem:
    chain: int
    seq: int | None
    event_id: int | None
    message: str

    def __str__(self) -> str:
        where = f"chain {self.chain}"
        if self.seq is not None:
            where += f" seq {self.seq}"
        if self.event_id is not None:
            where += f" (event id {self.event_id})"
        return f"{where}: {self.message}"


@dataclass
class VerifyReport:
    events: int = 0
    chains: int = 0
    checkpoint: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _ChainEnd:
    """The last event seen in a chain, and whether the chain has already failed."""

    seq: int = 0
    hash: str = GENESIS_HASH
    event_id: int = 0
    failed: bool = False
    keyed: bool = False  # a keyed event has been seen: every later one must be keyed too
    first_uncovered: tuple[int, datetime] | None = None  # (seq, time) after the checkpoint


@dataclass(frozen=True)
class _Rules:
    """What each event is held to: the keys, the newest checkpoint, and the time before
    which every event must be covered by a checkpoint (None: not checked)."""

    keys: ChainKeys
    checkpoint: Checkpoint | None
    covered_before: datetime | None


def verify_trail(
    session: Session,
    checkpoint: Checkpoint | None = None,
    *,
    keys: ChainKeys | None = None,
    covered_before: datetime | None = None,
) -> VerifyReport:
    """Fast pass in id order (a sequential scan: ids rise with seq in an untouched chain);
    any chain that fails is walked again in seq order to name its first bad event.

    `covered_before`: events that happened before this time must be covered by
    `checkpoint` (the service checkpoints every few seconds; an older uncovered event means a
    checkpoint was deleted or the checkpointer stopped)."""
    rules = _Rules(keys or keys_of(session.connection()), checkpoint, covered_before)
    report = VerifyReport(checkpoint=checkpoint.name if checkpoint else None)
    ends = _walk(_stream(session, AuditEvent.id), rules, report)
    for chain in sorted(c for c, end in ends.items() if end.failed):
        rows = _stream(session, AuditEvent.seq, AuditEvent.chain == chain)
        ends[chain] = _walk(rows, rules, report, counting=False)[chain]
    heads = session.execute(select(AuditChainHead.chain, AuditChainHead.seq, AuditChainHead.hash))
    report.problems += _check_heads(heads, ends)
    if checkpoint:
        report.problems += _check_truncation(checkpoint, ends)
    report.problems += _check_coverage(rules, ends)
    report.chains = len(ends)
    report.problems.sort(key=lambda p: (p.chain, p.seq or 0))
    return report


def _walk(
    rows: Iterable[Any], rules: _Rules, report: VerifyReport, *, counting: bool = True
) -> dict[int, _ChainEnd]:
    """Check events in the order given; in the counting (fast) pass, failures are only noted."""
    ends: dict[int, _ChainEnd] = {}
    for row in rows:
        report.events += counting
        end = ends.setdefault(row.chain, _ChainEnd())
        if end.failed:
            continue
        problem = (
            _check_event(row, end, rules.keys)
            or _check_against_checkpoint(row, rules.checkpoint)
            or _check_unkeyed(row, end, rules.checkpoint)
        )
        if problem:
            end.failed = True
            if not counting:
                report.problems.append(problem)
            continue
        end.seq, end.hash, end.event_id = row.seq, row.hash, row.id
        end.keyed = end.keyed or row.key_id is not None
        if end.first_uncovered is None and not _covered(row, rules.checkpoint):
            end.first_uncovered = (row.seq, row.occurred_at)
    return ends


def _stream(session: Session, order: Any, *where: Any) -> Iterator[Any]:
    query = select(*AuditEvent.__table__.columns).where(*where).order_by(order)
    yield from session.execute(query.execution_options(yield_per=BATCH))


def _check_event(row: Any, end: _ChainEnd, keys: ChainKeys) -> Problem | None:
    def problem(message: str) -> Problem:
        return Problem(row.chain, row.seq, row.id, message)

    if row.seq != end.seq + 1:
        return problem(f"{_seqs(end.seq + 1, row.seq - 1)} missing before this event (deleted)")
    if row.prev_hash != end.hash:
        return problem(
            f"does not follow the event before it (event id {end.event_id}, seq {end.seq}): "
            "an event was inserted, deleted or moved here"
        )
    expected = event_hash(row, keys)
    if expected is None:
        return problem(f"sealed with chain key {row.key_id}, which this verifier does not hold")
    if expected != row.hash:
        return problem("contents do not match the event's sealed hash (changed or forged)")
    if row.id <= end.event_id:
        return problem(
            f"id is lower than the event before it (event id {end.event_id}): reordered or inserted"
        )
    return None


def _check_against_checkpoint(row: Any, checkpoint: Checkpoint | None) -> Problem | None:
    seq_hash = checkpoint.heads.get(row.chain) if checkpoint else None
    if checkpoint is None or seq_hash is None or seq_hash[0] != row.seq:
        return None
    if seq_hash[1] != row.hash:
        return Problem(
            row.chain, row.seq, row.id, f"differs from signed checkpoint {checkpoint.name}"
        )
    return None


def _covered(row: Any, checkpoint: Checkpoint | None) -> bool:
    seq_hash = checkpoint.heads.get(row.chain) if checkpoint else None
    return seq_hash is not None and row.seq <= seq_hash[0]


def _check_unkeyed(row: Any, end: _ChainEnd, checkpoint: Checkpoint | None) -> Problem | None:
    """An event with a plain (unkeyed) hash was written before keyed hashes, so it can only
    come first in its chain and must be covered by a signed checkpoint; anything else is an
    event someone computed without the key."""
    if row.key_id is not None:
        return None
    if end.keyed:
        return Problem(row.chain, row.seq, row.id, "unkeyed event after keyed ones (forged)")
    if not _covered(row, checkpoint):
        message = "unkeyed event not covered by a signed checkpoint (forged)"
        return Problem(row.chain, row.seq, row.id, message)
    return None


def _check_coverage(rules: _Rules, ends: dict[int, _ChainEnd]) -> list[Problem]:
    """One problem, naming the oldest event that should be covered by a checkpoint and is
    not, and how many chains hold such events."""
    if rules.covered_before is None:
        return []
    late = sorted(
        (end.first_uncovered[1], chain, end.first_uncovered[0])
        for chain, end in ends.items()
        if not end.failed and end.first_uncovered and end.first_uncovered[1] < rules.covered_before
    )
    if not late:
        return []
    moment, chain, seq = late[0]
    where = f"checkpoint {rules.checkpoint.name}" if rules.checkpoint else "any checkpoint"
    message = (
        f"events from seq {seq} (written {moment:%Y-%m-%d %H:%M:%S} UTC), and later events in "
        f"{len(late)} chain(s), are not covered by {where}: a newer checkpoint was removed, "
        "or none has been made (is the service's checkpointer running?)"
    )
    return [Problem(chain, seq, None, message)]


def _check_heads(heads: Iterable[Any], ends: dict[int, _ChainEnd]) -> list[Problem]:
    problems = []
    seen = set()
    for chain, seq, digest in heads:
        seen.add(chain)
        end = ends.get(chain, _ChainEnd())
        if end.failed or (end.seq, end.hash) == (seq, digest):
            continue
        if seq > end.seq:
            message = f"{_seqs(end.seq + 1, seq)} missing from the end (head records {seq})"
            problems.append(Problem(chain, end.seq + 1, None, message))
        else:
            message = f"last event does not match the chain head (head records seq {seq})"
            problems.append(Problem(chain, end.seq, end.event_id, message))
    for chain in ends.keys() - seen:
        problems.append(Problem(chain, None, None, "events in a chain that has no head"))
    return problems


def _check_truncation(checkpoint: Checkpoint, ends: dict[int, _ChainEnd]) -> list[Problem]:
    problems = []
    for chain, (seq, _digest) in sorted(checkpoint.heads.items()):
        end = ends.get(chain, _ChainEnd())
        if not end.failed and end.seq < seq:
            message = (
                f"{_seqs(end.seq + 1, seq)} missing: the trail ends at seq {end.seq} but "
                f"signed checkpoint {checkpoint.name} recorded seq {seq} (truncated)"
            )
            problems.append(Problem(chain, end.seq + 1, None, message))
    return problems


def _seqs(first: int, last: int) -> str:
    return f"seq {first}" if first >= last else f"seq {first}–{last}"
