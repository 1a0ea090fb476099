"""Wallet transactions: the inbox (uncategorised first) with filters and suggestions; categorise
one (posting through the ledger), bulk, and "always do this"."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import Cursor, Money, ServicesDep
from shared_code.mobile_money import transaction_repository
from shared_code.mobile_money.errors import transaction_not_found
from shared_code.mobile_money.transaction_repository import TransactionFilter
from shared_code.platform.db import Row
from shared_code.platform.paging import cursor_part, decode_cursor, encode_cursor

router = APIRouter(prefix="/api/v1/orgs/{org_id}/wallet-transactions", tags=["mobile money"])

Manage = Annotated[OrgContext, Depends(require_permission("mobile_money:manage"))]
Read = Annotated[OrgContext, Depends(require_permission("mobile_money:read"))]


class PartOut(BaseModel):
    """Where (part of) a categorised transaction went."""

    account_id: UUID
    amount: Money
    vat_rate: Decimal | None
    party_type: str | None = None
    party_id: UUID | None = None
    memo: str = ""


class SuggestionOut(BaseModel):
    """Where the transaction probably goes."""

    account_id: UUID
    confidence: Decimal
    """0..1."""
    vat_rate: Decimal | None
    reason: str
    rule_id: UUID | None


class TransactionOut(BaseModel):
    """A wallet transaction."""

    id: UUID
    wallet_id: UUID
    airtel_id: str
    partner_id: str | None
    occurred_at: datetime
    direction: str
    amount: Money
    charges: Money
    status: str
    """`TS` success (booked when categorised), `TF` failed, `TE` expired, `TA`/`TIP` pending."""
    bookable: bool
    """Only a success moves money and can be categorised."""
    service_type: str
    counterparty_name: str
    counterparty_msisdn: str | None
    reference: str
    origin: str
    """`sync` or `statement`."""
    categorised_at: datetime | None
    parts: list[PartOut] | None
    rule_id: UUID | None
    journal_entry_id: UUID | None
    suggestion: SuggestionOut | None = None


class TransactionList(BaseModel):
    """A page of transactions: uncategorised first, newest first within each."""

    items: list[TransactionOut]
    next_cursor: str | None


def transaction_out(row: Row, suggestion: SuggestionOut | None = None) -> TransactionOut:
    """A row as the API shows it."""
    parts = None
    if row["parts"] is not None:
        parts = [
            PartOut(
                account_id=UUID(part["account_id"]),
                amount=Decimal(part["amount"]),
                vat_rate=Decimal(part["vat_rate"]) if part.get("vat_rate") is not None else None,
                party_type=part.get("party_type"),
                party_id=UUID(part["party_id"]) if part.get("party_id") else None,
                memo=part.get("memo") or "",
            )
            for part in row["parts"]
        ]
    return TransactionOut(
        id=row["id"],
        wallet_id=row["wallet_id"],
        airtel_id=row["airtel_id"],
        partner_id=row["partner_id"],
        occurred_at=row["occurred_at"],
        direction=row["direction"],
        amount=row["amount"],
        charges=row["charges"],
        status=row["status"],
        bookable=row["status"] == "TS",
        service_type=row["service_type"],
        counterparty_name=row["counterparty_name"],
        counterparty_msisdn=row["counterparty_msisdn"],
        reference=row["reference"],
        origin=row["origin"],
        categorised_at=row["categorised_at"],
        parts=parts,
        rule_id=row["rule_id"],
        journal_entry_id=row["journal_entry_id"],
        suggestion=suggestion,
    )


def _suggestions(services: Any, ctx: OrgContext, rows: list[Row]) -> dict[UUID, SuggestionOut]:
    """Hook for suggestions (filled by the categorisation module)."""
    return {}


@router.get("", response_model=TransactionList)
def list_transactions(
    ctx: Read,
    services: ServicesDep,
    wallet_id: UUID | None = None,
    direction: Literal["in", "out"] | None = None,
    status: Literal["TS", "TF", "TA", "TIP", "TE"] | None = None,
    categorised: bool | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    occurred_from: datetime | None = None,
    occurred_to: datetime | None = None,
    min_amount: Annotated[Decimal | None, Query(ge=0, max_digits=14, decimal_places=2)] = None,
    max_amount: Annotated[Decimal | None, Query(ge=0, max_digits=14, decimal_places=2)] = None,
    suggest: bool = False,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> TransactionList:
    """Transactions, uncategorised first, newest first; filter by wallet, direction, status,
    categorised, text (`q`: counterparty, reference, Airtel id, number), dates and amounts.
    `suggest=true` adds a suggestion to each uncategorised successful row."""
    after = None
    if cursor:
        done, at, row_id = decode_cursor("wallet-transactions", cursor, 3)
        after = (done == "1", cursor_part(datetime.fromisoformat, at), cursor_part(UUID, row_id))
    with services.db.unit_of_work(ctx.organization_id) as uow:
        rows = transaction_repository.list_transactions(
            uow,
            TransactionFilter(
                wallet_id=wallet_id,
                direction=direction,
                status=status,
                categorised=categorised,
                search=q,
                occurred_from=occurred_from,
                occurred_to=occurred_to,
                min_amount=min_amount,
                max_amount=max_amount,
                limit=limit + 1,
                after=after,
            ),
        )
    more = len(rows) > limit
    rows = rows[:limit]
    suggestions = _suggestions(services, ctx, rows) if suggest else {}
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = encode_cursor(
            "wallet-transactions", "1" if last["done"] else "0", last["occurred_at"].isoformat(), str(last["id"])
        )
    return TransactionList(
        items=[transaction_out(row, suggestions.get(row["id"])) for row in rows], next_cursor=next_cursor
    )


@router.get("/{transaction_id}", response_model=TransactionOut)
def get_transaction(transaction_id: UUID, ctx: Read, services: ServicesDep) -> TransactionOut:
    """One transaction."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        row = transaction_repository.get_transaction(uow, transaction_id)
    if row is None:
        raise transaction_not_found()
    return transaction_out(row)
