"""Invoices created, issued and posted through the HTTP API of the local runtime.

    python bench/invoice_throughput.py [invoices] [clients]

Starts `python -m local_runtime run` on free ports with a throwaway data directory, signs a
user up the way a person does (register, verify by the dev mailbox, sign in), onboards 10
organizations with a customer each, then has `clients` threads each create a 5-line draft
(with an Idempotency-Key) and issue it, `invoices` in all, twice: spread over the 10
organizations, and all on one organization (where the number sequence and the hash chain
serialise). Prints invoices/s, the latency of create + issue and the CPU each invoice cost
the function app's process and PostgreSQL (which, unlike the rate, hardly depends on what
else the machine is doing), and checks that every
organization's numbers are 1..n with no gap or repeat.
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
import uuid
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from local_runtime.postgres import free_port  # noqa: E402

PASSWORD = "kwacha and ngwee 2026"
PROFILE: dict[str, Any] = {
    "legal_name": "Bench Hardware Limited",
    "business_type": "private_ltd_shares",
    "tpin": "1002345678",
    "vat_registered": True,
    "vat_effective_date": "2024-03-01",
    "turnover_tax": False,
    "physical_address": {"line1": "Plot 12, Cairo Road", "town": "Lusaka", "province": "lusaka"},
    "phone": "0977 123456",
    "email": "accounts@bench.co.zm",
    "fiscal_year_start_month": 1,
}
LINES = [
    {"description": "Cement 50 kg", "quantity": "10", "unit_price": "116.00", "tax_category": "A"},
    {
        "description": "Roofing nails 1 kg",
        "quantity": "2.5",
        "unit_price": "57.99",
        "tax_category": "A",
        "discount_rate": "5",
    },
    {"description": "Maize meal 25 kg", "quantity": "4", "unit_price": "250.00", "tax_category": "C3"},
    {"description": "Delivery", "quantity": "1", "unit_price": "150.00", "tax_category": "A"},
    {"description": "Exercise books", "quantity": "12", "unit_price": "8.50", "tax_category": "D"},
]


def _wait_for_mail(client: httpx.Client, subject: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = [m for m in client.get("/api/v1/dev/mailbox").json()["messages"] if m["subject"] == subject]
        if found:
            return dict(found[0])
        time.sleep(0.3)
    raise SystemExit(f"no mail {subject!r}")


def _sign_up(client: httpx.Client) -> dict[str, str]:
    email = "owner@bench.co.zm"
    client.post("/api/v1/auth/register", json={"email": email, "full_name": "Bench Owner", "password": PASSWORD})
    token = _wait_for_mail(client, "Confirm your e-mail address for IntelliFin")["text"].split("/verify-email?token=")[
        1
    ]
    client.post("/api/v1/auth/verify-email", json={"token": token.split()[0]}).raise_for_status()
    login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    login.raise_for_status()
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _organization(client: httpx.Client, headers: dict[str, str], n: int) -> tuple[str, str]:
    started = client.post("/api/v1/organizations", json={**PROFILE, "legal_name": f"Bench {n} Ltd"}, headers=headers)
    started.raise_for_status()
    while (progress := client.get(started.json()["status_url"], headers=headers).json())["status"] == "running":
        time.sleep(0.2)
    org = progress["organization_id"]
    customer = client.post(
        f"/api/v1/orgs/{org}/customers",
        json={"kind": "business", "name": "Mwale Builders", "tpin": "1002003004"},
        headers=headers,
    )
    customer.raise_for_status()
    return org, customer.json()["customer"]["id"]


def _cpu_seconds(runtime: psutil.Process, data: str) -> tuple[float, float]:
    """CPU used so far by the function app's process and by its PostgreSQL (the processes of
    the cluster under `data`: pg_ctl detaches them from the runtime). Backends that ended
    since are not counted, so the database figure is a floor; the pool keeps its
    connections, so nearly all are counted."""
    times = runtime.cpu_times()
    app = times.user + times.system
    postmasters = [p for p in psutil.process_iter(["name", "cmdline"]) if data in " ".join(p.info["cmdline"] or [])]
    database = 0.0
    for postmaster in postmasters:
        try:
            for process in [postmaster, *postmaster.children(recursive=True)]:
                if process.name().startswith("postgres"):
                    spent = process.cpu_times()
                    database += spent.user + spent.system
        except psutil.NoSuchProcess:
            pass
    return app, database


def _run(
    url: str,
    headers: dict[str, str],
    orgs: list[tuple[str, str]],
    total: int,
    clients: int,
    runtime: psutil.Process,
    data: str,
) -> dict[str, float]:
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        mine = []
        with httpx.Client(base_url=url, timeout=60, headers=headers) as client:
            for n in range(total // clients):
                org, customer = orgs[(index * (total // clients) + n) % len(orgs)]
                started = time.perf_counter()
                draft = client.post(
                    f"/api/v1/orgs/{org}/invoices",
                    json={"customer_id": customer, "lines": LINES},
                    headers={"Idempotency-Key": str(uuid.uuid4())},
                )
                issued = (
                    client.post(f"/api/v1/orgs/{org}/invoices/{draft.json()['id']}/issue")
                    if draft.is_success
                    else draft
                )
                mine.append(time.perf_counter() - started)
                if not issued.is_success:
                    with lock:
                        failures.append(issued.text[:200])
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    app_before, database_before = _cpu_seconds(runtime, data)
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    app_after, database_after = _cpu_seconds(runtime, data)
    if failures:
        raise SystemExit(f"{len(failures)} failed, e.g. {failures[0]}")
    latencies.sort()
    return {
        "invoices": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "app_cpu_ms": (app_after - app_before) * 1000 / len(latencies),
        "database_cpu_ms": (database_after - database_before) * 1000 / len(latencies),
    }


def _gapless(client: httpx.Client, headers: dict[str, str], org: str) -> int:
    numbers: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"status": "issued", "limit": 200, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"/api/v1/orgs/{org}/invoices", params=params, headers=headers).json()
        numbers.extend(int(item["number"].rsplit("-", 1)[1]) for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise SystemExit(f"numbers of {org} are not 1..{len(numbers)}")
    return len(numbers)


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 50
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
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or runtime.poll() is not None:
                        raise SystemExit("the runtime did not start") from None
                    time.sleep(0.2)
            with httpx.Client(base_url=url, timeout=60) as client:
                headers = _sign_up(client)
                orgs = [_organization(client, headers, n) for n in range(10)]
                process = psutil.Process(runtime.pid)
                spread = _run(url, headers, orgs, total, clients, process, data)
                single = _run(url, headers, orgs[:1], total, clients, process, data)
                issued = [_gapless(client, headers, org) for org, _ in orgs]
        finally:
            runtime.send_signal(signal.SIGINT)
            runtime.wait(timeout=60)
    for name, result in (("10 organizations", spread), ("1 organization", single)):
        print(
            f"{name:17} {result['invoices']:.0f} invoices, {result['per_second']:.1f} invoices/s, "
            f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms (create + issue, {clients} clients); "
            f"CPU per invoice: app {result['app_cpu_ms']:.1f} ms, PostgreSQL {result['database_cpu_ms']:.1f} ms"
        )
    print(f"numbers gapless in every organization ({sum(issued)} issued)")


if __name__ == "__main__":
    main()
