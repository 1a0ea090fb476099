"""SQL for the chart of accounts, inside the caller's tenant unit of work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from shared_code.ledger.model import Account, AccountType, CashFlowClass
from shared_code.platform.db import Row, UnitOfWork

_ACCOUNT_COLUMNS = """
    id, code, name, account_type, subtype, cash_flow_class, parent_id, is_header, is_system, role,
    description, archived_at
"""


def account_from_row(row: Row) -> Account:
    """An `Account` from a row of `accounts`."""
    return Account(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        account_type=AccountType(row["account_type"]),
        subtype=row["subtype"],
        cash_flow_class=CashFlowClass(row["cash_flow_class"]) if row["cash_flow_class"] else None,
        parent_id=row["parent_id"],
        is_header=row["is_header"],
        is_system=row["is_system"],
        role=row["role"],
        description=row["description"],
        archived_at=row["archived_at"],
    )


def _account_params(account: Account) -> dict[str, object]:
    return {
        "id": account.id,
        "code": account.code,
        "name": account.name,
        "account_type": account.account_type.value,
        "subtype": account.subtype,
        "cash_flow_class": account.cash_flow_class.value if account.cash_flow_class else None,
        "parent_id": account.parent_id,
        "is_header": account.is_header,
        "is_system": account.is_system,
        "role": account.role,
        "description": account.description,
        "archived_at": account.archived_at,
    }


def insert_account(uow: UnitOfWork, account: Account, *, skip_existing: bool = False) -> bool:
    """Insert `account`; with `skip_existing`, a clash on code or role inserts nothing.

    Returns True if a row was inserted.
    """
    conflict = "ON CONFLICT DO NOTHING" if skip_existing else ""
    cursor = uow.execute(
        f"""
        INSERT INTO accounts (id, code, name, account_type, subtype, cash_flow_class, parent_id,
                              is_header, is_system, role, description, archived_at)
        VALUES (%(id)s, %(code)s, %(name)s, %(account_type)s, %(subtype)s, %(cash_flow_class)s,
                %(parent_id)s, %(is_header)s, %(is_system)s, %(role)s, %(description)s, %(archived_at)s)
        {conflict}
        """,
        _account_params(account),
    )
    return cursor.rowcount == 1


def update_account(uow: UnitOfWork, account: Account) -> None:
    """Write every changeable field of `account`."""
    uow.execute(
        """
        UPDATE accounts
        SET code = %(code)s, name = %(name)s, account_type = %(account_type)s, subtype = %(subtype)s,
            cash_flow_class = %(cash_flow_class)s, parent_id = %(parent_id)s, is_header = %(is_header)s,
            description = %(description)s, archived_at = %(archived_at)s, updated_at = now()
        WHERE id = %(id)s
        """,
        _account_params(account),
    )


def delete_account(uow: UnitOfWork, account_id: UUID) -> None:
    """Delete an account (the caller has checked it has no postings or children)."""
    uow.execute("DELETE FROM accounts WHERE id = %(id)s", {"id": account_id})


def get_account(uow: UnitOfWork, account_id: UUID) -> Account | None:
    """One account, or None."""
    row = uow.fetch_one(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE id = %(id)s", {"id": account_id})
    return account_from_row(row) if row else None


def account_by_code(uow: UnitOfWork, code: str) -> Account | None:
    """The account with `code`, or None."""
    row = uow.fetch_one(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE code = %(code)s", {"code": code})
    return account_from_row(row) if row else None


def accounts_by_roles(uow: UnitOfWork, roles: Iterable[str]) -> dict[str, Account]:
    """The accounts that play `roles`, by role (roles no account plays are absent)."""
    wanted = list(set(roles))
    if not wanted:
        return {}
    rows = uow.fetch_all(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE role = ANY(%(roles)s)", {"roles": wanted})
    return {row["role"]: account_from_row(row) for row in rows}


def accounts_by_ids(uow: UnitOfWork, account_ids: Iterable[UUID]) -> dict[UUID, Account]:
    """The accounts among `account_ids` that exist, by id."""
    ids = list(set(account_ids))
    if not ids:
        return {}
    rows = uow.fetch_all(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE id = ANY(%(ids)s)", {"ids": ids})
    return {row["id"]: account_from_row(row) for row in rows}


@dataclass(frozen=True)
class AccountFilter:
    """Which accounts a chart listing shows."""

    search: str | None = None
    """Matches the start of the code or any part of the name, case-insensitively."""
    account_type: AccountType | None = None
    """Only this type."""
    subtype: str | None = None
    """Only this subtype."""
    include_archived: bool = False
    """Also archived accounts."""
    postable_only: bool = False
    """Leave out headers (and archived accounts)."""
    after_code: str | None = None
    """Keyset cursor: codes after this one."""
    limit: int = 500
    """At most this many."""


def list_accounts(uow: UnitOfWork, where: AccountFilter) -> list[Account]:
    """Accounts matching `where`, in code order."""
    pattern = None
    prefix = None
    if where.search:
        escaped = where.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        prefix = f"{escaped.upper()}%"
    rows = uow.fetch_all(
        f"""
        SELECT {_ACCOUNT_COLUMNS} FROM accounts
        WHERE (%(pattern)s::text IS NULL OR name ILIKE %(pattern)s OR code LIKE %(prefix)s)
          AND (%(account_type)s::text IS NULL OR account_type = %(account_type)s)
          AND (%(subtype)s::text IS NULL OR subtype = %(subtype)s)
          AND (%(include_archived)s OR archived_at IS NULL)
          AND (NOT %(postable_only)s OR (NOT is_header AND archived_at IS NULL))
          AND (%(after_code)s::text IS NULL OR code > %(after_code)s)
        ORDER BY code
        LIMIT %(limit)s
        """,
        {
            "pattern": pattern,
            "prefix": prefix,
            "account_type": where.account_type.value if where.account_type else None,
            "subtype": where.subtype,
            "include_archived": where.include_archived,
            "postable_only": where.postable_only,
            "after_code": where.after_code,
            "limit": where.limit,
        },
    )
    return [account_from_row(row) for row in rows]


def account_has_postings(uow: UnitOfWork, account_id: UUID) -> bool:
    """True if any journal line names the account."""
    row = uow.fetch_one(
        "SELECT EXISTS (SELECT 1 FROM journal_lines WHERE account_id = %(id)s) AS used", {"id": account_id}
    )
    return bool(row and row["used"])


def child_accounts(uow: UnitOfWork, account_id: UUID) -> list[Account]:
    """The accounts directly under `account_id`, archived ones included."""
    rows = uow.fetch_all(
        f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE parent_id = %(id)s ORDER BY code", {"id": account_id}
    )
    return [account_from_row(row) for row in rows]


def ancestor_ids(uow: UnitOfWork, account_id: UUID) -> list[UUID]:
    """`account_id` and every header above it, nearest first."""
    rows = uow.fetch_all(
        """
        WITH RECURSIVE up (id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM accounts WHERE id = %(id)s
            UNION ALL
            SELECT a.id, a.parent_id, up.depth + 1 FROM accounts a JOIN up ON a.id = up.parent_id
            WHERE up.depth < 100
        )
        SELECT id FROM up ORDER BY depth
        """,
        {"id": account_id},
    )
    return [row["id"] for row in rows]
