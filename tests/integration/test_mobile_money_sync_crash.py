"""A 5,000-transaction Airtel sync whose worker process is SIGKILLed at random points 20 times,
then resumed by a fresh worker, ends exactly as one clean sync of the same history: every row
once, none lost, the run's counters exact. (The pattern of test_queue_crash.py: real worker
subprocesses on the real queue, PostgreSQL and sandbox.)"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.platform.settings import Settings
from tests.fixtures.airtel_sandbox import Airtel
from tests.fixtures.identity import Identity
from tests.integration.mobile_money_org import Org, fast, new_org

ROOT = Path(__file__).resolve().parents[2]
HISTORY = {"count": 5000, "seed": 11, "spacing_seconds": 300}
KILLS = 20


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return fast(settings).model_copy(update={"airtel_page_size": 50, "queue_max_attempts": 100})


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


def _wait_for(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def _run(services: Services, org: Org, wallet_id: str) -> dict[str, Any]:
    with services.db.unit_of_work(org.id) as uow:
        row = uow.fetch_one("SELECT * FROM mobile_money_sync_runs WHERE wallet_id = %s", [wallet_id])
    assert row is not None
    return dict(row)


def _rows(services: Services, org: Org, wallet_id: str) -> list[tuple[Any, ...]]:
    with services.db.unit_of_work(org.id) as uow:
        rows = uow.fetch_all(
            """
            SELECT airtel_id, partner_id, occurred_at, direction, amount, charges, status, service_type,
                   counterparty_name, counterparty_msisdn, reference
            FROM mobile_money_transactions WHERE wallet_id = %s ORDER BY airtel_id
            """,
            [wallet_id],
        )
    return [tuple(row.values()) for row in rows]


def test_a_sync_killed_twenty_times_and_resumed_equals_one_clean_sync(
    identity: Identity, client: TestClient, services: Services, airtel: Airtel, tmp_path: Path
) -> None:
    org = new_org(identity, client)
    # Two merchants with the same history (the same seed): one synced cleanly, one crashed.
    airtel.merchant("clean-app", "clean-secret", "771000001", **HISTORY)
    airtel.merchant("crash-app", "crash-secret", "971000002", **HISTORY)
    airtel.faults({"mode": "timeout", "rate": 1.0, "delay_seconds": 0.05})  # every page takes a little while
    clean = org.link(airtel, name="Clean", msisdn="0771000001", client_id="clean-app", client_secret="clean-secret")
    org.run_queue(timeout=300)
    assert _run(services, org, clean["id"])["status"] == "succeeded"

    settings_file = tmp_path / "worker-settings.json"
    settings_file.write_text(services.settings.model_dump_json())
    crashed = org.link(airtel, name="Crashed", msisdn="0971000002", client_id="crash-app", client_secret="crash-secret")
    with services.db.connection() as conn:  # the link's run waits for the worker processes
        conn.rollback()

    def start_worker() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.integration.mobile_money_worker_process", str(settings_file)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    chance = random.Random(20261204)
    offsets = []
    for _ in range(KILLS):
        before = _run(services, org, crashed["id"])
        assert before["status"] != "succeeded", f"the sync finished before {KILLS} kills; slow the pages"
        doomed = start_worker()
        try:
            # Kill after 0 to 3 more pages are stored, then anywhere inside the next page's work.
            pages = chance.randint(0, 3)
            _wait_for(
                lambda before=before, pages=pages: (
                    (now := _run(services, org, crashed["id"]))["attempts"] > before["attempts"]
                    and now["next_offset"] >= before["next_offset"] + pages * 50
                )
            )
            time.sleep(chance.uniform(0.0, 0.12))
            os.kill(doomed.pid, signal.SIGKILL)
            doomed.wait(timeout=10)
        finally:
            if doomed.poll() is None:
                doomed.kill()
        assert doomed.returncode == -signal.SIGKILL
        offsets.append(_run(services, org, crashed["id"])["next_offset"])
    assert offsets == sorted(offsets) and len(set(offsets)) > KILLS // 2, offsets
    assert _run(services, org, crashed["id"])["status"] == "running"

    survivor = start_worker()
    try:
        _wait_for(lambda: _run(services, org, crashed["id"])["status"] == "succeeded", timeout=300)
    finally:
        survivor.terminate()
        survivor.wait(timeout=20)

    run = _run(services, org, crashed["id"])
    assert run["attempts"] == KILLS + 1
    assert (run["fetched"], run["added"], run["next_offset"]) == (5000, 5000, 5000), run
    clean_rows, crashed_rows = _rows(services, org, clean["id"]), _rows(services, org, crashed["id"])
    assert len(crashed_rows) == 5000 and len({row[0] for row in crashed_rows}) == 5000
    assert crashed_rows == clean_rows
    with services.db.unit_of_work(org.id) as uow:
        cursors = uow.fetch_all("SELECT sync_cursor FROM mobile_money_wallets WHERE id = %s", [crashed["id"]])
    assert cursors[0]["sync_cursor"] is not None
