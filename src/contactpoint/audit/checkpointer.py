"""The running service's checkpointer: every few seconds, while events are being written,
sign a checkpoint and hand it (and any the witness has not yet countersigned) to the
witness. A failure is logged and retried at the next tick; it never stops the service."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.engine import Engine

from contactpoint.audit.checkpoint import (
    CheckpointRefusedError,
    all_checkpoints,
    write_checkpoint,
)
from contactpoint.audit.witness_http import WitnessUnavailableError
from contactpoint.audit.witnessing import send_pending
from contactpoint.config import ConfigError, Settings
from contactpoint.db import make_sessionmaker

log = logging.getLogger("contactpoint.audit")


def checkpoint_now(engine: Engine, settings: Settings) -> None:
    """One tick: a checkpoint if any chain moved, then the witness brought up to date."""
    with make_sessionmaker(engine)() as session:
        write_checkpoint(session, settings, only_if_changed=True)
    send_pending(settings, all_checkpoints(settings))


class Checkpointer:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine, self.settings = engine, settings
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-checkpointer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stopping.wait(self.settings.audit_checkpoint_seconds):
            try:
                checkpoint_now(self.engine, self.settings)
            except (WitnessUnavailableError, ConfigError, OSError) as error:
                log.warning("audit checkpoint: %s", error)
            except CheckpointRefusedError as error:
                log.error("audit checkpoint refused: %s", error)
            except Exception:
                log.exception("audit checkpoint failed")
