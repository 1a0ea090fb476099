"""A worker killed (SIGKILL) while handling: the message comes back and its effect happens once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared_code.platform.db import Database
from shared_code.platform.messaging import enqueue
from shared_code.platform.registry import MessageType

ROOT = Path(__file__).resolve().parents[2]


def _start_worker(database_url: str, mode: str, signal_dir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.queue_worker_process", database_url, mode, str(signal_dir)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _wait_for(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def _count(db: Database, sql: str) -> int:
    with db.connection() as conn:
        row = conn.execute(sql).fetchone()
        conn.rollback()
    assert row is not None
    return int(next(iter(row.values())))


@pytest.mark.parametrize("kill_point", ["die-before-commit", "die-after-commit"])
def test_worker_killed_mid_handler_redelivers_and_the_effect_happens_once(
    db: Database, database_url: str, tmp_path: Path, kill_point: str
) -> None:
    with db.connection() as conn:
        conn.execute("CREATE TABLE platform.crash_effects (message_id uuid, attempt int)")
        conn.commit()
    with db.unit_of_work() as uow:
        message_id = enqueue(uow, MessageType("crash.test", queue="notifications"), {"n": 1})
        uow.commit()

    doomed = _start_worker(database_url, kill_point, tmp_path)
    try:
        _wait_for(lambda: (tmp_path / "ready").exists())
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)
    finally:
        if doomed.poll() is None:
            doomed.kill()
    assert doomed.returncode == -signal.SIGKILL

    survivor = _start_worker(database_url, "normal", tmp_path)
    try:
        _wait_for(lambda: _count(db, "SELECT count(*) FROM platform.queue_messages") == 0)
    finally:
        survivor.terminate()
        survivor.wait(timeout=10)

    assert _count(db, "SELECT count(*) FROM platform.crash_effects") == 1
    with db.connection() as conn:
        effect = conn.execute("SELECT message_id, attempt FROM platform.crash_effects").fetchone()
        conn.rollback()
    assert effect is not None and effect["message_id"] == message_id
    expected_attempt = 2 if kill_point == "die-before-commit" else 1
    assert effect["attempt"] == expected_attempt
