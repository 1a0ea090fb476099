"""How long IntelliFin takes to cache ZRA's full item-classification list (about 40,000 in
production, ~1000 a page) through the local runtime's HTTP API and the sandbox VSDC.

    python bench/zra_item_classes.py [classes]

Starts `python -m local_runtime run`, sets up and initialises a device through the API, loads
`classes` extra classifications into the sandbox (its admin endpoint), then times
`POST /zra/codes/sync` (codes, then every page of item classes from the bookmark) and a
second sync with nothing new. Prints the times and the pages asked.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from invoice_throughput import PROFILE, _organization, _sign_up  # noqa: E402
from zra_fault_run import _wait_for_health  # noqa: E402

from local_runtime.postgres import free_port  # noqa: E402


def _run(client: httpx.Client, total: int) -> str:
    headers = _sign_up(client)
    org, _ = _organization(client, headers, 1)
    base = f"/api/v1/orgs/{org}"
    [sandbox] = [s for s in client.get("/api/v1/dev/sandboxes").json()["sandboxes"] if s["name"] == "zra-vsdc"]
    settings = {"vsdc_url": sandbox["base_url"], "tpin": PROFILE["tpin"], "branch_id": "000", "device_serial": "SN-1"}
    client.put(f"{base}/zra/settings", json=settings, headers=headers).raise_for_status()
    client.post(f"{base}/zra/initialise", headers=headers).raise_for_status()
    for start in range(0, total, 5000):
        batch = [
            {"itemClsCd": f"6{n:07d}", "itemClsNm": f"Bench class {n}", "itemClsLvl": 4, "taxTyCd": "A", "useYn": "Y"}
            for n in range(start, min(start + 5000, total))
        ]
        httpx.post(f"{sandbox['admin_url']}/item-classes", json={"itemClsList": batch}, timeout=120).raise_for_status()
    began = time.perf_counter()
    first = client.post(f"{base}/zra/codes/sync", headers=headers, timeout=600)
    first.raise_for_status()
    first_s = time.perf_counter() - began
    began = time.perf_counter()
    client.post(f"{base}/zra/codes/sync", headers=headers, timeout=600).raise_for_status()
    again_s = time.perf_counter() - began
    pages = httpx.get(f"{sandbox['admin_url']}/calls", params={"path": "/itemClass/selectItemsClass"}, timeout=30)
    held = first.json()["item_class_count"]
    if held < total:
        raise SystemExit(f"only {held} of {total}+ classes cached")
    return (
        f"{held} item classes cached in {first_s:.1f} s ({len(pages.json()['calls'])} selectItemsClass calls "
        f"in both syncs); a second sync with nothing new {again_s * 1000:.0f} ms"
    )


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 40000
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="intellifin-zra-bench-") as data:
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
            [sys.executable, "-m", "local_runtime", "run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for_health(url, runtime)
            with httpx.Client(base_url=url, timeout=60) as client:
                print(_run(client, total))
        finally:
            runtime.send_signal(signal.SIGINT)
            runtime.wait(timeout=60)


if __name__ == "__main__":
    main()
