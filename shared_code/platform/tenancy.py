"""Tenant schemas: creating one for a new organization, and Citus placement in Azure."""

from __future__ import annotations

from uuid import UUID

import psycopg
from psycopg import sql

from shared_code.platform.db import Database, Row, tenant_schema_name
from shared_code.platform.migrations import (
    MIGRATION_LOCK_KEY,
    Migration,
    apply_schema_migrations,
    load_migrations,
)


def provision_tenant(db: Database, tenant_id: UUID, *, migrations: list[Migration] | None = None) -> str:
    """Create (or complete) the tenant schema of `tenant_id` with every tenant migration.

    One transaction: the registry row, the schema and its tables appear together or not at
    all. Idempotent: calling it again for a provisioned tenant applies only what is
    pending. Returns the schema name.
    """
    migrations = load_migrations("tenant") if migrations is None else migrations
    schema = tenant_schema_name(tenant_id)
    with db.connection() as conn:
        conn.rollback()
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK_KEY])
        conn.execute(
            "INSERT INTO platform.tenants (id, schema_name) VALUES (%s, %s) ON CONFLICT (id) DO NOTHING",
            [tenant_id, schema],
        )
        apply_schema_migrations(conn, schema, migrations)
        conn.commit()
        distribute_schema_if_citus(conn, schema)
    return schema


def distribute_schema_if_citus(conn: psycopg.Connection[Row], schema: str) -> bool:
    """On a Citus cluster (Azure elastic clusters), make the schema its own shard group.

    A no-op returning False where the `citus` extension is absent, as on one machine.
    """
    has_citus = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'citus'").fetchone()
    if not has_citus:
        conn.rollback()
        return False
    already = conn.execute("SELECT 1 FROM citus_schemas WHERE schema_name::text = %s", [schema]).fetchone()
    if not already:
        conn.execute(sql.SQL("SELECT citus_schema_distribute({})").format(sql.Literal(schema)))
    conn.commit()
    return True


def drop_tenant_schema(db: Database, tenant_id: UUID) -> None:
    """Drop a tenant's schema and mark it deleted (the end of an organization's deletion)."""
    schema = tenant_schema_name(tenant_id)
    with db.connection() as conn:
        conn.rollback()
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK_KEY])
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        conn.execute("UPDATE platform.tenants SET status = 'deleted' WHERE id = %s", [tenant_id])
        conn.commit()
