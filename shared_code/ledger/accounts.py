"""Chart of accounts use cases: create, change, archive, delete, find.

Each takes the caller's tenant `UnitOfWork` and does not commit. Validation lists every
problem at once (422); a change the account's postings, balance or children forbid is a
409 with its own code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from typing import TypeVar
from uuid import UUID

from shared_code.ledger import account_repository, balance_repository
from shared_code.ledger.account_repository import AccountFilter
from shared_code.ledger.errors import account_not_found, account_rejected, conflict
from shared_code.ledger.model import (
    CASH_SUBTYPES,
    MAX_PAGE_SIZE,
    SUBTYPES,
    Account,
    AccountType,
    CashFlowClass,
    default_cash_flow_class,
)
from shared_code.platform.clock import Clock, SystemClock
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.ids import new_id
from shared_code.platform.paging import Page, decode_cursor, encode_cursor, page_of

_CODE = re.compile(r"^[0-9A-Z][0-9A-Z-]{0,19}$")
MAX_NAME = 200
MAX_DESCRIPTION = 1000


class Unchanged(Enum):
    """Marks a field an update leaves as it is (None is a value: "no parent")."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED
T = TypeVar("T")


@dataclass(frozen=True)
class NewAccount:
    """What a user gives to create an account."""

    code: str
    """Unique code; upper-cased."""
    name: str
    """Name."""
    account_type: AccountType
    """Type."""
    subtype: str
    """Subtype allowed for the type."""
    parent_id: UUID | None = None
    """Header to put it under."""
    is_header: bool = False
    """True for a grouping account that takes no postings."""
    cash_flow_class: CashFlowClass | Unchanged | None = UNCHANGED
    """Cash-flow class; left out, it follows the subtype."""
    description: str = ""
    """Notes."""


@dataclass(frozen=True)
class AccountChanges:
    """What a user changes on an account; `UNCHANGED` fields stay as they are."""

    code: str | Unchanged = UNCHANGED
    name: str | Unchanged = UNCHANGED
    account_type: AccountType | Unchanged = UNCHANGED
    subtype: str | Unchanged = UNCHANGED
    parent_id: UUID | Unchanged | None = UNCHANGED
    is_header: bool | Unchanged = UNCHANGED
    cash_flow_class: CashFlowClass | Unchanged | None = UNCHANGED
    description: str | Unchanged = UNCHANGED


def create_account(uow: UnitOfWork, new: NewAccount) -> Account:
    """Add an account to the chart."""
    cash_flow_class = default_cash_flow_class(new.subtype) if new.cash_flow_class is UNCHANGED else new.cash_flow_class
    account = Account(
        id=new_id(),
        code=new.code.strip().upper(),
        name=new.name.strip(),
        account_type=new.account_type,
        subtype=new.subtype,
        cash_flow_class=cash_flow_class,
        parent_id=new.parent_id,
        is_header=new.is_header,
        is_system=False,
        role=None,
        description=new.description.strip(),
        archived_at=None,
    )
    errors = _problems(uow, account, original=None)
    if errors:
        raise account_rejected(errors)
    account_repository.insert_account(uow, account)
    return account


def update_account(uow: UnitOfWork, account_id: UUID, changes: AccountChanges) -> Account:
    """Rename, renumber, move or reclassify an account.

    An account with postings keeps its type and cannot become a header; a header with
    accounts under it cannot become postable.
    """
    original = get_account(uow, account_id)
    updated = _apply(original, changes)
    if updated == original:
        return original
    errors = _problems(uow, updated, original=original)
    if errors:
        raise account_rejected(errors)
    account_repository.update_account(uow, updated)
    return updated


def _apply(original: Account, changes: AccountChanges) -> Account:
    subtype = _pick(changes.subtype, original.subtype)
    default_class = original.cash_flow_class if changes.subtype is UNCHANGED else default_cash_flow_class(subtype)
    return replace(
        original,
        code=_pick(changes.code, original.code).strip().upper(),
        name=_pick(changes.name, original.name).strip(),
        account_type=_pick(changes.account_type, original.account_type),
        subtype=subtype,
        parent_id=_pick(changes.parent_id, original.parent_id),
        is_header=_pick(changes.is_header, original.is_header),
        cash_flow_class=_pick(changes.cash_flow_class, default_class),
        description=_pick(changes.description, original.description).strip(),
    )


def _pick(value: T | Unchanged, current: T) -> T:
    return current if isinstance(value, Unchanged) else value


def archive_account(uow: UnitOfWork, account_id: UUID, *, clock: Clock | None = None) -> Account:
    """Hide an account from new postings; its history stays. Needs a zero balance and
    no active accounts under it."""
    account = get_account(uow, account_id)
    if account.is_archived:
        return account
    if any(not child.is_archived for child in account_repository.child_accounts(uow, account_id)):
        raise conflict("account_has_active_children", "Archive the accounts under this header first.")
    balance = balance_repository.latest_balance(uow, account_id)
    if balance != 0:
        raise conflict(
            "account_has_balance",
            "An account with a balance cannot be archived; move the balance first.",
            f"Balance {balance:.2f}.",
        )
    archived = replace(account, archived_at=(clock or SystemClock()).now())
    account_repository.update_account(uow, archived)
    return archived


def unarchive_account(uow: UnitOfWork, account_id: UUID) -> Account:
    """Bring an archived account back into use."""
    account = get_account(uow, account_id)
    if not account.is_archived:
        return account
    if account.parent_id is not None:
        parent = account_repository.get_account(uow, account.parent_id)
        if parent is not None and parent.is_archived:
            raise conflict("parent_archived", "Unarchive the header above this account first.")
    restored = replace(account, archived_at=None)
    account_repository.update_account(uow, restored)
    return restored


def delete_account(uow: UnitOfWork, account_id: UUID) -> None:
    """Delete an account made by mistake: only one with no postings, no accounts under it
    and no system role. Anything else is archived instead."""
    account = get_account(uow, account_id)
    if account_repository.account_has_postings(uow, account_id):
        raise conflict("account_has_postings", "An account with postings cannot be deleted; archive it.")
    if account_repository.child_accounts(uow, account_id):
        raise conflict("account_has_children", "Move or delete the accounts under this header first.")
    if account.role is not None:
        raise conflict("account_is_system", "IntelliFin posts to this account; archive it instead.")
    account_repository.delete_account(uow, account_id)


def get_account(uow: UnitOfWork, account_id: UUID) -> Account:
    """One account; 404 `account_not_found` if this organization has none with that id."""
    account = account_repository.get_account(uow, account_id)
    if account is None:
        raise account_not_found()
    return account


def account_for_role(uow: UnitOfWork, role: str) -> Account:
    """The account that plays `role` (`vat_output`, `trade_receivables`, …) for builders.

    409 `account_role_missing` if the organization's chart has none.
    """
    return accounts_for_roles(uow, [role])[role]


def accounts_for_roles(uow: UnitOfWork, roles: Iterable[str]) -> dict[str, Account]:
    """The accounts that play each of `roles`, by role, in one read: what a builder that needs
    several roles asks for. 409 `account_role_missing` naming the first role the chart lacks."""
    wanted = sorted(set(roles))
    found = accounts_playing(uow, wanted)
    for role in wanted:
        if role not in found:
            raise conflict("account_role_missing", f"The chart of accounts has no {role} account.")
    return found


def accounts_playing(uow: UnitOfWork, roles: Iterable[str]) -> dict[str, Account]:
    """The accounts that play any of `roles`, by role; a role no account plays is absent."""
    return account_repository.accounts_by_roles(uow, roles)


def accounts_by_ids(uow: UnitOfWork, account_ids: Iterable[UUID]) -> dict[UUID, Account]:
    """The accounts among `account_ids` that exist in this organization, by id."""
    return account_repository.accounts_by_ids(uow, account_ids)


def list_accounts(uow: UnitOfWork, where: AccountFilter, cursor: str | None = None) -> Page[Account]:
    """Accounts in code order, filtered and searched, a page at a time."""
    limit = max(1, min(where.limit, MAX_PAGE_SIZE))
    after = decode_cursor("accounts", cursor, 1)[0] if cursor else None
    rows = account_repository.list_accounts(uow, replace(where, after_code=after, limit=limit + 1))
    return page_of(rows, limit, lambda last: encode_cursor("accounts", last.code))


def whole_chart(uow: UnitOfWork) -> list[Account]:
    """Every account, headers and archived ones included, in code order."""
    accounts: list[Account] = []
    after: str | None = None
    while True:
        page = account_repository.list_accounts(uow, AccountFilter(include_archived=True, after_code=after, limit=1000))
        accounts.extend(page)
        if len(page) < 1000:
            return accounts
        after = page[-1].code


def _problems(uow: UnitOfWork, account: Account, *, original: Account | None) -> list[FieldError]:
    errors = account_shape_problems(account)
    if _CODE.match(account.code) and (original is None or account.code != original.code):
        clash = account_repository.account_by_code(uow, account.code)
        if clash is not None and clash.id != account.id:
            errors.append(FieldError("code", "code_taken", f"Another account already has code {account.code}."))
    errors.extend(_parent_problems(uow, account))
    if original is not None:
        errors.extend(_history_problems(uow, account, original))
    return errors


def account_shape_problems(account: Account) -> list[FieldError]:
    """What is wrong with an account on its own (code, name, subtype, cash-flow class)."""
    errors = []
    if not _CODE.match(account.code):
        errors.append(
            FieldError("code", "code_invalid", "1 to 20 digits, capital letters or hyphens, e.g. 1150 or 1150-01.")
        )
    if not account.name:
        errors.append(FieldError("name", "name_required", "Give the account a name."))
    elif len(account.name) > MAX_NAME:
        errors.append(FieldError("name", "name_too_long", f"At most {MAX_NAME} characters."))
    if account.subtype not in SUBTYPES[account.account_type]:
        allowed = ", ".join(sorted(SUBTYPES[account.account_type]))
        errors.append(
            FieldError("subtype", "subtype_invalid", f"A {account.account_type} account's subtype is one of {allowed}.")
        )
    if account.subtype in CASH_SUBTYPES and account.cash_flow_class is not None:
        errors.append(
            FieldError("cash_flow_class", "cash_flow_class_not_allowed", "Cash accounts are the cash flow itself.")
        )
    if len(account.description) > MAX_DESCRIPTION:
        errors.append(FieldError("description", "description_too_long", f"At most {MAX_DESCRIPTION} characters."))
    return errors


def _parent_problems(uow: UnitOfWork, account: Account) -> list[FieldError]:
    if account.parent_id is None:
        return []
    parent = account_repository.get_account(uow, account.parent_id)
    if parent is None:
        return [FieldError("parent_id", "parent_not_found", "No such account in this organization.")]
    errors = []
    if not parent.is_header:
        errors.append(FieldError("parent_id", "parent_not_header", f"{parent.code} is not a header account."))
    if parent.account_type != account.account_type:
        errors.append(
            FieldError("parent_id", "parent_type_mismatch", f"{parent.code} is a {parent.account_type} header.")
        )
    if parent.is_archived and not account.is_archived:
        errors.append(FieldError("parent_id", "parent_archived", f"{parent.code} is archived."))
    if account.id in account_repository.ancestor_ids(uow, parent.id):
        errors.append(FieldError("parent_id", "parent_cycle", "An account cannot sit under itself."))
    return errors


def _history_problems(uow: UnitOfWork, account: Account, original: Account) -> list[FieldError]:
    errors = []
    type_changed = account.account_type != original.account_type
    becomes_header = account.is_header and not original.is_header
    if (type_changed or becomes_header) and account_repository.account_has_postings(uow, account.id):
        field = "account_type" if type_changed else "is_header"
        errors.append(
            FieldError(field, "account_has_postings", "An account with postings keeps its type and stays postable.")
        )
    if type_changed or (original.is_header and not account.is_header):
        children = account_repository.child_accounts(uow, account.id)
        if children:
            field = "account_type" if type_changed else "is_header"
            errors.append(FieldError(field, "account_has_children", "Move the accounts under this header first."))
    return errors
