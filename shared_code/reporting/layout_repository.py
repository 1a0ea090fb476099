"""SQL for organizations' statement layouts and their immutable versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from shared_code.platform.db import UnitOfWork


@dataclass(frozen=True)
class StoredVersion:
    """One saved version as stored."""

    id: UUID
    """The version's id."""
    layout_id: UUID
    """Its layout."""
    version: int
    """1, 2, … within the layout."""
    definition: dict[str, Any]
    """The layout's JSON form."""
    created_by: UUID
    """Who saved it."""
    created_at: datetime
    """When."""


_COLUMNS = "id, layout_id, version, definition, created_by, created_at"


def insert_layout(uow: UnitOfWork, layout_id: UUID, kind: str) -> None:
    """A new layout (its versions follow)."""
    uow.execute("INSERT INTO report_layouts (id, kind) VALUES (%(id)s, %(kind)s)", {"id": layout_id, "kind": kind})


def layout_kind(uow: UnitOfWork, layout_id: UUID) -> str | None:
    """The statement kind of a layout, or None if there is no such layout."""
    row = uow.fetch_one("SELECT kind FROM report_layouts WHERE id = %(id)s FOR UPDATE", {"id": layout_id})
    return str(row["kind"]) if row else None


def insert_version(
    uow: UnitOfWork,
    version_id: UUID,
    layout_id: UUID,
    definition: dict[str, Any],
    created_by: UUID,
    idempotency_key: str | None = None,
) -> StoredVersion | None:
    """Save the next version of a layout (numbered after its latest); None, and nothing
    saved, if another version was saved with `idempotency_key` meanwhile."""
    row = uow.fetch_one(
        f"""
        INSERT INTO report_layout_versions (id, layout_id, version, definition, created_by, idempotency_key)
        SELECT %(id)s, %(layout)s, coalesce(max(version), 0) + 1, %(definition)s, %(by)s, %(key)s
        FROM report_layout_versions WHERE layout_id = %(layout)s
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING {_COLUMNS}
        """,
        {
            "id": version_id,
            "layout": layout_id,
            "definition": Jsonb(definition),
            "by": created_by,
            "key": idempotency_key,
        },
    )
    return StoredVersion(**row) if row else None


def version_for_key(uow: UnitOfWork, idempotency_key: str) -> StoredVersion | None:
    """The version saved with `idempotency_key`, if any."""
    row = uow.fetch_one(
        f"SELECT {_COLUMNS} FROM report_layout_versions WHERE idempotency_key = %(key)s", {"key": idempotency_key}
    )
    return StoredVersion(**row) if row else None


def delete_unversioned_layout(uow: UnitOfWork, layout_id: UUID) -> None:
    """Remove a layout this transaction created before it got a version."""
    uow.execute(
        """
        DELETE FROM report_layouts l WHERE l.id = %(id)s
        AND NOT EXISTS (SELECT 1 FROM report_layout_versions v WHERE v.layout_id = l.id)
        """,
        {"id": layout_id},
    )


def get_version(uow: UnitOfWork, version_id: UUID) -> StoredVersion | None:
    """One saved version."""
    row = uow.fetch_one(f"SELECT {_COLUMNS} FROM report_layout_versions WHERE id = %(id)s", {"id": version_id})
    return StoredVersion(**row) if row else None


def versions_of(uow: UnitOfWork, layout_id: UUID) -> list[StoredVersion]:
    """Every version of a layout, newest first."""
    rows = uow.fetch_all(
        f"SELECT {_COLUMNS} FROM report_layout_versions WHERE layout_id = %(id)s ORDER BY version DESC",
        {"id": layout_id},
    )
    return [StoredVersion(**row) for row in rows]


def latest_versions(uow: UnitOfWork) -> list[StoredVersion]:
    """The newest version of every layout, oldest layout first."""
    rows = uow.fetch_all(
        f"""
        SELECT DISTINCT ON (v.layout_id) {", ".join("v." + c.strip() for c in _COLUMNS.split(","))}
        FROM report_layout_versions v JOIN report_layouts l ON l.id = v.layout_id
        ORDER BY v.layout_id, v.version DESC
        """
    )
    return sorted((StoredVersion(**row) for row in rows), key=lambda v: (v.created_at, v.layout_id))
