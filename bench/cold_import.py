"""Cold `import function_app`: median of fresh interpreters (goal: at most 1.0 s).

python bench/cold_import.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = "import time; t = time.perf_counter(); import function_app; print(time.perf_counter() - t)"
WHOLE = "import function_app"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    import_times = []
    process_times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
        import_times.append(float(out.stdout.strip()))
        started = __import__("time").perf_counter()
        subprocess.run([sys.executable, "-c", WHOLE], cwd=ROOT, capture_output=True, check=True)
        process_times.append(__import__("time").perf_counter() - started)
    print(f"runs                         {runs}")
    print(
        f"import function_app, median  {statistics.median(import_times):.3f} s "
        f"(min {min(import_times):.3f}, max {max(import_times):.3f})"
    )
    print(f"whole interpreter, median    {statistics.median(process_times):.3f} s")
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, function_app; print(' '.join(sorted(m for m in "
            "('fastapi', 'psycopg', 'pydantic', 'azure.storage.blob', 'azure.servicebus', 'cryptography') "
            "if m in sys.modules)))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"heavy modules loaded         {heavy or 'none'}")


if __name__ == "__main__":
    main()
