"""A queue worker process for the crash tests.

Run as `python -m tests.integration.queue_worker_process URL MODE DIR`.

Its handler records an effect in `crash_effects` idempotently. In mode `die-before-commit`
or `die-after-commit` it signals `DIR/ready` at that point and hangs, so the test can
SIGKILL it there; in mode `normal` it just handles messages.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from shared_code.platform.db import Database
from shared_code.platform.messaging import Message, PostgresQueueTransport, claim_processing
from shared_code.platform.queue import PostgresQueue, QueueWorker, RetryPolicy


def main() -> None:
    url, mode, signal_dir = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    db = Database(url, min_size=1, max_size=2)
    db.open()

    def handle(message: Message) -> None:
        with db.unit_of_work() as uow:
            if not claim_processing(uow, message.id, "crash-test"):
                return
            uow.execute(
                "INSERT INTO platform.crash_effects (message_id, attempt) VALUES (%s, %s)",
                [message.id, message.attempts],
            )
            if mode == "die-before-commit":
                (signal_dir / "ready").write_text(str(message.attempts))
                time.sleep(3600)
            uow.commit()
        if mode == "die-after-commit":
            (signal_dir / "ready").write_text(str(message.attempts))
            time.sleep(3600)

    queue = PostgresQueue(db, RetryPolicy(max_attempts=5, lease_seconds=1.0))
    worker = QueueWorker(queue, PostgresQueueTransport(), handle, idle_seconds=0.05)
    worker.run()


if __name__ == "__main__":
    main()
