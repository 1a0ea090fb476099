"""SQL for linked wallets and their shared access tokens."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from shared_code.platform.db import Row, UnitOfWork

_COLUMNS = (
    "id, name, msisdn, environment, base_url, credentials, client_id_hint, account_id, status, linked_at, "
    "unlinked_at, last_synced_at, sync_cursor, balance, balance_at"
)


def insert_wallet(
    uow: UnitOfWork,
    *,
    wallet_id: UUID,
    name: str,
    msisdn: str,
    environment: str,
    base_url: str,
    credentials: bytes,
    client_id_hint: str,
    account_id: UUID,
    linked_by: UUID,
    at: datetime,
    balance: Decimal | None,
) -> bool:
    """Add a linked wallet; False if the number is linked already."""
    row = uow.fetch_one(
        """
        INSERT INTO mobile_money_wallets (id, name, msisdn, environment, base_url, credentials, client_id_hint,
            account_id, linked_by, linked_at, balance, balance_at)
        VALUES (%(id)s, %(name)s, %(msisdn)s, %(environment)s, %(base_url)s, %(credentials)s, %(hint)s,
            %(account)s, %(by)s, %(at)s, %(balance)s, CASE WHEN %(balance)s::numeric IS NULL THEN NULL ELSE %(at)s END)
        ON CONFLICT (msisdn) WHERE status = 'linked' DO NOTHING
        RETURNING id
        """,
        {
            "id": wallet_id,
            "name": name,
            "msisdn": msisdn,
            "environment": environment,
            "base_url": base_url,
            "credentials": credentials,
            "hint": client_id_hint,
            "account": account_id,
            "by": linked_by,
            "at": at,
            "balance": balance,
        },
    )
    return row is not None


def get_wallet(uow: UnitOfWork, wallet_id: UUID, *, for_update: bool = False) -> Row | None:
    """One wallet."""
    lock = " FOR UPDATE" if for_update else ""
    return uow.fetch_one(f"SELECT {_COLUMNS} FROM mobile_money_wallets WHERE id = %(id)s{lock}", {"id": wallet_id})


def list_wallets(uow: UnitOfWork, *, include_unlinked: bool) -> list[Row]:
    """The organization's wallets, linked first, by name."""
    return uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM mobile_money_wallets
        WHERE %(all)s OR status = 'linked' ORDER BY status, name, id
        """,
        {"all": include_unlinked},
    )


def wallet_accounts_in_use(uow: UnitOfWork) -> set[UUID]:
    """The ledger accounts wallets (linked or not) are tied to."""
    return {row["account_id"] for row in uow.fetch_all("SELECT DISTINCT account_id FROM mobile_money_wallets", {})}


def unlink_wallet(uow: UnitOfWork, wallet_id: UUID, *, by: UUID, at: datetime) -> None:
    """Mark the wallet unlinked and forget its token (credentials stay, encrypted, for the record)."""
    uow.execute(
        """
        UPDATE mobile_money_wallets SET status = 'unlinked', unlinked_by = %(by)s, unlinked_at = %(at)s
        WHERE id = %(id)s AND status = 'linked'
        """,
        {"id": wallet_id, "by": by, "at": at},
    )
    uow.execute("DELETE FROM mobile_money_tokens WHERE wallet_id = %(id)s", {"id": wallet_id})


def finish_sync(uow: UnitOfWork, wallet_id: UUID, *, cursor: datetime, at: datetime, balance: Decimal | None) -> None:
    """Advance the cursor (in the transaction that stores the last rows) and note the balance."""
    uow.execute(
        """
        UPDATE mobile_money_wallets SET sync_cursor = GREATEST(coalesce(sync_cursor, %(cursor)s), %(cursor)s),
            last_synced_at = %(at)s, balance = coalesce(%(balance)s, balance),
            balance_at = CASE WHEN %(balance)s::numeric IS NULL THEN balance_at ELSE %(at)s END
        WHERE id = %(id)s
        """,
        {"id": wallet_id, "cursor": cursor, "at": at, "balance": balance},
    )


def linked_wallet_ids(uow: UnitOfWork) -> list[UUID]:
    """Every linked wallet of the organization."""
    return [row["id"] for row in uow.fetch_all("SELECT id FROM mobile_money_wallets WHERE status = 'linked'", {})]


# ---- tokens ---------------------------------------------------------------------------------


def cached_token(uow: UnitOfWork, wallet_id: UUID) -> Row | None:
    """The wallet's shared token (encrypted) and its expiry."""
    return uow.fetch_one(
        "SELECT token, expires_at FROM mobile_money_tokens WHERE wallet_id = %(id)s", {"id": wallet_id}
    )


def store_token(uow: UnitOfWork, wallet_id: UUID, *, token: bytes, expires_at: datetime, at: datetime) -> None:
    """Keep a freshly fetched token for every worker (a later expiry wins)."""
    uow.execute(
        """
        INSERT INTO mobile_money_tokens (wallet_id, token, expires_at, fetched_at)
        VALUES (%(id)s, %(token)s, %(expires)s, %(at)s)
        ON CONFLICT (wallet_id) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at,
            fetched_at = excluded.fetched_at
        WHERE mobile_money_tokens.expires_at <= excluded.expires_at
        """,
        {"id": wallet_id, "token": token, "expires": expires_at, "at": at},
    )


def evict_token(uow: UnitOfWork, wallet_id: UUID, *, expires_at: datetime) -> None:
    """Forget the token that expires at `expires_at` (not a newer one another worker stored)."""
    uow.execute(
        "DELETE FROM mobile_money_tokens WHERE wallet_id = %(id)s AND expires_at = %(expires)s",
        {"id": wallet_id, "expires": expires_at},
    )
