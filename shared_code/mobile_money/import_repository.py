"""SQL for statement imports."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from shared_code.platform.db import Row, UnitOfWork

_COLUMNS = (
    "id, wallet_id, file_name, file_format, blob_name, status, rows_total, rows_valid, rows_known, rows_new, "
    "rows_done, problems, created_by, created_at, started_at, finished_at, error"
)


def insert_import(
    uow: UnitOfWork,
    *,
    import_id: UUID,
    wallet_id: UUID,
    file_name: str,
    file_format: str,
    blob_name: str,
    rows_total: int,
    rows_valid: int,
    rows_known: int,
    problems: list[dict[str, Any]],
    created_by: UUID,
    at: datetime,
) -> None:
    """Keep a previewed statement."""
    uow.execute(
        """
        INSERT INTO mobile_money_statement_imports (id, wallet_id, file_name, file_format, blob_name, status,
            rows_total, rows_valid, rows_known, rows_new, problems, created_by, created_at)
        VALUES (%(id)s, %(wallet)s, %(name)s, %(format)s, %(blob)s, 'previewed', %(total)s, %(valid)s, %(known)s,
            %(new)s, %(problems)s, %(by)s, %(at)s)
        """,
        {
            "id": import_id,
            "wallet": wallet_id,
            "name": file_name,
            "format": file_format,
            "blob": blob_name,
            "total": rows_total,
            "valid": rows_valid,
            "known": rows_known,
            "new": rows_valid - rows_known,
            "problems": Jsonb(problems),
            "by": created_by,
            "at": at,
        },
    )


def get_import(uow: UnitOfWork, import_id: UUID, *, for_update: bool = False) -> Row | None:
    """One import."""
    lock = " FOR UPDATE" if for_update else ""
    return uow.fetch_one(
        f"SELECT {_COLUMNS} FROM mobile_money_statement_imports WHERE id = %(id)s{lock}", {"id": import_id}
    )


def list_imports(uow: UnitOfWork, wallet_id: UUID, limit: int) -> list[Row]:
    """The wallet's imports, newest first."""
    return uow.fetch_all(
        f"SELECT {_COLUMNS} FROM mobile_money_statement_imports WHERE wallet_id = %(w)s "
        "ORDER BY created_at DESC, id DESC LIMIT %(limit)s",
        {"w": wallet_id, "limit": limit},
    )


def set_status(uow: UnitOfWork, import_id: UUID, status: str, at: datetime, *, error: str | None = None) -> None:
    """Move an import on (`importing` stamps its start; `imported`/`failed` its end)."""
    uow.execute(
        """
        UPDATE mobile_money_statement_imports SET status = %(status)s, error = coalesce(%(error)s, error),
            started_at = CASE WHEN %(status)s = 'importing' THEN %(at)s ELSE started_at END,
            finished_at = CASE WHEN %(status)s IN ('imported', 'failed') THEN %(at)s ELSE finished_at END
        WHERE id = %(id)s
        """,
        {"id": import_id, "status": status, "at": at, "error": error},
    )


def record_progress(uow: UnitOfWork, import_id: UUID, *, rows_done: int, added: int) -> None:
    """A batch is stored (in its transaction): rows read so far, and what the batch added."""
    uow.execute(
        """
        UPDATE mobile_money_statement_imports SET rows_done = %(done)s,
            rows_new = CASE WHEN rows_done = 0 THEN %(added)s ELSE rows_new + %(added)s END
        WHERE id = %(id)s
        """,
        {"id": import_id, "done": rows_done, "added": added},
    )
