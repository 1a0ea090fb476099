"""Wallet transactions: the inbox (uncategorised first) with filters and suggestions; categorise
one (posting through the ledger), bulk, and "always do this"."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import Cursor, Money, MoneyIn, RequestBody, ServicesDep
from shared_code.mobile_money import categorising, transaction_repository
from shared_code.mobile_money.categorisation import Suggestion
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


def _suggestion_out(suggestion: Suggestion) -> SuggestionOut:
    return SuggestionOut(
        account_id=suggestion.account_id,
        confidence=suggestion.confidence,
        vat_rate=suggestion.vat_rate,
        reason=suggestion.reason,
        rule_id=suggestion.rule_id,
    )


def _suggestions(services: Any, ctx: OrgContext, rows: list[Row]) -> dict[UUID, SuggestionOut]:
    with services.db.unit_of_work(ctx.organization_id) as uow:
        found = categorising.suggestions_for(uow, rows)
    return {row_id: _suggestion_out(suggestion) for row_id, suggestion in found.items()}


@router.get("", response_model=TransactionList)
def list_transactions(
    ctx: Read,
    services: ServicesDep,
    wallet_id: UUID | None = None,
    direction: Literal["in", "out"] | None = None,
    status: Literal["TS", "TF", "TA", "TIP", "TE"] | None = None,
    categorised: bool | None = None,
    service_type: Annotated[str | None, Query(max_length=40)] = None,
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
    categorised, service type (`MERCHPAY`, `CASHIN`, …), text (`q`: counterparty, reference, Airtel id,
    number), dates and amounts.
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
                service_type=service_type.upper() if service_type else None,
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
    """One transaction, with a suggestion while it is uncategorised."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        row = transaction_repository.get_transaction(uow, transaction_id)
        if row is None:
            raise transaction_not_found()
        suggestion = categorising.suggestions_for(uow, [row]).get(row["id"])
    return transaction_out(row, _suggestion_out(suggestion) if suggestion else None)


class PartIn(RequestBody):
    """Where (part of) the transaction goes."""

    account_id: UUID
    """Income or a receivable for money in; an expense or a payable for money out."""
    amount: MoneyIn | None = None
    """Needed when splitting (the parts add up to the amount); one part takes the whole amount."""
    vat_rate: Annotated[Decimal | None, Field(ge=0, le=100, max_digits=5, decimal_places=2)] = None
    """VAT is inside this part at this rate (e.g. "16"); omit when no VAT applies."""
    party_type: Literal["customer", "supplier"] | None = None
    party_id: UUID | None = None
    memo: str = Field(default="", max_length=200)


class CategoriseIn(RequestBody):
    """A categorisation of one transaction."""

    parts: list[PartIn] = Field(min_length=1, max_length=20)
    always: bool = False
    """"Always do this": also create a rule (same counterparty and direction → this account and VAT)."""
    rule_id: UUID | None = None
    """The rule whose suggestion was accepted, if any."""
    description: str | None = Field(default=None, max_length=500)


def _choice(transaction_id: UUID, body: CategoriseIn) -> categorising.Choice:
    return categorising.Choice(
        transaction_id=transaction_id,
        parts=tuple(
            categorising.PartIn(
                account_id=part.account_id,
                amount=Decimal(part.amount) if part.amount is not None else None,
                vat_rate=part.vat_rate,
                party_type=part.party_type,
                party_id=part.party_id,
                memo=part.memo,
            )
            for part in body.parts
        ),
        always=body.always,
        rule_id=body.rule_id,
        description=body.description,
    )


@router.post("/{transaction_id}/categorise", response_model=TransactionOut)
def categorise(transaction_id: UUID, body: CategoriseIn, ctx: Manage, services: ServicesDep) -> TransactionOut:
    """Categorise (or split) a successful transaction and post its entry through the ledger:
    Dr wallet / Cr income or receivable for money in, Dr expense or payable / Cr wallet for money
    out, Airtel's charges to bank charges, VAT where `vat_rate` says. 409
    `wallet_transaction_not_bookable` for a failed or pending one; 409 when already categorised."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        [row] = categorising.categorise(
            uow, [_choice(transaction_id, body)], categorised_by=ctx.user_id, clock=services.clock
        )
        uow.commit()
    return transaction_out(row)


class BulkCategorisation(CategoriseIn):
    """One transaction of a bulk categorisation."""

    transaction_id: UUID


class BulkIn(RequestBody):
    """Several categorisations, posted all or nothing."""

    items: list[BulkCategorisation] = Field(min_length=1, max_length=500)


class BulkOut(BaseModel):
    """What a bulk categorisation posted."""

    items: list[TransactionOut]


@router.post("/categorise", response_model=BulkOut)
def categorise_bulk(body: BulkIn, ctx: Manage, services: ServicesDep) -> BulkOut:
    """Categorise many transactions at once (e.g. accepting every suggestion shown): all are
    posted or none; a 422 lists every problem under `items.<n>.`."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        rows = categorising.categorise(
            uow,
            [_choice(item.transaction_id, item) for item in body.items],
            categorised_by=ctx.user_id,
            clock=services.clock,
        )
        uow.commit()
    return BulkOut(items=[transaction_out(row) for row in rows])
