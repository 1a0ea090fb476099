"""Tenant schemas: creating one for a new organization, and Citus placement in Azure."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import psycopg
from psycopg import sql

from shared_code.platform.db import Database, Row, Transactions, UnitOfWork, tenant_schema_name
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


def register_tenant(uow: UnitOfWork, tenant_id: UUID) -> None:
    """Record the tenant (its schema comes with `provision_tenant`); a repeat does nothing."""
    uow.execute(
        "INSERT INTO platform.tenants (id, schema_name) VALUES (%(id)s, %(schema)s) ON CONFLICT (id) DO NOTHING",
        {"id": tenant_id, "schema": tenant_schema_name(tenant_id)},
    )


def live_tenants(uow: UnitOfWork) -> list[UUID]:
    """Every active tenant whose schema exists, oldest first: what a sweep across tenants walks."""
    rows = uow.fetch_all(
        """
        SELECT t.id FROM platform.tenants t JOIN pg_namespace n ON n.nspname = t.schema_name
        WHERE t.status = 'active' ORDER BY t.created_at, t.id
        """,
        {},
    )
    return [row["id"] for row in rows]


def lock_schema_changes(uow: UnitOfWork) -> None:
    """Hold the migrations' lock until `uow` ends, so no migration runs on a schema being dropped."""
    uow.execute("SELECT pg_advisory_xact_lock(%(key)s)", {"key": MIGRATION_LOCK_KEY})


def drop_schema(uow: UnitOfWork, tenant_id: UUID) -> None:
    """Drop the tenant's schema in `uow` (after `lock_schema_changes`) and mark it deleted."""
    uow.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(tenant_schema_name(tenant_id))))
    uow.execute("UPDATE platform.tenants SET status = 'deleted' WHERE id = %(id)s", {"id": tenant_id})


def forget_tenant(uow: UnitOfWork, tenant_id: UUID) -> None:
    """Remove the registry row of a tenant that never opened (after what refers to it)."""
    uow.execute("DELETE FROM platform.tenants WHERE id = %(id)s", {"id": tenant_id})


def drop_tenant_schema(db: Transactions, tenant_id: UUID) -> None:
    """Drop a tenant's schema and mark it deleted, in a transaction of its own."""
    with db.unit_of_work() as uow:
        lock_schema_changes(uow)
        drop_schema(uow, tenant_id)
        uow.commit()


def tenant_table_rows(
    uow: UnitOfWork, *, exclude_column_suffixes: tuple[str, ...] = ()
) -> Iterator[tuple[str, list[str], list[Row]]]:
    """Every table of the tenant schema of `uow` with its columns and rows (for a full
    export), leaving out columns whose names end with one of `exclude_column_suffixes`."""
    schema = tenant_schema_name(uow.require_tenant())
    tables = uow.fetch_all(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %(schema)s "
        "AND table_type = 'BASE TABLE' ORDER BY table_name",
        {"schema": schema},
    )
    for table in (row["table_name"] for row in tables):
        columns = [
            row["column_name"]
            for row in uow.fetch_all(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = %(schema)s "
                "AND table_name = %(table)s ORDER BY ordinal_position",
                {"schema": schema, "table": table},
            )
            if not row["column_name"].endswith(exclude_column_suffixes)
        ]
        rows = uow.fetch_all(
            sql.SQL("SELECT {} FROM {}").format(sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table))
        )
        yield table, columns, rows
