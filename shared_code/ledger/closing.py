"""Period controls: the fiscal year, the lock date (audited) and the year-end close.

Use cases take the caller's tenant `UnitOfWork` and do not commit. Each takes the chain
head lock first, so a change of lock date or a close waits for postings in flight and
postings wait for it: no entry slips into a period while it is being locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from shared_code.ledger import account_repository, balance_repository, period_repository, repository
from shared_code.ledger.chain import genesis_hash
from shared_code.ledger.errors import conflict, rejected
from shared_code.ledger.model import Account, JournalEntry
from shared_code.ledger.period_repository import (
    FISCAL_YEAR_START_MONTH_KEY,
    LOCK_DATE_KEY,
    ClosedYear,
    LockDateChange,
)
from shared_code.ledger.periods import (
    FiscalYear,
    Period,
    PeriodPolicy,
    PeriodStatus,
    fiscal_year_containing,
    monthly_periods,
    period_status,
)
from shared_code.ledger.posting import closing_draft
from shared_code.ledger.service import post_closing_entry
from shared_code.platform.clock import Clock, SystemClock
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.ids import new_id


def period_policy(uow: UnitOfWork) -> PeriodPolicy:
    """The organization's fiscal-year start month, lock date and closed years."""
    return period_repository.load_period_policy(uow)


def set_fiscal_year_start_month(uow: UnitOfWork, month: int) -> None:
    """Set the month the fiscal year starts in (1 = January, the default).

    Fixed once a year has been closed: the closed years would no longer line up.
    """
    if not 1 <= month <= 12:
        raise rejected(
            [FieldError("month", "fiscal_year_start_month_invalid", "A month from 1 to 12.")],
            "The fiscal year start month is not valid.",
        )
    _lock(uow)
    policy = period_policy(uow)
    if month != policy.fiscal_year_start_month and policy.closed_years:
        raise conflict("fiscal_year_fixed", "A year has been closed; the fiscal year can no longer change.")
    period_repository.write_setting(uow, FISCAL_YEAR_START_MONTH_KEY, month)


def set_lock_date(
    uow: UnitOfWork,
    lock_date: date | None,
    *,
    changed_by: UUID,
    reason: str = "",
    clock: Clock | None = None,
) -> LockDateChange | None:
    """Move the lock date (None unlocks); nothing dated on or before it posts afterwards.

    Every change is recorded with who, when, the old and new date and the reason. Setting
    the date it already has records nothing and returns None.
    """
    if len(reason) > 500:
        raise rejected(
            [FieldError("reason", "reason_too_long", "At most 500 characters.")], "The lock date was not changed."
        )
    _lock(uow)
    old = period_policy(uow).lock_date
    if old == lock_date:
        return None
    change = LockDateChange(
        id=new_id(),
        changed_at=(clock or SystemClock()).now(),
        changed_by=changed_by,
        old_lock_date=old,
        new_lock_date=lock_date,
        reason=reason.strip(),
    )
    period_repository.write_setting(uow, LOCK_DATE_KEY, lock_date.isoformat() if lock_date else None)
    period_repository.record_lock_date_change(uow, change)
    return change


def lock_date_history(uow: UnitOfWork, limit: int = 100) -> list[LockDateChange]:
    """Changes of the lock date, newest first."""
    return period_repository.lock_date_changes(uow, limit)


@dataclass(frozen=True)
class YearEndClose:
    """The outcome of closing a fiscal year."""

    closed: ClosedYear
    """The year, when and by whom."""
    closing_entry: JournalEntry | None
    """The entry that moved income and expense to retained earnings (None if all were zero)."""


def close_fiscal_year(uow: UnitOfWork, year_end: date, *, closed_by: UUID, clock: Clock | None = None) -> YearEndClose:
    """Close the fiscal year ending on `year_end`.

    Posts a closing entry dated `year_end` that brings every income and expense account
    to zero against retained earnings, and marks the year closed: nothing more posts in
    it. Years close in order, only once they have ended.
    """
    clock = clock or SystemClock()
    _lock(uow)
    policy = period_policy(uow)
    year = fiscal_year_containing(year_end, policy.fiscal_year_start_month)
    if year.end != year_end:
        raise rejected(
            [FieldError("year_end", "not_a_fiscal_year_end", f"The fiscal year ends on {year.end.isoformat()}.")],
            "The year cannot be closed.",
        )
    if year in policy.closed_years:
        raise conflict("year_already_closed", f"{year.label} is already closed.")
    if clock.now().date() <= year.end:
        raise conflict("year_not_ended", f"{year.label} has not ended yet.")
    earlier_open = _earlier_open_year(uow, year, policy)
    if earlier_open is not None:
        raise conflict("earlier_year_open", f"Close {earlier_open.label} first.")
    entry = _post_closing_entry(uow, year, closed_by=closed_by, clock=clock)
    closed = ClosedYear(
        year=year, closed_at=clock.now(), closed_by=closed_by, closing_entry_id=entry.id if entry else None
    )
    period_repository.record_closed_year(uow, closed)
    return YearEndClose(closed=closed, closing_entry=entry)


def _post_closing_entry(uow: UnitOfWork, year: FiscalYear, *, closed_by: UUID, clock: Clock) -> JournalEntry | None:
    totals = balance_repository.totals_as_of(uow, year.end)
    accounts = account_repository.accounts_by_ids(uow, totals)
    profit_and_loss = sorted(
        (account for account in accounts.values() if account.account_type.is_profit_and_loss),
        key=lambda account: account.code,
    )
    draft = closing_draft(
        [(account.id, totals[account.id].balance) for account in profit_and_loss],
        retained_earnings_id=_retained_earnings(uow).id,
        year_end=year.end,
        description=f"Year-end close {year.label}: income and expense to retained earnings",
    )
    if draft is None:
        return None
    return post_closing_entry(uow, draft, posted_by=closed_by, clock=clock)


def _retained_earnings(uow: UnitOfWork) -> Account:
    account = account_repository.accounts_by_roles(uow, ["retained_earnings"]).get("retained_earnings")
    if account is None or not account.is_postable:
        raise conflict(
            "retained_earnings_missing", "The chart needs a postable retained earnings account to close the year."
        )
    return account


def _earlier_open_year(uow: UnitOfWork, year: FiscalYear, policy: PeriodPolicy) -> FiscalYear | None:
    first = period_repository.first_entry_date(uow)
    if first is None or first >= year.start:
        return None
    earlier = fiscal_year_containing(first, policy.fiscal_year_start_month)
    while earlier.start < year.start:
        if earlier not in policy.closed_years:
            return earlier
        earlier = fiscal_year_containing(earlier.end + timedelta(days=1), policy.fiscal_year_start_month)
    return None


@dataclass(frozen=True)
class PeriodView:
    """A month of a fiscal year and whether it takes postings."""

    period: Period
    """The month."""
    status: PeriodStatus
    """Open, partly locked, locked or closed."""


@dataclass(frozen=True)
class FiscalYearView:
    """A fiscal year's months and state, with the organization's period settings."""

    year: FiscalYear
    """The year."""
    closed: ClosedYear | None
    """Its closing, if closed."""
    periods: tuple[PeriodView, ...]
    """Its twelve months."""
    policy: PeriodPolicy
    """Start month, lock date and closed years."""


def fiscal_year_view(uow: UnitOfWork, day: date) -> FiscalYearView:
    """The fiscal year containing `day`: its months with their status, and whether it is closed."""
    policy = period_policy(uow)
    year = fiscal_year_containing(day, policy.fiscal_year_start_month)
    closed = next((c for c in period_repository.closed_years(uow) if c.year == year), None)
    return FiscalYearView(
        year=year,
        closed=closed,
        periods=tuple(PeriodView(p, period_status(p, policy)) for p in monthly_periods(year)),
        policy=policy,
    )


def closed_years(uow: UnitOfWork) -> list[ClosedYear]:
    """Every closed fiscal year, oldest first."""
    return period_repository.closed_years(uow)


def _lock(uow: UnitOfWork) -> None:
    repository.lock_chain_head(uow, genesis_hash(uow.require_tenant()))
