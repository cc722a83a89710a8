"""Signed checkpoints of every chain's head, written outside the database.

A checkpoint lists each chain's (seq, hash) and is signed with an Ed25519 key the database
never sees, so truncating the trail back past a checkpoint (and rewriting the heads to match)
is detected by `contactpoint audit verify`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.models import AuditChainHead
from contactpoint.config import ConfigError, Environment, Settings
from contactpoint.types import utcnow

PREFIX = "checkpoint-"


@dataclass(frozen=True)
class Checkpoint:
    name: str
    created_at: str
    heads: dict[int, tuple[int, str]]  # chain -> (seq, hash)


@dataclass
class CheckpointLookup:
    newest: Checkpoint | None = None
    problems: list[str] = field(default_factory=list)


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The configured key; development (and tests) generate one under data_dir/secrets."""
    path = settings.audit_signing_key_path
    if path is None:
        if settings.environment is Environment.PRODUCTION:
            raise ConfigError(
                "CONTACTPOINT_AUDIT_SIGNING_KEY_PATH is not set: production signs audit "
                "checkpoints with an Ed25519 key kept outside the database (see docs/audit.md)."
            )
        path = settings.data_dir / "secrets" / "audit_signing_key.pem"
        if not path.exists():
            _write_private(path, Ed25519PrivateKey.generate())
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{path} is not an Ed25519 private key")
    return key


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


def write_checkpoint(session: Session, settings: Settings) -> Path:
    """Sign the committed chain heads and write them, atomically, to the checkpoint folder."""
    heads = session.execute(select(AuditChainHead.chain, AuditChainHead.seq, AuditChainHead.hash))
    now = utcnow()
    body: dict[str, Any] = {
        "version": 1,
        "created_at": now.isoformat(),
        "chains": {str(chain): [seq, digest] for chain, seq, digest in heads},
    }
    body["signature"] = signing_key(settings).sign(_signed_bytes(body)).hex()
    folder = _folder(settings)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{PREFIX}{_stamp(now)}.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(body, indent=1, sort_keys=True))
    temporary.replace(path)
    return path


def newest_checkpoint(settings: Settings) -> CheckpointLookup:
    """The newest checkpoint whose signature holds; newer files that fail are problems."""
    lookup = CheckpointLookup()
    public_key = signing_key(settings).public_key()
    for path in sorted(_folder(settings).glob(f"{PREFIX}*.json"), reverse=True):
        checkpoint = _read(path, public_key)
        if checkpoint is None:
            lookup.problems.append(f"checkpoint {path.name}: unreadable or signature invalid")
            continue
        lookup.newest = checkpoint
        break
    return lookup


def _read(path: Path, public_key: Ed25519PublicKey) -> Checkpoint | None:
    try:
        body = json.loads(path.read_text())
        public_key.verify(bytes.fromhex(body.pop("signature")), _signed_bytes(body))
        heads = {int(c): (int(s), str(h)) for c, (s, h) in body["chains"].items()}
    except (InvalidSignature, ValueError, KeyError, TypeError, AttributeError):
        return None
    return Checkpoint(name=path.name, created_at=str(body["created_at"]), heads=heads)


def _signed_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _folder(settings: Settings) -> Path:
    assert settings.audit_checkpoint_dir is not None  # filled in by Settings
    return settings.audit_checkpoint_dir


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S%fZ")
