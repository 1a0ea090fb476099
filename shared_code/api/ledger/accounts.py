"""The chart of accounts: list, add, change, archive and delete accounts.

Every ledger route is under `/api/v1/orgs/{org_id}` and declares its permission; the tenant
is the organization of the caller's membership (`ctx.organization_id`).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response, status

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.ledger.schemas import (
    AccountDetailOut,
    AccountIn,
    AccountList,
    AccountOut,
    AccountPatch,
    account_out,
)
from shared_code.api.types import Cursor, Day, ServicesDep
from shared_code.ledger import accounts, reports
from shared_code.ledger.account_repository import AccountFilter
from shared_code.ledger.model import AccountType
from shared_code.platform.clock import today_in_zambia

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["ledger"])

Read = Annotated[OrgContext, Depends(require_permission("ledger:read"))]
ManageAccounts = Annotated[OrgContext, Depends(require_permission("accounts:manage"))]


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
    account_id: UUID, ctx: Read, services: ServicesDep, as_of: Annotated[Day | None, Query()] = None
) -> AccountDetailOut:
    """An account with its header, sub-accounts, balance as of a date (today by default) and activity."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        detail = reports.account_detail(uow, account_id, as_of or today_in_zambia(services.clock))
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
