"""Cold start in-process: `import function_app`, then the first HTTP answer through the
catch-all function (goal: both together at most 0.8 s, not growing with the capabilities).

python bench/cold_import.py [runs]

Each run is a fresh interpreter. "first answer" is the time from the end of the import to
the first response of `GET /api/health`, and of `GET /api/v1/orgs/<id>/accounts` (a ledger
route behind sign-in: it answers 401 without a token, after mounting the ledger's routes and
loading what authentication needs). No database is contacted by either.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import asyncio, sys, time
started = time.perf_counter()
import function_app
imported = time.perf_counter()
import azure.functions as func
from shared_code.api.asgi import handle_http

class Context:
    invocation_id = "bench"
    function_name = "http_api"
    function_directory = "."
    trace_context = None
    retry_context = None
    thread_local_storage = None

request = func.HttpRequest(method="GET", url="http://localhost" + sys.argv[1], headers={}, body=b"")
response = asyncio.run(handle_http(request, Context(), None))
answered = time.perf_counter()
print(imported - started, answered - imported, response.status_code)
"""
PATHS = ("/api/health", "/api/v1/orgs/00000000-0000-4000-8000-000000000001/accounts")
HEAVY = ("fastapi", "psycopg", "pydantic", "azure.storage.blob", "azure.servicebus", "cryptography")


def _run(path: str) -> tuple[float, float, int]:
    env = {**os.environ, "INTELLIFIN_ENV": "test", "DATABASE_URL": "postgresql://bench@127.0.0.1:1/none"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, path], cwd=ROOT, capture_output=True, text=True, check=True, env=env
    ).stdout.strip()
    imported, answered, status = out.splitlines()[-1].split()
    return float(imported), float(answered), int(status)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    print(f"runs                               {runs}")
    for path in PATHS:
        results = [_run(path) for _ in range(runs)]
        imports = [r[0] for r in results]
        answers = [r[1] for r in results]
        totals = [r[0] + r[1] for r in results]
        print(f"GET {path[:60]} -> {results[0][2]}")
        print(f"  import function_app, median    {statistics.median(imports):.3f} s")
        print(f"  first answer, median           {statistics.median(answers):.3f} s")
        print(
            f"  import + first answer, median  {statistics.median(totals):.3f} s "
            f"(min {min(totals):.3f}, max {max(totals):.3f})"
        )
    heavy = subprocess.run(
        [sys.executable, "-c", f"import sys, function_app; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"heavy modules loaded by the import   {heavy or 'none'}")


if __name__ == "__main__":
    main()
