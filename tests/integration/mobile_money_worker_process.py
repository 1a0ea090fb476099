"""A queue worker process for the mobile-money crash test: the app's own handlers on real Services.

Run as `python -m tests.integration.mobile_money_worker_process SETTINGS_JSON`. It works the
`mobile-money` queue with a one-second lease (a killed worker's message comes back quickly)
until it is killed or terminated.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType

from shared_code.bootstrap import Services
from shared_code.platform.queue import PostgresQueue, QueueWorker, RetryPolicy
from shared_code.platform.settings import Settings


def main() -> None:
    settings = Settings.model_validate_json(Path(sys.argv[1]).read_text())
    services = Services(settings)
    queue = PostgresQueue(
        services.db,
        RetryPolicy(max_attempts=100, backoff_base_seconds=0.01, backoff_max_seconds=0.01, lease_seconds=1.0),
    )
    worker = QueueWorker(
        queue, services.transport, services.handlers.dispatch, queues=["mobile-money"], idle_seconds=0.05
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        worker.stop()

    signal.signal(signal.SIGTERM, stop)
    worker.run()
    services.close()


if __name__ == "__main__":
    main()
