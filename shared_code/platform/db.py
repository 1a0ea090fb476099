"""PostgreSQL access: a connection pool and the unit of work every use case runs in.

Tenancy is one schema per organization. A unit of work opened for a tenant starts its
transaction with `set_config('search_path', <tenant schema>, true)` (the SQL form of
`SET LOCAL`), so the scope ends with the transaction and a pooled connection can never
carry one tenant's scope into the next request. A unit of work opened without a tenant
points its search path at a schema that does not exist, so SQL that touches tenant tables
without a tenant scope fails loudly instead of reading the wrong data.
"""

from __future__ import annotations

import re
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Protocol, Self
from uuid import UUID

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from shared_code.platform.errors import TenantScopeRequired

PLATFORM_SCHEMA = "platform"
NO_TENANT_SCHEMA = "no_tenant_scope"
"""Search path of an unscoped unit of work: it never exists, so tenant SQL fails loudly."""

_TENANT_SCHEMA = re.compile(r"^tenant_[0-9a-f]{32}$")

CHECK_AFTER_IDLE_SECONDS = 2.0
"""A pooled connection idle longer than this is checked (one empty round trip) before it
is handed out; one back from use a moment ago is not, so a busy server does not pay a
round trip per unit of work to learn what the last one just proved."""

Params = Mapping[str, Any] | Sequence[Any] | None
Row = dict[str, Any]


def tenant_schema_name(tenant_id: UUID) -> str:
    """The schema that holds one organization's data: `tenant_<uuid hex>`."""
    return f"tenant_{tenant_id.hex}"


def is_tenant_schema(name: str) -> bool:
    """True for names produced by `tenant_schema_name`."""
    return bool(_TENANT_SCHEMA.match(name))


class Database:
    """The connection pool of one PostgreSQL database."""

    def __init__(
        self,
        url: str,
        *,
        min_size: int = 1,
        max_size: int = 10,
        statement_timeout_ms: int = 30_000,
        name: str = "intellifin",
        password_provider: Callable[[], str] | None = None,
    ) -> None:
        self.url = url
        self._statement_timeout_ms = statement_timeout_ms
        self._returned_at: weakref.WeakKeyDictionary[psycopg.Connection[Any], float] = weakref.WeakKeyDictionary()
        self._pool = ConnectionPool(
            url,
            connection_class=_connection_class(password_provider),
            min_size=min_size,
            max_size=max_size,
            open=False,
            name=name,
            kwargs={"autocommit": False, "row_factory": dict_row},
            configure=self._configure,
            check=self._check_if_idle,
            reset=self._note_return,
        )

    def _note_return(self, conn: psycopg.Connection[Any]) -> None:
        self._returned_at[conn] = time.monotonic()

    def _check_if_idle(self, conn: psycopg.Connection[Any]) -> None:
        returned = self._returned_at.get(conn)
        if returned is None or time.monotonic() - returned > CHECK_AFTER_IDLE_SECONDS:
            ConnectionPool.check_connection(conn)

    def _configure(self, conn: psycopg.Connection[Any]) -> None:
        conn.execute(
            "SELECT set_config('statement_timeout', %s, false)",
            [str(self._statement_timeout_ms)],
        )
        conn.execute("SELECT set_config('TimeZone', 'UTC', false)")
        conn.commit()

    def open(self, wait: bool = True, timeout: float = 30.0) -> None:
        """Open the pool (idempotent)."""
        self._pool.open(wait=wait, timeout=timeout)

    def close(self) -> None:
        """Close every pooled connection."""
        self._pool.close()

    def unit_of_work(self, tenant_id: UUID | None = None) -> UnitOfWork:
        """A transaction on one pooled connection, scoped to `tenant_id` if given."""
        return UnitOfWork(self._pool, tenant_id)

    def read_snapshot(self, tenant_id: UUID) -> UnitOfWork:
        """A read-only transaction that sees one snapshot of the tenant throughout (REPEATABLE
        READ): several reports read in it agree with each other whatever commits meanwhile."""
        return UnitOfWork(self._pool, tenant_id, snapshot=True)

    @contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[psycopg.Connection[Row]]:
        """A raw pooled connection (migrations, health checks): caller manages transactions.

        Waits at most `timeout` seconds for a connection (the pool's default if None).
        """
        with self._pool.connection(timeout=timeout) as conn:
            yield conn


def _connection_class(password_provider: Callable[[], str] | None) -> type[psycopg.Connection[Any]]:
    """Connections that take a fresh password (an Entra token) from `password_provider`."""
    if password_provider is None:
        return psycopg.Connection
    provide_password = password_provider

    class TokenConnection(psycopg.Connection[Any]):
        @classmethod
        def connect(cls, conninfo: str = "", **kwargs: Any) -> Self:
            kwargs["password"] = provide_password()
            return super().connect(conninfo, **kwargs)

    return TokenConnection


ENTRA_POSTGRES_SCOPE = "https://ossrdbms-aad.database.windows.net/.default"


def entra_token_provider() -> Callable[[], str]:
    """Passwords for Azure Database for PostgreSQL: the managed identity's Entra token.

    azure-identity caches the token and renews it before it expires (about an hour), so
    each new pooled connection gets a valid one.
    """
    from azure.identity import DefaultAzureCredential

    credential = DefaultAzureCredential()
    return lambda: str(credential.get_token(ENTRA_POSTGRES_SCOPE).token)


class Transactions(Protocol):
    """Opens units of work: what a use case takes when it must commit more than once."""

    def unit_of_work(self, tenant_id: UUID | None = None) -> UnitOfWork:
        """A new transaction, scoped to `tenant_id`'s schema when one is given."""
        ...


class UnitOfWork:
    """One transaction: commit is explicit, anything else rolls back.

    Use as `with db.unit_of_work(tenant_id) as uow: ...; uow.commit()`.
    """

    def __init__(self, pool: ConnectionPool, tenant_id: UUID | None, *, snapshot: bool = False) -> None:
        self._pool = pool
        self.tenant_id = tenant_id
        self._snapshot = snapshot
        self._conn_cm: Any = None
        self._conn: psycopg.Connection[Row] | None = None
        self._committed = False

    def __enter__(self) -> Self:
        self._conn_cm = self._pool.connection()
        self._conn = self._conn_cm.__enter__()
        if self._snapshot:
            # Must be the transaction's first statement; the snapshot is taken at the next one.
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        search_path = tenant_schema_name(self.tenant_id) if self.tenant_id is not None else NO_TENANT_SCHEMA
        self._conn.execute("SELECT set_config('search_path', %s, true)", [search_path])
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn = self._conn
        try:
            if conn is not None and not self._committed and not conn.closed:
                conn.rollback()
        finally:
            self._conn = None
            self._conn_cm.__exit__(exc_type, exc, tb)

    @property
    def connection(self) -> psycopg.Connection[Row]:
        """The connection of this unit of work (inside the `with` block only)."""
        if self._conn is None:
            raise RuntimeError("unit of work used outside its `with` block")
        return self._conn

    def require_tenant(self) -> UUID:
        """The tenant of this unit of work; raises if it has none."""
        if self.tenant_id is None:
            raise TenantScopeRequired()
        return self.tenant_id

    def execute(self, query: str | sql.Composable, params: Params = None) -> psycopg.Cursor[Row]:
        """Run one statement in this transaction."""
        try:
            return self.connection.execute(query, params)  # type: ignore[arg-type]
        except psycopg.errors.UndefinedTable as error:
            if self.tenant_id is None:
                raise TenantScopeRequired() from error
            raise

    def fetch_one(self, query: str | sql.Composable, params: Params = None) -> Row | None:
        """The first row of a query, or None."""
        return self.execute(query, params).fetchone()

    def fetch_all(self, query: str | sql.Composable, params: Params = None) -> list[Row]:
        """Every row of a query."""
        return self.execute(query, params).fetchall()

    def commit(self) -> None:
        """Commit the transaction. The unit of work cannot be used for more writes after."""
        self.connection.commit()
        self._committed = True
