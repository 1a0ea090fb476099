"""SQL for wallet transactions: storing synced and imported rows once, reading and categorising them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from shared_code.mobile_money.model import WalletTransaction
from shared_code.platform.db import Row, UnitOfWork
from shared_code.platform.ids import new_id

COLUMNS = (
    "t.id, t.wallet_id, t.airtel_id, t.partner_id, t.occurred_at, t.direction, t.amount, t.charges, t.status, "
    "t.service_type, t.counterparty_name, t.counterparty_msisdn, t.reference, t.origin, t.import_id, "
    "t.first_seen_at, t.updated_at, t.categorised_at, t.categorised_by, t.parts, t.rule_id, t.journal_entry_id"
)


@dataclass(frozen=True)
class Stored:
    """What storing a batch did."""

    added: int
    """Rows new to the wallet."""
    updated: int
    """Known rows whose pending status Airtel has since settled."""


def store_transactions(
    uow: UnitOfWork,
    wallet_id: UUID,
    transactions: Sequence[WalletTransaction],
    *,
    origin: str,
    at: datetime,
    import_id: UUID | None = None,
) -> Stored:
    """Insert rows not seen before (by Airtel id, the unique key); a known row only takes a
    newer status while it is still pending (`TA`/`TIP`). One statement for the batch."""
    unique: dict[str, WalletTransaction] = {t.airtel_id: t for t in transactions}
    if not unique:
        return Stored(0, 0)
    # The rows travel by COPY into a temporary table (much cheaper than array parameters at
    # hundreds of rows), then one INSERT … ON CONFLICT moves them in.
    uow.execute(
        """
        CREATE TEMPORARY TABLE IF NOT EXISTS mobile_money_incoming (
            id uuid, airtel_id text, partner_id text, occurred_at timestamptz, direction text, amount numeric,
            charges numeric, status text, service_type text, name text, msisdn text, reference text
        ) ON COMMIT DELETE ROWS
        """
    )
    with uow.connection.cursor().copy(
        "COPY mobile_money_incoming (id, airtel_id, partner_id, occurred_at, direction, amount, charges, status, "
        "service_type, name, msisdn, reference) FROM STDIN"
    ) as copy:
        for t in unique.values():
            copy.write_row(
                (
                    new_id(),
                    t.airtel_id,
                    t.partner_id,
                    t.occurred_at,
                    t.direction.value,
                    t.amount,
                    t.charges,
                    t.status.value,
                    t.service_type,
                    t.counterparty_name,
                    t.counterparty_msisdn,
                    t.reference,
                )
            )
    result = uow.fetch_all(
        """
        INSERT INTO mobile_money_transactions AS t (id, wallet_id, airtel_id, partner_id, occurred_at, direction,
            amount, charges, status, service_type, counterparty_name, counterparty_msisdn, reference, origin,
            import_id, first_seen_at, updated_at)
        SELECT u.id, %(wallet)s, u.airtel_id, u.partner_id, u.occurred_at, u.direction, u.amount, u.charges,
            u.status, u.service_type, u.name, u.msisdn, u.reference, %(origin)s, %(import)s, %(at)s, %(at)s
        FROM mobile_money_incoming u
        ON CONFLICT ON CONSTRAINT mobile_money_transactions_airtel_id DO UPDATE
            SET status = excluded.status, updated_at = excluded.updated_at
            WHERE t.status IN ('TA', 'TIP') AND excluded.status <> t.status
        RETURNING (xmax = 0) AS inserted
        """,
        {"wallet": wallet_id, "origin": origin, "import": import_id, "at": at},
    )
    uow.execute("TRUNCATE mobile_money_incoming")
    added = sum(1 for row in result if row["inserted"])
    return Stored(added, len(result) - added)


def known_airtel_ids(uow: UnitOfWork, wallet_id: UUID, airtel_ids: Sequence[str]) -> set[str]:
    """Which of `airtel_ids` the wallet holds already."""
    if not airtel_ids:
        return set()
    rows = uow.fetch_all(
        "SELECT airtel_id FROM mobile_money_transactions WHERE wallet_id = %(wallet)s AND airtel_id = ANY(%(ids)s)",
        {"wallet": wallet_id, "ids": list(airtel_ids)},
    )
    return {row["airtel_id"] for row in rows}


def get_transaction(uow: UnitOfWork, transaction_id: UUID, *, for_update: bool = False) -> Row | None:
    """One transaction."""
    lock = " FOR UPDATE" if for_update else ""
    return uow.fetch_one(
        f"SELECT {COLUMNS} FROM mobile_money_transactions t WHERE t.id = %(id)s{lock}", {"id": transaction_id}
    )


@dataclass(frozen=True)
class TransactionFilter:
    """What the list shows."""

    wallet_id: UUID | None = None
    direction: str | None = None
    status: str | None = None
    categorised: bool | None = None
    service_type: str | None = None
    search: str | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    limit: int = 50
    after: tuple[bool, datetime, UUID] | None = None
    """Keyset cursor: (categorised, occurred_at, id) of the last row shown."""


def list_transactions(uow: UnitOfWork, where: TransactionFilter) -> list[Row]:
    """Uncategorised first, newest first within each, a page at a time (keyset)."""
    params: dict[str, Any] = {
        "wallet": where.wallet_id,
        "direction": where.direction,
        "status": where.status,
        "categorised": where.categorised,
        "service_type": where.service_type,
        "search": f"%{where.search.lower()}%" if where.search else None,
        "from": where.occurred_from,
        "to": where.occurred_to,
        "min": where.min_amount,
        "max": where.max_amount,
        "limit": where.limit,
        "after_done": where.after[0] if where.after else None,
        "after_at": where.after[1] if where.after else None,
        "after_id": where.after[2] if where.after else None,
    }
    return uow.fetch_all(
        f"""
        SELECT {COLUMNS}, (t.categorised_at IS NOT NULL) AS done FROM mobile_money_transactions t
        WHERE (%(wallet)s::uuid IS NULL OR t.wallet_id = %(wallet)s)
          AND (%(direction)s::text IS NULL OR t.direction = %(direction)s)
          AND (%(status)s::text IS NULL OR t.status = %(status)s)
          AND (%(categorised)s::boolean IS NULL OR (t.categorised_at IS NOT NULL) = %(categorised)s)
          AND (%(service_type)s::text IS NULL OR t.service_type = %(service_type)s)
          AND (%(search)s::text IS NULL OR lower(t.counterparty_name || ' ' || t.reference || ' ' || t.airtel_id || ' '
               || coalesce(t.counterparty_msisdn, '')) LIKE %(search)s)
          AND (%(from)s::timestamptz IS NULL OR t.occurred_at >= %(from)s)
          AND (%(to)s::timestamptz IS NULL OR t.occurred_at <= %(to)s)
          AND (%(min)s::numeric IS NULL OR t.amount >= %(min)s)
          AND (%(max)s::numeric IS NULL OR t.amount <= %(max)s)
          AND (%(after_at)s::timestamptz IS NULL
               OR ((t.categorised_at IS NOT NULL), -extract(epoch FROM t.occurred_at), t.id)
                  > (%(after_done)s::boolean, -extract(epoch FROM %(after_at)s::timestamptz), %(after_id)s::uuid))
        ORDER BY (t.categorised_at IS NOT NULL), t.occurred_at DESC, t.id
        LIMIT %(limit)s
        """,
        params,
    )


def mark_categorised(
    uow: UnitOfWork,
    transaction_id: UUID,
    *,
    parts: list[dict[str, Any]],
    rule_id: UUID | None,
    journal_entry_id: UUID,
    by: UUID,
    at: datetime,
) -> None:
    """Record where the transaction went and its entry."""
    uow.execute(
        """
        UPDATE mobile_money_transactions SET parts = %(parts)s, rule_id = %(rule)s, journal_entry_id = %(entry)s,
            categorised_by = %(by)s, categorised_at = %(at)s, updated_at = %(at)s
        WHERE id = %(id)s
        """,
        {"id": transaction_id, "parts": Jsonb(parts), "rule": rule_id, "entry": journal_entry_id, "by": by, "at": at},
    )


def categorised_examples(uow: UnitOfWork, *, direction: str | None = None, limit: int = 2000) -> list[Row]:
    """The organization's most recent single-account choices, for suggestions."""
    return uow.fetch_all(
        f"""
        SELECT {COLUMNS} FROM mobile_money_transactions t
        WHERE t.categorised_at IS NOT NULL AND jsonb_array_length(t.parts) = 1
          AND (%(direction)s::text IS NULL OR t.direction = %(direction)s)
        ORDER BY t.categorised_at DESC LIMIT %(limit)s
        """,
        {"direction": direction, "limit": limit},
    )


def counts_by_wallet(uow: UnitOfWork) -> dict[UUID, tuple[int, int]]:
    """Per wallet: (transactions, successful ones not yet categorised)."""
    rows = uow.fetch_all(
        """
        SELECT wallet_id, count(*) AS total,
               count(*) FILTER (WHERE status = 'TS' AND categorised_at IS NULL) AS waiting
        FROM mobile_money_transactions GROUP BY wallet_id
        """,
        {},
    )
    return {row["wallet_id"]: (row["total"], row["waiting"]) for row in rows}
