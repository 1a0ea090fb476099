"""Items (goods and services): create, change, read and list them."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from shared_code.ledger import accounts
from shared_code.ledger.model import Account, AccountType
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.paging import Page, cursor_part, decode_cursor, encode_cursor, page_of
from shared_code.sales import item_repository
from shared_code.sales.errors import item_not_found, rejected
from shared_code.sales.model import Item, ItemKind, item_problems
from shared_code.sales.tax import TaxCategory

_CURSOR = "items"


def _problems(uow: UnitOfWork, item: Item) -> list[FieldError]:
    problems = item_problems(item)
    if item.income_account_id is not None:
        problems.extend(income_account_problems(uow, item.income_account_id, "income_account_id"))
    return problems


def income_account_problems(uow: UnitOfWork, account_id: UUID, field: str) -> list[FieldError]:
    """Why `account_id` cannot take sales (not an income account, a header, archived)."""
    return income_account_problem(accounts.accounts_by_ids(uow, [account_id]).get(account_id), field)


def income_account_problem(account: Account | None, field: str) -> list[FieldError]:
    """Why `account` (None: not in this organization) cannot take sales."""
    if account is None:
        return [FieldError(field, "account_not_found", "No such account in this organization.")]
    if account.account_type is not AccountType.INCOME or not account.is_postable:
        return [FieldError(field, "account_not_income", f"{account.code} cannot take sales.")]
    return []


def _clean(item: Item) -> Item:
    return replace(item, code=item.code.strip(), name=" ".join(item.name.split()))


def create_item(uow: UnitOfWork, item: Item) -> Item:
    """Save a new item; 422 with every problem, or `item_code_taken`, and nothing written."""
    clean = _clean(item)
    problems = _problems(uow, clean)
    if problems:
        raise rejected(problems, "The item cannot be saved.")
    if not item_repository.insert_item(uow, clean):
        raise rejected(
            [FieldError("code", "item_code_taken", "Another item has this code.")], "The item cannot be saved."
        )
    return clean


def update_item(uow: UnitOfWork, item: Item) -> Item:
    """Replace an item's fields; 404 if there is none, 422 if the change breaks a rule."""
    if item_repository.get_item(uow, item.id) is None:
        raise item_not_found()
    clean = _clean(item)
    problems = _problems(uow, clean)
    if problems:
        raise rejected(problems, "The item cannot be saved.")
    if not item_repository.update_item(uow, clean):
        raise rejected(
            [FieldError("code", "item_code_taken", "Another item has this code.")], "The item cannot be saved."
        )
    return clean


def get_item(uow: UnitOfWork, item_id: UUID) -> Item:
    """One item; 404 `item_not_found` if there is none."""
    item = item_repository.get_item(uow, item_id)
    if item is None:
        raise item_not_found()
    return item


def list_items(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    kind: ItemKind | None = None,
    tax_category: TaxCategory | None = None,
    include_archived: bool = False,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Item]:
    """Items by name, a page at a time, filtered by a search term, kind and tax category."""
    after = None
    if cursor:
        key, last_id = decode_cursor(_CURSOR, cursor, 2)
        after = (key, cursor_part(UUID, last_id))
    rows = item_repository.list_items(
        uow,
        search=search or None,
        kind=kind,
        tax_category=tax_category,
        include_archived=include_archived,
        after=after,
        limit=limit + 1,
    )
    keys = {item.id: key for key, item in rows}
    return page_of([item for _, item in rows], limit, lambda i: encode_cursor(_CURSOR, keys[i.id], str(i.id)))
