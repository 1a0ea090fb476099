"""SQL for sync runs: one row per run, its window, progress and errors."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from shared_code.platform.db import Row, UnitOfWork

_COLUMNS = (
    "id, wallet_id, trigger, status, requested_by, requested_at, started_at, finished_at, window_from, window_to, "
    "next_offset, expected, pages, fetched, added, updated, attempts, errors"
)


def open_run(uow: UnitOfWork, wallet_id: UUID) -> Row | None:
    """The wallet's queued or running run, if any."""
    return uow.fetch_one(
        f"SELECT {_COLUMNS} FROM mobile_money_sync_runs WHERE wallet_id = %(w)s AND status IN ('queued', 'running')",
        {"w": wallet_id},
    )


def insert_run(
    uow: UnitOfWork, *, run_id: UUID, wallet_id: UUID, trigger: str, requested_by: UUID | None, at: datetime
) -> bool:
    """Queue a run; False if the wallet has an open one already."""
    row = uow.fetch_one(
        """
        INSERT INTO mobile_money_sync_runs (id, wallet_id, trigger, status, requested_by, requested_at)
        VALUES (%(id)s, %(w)s, %(trigger)s, 'queued', %(by)s, %(at)s)
        ON CONFLICT (wallet_id) WHERE status IN ('queued', 'running') DO NOTHING RETURNING id
        """,
        {"id": run_id, "w": wallet_id, "trigger": trigger, "by": requested_by, "at": at},
    )
    return row is not None


def get_run(uow: UnitOfWork, run_id: UUID, *, for_update: bool = False) -> Row | None:
    """One run."""
    lock = " FOR UPDATE" if for_update else ""
    return uow.fetch_one(f"SELECT {_COLUMNS} FROM mobile_money_sync_runs WHERE id = %(id)s{lock}", {"id": run_id})


def start_run(uow: UnitOfWork, run_id: UUID, *, window_from: datetime, window_to: datetime, at: datetime) -> None:
    """Fix the run's window the first time it starts; count every (re)start."""
    uow.execute(
        """
        UPDATE mobile_money_sync_runs SET status = 'running', started_at = coalesce(started_at, %(at)s),
            window_from = coalesce(window_from, %(from)s), window_to = coalesce(window_to, %(to)s),
            attempts = attempts + 1
        WHERE id = %(id)s
        """,
        {"id": run_id, "from": window_from, "to": window_to, "at": at},
    )


def record_page(
    uow: UnitOfWork, run_id: UUID, *, next_offset: int, expected: int | None, fetched: int, added: int, updated: int
) -> None:
    """A page is stored: move the run's offset on in the same transaction."""
    uow.execute(
        """
        UPDATE mobile_money_sync_runs SET next_offset = %(offset)s, expected = coalesce(%(expected)s, expected),
            pages = pages + 1, fetched = fetched + %(fetched)s, added = added + %(added)s,
            updated = updated + %(updated)s
        WHERE id = %(id)s
        """,
        {
            "id": run_id,
            "offset": next_offset,
            "expected": expected,
            "fetched": fetched,
            "added": added,
            "updated": updated,
        },
    )


def add_error(uow: UnitOfWork, run_id: UUID, error: dict[str, Any]) -> None:
    """Note what went wrong (the run stays open and is retried)."""
    uow.execute(
        """
        UPDATE mobile_money_sync_runs SET errors = (errors || %(error)s::jsonb)
        WHERE id = %(id)s AND jsonb_array_length(errors) < 50
        """,
        {"id": run_id, "error": Jsonb([error])},
    )


def finish_run(uow: UnitOfWork, run_id: UUID, *, status: str, at: datetime) -> None:
    """Close the run."""
    uow.execute(
        "UPDATE mobile_money_sync_runs SET status = %(status)s, finished_at = %(at)s WHERE id = %(id)s",
        {"id": run_id, "status": status, "at": at},
    )


def list_runs(uow: UnitOfWork, wallet_id: UUID, *, limit: int, before: tuple[datetime, UUID] | None) -> list[Row]:
    """The wallet's runs, newest first."""
    return uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM mobile_money_sync_runs
        WHERE wallet_id = %(w)s AND (%(at)s::timestamptz IS NULL OR (requested_at, id) < (%(at)s, %(id)s::uuid))
        ORDER BY requested_at DESC, id DESC LIMIT %(limit)s
        """,
        {"w": wallet_id, "at": before[0] if before else None, "id": before[1] if before else None, "limit": limit},
    )
