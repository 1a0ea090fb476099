"""SQL for items, inside the caller's tenant unit of work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from uuid import UUID

from shared_code.platform.db import Row, UnitOfWork
from shared_code.sales.model import Item, ItemKind
from shared_code.sales.tax import Levy, TaxCategory

_COLUMNS = """id, code, name, kind, classification_code, unit_code, packaging_code, tax_category, levy, rrp,
    default_price, price_includes_vat, income_account_id, stock_tracked, archived_at, origin_country"""


def item_from_row(row: Row) -> Item:
    """An `Item` from a row of `items`."""
    return Item(
        **{
            **row,
            "kind": ItemKind(row["kind"]),
            "tax_category": TaxCategory(row["tax_category"]),
            "levy": Levy(row["levy"]) if row["levy"] else None,
        }
    )


def _params(item: Item) -> dict[str, object]:
    return {
        **asdict(item),
        "kind": item.kind.value,
        "tax_category": item.tax_category.value,
        "levy": item.levy.value if item.levy else None,
    }


def insert_item(uow: UnitOfWork, item: Item) -> bool:
    """Insert `item`; False (nothing written) if its code is taken."""
    cursor = uow.execute(
        f"""
        INSERT INTO items ({_COLUMNS})
        VALUES (%(id)s, %(code)s, %(name)s, %(kind)s, %(classification_code)s, %(unit_code)s,
                %(packaging_code)s, %(tax_category)s, %(levy)s, %(rrp)s, %(default_price)s,
                %(price_includes_vat)s, %(income_account_id)s, %(stock_tracked)s, %(archived_at)s,
                %(origin_country)s)
        ON CONFLICT (code) DO NOTHING
        """,
        _params(item),
    )
    return cursor.rowcount == 1


def update_item(uow: UnitOfWork, item: Item) -> bool:
    """Write every field of `item`; False if another item has its code."""
    clash = uow.fetch_one("SELECT 1 FROM items WHERE code = %(code)s AND id <> %(id)s", _params(item))
    if clash:
        return False
    uow.execute(
        """
        UPDATE items
        SET code = %(code)s, name = %(name)s, kind = %(kind)s, classification_code = %(classification_code)s,
            unit_code = %(unit_code)s, packaging_code = %(packaging_code)s, tax_category = %(tax_category)s,
            levy = %(levy)s, rrp = %(rrp)s, default_price = %(default_price)s,
            price_includes_vat = %(price_includes_vat)s, income_account_id = %(income_account_id)s,
            stock_tracked = %(stock_tracked)s, archived_at = %(archived_at)s, origin_country = %(origin_country)s,
            updated_at = now()
        WHERE id = %(id)s
        """,
        _params(item),
    )
    return True


def get_item(uow: UnitOfWork, item_id: UUID) -> Item | None:
    """The item with `item_id`, or None."""
    row = uow.fetch_one(f"SELECT {_COLUMNS} FROM items WHERE id = %(id)s", {"id": item_id})
    return item_from_row(row) if row else None


def items_by_ids(uow: UnitOfWork, item_ids: Iterable[UUID]) -> dict[UUID, Item]:
    """The items among `item_ids` that exist, by id (one statement for a document's lines)."""
    ids = list(set(item_ids))
    if not ids:
        return {}
    rows = uow.fetch_all(f"SELECT {_COLUMNS} FROM items WHERE id = ANY(%(ids)s)", {"ids": ids})
    return {row["id"]: item_from_row(row) for row in rows}


def list_items(
    uow: UnitOfWork,
    *,
    search: str | None,
    include_archived: bool,
    after: tuple[str, UUID] | None,
    limit: int,
    kind: ItemKind | None = None,
    tax_category: TaxCategory | None = None,
) -> list[tuple[str, Item]]:
    """Up to `limit` items by name after the keyset position `after`, each with its sort key."""
    rows = uow.fetch_all(
        f"""
        SELECT lower(name) AS sort_key, {_COLUMNS} FROM items
        WHERE (%(search)s::text IS NULL OR name ILIKE '%%' || %(search)s || '%%' OR code ILIKE %(search)s || '%%')
          AND (%(kind)s::text IS NULL OR kind = %(kind)s)
          AND (%(tax_category)s::text IS NULL OR tax_category = %(tax_category)s)
          AND (%(include_archived)s OR archived_at IS NULL)
          AND (%(after_key)s::text IS NULL OR (lower(name), id) > (%(after_key)s, %(after_id)s))
        ORDER BY lower(name), id
        LIMIT %(limit)s
        """,
        {
            "search": search,
            "kind": kind.value if kind else None,
            "tax_category": tax_category.value if tax_category else None,
            "include_archived": include_archived,
            "after_key": after[0] if after else None,
            "after_id": after[1] if after else None,
            "limit": limit,
        },
    )
    return [(row.pop("sort_key"), item_from_row(row)) for row in rows]
