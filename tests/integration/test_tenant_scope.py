"""One schema per tenant: a unit of work sees its own tenant's rows and nobody else's."""

from __future__ import annotations

import pytest
from psycopg.types.json import Jsonb

from shared_code.platform.db import Database
from shared_code.platform.errors import TenantScopeRequired
from shared_code.platform.ids import new_id
from shared_code.platform.tenancy import provision_tenant


def _put_setting(db: Database, tenant, key: str, value: str) -> None:
    with db.unit_of_work(tenant) as uow:
        uow.execute(
            "INSERT INTO organization_settings (key, value) VALUES (%(key)s, %(value)s)",
            {"key": key, "value": Jsonb(value)},
        )
        uow.commit()


def _settings(db: Database, tenant) -> dict[str, str]:
    with db.unit_of_work(tenant) as uow:
        return {row["key"]: row["value"] for row in uow.fetch_all("SELECT key, value FROM organization_settings")}


def test_a_pooled_connection_used_for_tenant_a_then_b_never_sees_a_rows(database_url: str) -> None:
    db = Database(database_url, min_size=1, max_size=1)  # one connection: A and B must share it
    db.open()
    try:
        from shared_code.platform.migrations import migrate_all

        migrate_all(db)
        tenant_a, tenant_b = new_id(), new_id()
        provision_tenant(db, tenant_a)
        provision_tenant(db, tenant_b)
        _put_setting(db, tenant_a, "invoice.prefix", "A-INV")

        with db.unit_of_work(tenant_a) as uow:
            backend_pid_a = uow.fetch_one("SELECT pg_backend_pid() AS pid")
        with db.unit_of_work(tenant_b) as uow:
            backend_pid_b = uow.fetch_one("SELECT pg_backend_pid() AS pid")
            rows = uow.fetch_all("SELECT key FROM organization_settings")
            path = uow.fetch_one("SELECT current_setting('search_path') AS path")

        assert backend_pid_a == backend_pid_b, "the test needs both scopes on one pooled connection"
        assert rows == []
        assert path is not None and path["path"].endswith(tenant_b.hex)
        assert _settings(db, tenant_a) == {"invoice.prefix": "A-INV"}
    finally:
        db.close()


def test_scope_ends_with_the_transaction_even_after_an_error(db: Database) -> None:
    tenant_a = new_id()
    provision_tenant(db, tenant_a)
    with pytest.raises(ZeroDivisionError), db.unit_of_work(tenant_a) as uow:
        uow.execute("SELECT 1")
        raise ZeroDivisionError
    with db.unit_of_work() as uow:
        path = uow.fetch_one("SELECT current_setting('search_path') AS path")
    assert path is not None and tenant_a.hex not in path["path"]


def test_tenant_tables_without_a_tenant_scope_fail_loudly(db: Database) -> None:
    provision_tenant(db, new_id())
    with db.unit_of_work() as uow, pytest.raises(TenantScopeRequired):
        uow.execute("SELECT * FROM organization_settings")


def test_require_tenant_names_the_missing_scope(db: Database) -> None:
    with db.unit_of_work() as uow, pytest.raises(TenantScopeRequired):
        uow.require_tenant()


def test_uncommitted_work_is_rolled_back(db: Database) -> None:
    tenant = new_id()
    provision_tenant(db, tenant)
    with db.unit_of_work(tenant) as uow:
        uow.execute("INSERT INTO organization_settings (key, value) VALUES ('a.b', '1')")
    assert _settings(db, tenant) == {}


def test_each_new_connection_signs_in_with_a_fresh_token_from_the_provider(database_url: str) -> None:
    issued: list[str] = []

    def token() -> str:
        issued.append(f"token-{len(issued)}")
        return issued[-1]

    db = Database(database_url, min_size=0, max_size=2, password_provider=token)
    db.open()
    try:
        with db.unit_of_work() as first, db.unit_of_work() as second:
            first.execute("SELECT 1")
            second.execute("SELECT 1")
            passwords = {first.connection.info.password, second.connection.info.password}
    finally:
        db.close()
    assert passwords == {"token-0", "token-1"}
