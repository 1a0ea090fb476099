"""`python -m local_runtime`: run IntelliFin on one machine, or manage its local data.

    python -m local_runtime run              start everything, serve http://127.0.0.1:7071
    python -m local_runtime migrate          migrate the platform and every tenant schema
    python -m local_runtime dead-letters     list dead-lettered queue messages
    python -m local_runtime replay ID|--all  put dead letters back on their queue

Unless told otherwise (DATABASE_URL, STORAGE_CONNECTION_STRING, SMTP_HOST, ZRA_SANDBOX_URL,
AIRTEL_SANDBOX_URL), it starts its own PostgreSQL, Azurite, SMTP server, sandbox ZRA VSDC and
sandbox Airtel Money Open API with data under
`.data/`, which a second start reuses. Ctrl-C stops every process it started.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

if TYPE_CHECKING:
    from shared_code.platform.queue import PostgresQueue

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("INTELLIFIN_DATA_DIR", ROOT / ".data")).resolve()

LOCAL_DEFAULTS = {
    "INTELLIFIN_ENV": "local",
    "LOCAL_SECRETS_FILE": str(DATA / "secrets.json"),
    "DEV_MAILBOX_DIR": str(DATA / "mailbox"),
    "STATIC_SITE_DIR": str(ROOT / "static_site" / "dist"),
}


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _fail(message: str) -> int:
    print(f"intellifin: {message}", file=sys.stderr)
    return 2


def start_local_services(stack: ExitStack, *, say: Callable[[str], None] = print) -> None:
    """Start what the environment does not provide, and point the settings at it."""
    for key, value in LOCAL_DEFAULTS.items():
        os.environ.setdefault(key, value)

    if not os.environ.get("DATABASE_URL"):
        from local_runtime.postgres import LocalPostgres

        port = int(os.environ.get("INTELLIFIN_PG_PORT", "54329"))
        postgres = LocalPostgres(DATA / "postgres", port).start()
        stack.callback(postgres.stop)
        os.environ["DATABASE_URL"] = postgres.url
        say(f"PostgreSQL       {postgres.url}")

    if not os.environ.get("STORAGE_CONNECTION_STRING") and not os.environ.get("STORAGE_BLOB_URL"):
        from local_runtime.azurite import start_azurite

        blob_port = int(os.environ.get("INTELLIFIN_AZURITE_BLOB_PORT", "10000"))
        table_port = int(os.environ.get("INTELLIFIN_AZURITE_TABLE_PORT", "10002"))
        azurite = start_azurite(DATA / "azurite", blob_port, table_port)
        stack.callback(azurite.stop)
        os.environ["STORAGE_CONNECTION_STRING"] = azurite.connection_string
        say(f"Azurite          blob :{blob_port}  table :{table_port}")

    if not os.environ.get("SMTP_HOST"):
        from local_runtime.smtp import start_smtp_server

        smtp_port = int(os.environ.get("SMTP_PORT", "8025"))
        server = start_smtp_server("127.0.0.1", smtp_port, Path(os.environ["DEV_MAILBOX_DIR"]))
        stack.callback(server.stop)
        os.environ["SMTP_HOST"] = "127.0.0.1"
        os.environ["SMTP_PORT"] = str(smtp_port)
        say(f"SMTP (dev mail)  127.0.0.1:{smtp_port}, read at /dev/mailbox")

    if not os.environ.get("ZRA_SANDBOX_URL"):
        from local_runtime.sandboxes.process import start_zra_sandbox

        sandbox_port = int(os.environ.get("INTELLIFIN_ZRA_SANDBOX_PORT", "7072"))
        if "INTELLIFIN_ZRA_SANDBOX_PORT" not in os.environ and not _port_is_free(sandbox_port):
            from local_runtime.postgres import free_port

            sandbox_port = free_port()  # another runtime has the default; /api/v1/dev/sandboxes tells where
        sandbox = start_zra_sandbox(DATA / "zra-sandbox", sandbox_port)
        stack.callback(sandbox.stop)
        os.environ["ZRA_SANDBOX_URL"] = sandbox.base_url
        say(f"ZRA sandbox VSDC {sandbox.base_url}  (faults and receipts: {sandbox.origin}/admin/...)")

    if not os.environ.get("AIRTEL_SANDBOX_URL"):
        from local_runtime.sandboxes.process import start_airtel_sandbox

        airtel_port = int(os.environ.get("INTELLIFIN_AIRTEL_SANDBOX_PORT", "7073"))
        if "INTELLIFIN_AIRTEL_SANDBOX_PORT" not in os.environ and not _port_is_free(airtel_port):
            from local_runtime.postgres import free_port

            airtel_port = free_port()  # another runtime has the default; /api/v1/dev/sandboxes tells where
        airtel = start_airtel_sandbox(DATA / "airtel-sandbox", airtel_port)
        stack.callback(airtel.stop)
        os.environ["AIRTEL_SANDBOX_URL"] = airtel.base_url
        say(f"Airtel sandbox   {airtel.base_url}  (merchant sandbox-client / sandbox-secret, 979999999)")


def _load_settings() -> object:
    from shared_code.platform.settings import SettingsError, get_settings

    try:
        return get_settings()
    except SettingsError as error:
        raise SystemExit(_fail(str(error))) from None


def command_run(args: argparse.Namespace) -> int:
    """Start the local services, migrate, and host the function app until Ctrl-C."""
    port = int(os.environ.get("INTELLIFIN_PORT", "7071"))
    if not _port_is_free(port):
        return _fail(f"port {port} is in use: is IntelliFin already running? (set INTELLIFIN_PORT)")
    # The links of the e-mails it sends lead to where it serves, on whichever port.
    os.environ.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")
    with ExitStack() as stack:
        start_local_services(stack)
        _load_settings()

        import uvicorn

        import function_app
        from local_runtime.host import FunctionHost, LocalSite, index_function_app
        from shared_code.api.asgi import get_fastapi_app
        from shared_code.bootstrap import get_services
        from shared_code.platform.migrations import migrate_all

        services = get_services()
        stack.callback(services.close)
        report = migrate_all(services.db)
        for failed in report.failed:
            print(f"migration FAILED for {failed.schema}: {failed.error}", file=sys.stderr)
        if any(result.schema == "platform" for result in report.failed):
            return _fail("the platform schema could not be migrated")

        host = FunctionHost(services, index_function_app(function_app.app))
        host.start(run_timers=not args.no_timers)
        stack.callback(host.stop)
        names = ", ".join(f"{fn.name} ({fn.trigger})" for fn in host.functions)
        print(f"Functions        {names}")

        site = LocalSite(get_fastapi_app(), services.settings.static_site_dir)
        if site.site is None:
            print("Web app          not built (run `make build-web`); serving the API only")
        print(f"IntelliFin       http://127.0.0.1:{port}   (API docs: /api/docs; Ctrl-C stops everything)")
        sys.stdout.flush()
        uvicorn.run(site, host="127.0.0.1", port=port, log_level="warning", lifespan="off", server_header=False)
    print("IntelliFin stopped.")
    return 0


def _local_database(stack: ExitStack) -> None:
    """Start the local PostgreSQL unless DATABASE_URL names one; fill in local defaults."""
    if not os.environ.get("DATABASE_URL"):
        from local_runtime.postgres import LocalPostgres

        postgres = LocalPostgres(DATA / "postgres", int(os.environ.get("INTELLIFIN_PG_PORT", "54329"))).start()
        stack.callback(postgres.stop)
        os.environ["DATABASE_URL"] = postgres.url
    for key, value in LOCAL_DEFAULTS.items():
        os.environ.setdefault(key, value)


def command_migrate(args: argparse.Namespace) -> int:
    """Migrate every schema (starting the local PostgreSQL if needed)."""
    with ExitStack() as stack:
        _local_database(stack)
        from shared_code.platform.migrations.__main__ import main as migrate_main

        return migrate_main()


def _local_queue(stack: ExitStack) -> PostgresQueue:
    _local_database(stack)
    _load_settings()
    from shared_code.bootstrap import get_services

    services = get_services()
    stack.callback(services.close)
    return services.queue


def command_dead_letters(args: argparse.Namespace) -> int:
    """Print the dead letters, newest first."""
    with ExitStack() as stack:
        letters = _local_queue(stack).dead_letters(args.queue, limit=args.limit)
    for letter in letters:
        print(
            f"{letter.id}  {letter.queue:<16} {letter.message_type:<24} attempts={letter.attempts} "
            f"dead={letter.dead_at:%Y-%m-%d %H:%M:%S}  {letter.last_error or ''}"
        )
    print(f"{len(letters)} dead letter(s)")
    return 0


def command_replay(args: argparse.Namespace) -> int:
    """Put one dead letter (or all of a queue's) back on its queue."""
    with ExitStack() as stack:
        queue = _local_queue(stack)
        ids = [letter.id for letter in queue.dead_letters(args.queue, limit=10_000)] if args.all else [args.id]
        replayed = sum(queue.replay(message_id) for message_id in ids if message_id is not None)
    print(f"{replayed} message(s) replayed")
    return 0 if replayed or args.all else 1


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(
        prog="python -m local_runtime",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command")
    run = commands.add_parser("run", help="start IntelliFin on http://127.0.0.1:7071")
    run.add_argument("--no-timers", action="store_true", help="do not run timer functions")
    run.set_defaults(handler=command_run)
    commands.add_parser("migrate", help="migrate every schema").set_defaults(handler=command_migrate)
    dead = commands.add_parser("dead-letters", help="list dead-lettered messages")
    dead.add_argument("--queue")
    dead.add_argument("--limit", type=int, default=100)
    dead.set_defaults(handler=command_dead_letters)
    replay = commands.add_parser("replay", help="replay dead letters")
    replay.add_argument("id", nargs="?", type=UUID)
    replay.add_argument("--all", action="store_true")
    replay.add_argument("--queue")
    replay.set_defaults(handler=command_replay)
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["run", *(argv or [])])
    if args.command == "replay" and not args.all and args.id is None:
        parser.error("replay needs a message id or --all")
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
