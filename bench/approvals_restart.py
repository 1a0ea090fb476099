"""The approvals restart test at the size the issue names: 200 requests, the durable runtime
dropped 10 times with decisions made while it is down. Prints the wall time.

    .venv/bin/python bench/approvals_restart.py [requests] [restarts]

It runs tests/integration/test_approvals_restart.py (real PostgreSQL, Azurite and SMTP from
the fixtures) with its size raised through the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def main() -> None:
    requests = sys.argv[1] if len(sys.argv) > 1 else "200"
    restarts = sys.argv[2] if len(sys.argv) > 2 else "10"
    env = {
        **os.environ,
        "APPROVALS_RESTART_REQUESTS": requests,
        "APPROVALS_RESTART_RESTARTS": restarts,
        "APPROVALS_RESTART_TIMEOUT": "3600",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/integration/test_approvals_restart.py", "-q", "-x"],
        env=env,
        check=False,
    )
    elapsed = time.monotonic() - started
    outcome = "passed" if result.returncode == 0 else "FAILED"
    print(f"approvals restart: {requests} requests, {restarts} restarts: {outcome} in {elapsed:.1f} s")
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
