"""Azurite (npm `azurite`) for one machine: the Blob and Table emulators as child processes.

Used by the local runtime and by the test suite. `npm install --prefix local_runtime`
(part of `make setup`) puts Azurite into `local_runtime/node_modules`; this module starts
its `azurite-blob` and `azurite-table` binaries directly (not through a shell, so the
process ids we hold are node's own), on 127.0.0.1 only, with telemetry off and the API
version check skipped (the Python SDKs speak newer API versions than Azurite knows).
"""

from __future__ import annotations

import atexit
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from shared_code.platform.settings import AZURITE_CONNECTION_STRING

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
"""Where `npm install --prefix local_runtime` puts Azurite."""

HOST = "127.0.0.1"
"""Azurite listens on loopback only."""

LOG_TAIL_CHARS = 2000
"""How much of an emulator's log a start error quotes."""


class AzuriteStartError(RuntimeError):
    """Azurite is not installed, or did not start listening in time."""


@dataclass
class AzuriteProcess:
    """Running Azurite Blob and Table emulators, listening on 127.0.0.1."""

    location: Path
    """Workspace directory (data, unless in memory, and the emulators' logs)."""
    blob_port: int
    table_port: int
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    log_files: list[Path] = field(default_factory=list)

    @property
    def blob_endpoint(self) -> str:
        """The Blob service URL of the development account."""
        return f"http://{HOST}:{self.blob_port}/devstoreaccount1"

    @property
    def table_endpoint(self) -> str:
        """The Table service URL of the development account."""
        return f"http://{HOST}:{self.table_port}/devstoreaccount1"

    @property
    def connection_string(self) -> str:
        """The well-known development account's connection string, with the actual ports."""
        return azurite_connection_string(self.blob_port, self.table_port)

    def stop(self, timeout_seconds: float = 5.0) -> None:
        """Terminate both emulators; kill any that has not exited after `timeout_seconds`."""
        atexit.unregister(self.stop)
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=timeout_seconds)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __enter__(self) -> AzuriteProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def azurite_connection_string(blob_port: int, table_port: int) -> str:
    """`AZURITE_CONNECTION_STRING` with its Blob and Table endpoints moved to these ports."""
    parts = dict(part.split("=", 1) for part in AZURITE_CONNECTION_STRING.split(";") if part)
    parts["BlobEndpoint"] = f"http://{HOST}:{blob_port}/devstoreaccount1"
    parts["TableEndpoint"] = f"http://{HOST}:{table_port}/devstoreaccount1"
    return "".join(f"{key}={value};" for key, value in parts.items())


def start_azurite(
    location: Path,
    blob_port: int = 10000,
    table_port: int = 10002,
    in_memory: bool = False,
    *,
    timeout_seconds: float = 30.0,
    node_modules: Path = NODE_MODULES,
) -> AzuriteProcess:
    """Start the Blob and Table emulators and wait until both accept connections.

    Data lives under `location` unless `in_memory`; each emulator's output goes to
    `location/azurite-blob.log` and `location/azurite-table.log`. Raises
    `AzuriteStartError` (quoting the log) if Azurite is missing, exits, or is not
    listening within `timeout_seconds`; nothing is left running in that case.
    """
    binaries = node_modules / ".bin"
    if not (binaries / "azurite-blob").exists() or not (binaries / "azurite-table").exists():
        raise AzuriteStartError(
            f"Azurite is not installed in {node_modules}: run `make setup` (or `npm install --prefix local_runtime`)"
        )
    for port in (blob_port, table_port):
        if _accepts_connections(port):
            raise AzuriteStartError(f"something is already listening on {HOST}:{port}")
    location.mkdir(parents=True, exist_ok=True)
    common = ["--skipApiVersionCheck", "--disableTelemetry", "--silent"]
    # Azurite refuses --location together with --inMemoryPersistence.
    common += ["--inMemoryPersistence"] if in_memory else ["--location", str(location)]
    services = [
        ("blob", blob_port, ["--blobHost", HOST, "--blobPort", str(blob_port)]),
        ("table", table_port, ["--tableHost", HOST, "--tablePort", str(table_port)]),
    ]
    azurite = AzuriteProcess(location=location, blob_port=blob_port, table_port=table_port)
    try:
        for service, _port, address in services:
            log_file = location / f"azurite-{service}.log"
            azurite.log_files.append(log_file)
            with log_file.open("wb") as log:
                azurite.processes.append(
                    subprocess.Popen(
                        [str(binaries / f"azurite-{service}"), *address, *common],
                        cwd=location,
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        deadline = time.monotonic() + timeout_seconds
        for (service, port, _address), process, log_file in zip(
            services, azurite.processes, azurite.log_files, strict=True
        ):
            _wait_until_listening(service, port, process, log_file, deadline)
    except OSError as error:
        azurite.stop()
        raise AzuriteStartError(f"could not run Azurite (is node on PATH?): {error}") from error
    except BaseException:
        azurite.stop()
        raise
    atexit.register(azurite.stop)
    return azurite


def _wait_until_listening(
    service: str,
    port: int,
    process: subprocess.Popen[bytes],
    log_file: Path,
    deadline: float,
) -> None:
    while True:
        if process.poll() is not None:
            raise AzuriteStartError(
                f"azurite-{service} exited with code {process.returncode} before listening "
                f"on {HOST}:{port}; log tail:\n{_log_tail(log_file)}"
            )
        if _accepts_connections(port):
            return
        if time.monotonic() > deadline:
            raise AzuriteStartError(
                f"azurite-{service} was not listening on {HOST}:{port} in time; log tail:\n{_log_tail(log_file)}"
            )
        time.sleep(0.05)


def _accepts_connections(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def _log_tail(log_file: Path) -> str:
    try:
        return log_file.read_text(errors="replace")[-LOG_TAIL_CHARS:].strip() or "(empty)"
    except OSError:
        return "(no log)"
