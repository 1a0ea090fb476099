"""Versioned SQL migrations for the platform schema and every tenant schema.

Migrations are SQL files named `NNNN_description.sql` under `sql/platform` and
`sql/tenant`. Each schema records what it has applied in its own `schema_migrations`
table (so a tenant schema stays self-contained and can move to another node as a whole).
`migrate_all` runs under one advisory lock, applies each schema's pending migrations in a
transaction of its own, and reports a failing tenant while the others proceed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

import psycopg
from psycopg import sql

from shared_code.platform.db import PLATFORM_SCHEMA, Database, Row

MIGRATION_LOCK_KEY = 7_201_146_001
"""Advisory lock held while schemas are migrated or provisioned (arbitrary, fixed)."""

_FILE_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")

Kind = Literal["platform", "tenant"]


@dataclass(frozen=True)
class Migration:
    """One versioned SQL script."""

    version: str
    """Four digits; migrations apply in version order."""
    name: str
    """The rest of the file name, for people."""
    sql: str
    """The script; it runs with the search path set to the target schema."""

    @property
    def checksum(self) -> str:
        """SHA-256 of the script: an applied migration must never change."""
        return hashlib.sha256(self.sql.encode()).hexdigest()


@dataclass
class SchemaResult:
    """What migrating one schema did."""

    schema: str
    applied: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class MigrationReport:
    """What `migrate_all` did, schema by schema."""

    results: list[SchemaResult] = field(default_factory=list)

    @property
    def failed(self) -> list[SchemaResult]:
        """The schemas that could not be migrated."""
        return [result for result in self.results if result.error is not None]

    @property
    def applied_count(self) -> int:
        """How many migrations were applied across all schemas."""
        return sum(len(result.applied) for result in self.results)


def load_migrations(kind: Kind) -> list[Migration]:
    """The migrations shipped with IntelliFin for `kind`, in version order."""
    folder = resources.files(__package__).joinpath("sql", kind)
    migrations = []
    for entry in folder.iterdir():
        match = _FILE_NAME.match(entry.name)
        if match is None:
            if entry.name.endswith(".sql"):
                raise ValueError(f"migration file name not of the form NNNN_name.sql: {entry.name}")
            continue
        migrations.append(Migration(version=match["version"], name=match["name"], sql=entry.read_text("utf-8")))
    migrations.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in migrations]
    if len(set(versions)) != len(versions):
        raise ValueError(f"duplicate {kind} migration versions: {versions}")
    return migrations


def apply_schema_migrations(conn: psycopg.Connection[Row], schema: str, migrations: list[Migration]) -> list[str]:
    """Apply the pending `migrations` to `schema` inside the caller's transaction.

    Creates the schema and its `schema_migrations` table if missing. Returns the versions
    applied. Raises if an applied migration's script has changed since.
    """
    conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    conn.execute("SELECT set_config('search_path', %s, true)", [schema])
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     text PRIMARY KEY,
            name        text NOT NULL,
            checksum    text NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    cursor = conn.execute("SELECT version, checksum FROM schema_migrations")
    applied = {row["version"]: row["checksum"] for row in cursor}
    done: list[str] = []
    for migration in migrations:
        recorded = applied.get(migration.version)
        if recorded is not None:
            if recorded != migration.checksum:
                raise MigrationChanged(schema, migration)
            continue
        conn.execute(migration.sql.encode())
        conn.execute(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
            [migration.version, migration.name, migration.checksum],
        )
        done.append(migration.version)
    return done


class MigrationChanged(RuntimeError):
    """An applied migration's script differs from the one on disk."""

    def __init__(self, schema: str, migration: Migration) -> None:
        super().__init__(f"{schema}: migration {migration.version}_{migration.name} changed after it was applied")


def tenant_schemas(conn: psycopg.Connection[Row]) -> list[str]:
    """The schemas of every tenant that is not deleted, oldest first."""
    rows = conn.execute(
        "SELECT schema_name FROM platform.tenants WHERE status <> 'deleted' ORDER BY created_at, id"
    ).fetchall()
    return [row["schema_name"] for row in rows]


def migrate_all(
    db: Database,
    *,
    platform_migrations: list[Migration] | None = None,
    tenant_migrations: list[Migration] | None = None,
) -> MigrationReport:
    """Migrate the platform schema, then every tenant schema, under the migration lock.

    Each schema is migrated in its own transaction. A platform failure stops the run (the
    tenants depend on it); a tenant failure is recorded and the next tenant proceeds.
    Running it again when nothing is pending changes nothing.
    """
    platform_migrations = load_migrations("platform") if platform_migrations is None else platform_migrations
    tenant_migrations = load_migrations("tenant") if tenant_migrations is None else tenant_migrations
    report = MigrationReport()
    with db.connection() as conn:
        conn.rollback()
        conn.autocommit = True
        conn.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
        try:
            conn.autocommit = False
            report.results.append(_migrate_one(conn, PLATFORM_SCHEMA, platform_migrations))
            if report.failed:
                return report
            for schema in tenant_schemas(conn):
                report.results.append(_migrate_one(conn, schema, tenant_migrations))
            conn.commit()
        finally:
            conn.rollback()
            conn.autocommit = True
            conn.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_KEY])
            conn.autocommit = False
    return report


def _migrate_one(conn: psycopg.Connection[Row], schema: str, migrations: list[Migration]) -> SchemaResult:
    result = SchemaResult(schema=schema)
    try:
        result.applied = apply_schema_migrations(conn, schema, migrations)
        conn.commit()
    except (psycopg.Error, MigrationChanged) as error:
        conn.rollback()
        result.applied = []
        result.error = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return result
