"""The statement routes: profit or loss, financial position, cash flows, changes in equity,
and sign-offs of a period's set. Each statement is read in one snapshot at one ledger head."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.reporting.schemas import (
    AccountLineOut,
    ChangesInEquityOut,
    ColumnOut,
    ComparisonOut,
    EquityColumnOut,
    LayoutVersionOut,
    LedgerHeadOut,
    PeriodOut,
    RowOut,
    SignOffIn,
    SignOffOut,
    StatementOut,
)
from shared_code.api.types import Day, IdempotencyKey, ServicesDep
from shared_code.ledger.chain import ChainHead
from shared_code.platform.clock import today_in_zambia
from shared_code.reporting.model import SignOffStatus, StatementKind
from shared_code.reporting.periods import PeriodKind, Span, position_period, split_comparatives, statement_period
from shared_code.reporting.reading import StatementRead, StatementSet
from shared_code.reporting.sign_offs import SignOffView, sign_off_history, sign_off_period
from shared_code.reporting.statements import EquityColumn, change_and_percent

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["reporting"])

Read = Annotated[OrgContext, Depends(require_permission("reports:read"))]
SignOff = Annotated[OrgContext, Depends(require_permission("reports:sign_off"))]
LayoutVersionRef = Annotated[
    str | None, Query(max_length=50, description="A saved version's id, or `ifrs_for_smes` / `mse`.")
]


@dataclass(frozen=True)
class PeriodChoice:
    """`period=` and `date=`: the period of a kind that contains a date."""

    kind: PeriodKind | None
    on: date | None


def _period_choice(
    period: Annotated[
        PeriodKind | None,
        Query(description="The period containing `date` (today by default) when no dates are given."),
    ] = None,
    on: Annotated[Day | None, Query(alias="date")] = None,
) -> PeriodChoice:
    return PeriodChoice(period, on)


@dataclass(frozen=True)
class Dates:
    """`from=` and `to=` of a statement over time."""

    start: date | None
    end: date | None


def _dates(
    date_from: Annotated[
        Day | None, Query(alias="from", description="First day (with `to`); else `period` and `date`.")
    ] = None,
    date_to: Annotated[Day | None, Query(alias="to")] = None,
) -> Dates:
    return Dates(date_from, date_to)


def _comparatives(
    compare: Annotated[
        list[str] | None,
        Query(
            max_length=100,
            description="Up to 3: `previous_period`, `same_period_last_year`, or custom dates "
            "(`2025-01-01..2025-03-31`; a date for a financial position). Repeat or separate with commas.",
        ),
    ] = None,
) -> list[str]:
    return split_comparatives(compare)


Choice = Annotated[PeriodChoice, Depends(_period_choice)]
DatesQuery = Annotated[Dates, Depends(_dates)]
Comparatives = Annotated[list[str], Depends(_comparatives)]


def _current(
    kind: StatementKind, statements: StatementSet, services: ServicesDep, dates: Dates, choice: PeriodChoice
) -> tuple[Span, PeriodOut]:
    """The current column of `kind` and the period of the statement set it belongs to."""
    today = today_in_zambia(services.clock)
    months = statements.fiscal_year_start_month
    if kind is StatementKind.FINANCIAL_POSITION:
        first, last = position_period(dates.end, choice.kind, choice.on, today=today, fiscal_year_start_month=months)
        return Span(None, last, "current"), PeriodOut(date_from=first, date_to=last)
    first, last = statement_period(
        dates.start, dates.end, choice.kind, choice.on, today=today, fiscal_year_start_month=months
    )
    return Span(first, last, "current"), PeriodOut(date_from=first, date_to=last)


def _head(head: ChainHead) -> LedgerHeadOut:
    return LedgerHeadOut(entry_number=head.last_entry_number, hash=head.last_hash)


def _statement_out(read: StatementRead, org_id: str, period: PeriodOut) -> StatementOut:
    statement = read.statement
    current = statement.columns[0]
    rows = []
    for row in statement.rows:
        comparisons = (
            [
                ComparisonOut(change=c, percent=p)
                for c, p in (change_and_percent(row.amounts[0], a) for a in row.amounts[1:])
            ]
            if row.amounts
            else []
        )
        since = f"from={current.start.isoformat()}&" if current.start else ""
        rows.append(
            RowOut(
                key=row.key,
                label=row.label,
                depth=row.depth,
                kind=row.kind,
                amounts=list(row.amounts),
                comparisons=comparisons,
                accounts=[
                    AccountLineOut(
                        account_id=a.account.id,
                        code=a.account.code,
                        name=a.account.name,
                        amounts=list(a.amounts),
                        ledger=f"/api/v1/orgs/{org_id}/ledger/{a.account.id}?{since}to={current.end.isoformat()}",
                    )
                    for a in row.accounts
                ],
            )
        )
    return StatementOut(
        kind=statement.kind,
        layout=LayoutVersionOut.of(read.layout),
        ledger_head=_head(read.head),
        period=period,
        columns=[ColumnOut(label=c.label, date_from=c.start, date_to=c.end) for c in statement.columns],
        rows=rows,
        checks={name: list(amounts) for name, amounts in statement.checks.items()},
    )


def _statement(
    kind: StatementKind,
    ctx: OrgContext,
    services: ServicesDep,
    dates: Dates,
    choice: PeriodChoice,
    compare: list[str],
    layout_version: str | None,
) -> StatementOut:
    with services.db.read_snapshot(ctx.organization_id) as uow:
        statements = StatementSet(uow)
        span, period = _current(kind, statements, services, dates, choice)
        read = statements.statement(kind, span, compare, layout_version)
    return _statement_out(read, str(ctx.organization_id), period)


@router.get("/reports/profit-and-loss", response_model=StatementOut)
def profit_and_loss(
    ctx: Read,
    services: ServicesDep,
    dates: DatesQuery,
    choice: Choice,
    compare: Comparatives,
    layout_version: LayoutVersionRef = None,
) -> StatementOut:
    """Profit or loss for a period (year-end closing entries left out), with comparatives."""
    return _statement(StatementKind.PROFIT_AND_LOSS, ctx, services, dates, choice, compare, layout_version)


@router.get("/reports/cash-flows", response_model=StatementOut)
def cash_flows(
    ctx: Read,
    services: ServicesDep,
    dates: DatesQuery,
    choice: Choice,
    compare: Comparatives,
    layout_version: LayoutVersionRef = None,
) -> StatementOut:
    """Cash flows by the indirect method for a period, with comparatives."""
    return _statement(StatementKind.CASH_FLOWS, ctx, services, dates, choice, compare, layout_version)


@router.get("/reports/financial-position", response_model=StatementOut)
def financial_position(
    ctx: Read,
    services: ServicesDep,
    choice: Choice,
    compare: Comparatives,
    as_of: Annotated[
        Day | None, Query(description="The date; else the end of `period` containing `date`; else today.")
    ] = None,
    layout_version: LayoutVersionRef = None,
) -> StatementOut:
    """The financial position as of a date (today by default), with comparative dates."""
    dates = Dates(None, as_of)
    return _statement(StatementKind.FINANCIAL_POSITION, ctx, services, dates, choice, compare, layout_version)


def _equity_column(column: EquityColumn) -> EquityColumnOut:
    return EquityColumnOut(
        key=column.key,
        label=column.label,
        opening=column.opening,
        profit=column.profit,
        contributions=column.contributions,
        drawings_and_dividends=column.drawings_and_dividends,
        other=column.other,
        closing=column.closing,
        account_ids=[a.id for a in column.accounts],
    )


@router.get("/reports/changes-in-equity", response_model=ChangesInEquityOut)
def changes_in_equity(
    ctx: Read,
    services: ServicesDep,
    dates: DatesQuery,
    choice: Choice,
    layout_version: LayoutVersionRef = None,
) -> ChangesInEquityOut:
    """Opening, profit, contributions, drawings and dividends, other and closing per equity column."""
    with services.db.read_snapshot(ctx.organization_id) as uow:
        statements = StatementSet(uow)
        span, _ = _current(StatementKind.CHANGES_IN_EQUITY, statements, services, dates, choice)
        read = statements.changes_in_equity(span, layout_version)
    statement = read.statement
    total = EquityColumn(
        key="total",
        label="Total",
        opening=statement.total("opening"),
        profit=statement.total("profit"),
        contributions=statement.total("contributions"),
        drawings_and_dividends=statement.total("drawings_and_dividends"),
        other=statement.total("other"),
        closing=statement.total("closing"),
        accounts=(),
    )
    assert statement.span.start is not None
    return ChangesInEquityOut(
        layout=LayoutVersionOut.of(read.layout),
        ledger_head=_head(read.head),
        date_from=statement.span.start,
        date_to=statement.span.end,
        columns=[_equity_column(c) for c in statement.columns],
        total=_equity_column(total),
    )


def _sign_off_out(view: SignOffView) -> SignOffOut:
    record = view.sign_off
    return SignOffOut(
        id=record.id,
        date_from=record.date_from,
        date_to=record.date_to,
        status=record.status.value,
        layout_versions=dict(record.layout_versions),
        ledger_head=LedgerHeadOut(entry_number=record.ledger_entry_number, hash=record.ledger_hash),
        note=record.note,
        signed_by=record.signed_by,
        signed_at=record.signed_at,
        stale=view.stale,
        later_postings=view.later_postings,
    )


@router.get("/reports/sign-offs", response_model=list[SignOffOut])
def list_sign_offs(ctx: Read, services: ServicesDep, dates: DatesQuery) -> list[SignOffOut]:
    """Sign-offs of periods overlapping `from`..`to`, newest first, each saying whether later
    postings made it stale."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        views = sign_off_history(uow, dates.start, dates.end)
    return [_sign_off_out(view) for view in views]


@router.post("/reports/sign-offs", response_model=SignOffOut, status_code=201)
def create_sign_off(
    body: SignOffIn, ctx: SignOff, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> SignOffOut:
    """Mark a period's statement set reviewed or approved at the current ledger head. With an
    `Idempotency-Key`, a retry returns the first sign-off and records nothing."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        view = sign_off_period(
            uow,
            body.date_from,
            body.date_to,
            SignOffStatus(body.status),
            signed_by=ctx.user_id,
            layout_versions=body.layout_versions,
            note=body.note,
            clock=services.clock,
            idempotency_key=idempotency_key,
        )
        uow.commit()
    return _sign_off_out(view)
