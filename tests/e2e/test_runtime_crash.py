"""A real crash: the local runtime is SIGKILLed while onboardings are mid-way, then started
again. Every onboarding ends complete or cleaned up, and nothing is done twice: one
tenant, organization, profile, owner membership, schema and creation event each, and the
same chart. (The welcome e-mail is checked to arrive, not to arrive once: mail delivery is
at least once by design.)

The runtime runs as `python -m local_runtime run`, against this session's PostgreSQL,
Azurite and SMTP server (outside the process, as in Azure, so they outlive the crash). The
durable backend is in memory and dies with the process; what survives is PostgreSQL, from
which the runtime's start resumes the unfinished runs.

Break tried: `shared_code.workflows.resume_pending` returning `[]` without resuming; this
test then failed (the interrupted runs stayed `running`).
"""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from local_runtime.azurite import AzuriteProcess
from local_runtime.smtp import SmtpServer
from shared_code.organizations.steps import ONBOARDING_STEPS
from shared_code.platform.db import Database, tenant_schema_name
from shared_code.platform.mailbox import list_messages
from tests.e2e.test_local_runtime import Runtime, _web_app
from tests.integration.test_onboarding import COMPLETE, NOTHING, profile

pytestmark = pytest.mark.slow

ONBOARDINGS = 8


def _mail_to(maildir: Path, address: str, subject: str, timeout: float = 30) -> list[Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in list_messages(maildir, limit=500) if address in m.recipients and m.subject == subject]
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"no mail {subject!r} to {address}")


def _runs(db: Database) -> list[dict[str, Any]]:
    with db.unit_of_work() as uow:
        return [
            dict(row)
            for row in uow.fetch_all(
                "SELECT instance_id, organization_id, status, steps_done,"
                " input -> 'profile' ->> 'trading_name' AS name FROM platform.onboarding_runs"
            )
        ]


def _traces(db: Database, organization_id: UUID) -> dict[str, Any]:
    with db.unit_of_work() as uow:
        counts = uow.fetch_one(
            """
            SELECT (SELECT count(*) FROM platform.tenants WHERE id = %(id)s) AS tenants,
                   (SELECT count(*) FROM platform.organizations WHERE id = %(id)s) AS organizations,
                   (SELECT count(*) FROM platform.organization_profiles WHERE organization_id = %(id)s) AS profiles,
                   (SELECT count(*) FROM platform.memberships WHERE organization_id = %(id)s) AS memberships,
                   (SELECT count(*) FROM information_schema.schemata WHERE schema_name = %(schema)s) AS schemas,
                   (SELECT count(*) FROM platform.security_events WHERE organization_id = %(id)s) AS events
            """,
            {"id": organization_id, "schema": tenant_schema_name(organization_id)},
        )
    assert counts is not None
    return dict(counts)


def _chart_size(db: Database, organization_id: UUID) -> int:
    with db.unit_of_work(organization_id) as uow:
        row = uow.fetch_one("SELECT count(*) AS n FROM accounts")
    assert row is not None
    return int(row["n"])


def test_onboardings_killed_mid_way_end_complete_or_cleaned_up_once(
    tmp_path: Path, database_url: str, db: Database, azurite: AzuriteProcess, smtp_server: SmtpServer
) -> None:
    runtime = Runtime(tmp_path / "data", _web_app(tmp_path / "dist"))
    runtime.env.update(
        {
            "DATABASE_URL": database_url,
            "STORAGE_CONNECTION_STRING": azurite.connection_string,
            "BLOB_CONTAINER": f"crash-{uuid4().hex[:12]}",
            "SMTP_HOST": smtp_server.host,
            "SMTP_PORT": str(smtp_server.port),
            "DEV_MAILBOX_DIR": str(smtp_server.maildir),
        }
    )
    try:
        runtime.start()
        email, password = f"owner.{uuid4().hex[:8]}@chanda.co.zm", "kwacha and ngwee 2026"
        client = httpx.Client(base_url=runtime.url, timeout=10)
        registered = client.post(
            "/api/v1/auth/register", json={"email": email, "full_name": "Chanda Mwale", "password": password}
        )
        assert registered.status_code == 202, registered.text
        [mail] = _mail_to(smtp_server.maildir, email, "Confirm your e-mail address for IntelliFin")
        token = (mail.text or "").split("/verify-email?token=")[1].split()[0]
        assert client.post("/api/v1/auth/verify-email", json={"token": token}).status_code == 200
        login = client.post("/api/v1/auth/login", json={"email": email, "password": password})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

        for number in range(ONBOARDINGS):
            body = profile(trading_name=f"Chanda Branch {number}")
            assert client.post("/api/v1/organizations", json=body, headers=headers).status_code == 202
        deadline = time.monotonic() + 30
        while not any(run["steps_done"] for run in _runs(db)):
            assert time.monotonic() < deadline, "no onboarding step finished"
            time.sleep(0.01)
        assert runtime.process is not None
        runtime.process.send_signal(signal.SIGKILL)
        assert runtime.process.wait(timeout=10) == -signal.SIGKILL

        at_the_crash = _runs(db)
        assert len(at_the_crash) == ONBOARDINGS
        mid_way = [run for run in at_the_crash if run["status"] == "running" and run["steps_done"]]
        assert mid_way, "no onboarding was mid-way at the kill: the test proved nothing"

        runtime.start()
        deadline = time.monotonic() + 60
        after = _runs(db)
        while running := [run for run in after if run["status"] == "running"]:
            assert time.monotonic() < deadline, running
            time.sleep(0.2)
            after = _runs(db)
        for run in after:
            if run["status"] == "completed":  # its welcome e-mail, queued with its last step, is delivered
                _mail_to(smtp_server.maildir, email, f"Welcome to IntelliFin: {run['name']} is ready")
    finally:
        runtime.kill()

    completed = [run for run in after if run["status"] == "completed"]
    for run in after:
        organization_id = run["organization_id"]
        if run["status"] == "completed":
            assert run["steps_done"] == list(ONBOARDING_STEPS)
            assert _traces(db, organization_id) == COMPLETE, run
        else:
            assert run["status"] == "failed" and _traces(db, organization_id) == NOTHING, run
    assert completed, after
    chart_sizes = {_chart_size(db, run["organization_id"]) for run in completed}
    assert len(chart_sizes) == 1 and chart_sizes.pop() > 50  # seeded once each, the same chart
