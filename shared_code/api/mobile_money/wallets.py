"""Airtel Money wallets: link (verified with Airtel before anything is saved), list, get, unlink,
sync now, sync history with progress, and the integration log of their Airtel calls."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, File, Query, UploadFile, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import Cursor, Money, RequestBody, ServicesDep
from shared_code.mobile_money import import_repository, statements, sync_repository, transaction_repository, wallets
from shared_code.mobile_money.integration_log import recent_calls
from shared_code.mobile_money.model import Wallet, WalletCredentials
from shared_code.mobile_money.wallets import LinkRequest, access_of
from shared_code.platform.db import Row
from shared_code.platform.paging import cursor_part, decode_cursor, encode_cursor

router = APIRouter(prefix="/api/v1/orgs/{org_id}/wallets", tags=["mobile money"])

Manage = Annotated[OrgContext, Depends(require_permission("mobile_money:manage"))]
Read = Annotated[OrgContext, Depends(require_permission("mobile_money:read"))]


class LinkIn(RequestBody):
    """The business's own Airtel Open API app (developer portal → your app → Key management).

    Airtel has no "sign in with Airtel" for businesses: each business registers an app on
    developers.airtel.co.zm (or developers.airtel.africa), subscribes it to the
    Transactions-Summary product (and Account, for the balance), and copies its client id and
    secret here. UAT keys work against `uat`; live keys need Airtel's approval (KYC).
    """

    name: str = Field(min_length=1, max_length=100, examples=["Main till"])
    environment: Literal["uat", "live", "uat_africa", "live_africa", "custom"] = "live"
    base_url: str | None = Field(default=None, max_length=300, examples=["https://openapi.airtel.co.zm"])
    """Only with `custom`: the Open API's base URL."""
    msisdn: str = Field(min_length=1, max_length=30, examples=["0971234567"])
    """The merchant number (097…, 077… or 057…); stored as the API's 9 digits."""
    client_id: str = Field(min_length=1, max_length=200)
    client_secret: str = Field(min_length=1, max_length=500)
    signing_key: str | None = Field(default=None, max_length=5000)
    """Where message signing is on: the RSA public key Airtel shows (not needed to sync)."""
    pin: str | None = Field(default=None, max_length=2000)
    """A pre-encrypted PIN, where the portal issues one (not needed to sync)."""


class WalletOut(BaseModel):
    """A linked wallet (its credentials are never shown; `client_id_hint` is the id's last four)."""

    id: UUID
    name: str
    msisdn: str
    environment: str
    base_url: str
    account_id: UUID
    status: str
    linked_at: datetime
    unlinked_at: datetime | None
    last_synced_at: datetime | None
    sync_cursor: datetime | None
    balance: Money | None
    balance_at: datetime | None
    client_id_hint: str
    transactions: int = 0
    uncategorised: int = 0
    """Successful transactions not yet categorised (the inbox)."""


class WalletList(BaseModel):
    """The organization's wallets."""

    items: list[WalletOut]


def _out(wallet: Wallet, counts: dict[UUID, tuple[int, int]]) -> WalletOut:
    total, waiting = counts.get(wallet.id, (0, 0))
    return WalletOut(
        id=wallet.id,
        name=wallet.name,
        msisdn=wallet.msisdn,
        environment=wallet.environment,
        base_url=wallet.base_url,
        account_id=wallet.account_id,
        status=wallet.status,
        linked_at=wallet.linked_at,
        unlinked_at=wallet.unlinked_at,
        last_synced_at=wallet.last_synced_at,
        sync_cursor=wallet.sync_cursor,
        balance=wallet.balance,
        balance_at=wallet.balance_at,
        client_id_hint=wallet.client_id_hint,
        transactions=total,
        uncategorised=waiting,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=WalletOut)
def link_wallet(body: LinkIn, ctx: Manage, services: ServicesDep) -> WalletOut:
    """Link a wallet: IntelliFin obtains a token with the credentials (and the balance where the
    app may read it) BEFORE saving. 422 `airtel_credentials_refused` when Airtel refuses them,
    422 `not_airtel_number` for a number of another network, 503 `airtel_unreachable` when
    Airtel does not answer; nothing is saved then. A first sync is queued."""
    wallet = wallets.link_wallet(
        services.db,
        ctx.organization_id,
        LinkRequest(
            name=body.name,
            environment=body.environment,
            base_url=body.base_url,
            msisdn=body.msisdn,
            credentials=WalletCredentials(
                body.client_id.strip(), body.client_secret.strip(), body.signing_key, body.pin
            ),
        ),
        cipher=services.cipher,
        access=access_of(services),
        linked_by=ctx.user_id,
        clock=services.clock,
    )
    return _out(wallet, {})


@router.get("", response_model=WalletList)
def list_wallets(ctx: Read, services: ServicesDep, include_unlinked: bool = False) -> WalletList:
    """The organization's wallets with their balance, last sync and inbox size."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        found = wallets.list_wallets(uow, include_unlinked=include_unlinked)
        counts = transaction_repository.counts_by_wallet(uow)
    return WalletList(items=[_out(wallet, counts) for wallet in found])


@router.get("/{wallet_id}", response_model=WalletOut)
def get_wallet(wallet_id: UUID, ctx: Read, services: ServicesDep) -> WalletOut:
    """One wallet."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        wallet = wallets.get_wallet(uow, wallet_id)
        counts = transaction_repository.counts_by_wallet(uow)
    return _out(wallet, counts)


@router.delete("/{wallet_id}", response_model=WalletOut)
def unlink_wallet(wallet_id: UUID, ctx: Manage, services: ServicesDep) -> WalletOut:
    """Unlink: syncing stops and the cached token is dropped; transactions, entries and the
    wallet's ledger account stay (`status` becomes `unlinked`)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        wallet = wallets.unlink_wallet(uow, wallet_id, unlinked_by=ctx.user_id, clock=services.clock)
        counts = transaction_repository.counts_by_wallet(uow)
        uow.commit()
    return _out(wallet, counts)


class SyncRunOut(BaseModel):
    """One sync run: its window, what it read and stored, its errors, how long it took."""

    id: UUID
    wallet_id: UUID
    trigger: str
    status: str
    """`queued`, `running`, `succeeded` or `failed`."""
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_ms: int | None
    window_from: datetime | None
    window_to: datetime | None
    pages: int
    fetched: int
    """Rows read from Airtel (with the overlap, some are known already)."""
    added: int
    """Rows new to the wallet."""
    updated: int
    """Known pending rows Airtel has since settled."""
    expected: int | None
    """Rows Airtel says the window holds (`data.count`), when it says."""
    progress: float | None
    """0..1 while running, from `expected`."""
    attempts: int
    errors: list[dict[str, Any]]


def _run(row: Row) -> SyncRunOut:
    duration = None
    if row["started_at"] and row["finished_at"]:
        duration = int((row["finished_at"] - row["started_at"]).total_seconds() * 1000)
    progress = None
    if row["status"] == "succeeded":
        progress = 1.0
    elif row["expected"]:
        progress = min(1.0, row["next_offset"] / row["expected"])
    return SyncRunOut(
        id=row["id"],
        wallet_id=row["wallet_id"],
        trigger=row["trigger"],
        status=row["status"],
        requested_at=row["requested_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        duration_ms=duration,
        window_from=row["window_from"],
        window_to=row["window_to"],
        pages=row["pages"],
        fetched=row["fetched"],
        added=row["added"],
        updated=row["updated"],
        expected=row["expected"],
        progress=progress,
        attempts=row["attempts"],
        errors=list(row["errors"]),
    )


@router.post("/{wallet_id}/sync", status_code=status.HTTP_202_ACCEPTED, response_model=SyncRunOut)
def sync_now(wallet_id: UUID, ctx: Manage, services: ServicesDep) -> SyncRunOut:
    """Queue a sync now (202); while one waits or runs, that run is returned instead of a second."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        run, _ = wallets.request_sync(uow, wallet_id, trigger="manual", requested_by=ctx.user_id, clock=services.clock)
        uow.commit()
    return _run(run)


class SyncRunList(BaseModel):
    """Sync runs, newest first."""

    items: list[SyncRunOut]
    next_cursor: str | None


@router.get("/{wallet_id}/syncs", response_model=SyncRunList)
def list_syncs(
    wallet_id: UUID,
    ctx: Read,
    services: ServicesDep,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SyncRunList:
    """The wallet's sync history: runs, counts, errors, duration, and progress while one runs."""
    before = None
    if cursor:
        at, run_id = decode_cursor("wallet-syncs", cursor, 2)
        before = (cursor_part(datetime.fromisoformat, at), cursor_part(UUID, run_id))
    with services.db.unit_of_work(ctx.organization_id) as uow:
        wallets.get_wallet(uow, wallet_id)
        rows = sync_repository.list_runs(uow, wallet_id, limit=limit + 1, before=before)
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = (
        encode_cursor("wallet-syncs", rows[-1]["requested_at"].isoformat(), str(rows[-1]["id"])) if more else None
    )
    return SyncRunList(items=[_run(row) for row in rows], next_cursor=next_cursor)


class AirtelCallOut(BaseModel):
    """One Airtel call as the integration log holds it (secrets redacted)."""

    at: datetime
    method: str
    endpoint: str
    url: str
    request: str
    response: str
    http_status: int | None
    outcome: str
    duration_ms: int
    attempt: int


class AirtelCallList(BaseModel):
    """Airtel calls of the wallet, newest first."""

    items: list[AirtelCallOut]


@router.get("/{wallet_id}/calls", response_model=AirtelCallList)
def list_calls(
    wallet_id: UUID, ctx: Manage, services: ServicesDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> AirtelCallList:
    """The integration log of the wallet's Airtel calls (client secret and tokens redacted)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        wallets.get_wallet(uow, wallet_id)
    records = [
        r for r in recent_calls(services.tables, ctx.organization_id, limit=500) if r.get("wallet_id") == str(wallet_id)
    ]
    return AirtelCallList(
        items=[
            AirtelCallOut(
                at=r["at"],
                method=r["method"],
                endpoint=r["endpoint"],
                url=r["url"],
                request=r.get("request") or "",
                response=r.get("response") or "",
                http_status=r.get("http_status"),
                outcome=r["outcome"],
                duration_ms=int(r.get("duration_ms") or 0),
                attempt=int(r.get("attempt") or 1),
            )
            for r in records[:limit]
        ]
    )


class StatementProblemOut(BaseModel):
    """A row of the statement that cannot be read."""

    field: str
    """`rows.<line>.<column>`."""
    code: str
    message: str


class StatementRowOut(BaseModel):
    """A statement row as read, and whether the wallet knows it already."""

    line: int
    airtel_id: str
    occurred_at: datetime
    direction: str
    amount: Money
    charges: Money
    status: str
    counterparty_name: str
    counterparty_msisdn: str | None
    reference: str
    known: bool
    """Already stored (from a sync or an earlier import): skipped by the import."""


class StatementImportOut(BaseModel):
    """A statement upload: its preview, then the background import's progress."""

    id: UUID
    wallet_id: UUID
    file_name: str
    file_format: str
    status: str
    """`previewed`, `importing`, `imported` or `failed`."""
    rows_total: int
    rows_valid: int
    rows_known: int
    """Rows the wallet holds already (skipped)."""
    rows_new: int
    """Rows the import adds (as previewed; once imported, what it added)."""
    rows_done: int
    progress: float
    problems: list[StatementProblemOut]
    """Every row that cannot be read; while there are any, the import is refused."""
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    rows: list[StatementRowOut] | None = None
    """On the preview: the first rows read (`preview_rows` of them)."""


def _import_out(record: Row, rows: list[StatementRowOut] | None = None) -> StatementImportOut:
    valid = record["rows_valid"] or 1
    progress = 1.0 if record["status"] == "imported" else min(1.0, record["rows_done"] / valid)
    return StatementImportOut(
        id=record["id"],
        wallet_id=record["wallet_id"],
        file_name=record["file_name"],
        file_format=record["file_format"],
        status=record["status"],
        rows_total=record["rows_total"],
        rows_valid=record["rows_valid"],
        rows_known=record["rows_known"],
        rows_new=record["rows_new"],
        rows_done=record["rows_done"],
        progress=progress,
        problems=[StatementProblemOut(**problem) for problem in record["problems"]],
        created_at=record["created_at"],
        started_at=record["started_at"],
        finished_at=record["finished_at"],
        rows=rows,
    )


@router.post("/{wallet_id}/statements", status_code=status.HTTP_201_CREATED, response_model=StatementImportOut)
async def upload_statement(
    wallet_id: UUID,
    file: Annotated[UploadFile, File(description="An Airtel statement export: CSV or XLSX.")],
    ctx: Manage,
    services: ServicesDep,
    preview_rows: Annotated[int, Query(ge=0, le=1000)] = 100,
) -> StatementImportOut:
    """Preview a statement: every unreadable row listed (`problems`), rows the wallet knows already
    (from a sync or an earlier import) counted and marked, the new ones counted. Nothing is stored
    yet; `POST …/statements/{id}/import` imports it in the background. 422 `statement_unreadable`
    for a file that is not a CSV or XLSX statement."""
    data = await file.read()

    def preview() -> StatementImportOut:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            result = statements.preview_statement(
                uow,
                wallet_id,
                file_name=file.filename or "statement",
                data=data,
                blob=services.blob,
                created_by=ctx.user_id,
                clock=services.clock,
            )
            uow.commit()
        rows = [
            StatementRowOut(
                line=row.line,
                airtel_id=row.transaction.airtel_id,
                occurred_at=row.transaction.occurred_at,
                direction=row.transaction.direction.value,
                amount=row.transaction.amount,
                charges=row.transaction.charges,
                status=row.transaction.status.value,
                counterparty_name=row.transaction.counterparty_name,
                counterparty_msisdn=row.transaction.counterparty_msisdn,
                reference=row.transaction.reference,
                known=row.transaction.airtel_id in result.known,
            )
            for row in result.parsed.rows[:preview_rows]
        ]
        return _import_out(result.record, rows)

    return await asyncio.to_thread(preview)


@router.post(
    "/{wallet_id}/statements/{import_id}/import",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=StatementImportOut,
)
def import_statement(wallet_id: UUID, import_id: UUID, ctx: Manage, services: ServicesDep) -> StatementImportOut:
    """Import a previewed statement in the background (202; follow `GET …/statements/{id}`).
    422 `statement_has_problems` listing the broken rows: nothing is imported then."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        record = statements.start_import(uow, wallet_id, import_id, clock=services.clock)
        uow.commit()
    return _import_out(record)


@router.get("/{wallet_id}/statements/{import_id}", response_model=StatementImportOut)
def get_statement_import(wallet_id: UUID, import_id: UUID, ctx: Read, services: ServicesDep) -> StatementImportOut:
    """A statement import and its progress."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _import_out(statements.get_import(uow, wallet_id, import_id))


class StatementImportList(BaseModel):
    """A wallet's statement imports, newest first."""

    items: list[StatementImportOut]


@router.get("/{wallet_id}/statements", response_model=StatementImportList)
def list_statement_imports(
    wallet_id: UUID, ctx: Read, services: ServicesDep, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> StatementImportList:
    """The wallet's statement imports, newest first."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        wallets.get_wallet(uow, wallet_id)
        records = import_repository.list_imports(uow, wallet_id, limit)
    return StatementImportList(items=[_import_out(record) for record in records])
