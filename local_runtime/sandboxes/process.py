"""Start a sandbox as its own process and wait until it answers; stop it again.

The local runtime (`make run`) and the tests start sandboxes the same way, so the clients
always reach them by URL over a real socket, as they reach the real parties.
"""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from local_runtime.sandboxes.zra.server import DEFAULT_CONTEXT

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[2]


class SandboxStartError(RuntimeError):
    """The sandbox exited or did not answer in time."""


@dataclass
class SandboxProcess:
    """A running sandbox (the ZRA VSDC unless `module` names another)."""

    port: int
    data_dir: Path
    context: str
    log_file: Path
    module: str = "local_runtime.sandboxes.zra"
    """The sandbox's package, run with `python -m`."""
    title: str = "ZRA sandbox"
    """What error messages call it."""
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:<port>`: where the admin endpoints are."""
        return f"http://{HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        """The VSDC base URL a client is configured with (context root included)."""
        return self.origin + self.context

    def start(self, timeout_seconds: float = 30.0) -> SandboxProcess:
        """Start the process and wait until `/admin/health` answers."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    self.module,
                    "--port",
                    str(self.port),
                    "--data-dir",
                    str(self.data_dir),
                    "--context",
                    self.context,
                ],
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        atexit.register(self.stop)
        deadline = time.monotonic() + timeout_seconds
        while True:
            if self.process.poll() is not None:
                raise SandboxStartError(f"the {self.title} exited with {self.process.returncode}: {self._log_tail()}")
            if self.healthy():
                return self
            if time.monotonic() > deadline:
                self.stop()
                raise SandboxStartError(f"the {self.title} did not answer on port {self.port}: {self._log_tail()}")
            time.sleep(0.05)

    def healthy(self) -> bool:
        """Whether the sandbox answers its health check."""
        try:
            with urllib.request.urlopen(f"{self.origin}/admin/health", timeout=1) as answer:  # noqa: S310 (loopback)
                return bool(json.load(answer).get("status") == "ok")
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def stop(self, timeout_seconds: float = 10.0) -> None:
        """Stop the process (its state stays in `data_dir`)."""
        atexit.unregister(self.stop)
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout_seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _log_tail(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")[-2000:].strip() or "(empty log)"
        except OSError:
            return "(no log)"


def start_zra_sandbox(data_dir: Path, port: int, *, context: str = DEFAULT_CONTEXT) -> SandboxProcess:
    """A sandbox VSDC on 127.0.0.1:`port`, its state in `data_dir`, started and answering."""
    return SandboxProcess(port=port, data_dir=data_dir, context=context, log_file=data_dir / "sandbox.log").start()


def start_airtel_sandbox(data_dir: Path, port: int) -> SandboxProcess:
    """A sandbox Airtel Money Open API on 127.0.0.1:`port`, its merchants in `data_dir`, answering."""
    return SandboxProcess(
        port=port,
        data_dir=data_dir,
        context="",
        log_file=data_dir / "sandbox.log",
        module="local_runtime.sandboxes.airtel",
        title="Airtel sandbox",
    ).start()
