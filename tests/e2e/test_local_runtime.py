"""`python -m local_runtime run` (what `make run` starts) as a user meets it.

It starts its own PostgreSQL, Azurite and SMTP server, serves the API and the web app on
one port, delivers queued e-mail through the indexed queue function, stops every process
it started on Ctrl-C, and finds its data again on the next start.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from local_runtime.postgres import LocalPostgres, free_port
from shared_code.notifications.email import queue_email
from shared_code.platform.db import Database
from shared_code.platform.email import EmailMessage

ROOT = Path(__file__).resolve().parents[2]


def _web_app(folder: Path) -> Path:
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><title>IntelliFin</title><div id=app></div>")
    (folder / "assets" / "app-1234.js").write_text("console.log('shell')")
    return folder


class Runtime:
    def __init__(self, data_dir: Path, static_dir: Path) -> None:
        self.port = free_port()
        self.env = {
            **{
                k: v
                for k, v in os.environ.items()
                if k
                not in {
                    "DATABASE_URL",
                    "SMTP_HOST",
                    "STORAGE_CONNECTION_STRING",
                    "ZRA_SANDBOX_URL",
                    "AIRTEL_SANDBOX_URL",
                }
            },
            "PYTHONPATH": str(ROOT),
            "INTELLIFIN_DATA_DIR": str(data_dir),
            "INTELLIFIN_PORT": str(self.port),
            "INTELLIFIN_PG_PORT": str(free_port()),
            "INTELLIFIN_AZURITE_BLOB_PORT": str(free_port()),
            "INTELLIFIN_AZURITE_TABLE_PORT": str(free_port()),
            "SMTP_PORT": str(free_port()),
            "INTELLIFIN_ZRA_SANDBOX_PORT": str(free_port()),
            "INTELLIFIN_AIRTEL_SANDBOX_PORT": str(free_port()),
            "STATIC_SITE_DIR": str(static_dir),
            "INTELLIFIN_PG_FAST": "1",
        }
        self.log = data_dir / "runtime.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "local_runtime", "run"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"runtime did not start: {self.log.read_text()[-3000:]}")

    def interrupt(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=60)

    def kill(self) -> None:
        """Stop whatever is still running: Ctrl-C first (the runtime stops its services),
        then force, then PostgreSQL, which runs detached from the runtime's process."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                for child in psutil.Process(self.process.pid).children(recursive=True):
                    child.kill()
                self.process.kill()
        data = Path(self.env["INTELLIFIN_DATA_DIR"]) / "postgres"
        if (data / "postmaster.pid").exists():
            LocalPostgres(data, int(self.env["INTELLIFIN_PG_PORT"])).stop()


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    started = Runtime(tmp_path / "data", _web_app(tmp_path / "dist"))
    try:
        yield started
    finally:
        started.kill()


def _wait_for_mail(url: str, subject: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = httpx.get(f"{url}/api/v1/dev/mailbox", timeout=5).json()["messages"]
        found = [m for m in messages if m["subject"] == subject]
        if found:
            return found[0]
        time.sleep(0.3)
    raise AssertionError(f"no mail with subject {subject!r}")


def _database_url(runtime: Runtime) -> str:
    return f"postgresql://postgres@127.0.0.1:{runtime.env['INTELLIFIN_PG_PORT']}/intellifin"


def test_run_serves_api_and_web_app_delivers_mail_and_stops_everything(runtime: Runtime) -> None:
    runtime.start()
    assert runtime.process is not None
    url = runtime.url

    ready = httpx.get(f"{url}/api/ready", timeout=10)
    assert ready.json()["status"] == "ready"
    assert "server" not in ready.headers, "the server software is not announced"
    shell = httpx.get(f"{url}/", timeout=5)
    assert shell.status_code == 200 and "<title>IntelliFin</title>" in shell.text
    deep_link = httpx.get(f"{url}/dev/mailbox", timeout=5)
    assert deep_link.status_code == 200 and "<title>IntelliFin</title>" in deep_link.text
    asset = httpx.get(f"{url}/assets/app-1234.js", timeout=5)
    assert asset.status_code == 200 and "immutable" in asset.headers["cache-control"]
    assert httpx.get(f"{url}/assets/missing.js", timeout=5).status_code == 404
    assert httpx.get(f"{url}/api/openapi.json", timeout=5).status_code == 200
    sandboxes = httpx.get(f"{url}/api/v1/dev/sandboxes", timeout=5).json()["sandboxes"]
    assert {sandbox["name"] for sandbox in sandboxes} == {"zra-vsdc", "airtel-money"}
    airtel = next(sandbox for sandbox in sandboxes if sandbox["name"] == "airtel-money")
    assert httpx.get(f"{airtel['admin_url']}/health", timeout=5).json()["status"] == "ok"

    db = Database(_database_url(runtime), min_size=1, max_size=1)
    db.open()
    try:
        with db.unit_of_work() as uow:
            queue_email(
                uow,
                EmailMessage(
                    to=["owner@example.co.zm"],
                    subject="Welcome to IntelliFin",
                    text="Muli shani!",
                    html="<p>Muli shani!</p>",
                    attachments=[("terms.txt", "text/plain", b"Terms")],
                ),
            )
            uow.commit()
    finally:
        db.close()
    mail = _wait_for_mail(url, "Welcome to IntelliFin")
    assert mail["recipients"] == ["owner@example.co.zm"]
    assert mail["attachments"] == ["terms.txt"]
    assert "Muli shani!" in mail["text"]

    children = psutil.Process(runtime.process.pid).children(recursive=True)
    assert children, "the runtime should have started PostgreSQL and Azurite"
    assert runtime.interrupt() == 0
    psutil.wait_procs(children, timeout=20)
    assert [c.pid for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE] == []
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{url}/api/health", timeout=1)

    runtime.start()  # second start: same data directory, same database and mailbox
    assert _wait_for_mail(url, "Welcome to IntelliFin")["recipients"] == ["owner@example.co.zm"]
    assert runtime.interrupt() == 0


def test_a_malformed_setting_stops_the_start_with_one_line_naming_it(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": "postgresql://x@127.0.0.1:1/x",
        "STORAGE_CONNECTION_STRING": "UseDevelopmentStorage=true",
        "SMTP_HOST": "127.0.0.1",
        "INTELLIFIN_PORT": str(free_port()),
        "DB_POOL_MAX_SIZE": "lots",
        "INTELLIFIN_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "local_runtime", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DB_POOL_MAX_SIZE" in lines[0] and "integer" in lines[0]


def test_a_new_user_onboards_an_organization_through_the_running_app(runtime: Runtime) -> None:
    runtime.start()
    url, email = runtime.url, "owner@chanda.co.zm"
    client = httpx.Client(base_url=url, timeout=10)
    assert (
        client.post(
            "/api/v1/auth/register",
            json={"email": email, "full_name": "Chanda Mwale", "password": "kwacha and ngwee 2026"},
        ).status_code
        == 202
    )
    mail = _wait_for_mail(url, "Confirm your e-mail address for IntelliFin")
    token = mail["text"].split("/verify-email?token=")[1].split()[0]
    assert client.post("/api/v1/auth/verify-email", json={"token": token}).status_code == 200
    login = client.post("/api/v1/auth/login", json={"email": email, "password": "kwacha and ngwee 2026"})
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

    from tests.integration.test_onboarding import profile

    started = client.post("/api/v1/organizations", json=profile(), headers=headers)
    assert started.status_code == 202, started.text
    deadline = time.monotonic() + 30
    while (progress := client.get(started.json()["status_url"], headers=headers).json())["status"] == "running":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert progress["status"] == "completed", progress
    org = progress["organization_id"]
    assert client.get(f"/api/v1/orgs/{org}/profile", headers=headers).json()["legal_name"] == "Chanda Hardware Limited"
    assert _wait_for_mail(url, "Welcome to IntelliFin: Chanda Hardware is ready")["recipients"] == [email]
    assert runtime.interrupt() == 0
