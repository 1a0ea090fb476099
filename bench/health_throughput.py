"""Requests per second of `GET /api/health` through the local runtime (`make run`'s server).

    python bench/health_throughput.py [requests] [concurrency]

Starts `python -m local_runtime run` on free ports with a throwaway data directory,
sends a bounded number of requests from a thread pool over keep-alive connections on
loopback, prints the numbers, and stops the runtime.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from local_runtime.postgres import free_port  # noqa: E402


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="intellifin-bench-") as data:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SMTP_HOST"}}
        env.update(
            {
                "INTELLIFIN_DATA_DIR": data,
                "INTELLIFIN_PORT": str(port),
                "INTELLIFIN_PG_PORT": str(free_port()),
                "INTELLIFIN_AZURITE_BLOB_PORT": str(free_port()),
                "INTELLIFIN_AZURITE_TABLE_PORT": str(free_port()),
                "SMTP_PORT": str(free_port()),
                "LOG_LEVEL": "WARNING",
                "PYTHONPATH": str(ROOT),
            }
        )
        runtime = subprocess.Popen(
            [sys.executable, "-m", "local_runtime", "run", "--no-timers"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/api/health"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if httpx.get(url, timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or runtime.poll() is not None:
                        raise SystemExit("the runtime did not start") from None
                    time.sleep(0.2)
            latencies: list[float] = []
            lock = threading.Lock()
            per_thread = total // concurrency

            def worker() -> None:
                mine = []
                with httpx.Client(timeout=10) as client:
                    for _ in range(per_thread):
                        started = time.perf_counter()
                        assert client.get(url).status_code == 200
                        mine.append(time.perf_counter() - started)
                with lock:
                    latencies.extend(mine)

            for _ in range(200):  # warm-up
                httpx.get(url)
            threads = [threading.Thread(target=worker) for _ in range(concurrency)]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - began
        finally:
            runtime.send_signal(signal.SIGINT)
            runtime.wait(timeout=60)
    latencies.sort()
    print(f"requests      {len(latencies)} over {concurrency} keep-alive connections")
    print(f"throughput    {len(latencies) / elapsed:.0f} requests/s")
    print(f"latency p50   {statistics.median(latencies) * 1000:.2f} ms")
    print(f"latency p99   {latencies[int(len(latencies) * 0.99) - 1] * 1000:.2f} ms")


if __name__ == "__main__":
    main()
