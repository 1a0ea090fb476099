"""The fault run of ZRA fiscalisation: invoices issued through the local runtime's HTTP API while
the sandbox VSDC fails about 30% of sale calls in each way it can (timeout, HTTP 500, 838, an
HTML answer, a dropped connection after the sale was recorded, a 000 without its signature).

    python bench/zra_fault_run.py [invoices] [fault_rate_per_mode]

Starts `python -m local_runtime run` (timers on: the retry sweep wakes waiting branches) with
retries due after 50 ms and a 1 s VSDC timeout, sets up and initialises the device through the
API, issues the invoices, then waits until none is pending. Checks exactly one receipt per
invoice, none lost, none doubled, and receipt numbers in issue order; prints how long it
took, how many sale calls failed and how many requests ZRA saw per invoice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from invoice_throughput import PROFILE, _organization, _sign_up  # noqa: E402

from local_runtime.postgres import free_port  # noqa: E402

MODES = ("timeout", "http_500", "result_838", "not_json", "drop_after_record", "missing_fields")


def _wait_for_health(url: str, runtime: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or runtime.poll() is not None:
            raise SystemExit("the runtime did not start")
        time.sleep(0.3)


def _run(client: httpx.Client, total: int, rate: float) -> dict[str, Any]:
    headers = _sign_up(client)
    org, customer = _organization(client, headers, 1)
    base = f"/api/v1/orgs/{org}"
    [sandbox] = [s for s in client.get("/api/v1/dev/sandboxes").json()["sandboxes"] if s["name"] == "zra-vsdc"]
    settings = {"vsdc_url": sandbox["base_url"], "tpin": PROFILE["tpin"], "branch_id": "000", "device_serial": "SN-1"}
    client.put(f"{base}/zra/settings", json=settings, headers=headers).raise_for_status()
    client.post(f"{base}/zra/initialise", headers=headers).raise_for_status()
    item = client.post(
        f"{base}/items",
        json={
            "code": "CEM50",
            "name": "Cement 50 kg",
            "kind": "goods",
            "classification_code": "30111601",
            "packaging_code": "BG",
            "tax_category": "A",
            "default_price": "116.00",
        },
        headers=headers,
    )
    item.raise_for_status()
    rules = [{"mode": mode, "rate": rate, "delay_seconds": 1.5} for mode in MODES]
    httpx.post(f"{sandbox['admin_url']}/faults", json={"rules": rules, "seed": 2026}, timeout=10).raise_for_status()
    numbers = []
    began = time.perf_counter()
    for n in range(total):
        line = {"item_id": item.json()["id"], "quantity": str(n % 9 + 1), "unit_price": "116.00"}
        draft = client.post(f"{base}/invoices", json={"customer_id": customer, "lines": [line]}, headers=headers)
        draft.raise_for_status()
        issued = client.post(f"{base}/invoices/{draft.json()['id']}/issue", headers=headers)
        issued.raise_for_status()
        numbers.append(issued.json()["number"])
    issued_in = time.perf_counter() - began
    deadline = time.monotonic() + 1800
    while client.get(f"{base}/zra/submissions", params={"status": "pending", "limit": 1}, headers=headers).json()[
        "items"
    ]:
        if time.monotonic() > deadline:
            raise SystemExit("submissions still pending after 30 minutes")
        time.sleep(0.5)
    done_in = time.perf_counter() - began
    rejected = client.get(f"{base}/zra/submissions", params={"status": "rejected"}, headers=headers).json()["items"]
    if rejected:
        raise SystemExit(f"{len(rejected)} rejected, e.g. {rejected[0]['fiscal']['last_error']}")
    receipts = sorted(
        httpx.get(f"{sandbox['admin_url']}/receipts", params={"tpin": PROFILE["tpin"]}, timeout=30).json()["receipts"],
        key=lambda receipt: receipt["rcptNo"],
    )
    if [r["cisInvcNo"] for r in receipts] != numbers:
        raise SystemExit("the receipts are not one per invoice in issue order")
    if [r["rcptNo"] for r in receipts] != list(range(1, total + 1)):
        raise SystemExit("receipt numbers are not 1..n")
    calls = httpx.get(f"{sandbox['admin_url']}/calls", params={"path": "/trnsSales/saveSales"}, timeout=30).json()[
        "calls"
    ]
    return {
        "issued_s": issued_in,
        "fiscalised_s": done_in,
        "sale_calls": len(calls),
        "faulted": sum(1 for call in calls if call.get("fault")),
    }


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else 0.05
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
                "ZRA_RETRY_BASE_SECONDS": "0.05",
                "ZRA_RETRY_MAX_SECONDS": "0.05",
                "ZRA_TIMEOUT_SECONDS": "1",
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
                result = _run(client, total, rate)
        finally:
            runtime.send_signal(signal.SIGINT)
            runtime.wait(timeout=60)
    print(
        f"{total} invoices, {len(MODES)} fault modes at {rate:.0%} each "
        f"({result['faulted']} of {result['sale_calls']} sale calls failed): issued in {result['issued_s']:.1f} s, "
        f"all fiscalised {result['fiscalised_s']:.1f} s after the first; exactly one receipt each, in issue order"
    )


if __name__ == "__main__":
    main()
