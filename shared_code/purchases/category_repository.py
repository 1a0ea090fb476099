"""SQL for expense categories and their dated VAT treatments."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from shared_code.platform.db import Row, UnitOfWork
from shared_code.purchases.model import CategoryKind, CategoryTreatment, ExpenseCategory, VatTreatment

_COLUMNS = "id, code, name, kind, account_id, income_tax_deductible, archived_at"


def _categories(uow: UnitOfWork, rows: list[Row]) -> list[ExpenseCategory]:
    if not rows:
        return []
    treatments = uow.fetch_all(
        """
        SELECT category_id, effective_from, effective_to, treatment, claimable_share
        FROM expense_category_vat_treatments WHERE category_id = ANY(%(ids)s) ORDER BY effective_from
        """,
        {"ids": [row["id"] for row in rows]},
    )
    by_category: dict[UUID, list[CategoryTreatment]] = {}
    for t in treatments:
        by_category.setdefault(t["category_id"], []).append(
            CategoryTreatment(
                t["effective_from"], t["effective_to"], VatTreatment(t["treatment"]), t["claimable_share"]
            )
        )
    return [
        ExpenseCategory(
            id=row["id"],
            code=row["code"],
            name=row["name"],
            kind=CategoryKind(row["kind"]),
            account_id=row["account_id"],
            income_tax_deductible=row["income_tax_deductible"],
            treatments=tuple(by_category.get(row["id"], [])),
            archived_at=row["archived_at"],
        )
        for row in rows
    ]


def any_category(uow: UnitOfWork) -> bool:
    """True once the organization has a category (archived ones count)."""
    return uow.fetch_one("SELECT 1 AS found FROM expense_categories LIMIT 1") is not None


def insert_category(uow: UnitOfWork, category: ExpenseCategory, *, skip_existing: bool = False) -> bool:
    """Insert `category` and its treatments; False (nothing written) if `skip_existing` and its code is taken."""
    conflict = "ON CONFLICT (code) DO NOTHING" if skip_existing else ""
    cursor = uow.execute(
        f"""
        INSERT INTO expense_categories ({_COLUMNS})
        VALUES (%(id)s, %(code)s, %(name)s, %(kind)s, %(account_id)s, %(deductible)s, %(archived_at)s)
        {conflict}
        """,
        {
            "id": category.id,
            "code": category.code,
            "name": category.name,
            "kind": category.kind.value,
            "account_id": category.account_id,
            "deductible": category.income_tax_deductible,
            "archived_at": category.archived_at,
        },
    )
    if cursor.rowcount != 1:
        return False
    replace_treatments(uow, category.id, category.treatments)
    return True


def update_category(uow: UnitOfWork, category: ExpenseCategory) -> None:
    """Write every field of `category` and make its treatments the stored ones."""
    uow.execute(
        """
        UPDATE expense_categories
        SET name = %(name)s, kind = %(kind)s, account_id = %(account_id)s,
            income_tax_deductible = %(deductible)s, archived_at = %(archived_at)s, updated_at = now()
        WHERE id = %(id)s
        """,
        {
            "id": category.id,
            "name": category.name,
            "kind": category.kind.value,
            "account_id": category.account_id,
            "deductible": category.income_tax_deductible,
            "archived_at": category.archived_at,
        },
    )
    replace_treatments(uow, category.id, category.treatments)


def replace_treatments(uow: UnitOfWork, category_id: UUID, treatments: Iterable[CategoryTreatment]) -> None:
    """Make `treatments` the category's dated VAT treatments."""
    uow.execute("DELETE FROM expense_category_vat_treatments WHERE category_id = %(id)s", {"id": category_id})
    with uow.connection.cursor() as cursor:
        cursor.executemany(
            """
            INSERT INTO expense_category_vat_treatments
                (category_id, effective_from, effective_to, treatment, claimable_share)
            VALUES (%(id)s, %(from)s, %(to)s, %(treatment)s, %(share)s)
            """,
            [
                {
                    "id": category_id,
                    "from": t.effective_from,
                    "to": t.effective_to,
                    "treatment": t.treatment.value,
                    "share": t.claimable_share,
                }
                for t in treatments
            ],
        )


def get_category(uow: UnitOfWork, category_id: UUID) -> ExpenseCategory | None:
    """The category with `category_id`, or None."""
    rows = uow.fetch_all(f"SELECT {_COLUMNS} FROM expense_categories WHERE id = %(id)s", {"id": category_id})
    found = _categories(uow, rows)
    return found[0] if found else None


def categories_by_ids(uow: UnitOfWork, category_ids: Iterable[UUID]) -> dict[UUID, ExpenseCategory]:
    """The categories among `category_ids`, by id."""
    ids = list(set(category_ids))
    if not ids:
        return {}
    rows = uow.fetch_all(f"SELECT {_COLUMNS} FROM expense_categories WHERE id = ANY(%(ids)s)", {"ids": ids})
    return {category.id: category for category in _categories(uow, rows)}


def list_categories(uow: UnitOfWork, *, include_archived: bool) -> list[ExpenseCategory]:
    """Every category by name."""
    rows = uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM expense_categories
        WHERE %(include_archived)s OR archived_at IS NULL
        ORDER BY lower(name), id
        """,
        {"include_archived": include_archived},
    )
    return _categories(uow, rows)
