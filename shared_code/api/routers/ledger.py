"""The general ledger API: chart of accounts, journal, reports, periods, export and verify.

Every route is under `/api/v1/orgs/{org_id}` and declares its permission; the tenant is
the organization of the caller's membership (`ctx.organization_id`). This module holds the
chart and the journal; `router` also includes the report routes (`ledger_reports`) and the
period routes (`ledger_periods`), so including `router` in the app brings them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Response, status

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.dependencies import get_services
from shared_code.api.routers import ledger_periods, ledger_reports
from shared_code.api.routers.ledger_periods import today_in_zambia
from shared_code.api.routers.ledger_schemas import (
    AccountDetailOut,
    AccountIn,
    AccountList,
    AccountOut,
    AccountPatch,
    JournalEntryIn,
    JournalEntryList,
    JournalEntryOut,
    ReverseIn,
    account_out,
    entry_out,
)
from shared_code.bootstrap import Services
from shared_code.ledger import account_repository, accounts, reports, service
from shared_code.ledger.account_repository import AccountFilter
from shared_code.ledger.model import MANUAL, AccountType, JournalEntry, Party
from shared_code.ledger.posting import DraftLine, JournalDraft
from shared_code.platform.db import UnitOfWork

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["ledger"])

ServicesDep = Annotated[Services, Depends(get_services)]
Read = Annotated[OrgContext, Depends(require_permission("ledger:read"))]
ManageAccounts = Annotated[OrgContext, Depends(require_permission("accounts:manage"))]
Post = Annotated[OrgContext, Depends(require_permission("ledger:post"))]
ManagePeriods = Annotated[OrgContext, Depends(require_permission("periods:manage"))]
Export = Annotated[OrgContext, Depends(require_permission("ledger:export"))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=150)]
Cursor = Annotated[str | None, Query(max_length=500)]


# Chart of accounts


@router.get("/accounts", response_model=AccountList)
def list_accounts(
    ctx: Read,
    services: ServicesDep,
    search: Annotated[str | None, Query(max_length=100)] = None,
    account_type: Annotated[AccountType | None, Query(alias="type")] = None,
    subtype: Annotated[str | None, Query(max_length=50)] = None,
    include_archived: bool = False,
    postable_only: bool = False,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 500,
) -> AccountList:
    """The chart of accounts in code order: search by code prefix or name, filter by type."""
    where = AccountFilter(
        search=search or None,
        account_type=account_type,
        subtype=subtype,
        include_archived=include_archived,
        postable_only=postable_only,
        limit=limit,
    )
    with services.db.unit_of_work(ctx.organization_id) as uow:
        page = accounts.list_accounts(uow, where, cursor)
    return AccountList(items=[account_out(a) for a in page.items], next_cursor=page.next_cursor)


@router.post("/accounts", status_code=status.HTTP_201_CREATED, response_model=AccountOut)
def create_account(body: AccountIn, ctx: ManageAccounts, services: ServicesDep) -> AccountOut:
    """Add an account to the chart."""
    new = accounts.NewAccount(
        code=body.code,
        name=body.name,
        account_type=body.account_type,
        subtype=body.subtype,
        parent_id=body.parent_id,
        is_header=body.is_header,
        cash_flow_class=body.cash_flow_class if "cash_flow_class" in body.model_fields_set else accounts.UNCHANGED,
        description=body.description,
    )
    with services.db.unit_of_work(ctx.organization_id) as uow:
        account = accounts.create_account(uow, new)
        uow.commit()
    return account_out(account)


@router.get("/accounts/{account_id}", response_model=AccountDetailOut)
def get_account(
    account_id: UUID, ctx: Read, services: ServicesDep, as_of: Annotated[date | None, Query()] = None
) -> AccountDetailOut:
    """An account with its header, sub-accounts, balance as of a date (today by default) and activity."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        detail = reports.account_detail(uow, account_id, as_of or today_in_zambia(services))
    return AccountDetailOut(
        account=account_out(detail.account),
        parent=account_out(detail.parent) if detail.parent else None,
        children=[account_out(child) for child in detail.children],
        as_of=detail.as_of,
        balance=detail.balance,
        line_count=detail.activity.line_count,
        first_posting=detail.activity.first_day,
        last_posting=detail.activity.last_day,
    )


@router.patch("/accounts/{account_id}", response_model=AccountOut)
def update_account(account_id: UUID, body: AccountPatch, ctx: ManageAccounts, services: ServicesDep) -> AccountOut:
    """Rename, renumber, move or reclassify an account (its type is fixed once it has postings)."""
    given = body.model_fields_set
    changes = accounts.AccountChanges(
        **{name: getattr(body, name) for name in given if getattr(body, name) is not None or name in _NULLABLE}
    )
    with services.db.unit_of_work(ctx.organization_id) as uow:
        account = accounts.update_account(uow, account_id, changes)
        uow.commit()
    return account_out(account)


_NULLABLE = frozenset({"parent_id", "cash_flow_class"})


@router.post("/accounts/{account_id}/archive", response_model=AccountOut)
def archive_account(account_id: UUID, ctx: ManageAccounts, services: ServicesDep) -> AccountOut:
    """Archive an account: no new postings; it needs a zero balance."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        account = accounts.archive_account(uow, account_id, clock=services.clock)
        uow.commit()
    return account_out(account)


@router.post("/accounts/{account_id}/unarchive", response_model=AccountOut)
def unarchive_account(account_id: UUID, ctx: ManageAccounts, services: ServicesDep) -> AccountOut:
    """Bring an archived account back into use."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        account = accounts.unarchive_account(uow, account_id)
        uow.commit()
    return account_out(account)


@router.delete("/accounts/{account_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_account(account_id: UUID, ctx: ManageAccounts, services: ServicesDep) -> Response:
    """Delete an account made by mistake (no postings, no sub-accounts, no system role)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        accounts.delete_account(uow, account_id)
        uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# Journal


@router.get("/journal-entries", response_model=JournalEntryList)
def list_journal_entries(
    ctx: Read,
    services: ServicesDep,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    source_type: Annotated[str | None, Query(max_length=50)] = None,
    source_id: UUID | None = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> JournalEntryList:
    """Posted journal entries, newest date first, a page at a time."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        page = service.list_entries(
            uow,
            date_from=date_from,
            date_to=date_to,
            source_type=source_type,
            source_id=source_id,
            cursor=cursor,
            limit=limit,
        )
        items = _entries(uow, page.items)
    return JournalEntryList(items=items, next_cursor=page.next_cursor)


@router.post("/journal-entries", status_code=status.HTTP_201_CREATED, response_model=JournalEntryOut)
def create_journal_entry(
    body: JournalEntryIn, ctx: Post, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> JournalEntryOut:
    """Post a manual journal entry. With an `Idempotency-Key`, a replay returns the first entry."""
    draft = JournalDraft(
        entry_date=body.entry_date,
        description=body.description,
        lines=tuple(
            DraftLine(
                account_id=line.account_id,
                debit=line.debit,
                credit=line.credit,
                memo=line.memo,
                party=Party(line.party.type, line.party.id) if line.party else None,
            )
            for line in body.lines
        ),
        source=MANUAL,
        idempotency_key=f"manual:{idempotency_key}" if idempotency_key else None,
    )
    with services.db.unit_of_work(ctx.organization_id) as uow:
        entry = service.post_entry(uow, draft, posted_by=ctx.user_id, clock=services.clock)
        out = _entries(uow, [entry])[0]
        uow.commit()
    return out


@router.get("/journal-entries/{entry_id}", response_model=JournalEntryOut)
def get_journal_entry(entry_id: UUID, ctx: Read, services: ServicesDep) -> JournalEntryOut:
    """One posted journal entry with its lines."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _entries(uow, [service.get_entry(uow, entry_id)])[0]


@router.post("/journal-entries/{entry_id}/reverse", status_code=status.HTTP_201_CREATED, response_model=JournalEntryOut)
def reverse_journal_entry(
    entry_id: UUID,
    ctx: Post,
    services: ServicesDep,
    body: ReverseIn | None = None,
    idempotency_key: IdempotencyKey = None,
) -> JournalEntryOut:
    """Reverse a posted entry (dated like the original unless a date is given)."""
    body = body or ReverseIn(entry_date=None, description=None)
    with services.db.unit_of_work(ctx.organization_id) as uow:
        entry = service.reverse_entry(
            uow,
            entry_id,
            posted_by=ctx.user_id,
            entry_date=body.entry_date,
            description=body.description,
            idempotency_key=f"reverse:{idempotency_key}" if idempotency_key else None,
            clock=services.clock,
        )
        out = _entries(uow, [entry])[0]
        uow.commit()
    return out


def _entries(uow: UnitOfWork, entries: Iterable[JournalEntry]) -> list[JournalEntryOut]:
    listed = list(entries)
    named = account_repository.accounts_by_ids(uow, {line.account_id for e in listed for line in e.lines})
    return [entry_out(entry, named) for entry in listed]


router.include_router(ledger_reports.router)
router.include_router(ledger_periods.router)
