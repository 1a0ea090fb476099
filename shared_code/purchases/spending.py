"""Spending by category and by supplier: what posted expenses and bills of a period cost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.purchases import spending_repository
from shared_code.purchases.errors import rejected

ZERO = Decimal("0.00")
MAX_DAYS = 366 * 5
"""The longest period the report covers (five years)."""


class SpendingGroup(StrEnum):
    """What the report adds up by."""

    CATEGORY = "category"
    SUPPLIER = "supplier"


@dataclass(frozen=True)
class SpendingRow:
    """One category's or supplier's spending in the period."""

    key_id: UUID | None
    """The category or supplier; None for expenses without a supplier."""
    name: str
    """Its name ("" for expenses without a supplier: the screen names that row)."""
    documents: int
    """How many posted expenses and bills."""
    net: Decimal
    """Without VAT."""
    vat: Decimal
    """The VAT on them (claimable or not)."""
    total: Decimal
    """What was paid or owed."""
    share: Decimal
    """This row's part of the period's total, in percent (2 decimals)."""


@dataclass(frozen=True)
class SpendingReport:
    """Posted expenses and bills dated in the period, by category or by supplier, largest first."""

    date_from: date
    """First day."""
    date_to: date
    """Last day."""
    group: SpendingGroup
    """What the rows are."""
    rows: tuple[SpendingRow, ...]
    """Largest total first (then by name)."""
    net: Decimal
    """All rows' net."""
    vat: Decimal
    """All rows' VAT."""
    total: Decimal
    """All rows' total."""


def _money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if whole else ZERO


def spending(uow: UnitOfWork, *, date_from: date, date_to: date, group: SpendingGroup) -> SpendingReport:
    """The period's spending; 422 `date_range_invalid` / `date_range_too_long` for a bad period.

    Amounts are rounded to the ngwee per row and the totals are the sum of the rounded rows,
    so the screen's column adds up to the total it shows.
    """
    if date_from > date_to:
        raise rejected([FieldError("from", "date_range_invalid", "`from` must be on or before `to`.")], "Bad period.")
    if (date_to - date_from).days > MAX_DAYS:
        raise rejected([FieldError("to", "date_range_too_long", "At most five years.")], "Bad period.")
    read = spending_repository.by_category if group is SpendingGroup.CATEGORY else spending_repository.by_supplier
    raw = [
        (row["key_id"], row["name"] or "", int(row["documents"]), _money(row["net"]), _money(row["vat"]))
        for row in read(uow, date_from, date_to)
    ]
    total = sum((net + vat for *_, net, vat in raw), ZERO)
    rows = sorted(
        (
            SpendingRow(
                key_id=key_id,
                name=name,
                documents=documents,
                net=net,
                vat=vat,
                total=net + vat,
                share=_percent(net + vat, total),
            )
            for key_id, name, documents, net, vat in raw
        ),
        key=lambda row: (-row.total, row.name.lower(), str(row.key_id)),
    )
    return SpendingReport(
        date_from=date_from,
        date_to=date_to,
        group=group,
        rows=tuple(rows),
        net=sum((row.net for row in rows), ZERO),
        vat=sum((row.vat for row in rows), ZERO),
        total=total,
    )
