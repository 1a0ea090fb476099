"""Fiscal years, monthly periods and the period guard every posting path calls.

Pure: the organization's fiscal-year start month, lock date and closed years come in as a
`PeriodPolicy`; `guard_posting_date` says whether a date may take a posting.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from shared_code.platform.errors import FieldError

DEFAULT_FISCAL_YEAR_START_MONTH = 1


@dataclass(frozen=True, order=True)
class FiscalYear:
    """Twelve months from the first day of the start month."""

    start: date
    """First day."""
    end: date
    """Last day."""

    def contains(self, day: date) -> bool:
        """True if `day` falls in this year."""
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """`FY2025` for a calendar year, `FY2025/26` for one that straddles two."""
        if self.start.year == self.end.year:
            return f"FY{self.start.year}"
        return f"FY{self.start.year}/{self.end.year % 100:02d}"


@dataclass(frozen=True, order=True)
class Period:
    """One calendar month of a fiscal year."""

    start: date
    """First day of the month."""
    end: date
    """Last day of the month."""


class PeriodStatus(StrEnum):
    """Whether a period takes postings."""

    OPEN = "open"
    PARTLY_LOCKED = "partly_locked"
    LOCKED = "locked"
    CLOSED = "closed"


@dataclass(frozen=True)
class PeriodPolicy:
    """What the guard needs to know about an organization's periods."""

    fiscal_year_start_month: int = DEFAULT_FISCAL_YEAR_START_MONTH
    """1 (January) to 12."""
    lock_date: date | None = None
    """Nothing dated on or before it posts."""
    closed_years: tuple[FiscalYear, ...] = ()
    """Years closed at year end: nothing more posts in them."""


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def fiscal_year_containing(day: date, start_month: int) -> FiscalYear:
    """The fiscal year that `day` falls in, for years starting in `start_month`."""
    if not 1 <= start_month <= 12:
        raise ValueError(f"fiscal year start month must be 1..12, not {start_month}")
    start_year = day.year if day.month >= start_month else day.year - 1
    start = date(start_year, start_month, 1)
    return FiscalYear(start=start, end=add_months(start, 12) - timedelta(days=1))


def monthly_periods(year: FiscalYear) -> tuple[Period, ...]:
    """The twelve months of `year`."""
    starts = [add_months(year.start, offset) for offset in range(12)]
    return tuple(Period(start=start, end=month_end(start)) for start in starts)


def period_status(period: Period, policy: PeriodPolicy) -> PeriodStatus:
    """Whether `period` takes postings under `policy`."""
    if any(year.contains(period.start) for year in policy.closed_years):
        return PeriodStatus.CLOSED
    if policy.lock_date is not None and policy.lock_date >= period.end:
        return PeriodStatus.LOCKED
    if policy.lock_date is not None and policy.lock_date >= period.start:
        return PeriodStatus.PARTLY_LOCKED
    return PeriodStatus.OPEN


def guard_posting_date(
    entry_date: date, policy: PeriodPolicy, *, year_end_close: bool = False, field: str = "entry_date"
) -> list[FieldError]:
    """Why nothing may post on `entry_date` (empty if it may).

    The one accounting guard: every posting path calls it. The lock date stops everything
    on or before it, except the year-end closing entry, which an accountant usually posts
    after locking the year. A closed year stops everything.
    """
    for year in policy.closed_years:
        if year.contains(entry_date):
            return [FieldError(field, "period_closed", f"{year.label} is closed; date the entry in a later year.")]
    if not year_end_close and policy.lock_date is not None and entry_date <= policy.lock_date:
        return [
            FieldError(
                field,
                "period_locked",
                f"The books are locked up to {policy.lock_date.isoformat()}; pick a later date.",
            )
        ]
    return []
