"""SQL for categorisation rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from shared_code.platform.db import Row, UnitOfWork

_COLUMNS = (
    "id, name, account_id, vat_rate, counterparty, text_contains, min_amount, max_amount, direction, priority, "
    "created_by, created_at, updated_at"
)
FIELDS = (
    "name",
    "account_id",
    "vat_rate",
    "counterparty",
    "text_contains",
    "min_amount",
    "max_amount",
    "direction",
    "priority",
)


def list_rules(uow: UnitOfWork) -> list[Row]:
    """Every rule, in the order they are tried."""
    return uow.fetch_all(f"SELECT {_COLUMNS} FROM mobile_money_rules ORDER BY priority, name, id", {})


def get_rule(uow: UnitOfWork, rule_id: UUID) -> Row | None:
    """One rule."""
    return uow.fetch_one(f"SELECT {_COLUMNS} FROM mobile_money_rules WHERE id = %(id)s", {"id": rule_id})


def insert_rule(uow: UnitOfWork, rule_id: UUID, values: dict[str, Any], *, by: UUID, at: datetime) -> None:
    """Add a rule."""
    uow.execute(
        """
        INSERT INTO mobile_money_rules (id, name, account_id, vat_rate, counterparty, text_contains, min_amount,
            max_amount, direction, priority, created_by, created_at, updated_at)
        VALUES (%(id)s, %(name)s, %(account_id)s, %(vat_rate)s, %(counterparty)s, %(text_contains)s,
            %(min_amount)s, %(max_amount)s, %(direction)s, %(priority)s, %(by)s, %(at)s, %(at)s)
        """,
        {**values, "id": rule_id, "by": by, "at": at},
    )


def update_rule(uow: UnitOfWork, rule_id: UUID, values: dict[str, Any], *, at: datetime) -> None:
    """Replace a rule's conditions and target."""
    uow.execute(
        """
        UPDATE mobile_money_rules SET name = %(name)s, account_id = %(account_id)s, vat_rate = %(vat_rate)s,
            counterparty = %(counterparty)s, text_contains = %(text_contains)s, min_amount = %(min_amount)s,
            max_amount = %(max_amount)s, direction = %(direction)s, priority = %(priority)s, updated_at = %(at)s
        WHERE id = %(id)s
        """,
        {**values, "id": rule_id, "at": at},
    )


def delete_rule(uow: UnitOfWork, rule_id: UUID) -> bool:
    """Remove a rule; False if there was none."""
    return uow.execute("DELETE FROM mobile_money_rules WHERE id = %(id)s", {"id": rule_id}).rowcount > 0


def values_of(row: Row) -> dict[str, Any]:
    """A rule row's editable fields."""
    return {key: row[key] for key in FIELDS}
