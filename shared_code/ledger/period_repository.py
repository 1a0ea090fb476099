"""SQL for the period controls: ledger settings, the lock-date audit and closed years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from shared_code.ledger.periods import DEFAULT_FISCAL_YEAR_START_MONTH, FiscalYear, PeriodPolicy
from shared_code.platform.db import UnitOfWork

FISCAL_YEAR_START_MONTH_KEY = "ledger.fiscal_year_start_month"
LOCK_DATE_KEY = "ledger.lock_date"


def load_period_policy(uow: UnitOfWork) -> PeriodPolicy:
    """The organization's fiscal-year start, lock date and closed years, for the guard (one query)."""
    row = uow.fetch_one(
        """
        SELECT (SELECT value FROM organization_settings WHERE key = %(month_key)s) AS month,
               (SELECT value FROM organization_settings WHERE key = %(lock_key)s) AS lock_date,
               (SELECT coalesce(jsonb_agg(jsonb_build_array(year_start, year_end) ORDER BY year_start),
                                '[]'::jsonb)
                FROM ledger_closed_years) AS closed
        """,
        {"month_key": FISCAL_YEAR_START_MONTH_KEY, "lock_key": LOCK_DATE_KEY},
    )
    assert row is not None
    return PeriodPolicy(
        fiscal_year_start_month=int(row["month"]) if row["month"] is not None else DEFAULT_FISCAL_YEAR_START_MONTH,
        lock_date=date.fromisoformat(row["lock_date"]) if row["lock_date"] else None,
        closed_years=tuple(
            FiscalYear(date.fromisoformat(start), date.fromisoformat(end)) for start, end in row["closed"]
        ),
    )


def read_setting(uow: UnitOfWork, key: str) -> Any:
    """The JSON value of an organization setting, or None."""
    row = uow.fetch_one("SELECT value FROM organization_settings WHERE key = %(key)s", {"key": key})
    return row["value"] if row else None


def write_setting(uow: UnitOfWork, key: str, value: Any) -> None:
    """Set an organization setting to a JSON value."""
    uow.execute(
        """
        INSERT INTO organization_settings (key, value) VALUES (%(key)s, %(value)s)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()
        """,
        {"key": key, "value": Jsonb(value)},
    )


@dataclass(frozen=True)
class LockDateChange:
    """One move of the lock date, as audited."""

    id: UUID
    """Identity."""
    changed_at: datetime
    """When."""
    changed_by: UUID
    """Who."""
    old_lock_date: date | None
    """Before (None: no lock)."""
    new_lock_date: date | None
    """After (None: unlocked)."""
    reason: str
    """Why, as the user said."""


def record_lock_date_change(uow: UnitOfWork, change: LockDateChange) -> None:
    """Append one change to the lock-date audit."""
    uow.execute(
        """
        INSERT INTO ledger_lock_date_changes (id, changed_at, changed_by, old_lock_date, new_lock_date, reason)
        VALUES (%(id)s, %(changed_at)s, %(changed_by)s, %(old)s, %(new)s, %(reason)s)
        """,
        {
            "id": change.id,
            "changed_at": change.changed_at,
            "changed_by": change.changed_by,
            "old": change.old_lock_date,
            "new": change.new_lock_date,
            "reason": change.reason,
        },
    )


def lock_date_changes(uow: UnitOfWork, limit: int = 100) -> list[LockDateChange]:
    """The lock-date audit, newest first."""
    rows = uow.fetch_all(
        """
        SELECT id, changed_at, changed_by, old_lock_date, new_lock_date, reason
        FROM ledger_lock_date_changes ORDER BY changed_at DESC, id DESC LIMIT %(limit)s
        """,
        {"limit": limit},
    )
    return [LockDateChange(**row) for row in rows]


@dataclass(frozen=True)
class ClosedYear:
    """A fiscal year closed at year end."""

    year: FiscalYear
    """Which year."""
    closed_at: datetime
    """When it was closed."""
    closed_by: UUID
    """Who closed it."""
    closing_entry_id: UUID | None
    """The closing entry (None if income and expense were already zero)."""


def closed_years(uow: UnitOfWork) -> list[ClosedYear]:
    """Every closed fiscal year, oldest first."""
    rows = uow.fetch_all(
        """
        SELECT year_start, year_end, closed_at, closed_by, closing_entry_id
        FROM ledger_closed_years ORDER BY year_start
        """
    )
    return [
        ClosedYear(
            year=FiscalYear(row["year_start"], row["year_end"]),
            closed_at=row["closed_at"],
            closed_by=row["closed_by"],
            closing_entry_id=row["closing_entry_id"],
        )
        for row in rows
    ]


def record_closed_year(uow: UnitOfWork, closed: ClosedYear) -> None:
    """Mark a fiscal year closed."""
    uow.execute(
        """
        INSERT INTO ledger_closed_years (year_start, year_end, closed_at, closed_by, closing_entry_id)
        VALUES (%(start)s, %(end)s, %(closed_at)s, %(closed_by)s, %(entry)s)
        """,
        {
            "start": closed.year.start,
            "end": closed.year.end,
            "closed_at": closed.closed_at,
            "closed_by": closed.closed_by,
            "entry": closed.closing_entry_id,
        },
    )


def first_entry_date(uow: UnitOfWork) -> date | None:
    """The date of the earliest posting, or None if nothing is posted."""
    row = uow.fetch_one("SELECT min(day) AS first FROM ledger_daily_totals")
    return row["first"] if row else None
