"""The ledger's report routes: trial balance, account balances, an account's ledger,
export and verification.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response, status
from fastapi.responses import PlainTextResponse, StreamingResponse

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.ledger.schemas import (
    AccountBalancesOut,
    LedgerLineOut,
    LedgerPageOut,
    PeriodBalanceOut,
    TrialBalanceOut,
    TrialBalanceRowOut,
    VerificationIn,
    VerificationOut,
    account_out,
)
from shared_code.api.types import Cursor, Day, ServicesDep
from shared_code.ledger import closing, csv_export, reports
from shared_code.ledger.export import ExportFormat, export_journal
from shared_code.ledger.model import signed_balance_on_side
from shared_code.ledger.periods import fiscal_year_containing
from shared_code.ledger.verification import request_verification, verification_run
from shared_code.platform.clock import today_in_zambia
from shared_code.platform.db import Row
from shared_code.platform.errors import NotFound

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["ledger"])

Read = Annotated[OrgContext, Depends(require_permission("ledger:read"))]
Export = Annotated[OrgContext, Depends(require_permission("ledger:export"))]


@router.get("/reports/trial-balance", response_model=TrialBalanceOut)
def trial_balance(
    ctx: Read,
    services: ServicesDep,
    as_of: Annotated[Day | None, Query()] = None,
    compare_to: Annotated[Day | None, Query()] = None,
) -> TrialBalanceOut:
    """The trial balance as of a date (today by default), with an optional comparative date."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        report = reports.trial_balance(uow, as_of or today_in_zambia(services.clock), compare_to=compare_to)
    comparing = report.compare_to is not None
    return TrialBalanceOut(
        as_of=report.as_of,
        compare_to=report.compare_to,
        rows=[
            TrialBalanceRowOut(
                account_id=row.account.id,
                code=row.account.code,
                name=row.account.name,
                account_type=row.account.account_type,
                debit=row.debit,
                credit=row.credit,
                balance=row.balance,
                compare_debit=_side(row.compare_balance, 0),
                compare_credit=_side(row.compare_balance, 1),
                compare_balance=row.compare_balance,
            )
            for row in report.rows
        ],
        total_debit=report.total_debit,
        total_credit=report.total_credit,
        compare_total_debit=report.compare_total_debit if comparing else None,
        compare_total_credit=report.compare_total_credit if comparing else None,
        balanced=report.is_balanced,
    )


@router.get("/reports/trial-balance.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def trial_balance_csv(
    ctx: Read,
    services: ServicesDep,
    as_of: Annotated[Day | None, Query()] = None,
    compare_to: Annotated[Day | None, Query()] = None,
) -> Response:
    """The trial balance as CSV, with the same dates as the report."""
    as_of = as_of or today_in_zambia(services.clock)
    with services.db.unit_of_work(ctx.organization_id) as uow:
        report = reports.trial_balance(uow, as_of, compare_to=compare_to)
    return _csv(csv_export.trial_balance_csv(report), f"trial-balance-{as_of.isoformat()}.csv")


@router.get("/reports/account-balances", response_model=AccountBalancesOut)
def account_balances(
    ctx: Read,
    services: ServicesDep,
    date_from: Annotated[Day, Query(alias="from")],
    date_to: Annotated[Day, Query(alias="to")],
) -> AccountBalancesOut:
    """Each account's opening balance, debits, credits and closing balance for a period."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        rows = reports.account_balances(uow, date_from, date_to)
    return AccountBalancesOut(
        date_from=date_from,
        date_to=date_to,
        rows=[
            PeriodBalanceOut(
                account_id=row.account.id,
                code=row.account.code,
                name=row.account.name,
                account_type=row.account.account_type,
                opening=row.opening,
                debit=row.debit,
                credit=row.credit,
                closing=row.closing,
            )
            for row in rows
        ],
    )


@router.get(
    "/ledger/export",
    response_class=PlainTextResponse,
    responses={
        200: {"description": "A beancount or hledger file.", "content": {"text/plain": {"schema": {"type": "string"}}}}
    },
)
def export_ledger(
    ctx: Export,
    services: ServicesDep,
    export_format: Annotated[ExportFormat, Query(alias="format")] = ExportFormat.BEANCOUNT,
) -> StreamingResponse:
    """The whole journal as a beancount or hledger file, streamed."""
    organization_id = ctx.organization_id

    def stream() -> Iterator[bytes]:
        with services.db.unit_of_work(organization_id) as uow:
            for text in export_journal(uow, export_format):
                yield text.encode()

    suffix = "beancount" if export_format is ExportFormat.BEANCOUNT else "journal"
    return StreamingResponse(
        stream(),
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="intellifin-{organization_id}.{suffix}"'},
    )


@router.post("/ledger/verifications", status_code=status.HTTP_202_ACCEPTED, response_model=VerificationOut)
def start_verification(
    ctx: Read, services: ServicesDep, response: Response, body: VerificationIn | None = None
) -> VerificationOut:
    """Verify the hash chain in the background (202; poll the status URL). By default only the
    entries posted since the last verified one are read; while a run is pending, this returns it."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        run = request_verification(uow, ctx.user_id, full_chain=body.full_chain if body else False)
        uow.commit()
    out = _verification_out(ctx.organization_id, run)
    response.headers["Location"] = out.status_url
    return out


@router.get("/ledger/verifications/{run_id}", response_model=VerificationOut)
def verification(run_id: UUID, ctx: Read, services: ServicesDep) -> VerificationOut:
    """One verification run and, once done, what it found."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        run = verification_run(uow, run_id)
    if run is None:
        raise NotFound("verification")
    return _verification_out(ctx.organization_id, run)


def _verification_out(organization_id: UUID, run: Row) -> VerificationOut:
    mismatches = run["balance_mismatches"]
    return VerificationOut(
        id=run["id"],
        status=run["status"],
        full_chain=run["full_chain"],
        requested_at=run["requested_at"],
        finished_at=run["finished_at"],
        ok=run["ok"],
        from_entry_number=run["from_entry_number"],
        entries_checked=run["entries_checked"],
        last_entry_number=run["last_entry_number"],
        last_hash=run["last_hash"],
        broken_entry_id=run["broken_entry_id"],
        broken_entry_number=run["broken_entry_number"],
        problem=run["problem"],
        balances_ok=None if mismatches is None else mismatches == 0,
        balance_mismatches=mismatches,
        status_url=f"/api/v1/orgs/{organization_id}/ledger/verifications/{run['id']}",
    )


@router.get("/ledger/{account_id}.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def general_ledger_csv(
    account_id: UUID,
    ctx: Read,
    services: ServicesDep,
    date_from: Annotated[Day | None, Query(alias="from")] = None,
    date_to: Annotated[Day | None, Query(alias="to")] = None,
) -> Response:
    """An account's whole ledger for the period as CSV (the page's dates and defaults), streamed."""
    organization_id = ctx.organization_id
    with services.db.unit_of_work(organization_id) as uow:
        end = date_to or today_in_zambia(services.clock)
        start = date_from or fiscal_year_containing(end, closing.period_policy(uow).fiscal_year_start_month).start
        reports.general_ledger(uow, account_id, start, end, limit=1)  # its problems before the file begins

    def stream() -> Iterator[bytes]:
        with services.db.unit_of_work(organization_id) as uow:
            for text in csv_export.ledger_csv(uow, account_id, start, end):
                yield text.encode()

    return StreamingResponse(
        stream(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="ledger-{account_id}-{start}-{end}.csv"'},
    )


@router.get("/ledger/{account_id}", response_model=LedgerPageOut)
def general_ledger(
    account_id: UUID,
    ctx: Read,
    services: ServicesDep,
    date_from: Annotated[Day | None, Query(alias="from")] = None,
    date_to: Annotated[Day | None, Query(alias="to")] = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> LedgerPageOut:
    """An account's ledger with opening and running balances (by default, this fiscal year to date)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        end = date_to or today_in_zambia(services.clock)
        start = date_from or fiscal_year_containing(end, closing.period_policy(uow).fiscal_year_start_month).start
        page = reports.general_ledger(uow, account_id, start, end, cursor=cursor, limit=limit)
    return LedgerPageOut(
        account=account_out(page.account),
        date_from=page.date_from,
        date_to=page.date_to,
        opening_balance=page.opening_balance,
        closing_balance=page.closing_balance,
        lines=[
            LedgerLineOut(
                entry_id=line.row.entry_id,
                entry_number=line.row.entry_number,
                entry_date=line.row.entry_date,
                line_number=line.row.line_number,
                description=line.row.description,
                memo=line.row.memo,
                source_type=line.row.source_type,
                source_id=line.row.source_id,
                debit=line.row.debit,
                credit=line.row.credit,
                running_balance=line.running_balance,
            )
            for line in page.lines
        ],
        next_cursor=page.next_cursor,
    )


def _csv(text: str, filename: str) -> Response:
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _side(balance: Decimal | None, column: int) -> Decimal | None:
    return None if balance is None else signed_balance_on_side(balance)[column]
