"""The security audit log is append-only for the app's database role by privilege: the role
that migrates and runs the app (no superuser, as in Azure) may insert and read events, and
can neither change them nor take the power to."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from uuid import uuid4

import psycopg
import pytest
from fastapi.testclient import TestClient

from local_runtime.postgres import LocalPostgres
from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.platform.db import Database
from shared_code.platform.migrations import migrate_all
from shared_code.platform.settings import Settings

AUDIT_OWNER = "intellifin_audit_owner"


@dataclass(frozen=True)
class AppRoleDatabase:
    """A database migrated by an ordinary role, which is then left with only its own grants."""

    url: str
    role: str


def _ensure_audit_owner(admin: psycopg.Connection) -> None:
    # Roles are cluster-wide: another test's migration may have made it.
    with contextlib.suppress(psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
        admin.execute(f"CREATE ROLE {AUDIT_OWNER} NOLOGIN")


@pytest.fixture
def app_role_database(postgres_server: LocalPostgres) -> Iterator[AppRoleDatabase]:
    """As an operator would: an ordinary login role owns the database's schemas; it may act as
    the audit owner while it migrates, and the operator revokes that afterwards."""
    suffix = uuid4().hex[:12]
    role, name = f"app_{suffix}", f"test_app_role_{suffix}"
    url = f"postgresql://{role}@127.0.0.1:{postgres_server.port}/{name}"
    with psycopg.connect(postgres_server.admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB")
        admin.execute(f'CREATE DATABASE "{name}" OWNER {role}')
        _ensure_audit_owner(admin)
        admin.execute(f"GRANT {AUDIT_OWNER} TO {role}")
    try:
        database = Database(url, min_size=1, max_size=2)
        database.open()
        try:
            report = migrate_all(database)
        finally:
            database.close()
        assert not report.failed, report.failed
        with psycopg.connect(postgres_server.admin_url, autocommit=True) as admin:
            admin.execute(f"REVOKE {AUDIT_OWNER} FROM {role}")
        yield AppRoleDatabase(url=url, role=role)
    finally:
        with psycopg.connect(postgres_server.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f"DROP ROLE IF EXISTS {role}")


def test_the_apps_role_writes_audit_events_but_cannot_change_them(
    app_role_database: AppRoleDatabase, settings: Settings
) -> None:
    services = Services(settings.model_copy(update={"database_url": app_role_database.url}))
    try:
        with TestClient(create_app(services), base_url="https://testserver") as api:
            response = api.post(
                "/api/v1/auth/register",
                json={"email": "mutale@example.co.zm", "full_name": "Mutale Phiri", "password": "x" * 16},
            )
            assert response.status_code == 202, response.text
    finally:
        services.close()

    with psycopg.connect(app_role_database.url, autocommit=True) as conn:
        written = conn.execute("SELECT count(*) FROM platform.security_events").fetchone()
        assert written is not None and written[0] >= 1, "registering wrote an audit event as the app's role"
        for statement in (
            "UPDATE platform.security_events SET event_type = 'nothing_happened'",
            "DELETE FROM platform.security_events",
            "TRUNCATE platform.security_events",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for table"):
                conn.execute(statement)
        for statement in (
            "DROP TRIGGER security_events_no_update_or_delete ON platform.security_events",
            "ALTER TABLE platform.security_events DISABLE TRIGGER ALL",
            "CREATE OR REPLACE FUNCTION platform.security_events_append_only() RETURNS trigger"
            " LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
            f"SET ROLE {AUDIT_OWNER}",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        conn.execute(f"GRANT UPDATE, DELETE ON platform.security_events TO {app_role_database.role}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for table"):
            conn.execute("UPDATE platform.security_events SET event_type = 'nothing_happened'")
        unchanged = conn.execute(
            "SELECT count(*) FROM platform.security_events WHERE event_type = 'nothing_happened'"
        ).fetchone()
        assert unchanged == (0,)
