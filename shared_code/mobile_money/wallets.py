"""Linking Airtel Money wallets: verify the business's own Open API app, then save it encrypted.

There is no end-user account linking at Airtel (the reference marks such flows invented):
the owner enters the client id and secret of the business's Open API app, the environment
(or a custom base URL: Airtel's hosts differ between `.co.zm` and `.africa` and are
changing) and the merchant number. IntelliFin obtains a token with them, and asks for the
balance where the app's products allow it, BEFORE anything is saved: wrong credentials are
refused with a clear 422 and nothing is stored. Secrets are encrypted as the ZRA device's
are (AES-GCM under the data key, bound to the organization and wallet).

Each wallet is tied to its own mobile-money wallet account: the first uses the chart's
`airtel_money_wallet` account (1150); each further one gets a new account beside it (1151,
1152, …, subtype `mobile_money_wallet`, same parent), made through the ledger's account use
case. Unlinking keeps the wallet, its transactions, entries and account; it stops syncing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import httpx

from shared_code.ledger import accounts as ledger_accounts
from shared_code.ledger.model import AccountType
from shared_code.mobile_money import errors, sync_repository, wallet_repository
from shared_code.mobile_money.client import (
    AirtelClient,
    AirtelRefused,
    AirtelUnavailable,
    ClientPolicy,
    MemoryTokens,
    Token,
    TokenCache,
)
from shared_code.mobile_money.integration_log import CallLog, MemoryCallLog, TableCallLog
from shared_code.mobile_money.messages import SYNC_WALLET
from shared_code.mobile_money.model import (
    ENVIRONMENTS,
    Wallet,
    WalletCredentials,
    normalise_msisdn,
    wallet_problems,
)
from shared_code.platform.clock import Clock
from shared_code.platform.crypto import CredentialCipher
from shared_code.platform.db import Row, Transactions, UnitOfWork
from shared_code.platform.ids import new_id
from shared_code.platform.messaging import enqueue
from shared_code.platform.ports import Ports

FIRST_WALLET_ROLE = "airtel_money_wallet"


@dataclass(frozen=True)
class AirtelAccess:
    """How this process reaches Airtel: the call policy, the integration log, the clock."""

    policy: ClientPolicy
    log_for: Callable[[UUID], CallLog]
    """The integration log of an organization."""
    now: Callable[[], datetime]
    sleep: Callable[[float], None] = time.sleep
    transport: httpx.BaseTransport | None = field(default=None)
    """Tests only: an in-process transport."""

    def client(
        self, wallet_id: UUID, base_url: str, credentials: WalletCredentials, *, tokens: TokenCache, log: CallLog
    ) -> AirtelClient:
        """A client for one wallet's app (close it when done)."""
        return AirtelClient(
            base_url,
            credentials,
            wallet_id=wallet_id,
            tokens=tokens,
            log=log,
            now=self.now,
            policy=self.policy,
            sleep=self.sleep,
            transport=self.transport,
        )


def access_of(ports: Ports) -> AirtelAccess:
    """How this process reaches Airtel: the settings' timeouts and retries, the Table Storage log."""
    settings = ports.settings
    return AirtelAccess(
        policy=ClientPolicy(
            timeout_seconds=settings.airtel_timeout_seconds,
            max_attempts=settings.airtel_max_attempts,
            backoff_base_seconds=settings.airtel_backoff_base_seconds,
        ),
        log_for=lambda organization_id: TableCallLog(ports.tables, organization_id),
        now=ports.clock.now,
    )


def _associated_data(organization_id: UUID, wallet_id: UUID, what: str) -> bytes:
    return f"{organization_id}/mobile_money/{wallet_id}/{what}".encode()


def encrypt_credentials(
    cipher: CredentialCipher, organization_id: UUID, wallet_id: UUID, credentials: WalletCredentials
) -> bytes:
    """The credentials as stored."""
    plain = {
        "client_id": credentials.client_id,
        "client_secret": credentials.client_secret,
        "signing_key": credentials.signing_key,
        "pin": credentials.pin,
    }
    return cipher.encrypt(json.dumps(plain).encode(), _associated_data(organization_id, wallet_id, "credentials"))


def decrypt_credentials(
    cipher: CredentialCipher, organization_id: UUID, wallet_id: UUID, token: bytes
) -> WalletCredentials:
    """The stored credentials, decrypted."""
    plain = json.loads(cipher.decrypt(token, _associated_data(organization_id, wallet_id, "credentials")))
    return WalletCredentials(plain["client_id"], plain["client_secret"], plain.get("signing_key"), plain.get("pin"))


class DatabaseTokens:
    """A wallet's access token, shared by every worker through `mobile_money_tokens` (encrypted)."""

    def __init__(
        self,
        db: Transactions,
        organization_id: UUID,
        wallet_id: UUID,
        *,
        cipher: CredentialCipher,
        now: Callable[[], datetime],
    ) -> None:
        self.db = db
        self.organization_id = organization_id
        self.wallet_id = wallet_id
        self.cipher = cipher
        self.now = now

    def _aad(self) -> bytes:
        return _associated_data(self.organization_id, self.wallet_id, "token")

    def valid(self, fresh_until: datetime) -> Token | None:
        """The shared token if it is still good at `fresh_until`."""
        with self.db.unit_of_work(self.organization_id) as uow:
            row = wallet_repository.cached_token(uow, self.wallet_id)
        if row is None or row["expires_at"] <= fresh_until:
            return None
        return Token(self.cipher.decrypt(bytes(row["token"]), self._aad()).decode(), row["expires_at"])

    def store(self, token: Token) -> None:
        """Share a fresh token."""
        with self.db.unit_of_work(self.organization_id) as uow:
            wallet_repository.store_token(
                uow,
                self.wallet_id,
                token=self.cipher.encrypt(token.value.encode(), self._aad()),
                expires_at=token.expires_at,
                at=self.now(),
            )
            uow.commit()

    def evict(self, token: Token) -> None:
        """Forget a token Airtel refused."""
        with self.db.unit_of_work(self.organization_id) as uow:
            wallet_repository.evict_token(uow, self.wallet_id, expires_at=token.expires_at)
            uow.commit()


def wallet_of(row: Row) -> Wallet:
    """A wallet row as the model."""
    return Wallet(
        id=row["id"],
        name=row["name"],
        msisdn=row["msisdn"],
        environment=row["environment"],
        base_url=row["base_url"],
        account_id=row["account_id"],
        status=row["status"],
        linked_at=row["linked_at"],
        unlinked_at=row["unlinked_at"],
        last_synced_at=row["last_synced_at"],
        sync_cursor=row["sync_cursor"],
        balance=row["balance"],
        balance_at=row["balance_at"],
        client_id_hint=row["client_id_hint"],
    )


@dataclass(frozen=True)
class LinkRequest:
    """What the owner enters to link a wallet."""

    name: str
    environment: str
    msisdn: str
    credentials: WalletCredentials
    base_url: str | None = None


def _wallet_account(uow: UnitOfWork, name: str, msisdn: str) -> UUID:
    """1150 for the first wallet; a new account beside it for each further one."""
    first = ledger_accounts.account_for_role(uow, FIRST_WALLET_ROLE)
    in_use = wallet_repository.wallet_accounts_in_use(uow)
    if first.id not in in_use:
        return first.id
    taken = {account.code for account in ledger_accounts.whole_chart(uow)}
    code = next(str(c) for c in range(int(first.code) + 1, int(first.code) + 50) if str(c) not in taken)
    account = ledger_accounts.create_account(
        uow,
        ledger_accounts.NewAccount(
            code=code,
            name=f"Airtel Money wallet - {name} ({msisdn[:2]}…{msisdn[-3:]})"[:100],
            account_type=AccountType.ASSET,
            subtype="mobile_money_wallet",
            parent_id=first.parent_id,
            description=f"Airtel Money merchant number 0{msisdn}, linked in IntelliFin.",
        ),
    )
    return account.id


def link_wallet(
    db: Transactions,
    organization_id: UUID,
    request: LinkRequest,
    *,
    cipher: CredentialCipher,
    access: AirtelAccess,
    linked_by: UUID,
    clock: Clock,
) -> Wallet:
    """Verify the app's credentials with Airtel (a token, and the balance where allowed), then save.

    Nothing is saved when Airtel refuses them (422 `airtel_credentials_refused`) or cannot be
    reached (503 `airtel_unreachable`). A first sync is queued with the wallet.
    """
    problems = wallet_problems(request.name, request.environment, request.base_url, request.msisdn)
    if problems:
        raise errors.invalid_wallet(problems)
    msisdn = normalise_msisdn(request.msisdn)
    base_url = (
        (request.base_url or "").strip().rstrip("/")
        if request.environment == "custom"
        else ENVIRONMENTS[request.environment]
    )
    with db.unit_of_work(organization_id) as uow:
        if any(row["msisdn"] == msisdn for row in wallet_repository.list_wallets(uow, include_unlinked=False)):
            raise errors.already_linked()
    wallet_id = new_id()
    calls = MemoryCallLog()
    tokens = MemoryTokens()
    balance: Decimal | None = None
    try:
        with access.client(wallet_id, base_url, request.credentials, tokens=tokens, log=calls) as client:
            try:
                token = client.token()
            except AirtelRefused as refusal:
                raise errors.credentials_refused(refusal.code, refusal.detail) from None
            except AirtelUnavailable as failure:
                raise errors.airtel_unreachable(failure.detail) from None
            try:
                balance = client.balance()
            except (AirtelRefused, AirtelUnavailable):
                balance = None  # the app may not have the Account product; the token proved the keys
    finally:
        log = access.log_for(organization_id)
        for call in calls.calls:
            log.record(call)
    now = clock.now()
    with db.unit_of_work(organization_id) as uow:
        account_id = _wallet_account(uow, request.name.strip(), msisdn)
        saved = wallet_repository.insert_wallet(
            uow,
            wallet_id=wallet_id,
            name=request.name.strip(),
            msisdn=msisdn,
            environment=request.environment,
            base_url=base_url,
            credentials=encrypt_credentials(cipher, organization_id, wallet_id, request.credentials),
            client_id_hint=request.credentials.client_id[-4:],
            account_id=account_id,
            linked_by=linked_by,
            at=now,
            balance=balance,
        )
        if not saved:
            raise errors.already_linked()
        uow.commit()
    DatabaseTokens(db, organization_id, wallet_id, cipher=cipher, now=clock.now).store(token)
    with db.unit_of_work(organization_id) as uow:
        request_sync(uow, wallet_id, trigger="link", requested_by=linked_by, clock=clock)
        row = wallet_repository.get_wallet(uow, wallet_id)
        uow.commit()
    assert row is not None
    return wallet_of(row)


def get_wallet(uow: UnitOfWork, wallet_id: UUID) -> Wallet:
    """One wallet; 404 `wallet_not_found`."""
    row = wallet_repository.get_wallet(uow, wallet_id)
    if row is None:
        raise errors.wallet_not_found()
    return wallet_of(row)


def list_wallets(uow: UnitOfWork, *, include_unlinked: bool = False) -> list[Wallet]:
    """The organization's wallets."""
    return [wallet_of(row) for row in wallet_repository.list_wallets(uow, include_unlinked=include_unlinked)]


def unlink_wallet(uow: UnitOfWork, wallet_id: UUID, *, unlinked_by: UUID, clock: Clock) -> Wallet:
    """Stop syncing the wallet; its transactions, entries and account stay."""
    row = wallet_repository.get_wallet(uow, wallet_id, for_update=True)
    if row is None:
        raise errors.wallet_not_found()
    if row["status"] == "linked":
        wallet_repository.unlink_wallet(uow, wallet_id, by=unlinked_by, at=clock.now())
    return get_wallet(uow, wallet_id)


def request_sync(
    uow: UnitOfWork, wallet_id: UUID, *, trigger: str, requested_by: UUID | None, clock: Clock
) -> tuple[Row, bool]:
    """Queue a sync run of the wallet through the outbox; (the run, whether it is new).

    A wallet has at most one open run: asking again while one waits or runs returns it.
    """
    row = wallet_repository.get_wallet(uow, wallet_id)
    if row is None:
        raise errors.wallet_not_found()
    if row["status"] != "linked":
        raise errors.wallet_unlinked()
    run_id = new_id()
    created = sync_repository.insert_run(
        uow, run_id=run_id, wallet_id=wallet_id, trigger=trigger, requested_by=requested_by, at=clock.now()
    )
    if created:
        enqueue(uow, SYNC_WALLET, {"wallet_id": str(wallet_id), "run_id": str(run_id)}, tenant_id=uow.require_tenant())
    run = sync_repository.open_run(uow, wallet_id)
    assert run is not None
    return run, created
