"""Migrations: every schema, idempotent, one broken tenant does not stop the rest."""

from __future__ import annotations

import psycopg
import pytest

from shared_code.platform.db import Database, tenant_schema_name
from shared_code.platform.ids import new_id
from shared_code.platform.migrations import Migration, load_migrations, migrate_all
from shared_code.platform.tenancy import drop_tenant_schema, provision_tenant

ADD_CUSTOMERS = Migration(
    version="9001",
    name="add_probe_for_test",
    sql="CREATE TABLE migration_probe (id uuid PRIMARY KEY, name text NOT NULL);",
)


def _tables(db: Database, schema: str) -> set[str]:
    with db.connection() as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema]
        ).fetchall()
        conn.rollback()
    return {row["table_name"] for row in rows}


def test_fifty_tenants_migrated_a_broken_one_reported_and_a_rerun_changes_nothing(db: Database) -> None:
    tenants = [new_id() for _ in range(50)]
    for tenant in tenants:
        provision_tenant(db, tenant)
    broken = tenants[17]
    with db.connection() as conn:  # sabotage one tenant: the new table already exists, differently
        conn.execute(f"CREATE TABLE {tenant_schema_name(broken)}.migration_probe (legacy int)")
        conn.commit()

    migrations = [*load_migrations("tenant"), ADD_CUSTOMERS]
    report = migrate_all(db, tenant_migrations=migrations)

    assert [result.schema for result in report.failed] == [tenant_schema_name(broken)]
    assert "migration_probe" in (report.failed[0].error or "")
    migrated = [result for result in report.results if result.schema.startswith("tenant_") and not result.error]
    assert len(migrated) == 49
    assert all(result.applied == ["9001"] for result in migrated)
    assert "migration_probe" in _tables(db, tenant_schema_name(tenants[49]))

    rerun = migrate_all(db, tenant_migrations=migrations)
    assert rerun.applied_count == 0
    assert [result.schema for result in rerun.failed] == [tenant_schema_name(broken)]

    with db.connection() as conn:  # repair the tenant; the next run completes it alone
        conn.execute(f"DROP TABLE {tenant_schema_name(broken)}.migration_probe")
        conn.commit()
    repaired = migrate_all(db, tenant_migrations=migrations)
    assert not repaired.failed
    assert repaired.applied_count == 1


def test_new_tenants_get_every_migration_at_creation(db: Database) -> None:
    tenant = new_id()
    schema = provision_tenant(db, tenant, migrations=[*load_migrations("tenant"), ADD_CUSTOMERS])
    assert {"organization_settings", "migration_probe", "schema_migrations"} <= _tables(db, schema)
    with db.connection() as conn:
        versions = [
            row["version"] for row in conn.execute(f"SELECT version FROM {schema}.schema_migrations ORDER BY 1")
        ]
        conn.rollback()
    assert versions == [*(m.version for m in load_migrations("tenant")), "9001"]


def test_provisioning_is_idempotent_and_all_or_nothing(db: Database) -> None:
    tenant = new_id()
    provision_tenant(db, tenant)
    provision_tenant(db, tenant)
    failing = Migration(version="9002", name="fails", sql="CREATE TABLE x (a int); SELECT 1/0;")
    other = new_id()
    with pytest.raises(psycopg.errors.DivisionByZero):
        provision_tenant(db, other, migrations=[*load_migrations("tenant"), failing])
    with db.connection() as conn:
        registered = conn.execute("SELECT id FROM platform.tenants ORDER BY created_at").fetchall()
        schema_exists = conn.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", [tenant_schema_name(other)]
        ).fetchone()
        conn.rollback()
    assert [row["id"] for row in registered] == [tenant]
    assert schema_exists is None


def test_a_changed_applied_migration_is_reported(db: Database) -> None:
    tenant = new_id()
    provision_tenant(db, tenant, migrations=[*load_migrations("tenant"), ADD_CUSTOMERS])
    edited = Migration(version="9001", name="add_probe_for_test", sql="CREATE TABLE migration_probe (id int);")
    report = migrate_all(db, tenant_migrations=[*load_migrations("tenant"), edited])
    assert report.failed and "changed after it was applied" in (report.failed[0].error or "")


def test_deleted_tenants_are_not_migrated(db: Database) -> None:
    tenant = new_id()
    provision_tenant(db, tenant)
    drop_tenant_schema(db, tenant)
    report = migrate_all(db)
    assert [result.schema for result in report.results] == ["platform"]
