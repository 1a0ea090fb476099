"""The ledger's period routes: fiscal year, lock date (audited) and year-end close."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.ledger.schemas import (
    FiscalYearIn,
    LockDateChangeOut,
    LockDateIn,
    PeriodOut,
    PeriodsOut,
    YearEndCloseIn,
    YearEndCloseOut,
    closed_year_out,
    entry_out,
)
from shared_code.api.types import Day, ServicesDep
from shared_code.ledger import account_repository, closing
from shared_code.ledger.model import Account, JournalEntry
from shared_code.platform.clock import today_in_zambia
from shared_code.platform.db import UnitOfWork

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["ledger"])

Read = Annotated[OrgContext, Depends(require_permission("ledger:read"))]
ManagePeriods = Annotated[OrgContext, Depends(require_permission("periods:manage"))]


@router.get("/periods", response_model=PeriodsOut)
def periods(ctx: Read, services: ServicesDep, day: Annotated[Day | None, Query(alias="date")] = None) -> PeriodsOut:
    """Period settings and the months of the fiscal year containing a date (today by default)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _periods(uow, day or today_in_zambia(services.clock))


@router.put("/periods/lock-date", response_model=PeriodsOut)
def set_lock_date(body: LockDateIn, ctx: ManagePeriods, services: ServicesDep) -> PeriodsOut:
    """Move the lock date (null unlocks). Every change is audited."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        closing.set_lock_date(uow, body.lock_date, changed_by=ctx.user_id, reason=body.reason, clock=services.clock)
        view = _periods(uow, today_in_zambia(services.clock))
        uow.commit()
    return view


@router.get("/periods/lock-date-changes", response_model=list[LockDateChangeOut])
def lock_date_changes(
    ctx: Read, services: ServicesDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[LockDateChangeOut]:
    """Who moved the lock date, when, from what to what, newest first."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        changes = closing.lock_date_history(uow, limit)
    return [LockDateChangeOut(**vars(change)) for change in changes]


@router.put("/periods/fiscal-year", response_model=PeriodsOut)
def set_fiscal_year(body: FiscalYearIn, ctx: ManagePeriods, services: ServicesDep) -> PeriodsOut:
    """Set the month the fiscal year starts in (fixed once a year is closed)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        closing.set_fiscal_year_start_month(uow, body.start_month)
        view = _periods(uow, today_in_zambia(services.clock))
        uow.commit()
    return view


@router.post("/periods/year-end-close", status_code=status.HTTP_201_CREATED, response_model=YearEndCloseOut)
def close_year(body: YearEndCloseIn, ctx: ManagePeriods, services: ServicesDep) -> YearEndCloseOut:
    """Close a fiscal year: income and expense to retained earnings; nothing more posts in it."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        result = closing.close_fiscal_year(uow, body.year_end, closed_by=ctx.user_id, clock=services.clock)
        entry = (
            entry_out(result.closing_entry, _accounts_of(uow, result.closing_entry)) if result.closing_entry else None
        )
        uow.commit()
    return YearEndCloseOut(closed_year=closed_year_out(result.closed), closing_entry=entry)


def _periods(uow: UnitOfWork, day: date) -> PeriodsOut:
    view = closing.fiscal_year_view(uow, day)
    return PeriodsOut(
        fiscal_year_start_month=view.policy.fiscal_year_start_month,
        lock_date=view.policy.lock_date,
        fiscal_year_start=view.year.start,
        fiscal_year_end=view.year.end,
        fiscal_year_label=view.year.label,
        fiscal_year_closed=view.closed is not None,
        periods=[PeriodOut(start=p.period.start, end=p.period.end, status=p.status.value) for p in view.periods],
        closed_years=[closed_year_out(closed) for closed in closing.closed_years(uow)],
    )


def _accounts_of(uow: UnitOfWork, entry: JournalEntry) -> dict[UUID, Account]:
    return account_repository.accounts_by_ids(uow, entry.account_ids)
