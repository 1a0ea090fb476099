"""The Airtel Open API client (httpx): tokens, the Transactions Summary, balance and user enquiry.

A client-credentials token is shared by every worker through a `TokenCache` (the wallet's
row in `mobile_money_tokens`, encrypted) and fetched again `refresh_skew` seconds before it
expires; `expires_in` is parsed leniently (`"180"` or `180`). A 401 on a business call evicts
the token and retries exactly once with a new one. Business calls carry `X-Country: ZM` and
`X-Currency: ZMW`. Timeouts, connection failures, 408, 429 and 5xx are retried with
exponential backoff (a `Retry-After` is honoured) up to `max_attempts`, then raise
`AirtelUnavailable` (retry later: the job is redelivered). A refusal that retrying cannot
help (wrong credentials, a product the app is not subscribed to, a malformed request)
raises `AirtelRefused`. Every attempt goes to the integration log, secrets redacted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

import httpx

from shared_code.mobile_money.integration_log import AirtelCall, CallLog, redact_body
from shared_code.mobile_money.model import MalformedRow, WalletCredentials, parse_amount, parse_expires_in
from shared_code.zra import wire

TOKEN_PATH = "/auth/oauth2/token"  # noqa: S105 (a path)
TRANSACTIONS_PATH = "/merchant/v1/transactions"
BALANCE_PATH = "/standard/v1/users/balance"
USERS_PATH = "/standard/v1/users/"
RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})


class AirtelUnavailable(Exception):
    """No usable answer after the retries; try again later."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        """`timeout`, `connection`, `http_status`, `rate_limited`, `not_json` or `malformed`."""
        self.detail = detail


class AirtelRefused(Exception):
    """Airtel refused the call in a way retrying cannot help."""

    def __init__(self, code: str, detail: str, http_status: int | None = None) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        """`invalid_client`, `invalid_token`, a ROUTER…/ESB…/DP… code, or `http_<status>`."""
        self.detail = detail
        self.http_status = http_status


@dataclass(frozen=True)
class Token:
    """An access token and when it stops working."""

    value: str
    expires_at: datetime


class TokenCache(Protocol):
    """Where a wallet's token is shared between workers."""

    def valid(self, fresh_until: datetime) -> Token | None:
        """The cached token if it is still good at `fresh_until`."""
        ...

    def store(self, token: Token) -> None:
        """Keep a newly fetched token for every worker."""
        ...

    def evict(self, token: Token) -> None:
        """Forget `token` (Airtel refused it), unless another worker replaced it already."""
        ...


class MemoryTokens:
    """A token cache of one process (linking verification, tests)."""

    def __init__(self) -> None:
        self.token: Token | None = None

    def valid(self, fresh_until: datetime) -> Token | None:
        """The token if it is still good at `fresh_until`."""
        return self.token if self.token and self.token.expires_at > fresh_until else None

    def store(self, token: Token) -> None:
        """Keep it."""
        self.token = token

    def evict(self, token: Token) -> None:
        """Forget it."""
        if self.token == token:
            self.token = None


@dataclass(frozen=True)
class SummaryPage:
    """One page of the Transactions Summary."""

    count: int | None
    """`data.count`: how many rows the window holds (None if Airtel did not say)."""
    rows: list[Any]
    """`data.transactions`, as received (map each with `model.map_api_row`)."""


@dataclass(frozen=True)
class ClientPolicy:
    """Timeouts and retries."""

    timeout_seconds: float = 30.0
    max_attempts: int = 4
    """Tries of one call on timeouts, 408, 429 and 5xx."""
    backoff_base_seconds: float = 1.0
    backoff_max_seconds: float = 30.0
    refresh_skew_seconds: int = 15
    """Fetch a new token this long before the old one expires."""


class AirtelClient:
    """Talks to the Open API as one wallet's app."""

    def __init__(
        self,
        base_url: str,
        credentials: WalletCredentials,
        *,
        wallet_id: UUID,
        tokens: TokenCache,
        log: CallLog,
        now: Callable[[], datetime],
        policy: ClientPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.wallet_id = wallet_id
        self.tokens = tokens
        self._log = log
        self._now = now
        self.policy = policy or ClientPolicy()
        self._sleep = sleep
        self._http = httpx.Client(transport=transport, follow_redirects=False, headers={"Accept": "*/*"})

    def close(self) -> None:
        """Release the connection pool."""
        self._http.close()

    def __enter__(self) -> AirtelClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- the wire -----------------------------------------------------------------------

    def _attempt(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        body: str | None,
        headers: dict[str, str],
        attempt: int,
    ) -> httpx.Response:
        url = self.base_url + path
        started_at, started = self._now(), time.monotonic()
        response: httpx.Response | None = None
        outcome = "answered"
        try:
            response = self._http.request(
                method,
                url,
                params=params,
                content=body.encode() if body is not None else None,
                headers=headers,
                timeout=self.policy.timeout_seconds,
            )
            return response
        except httpx.TimeoutException as error:
            outcome = "timeout"
            raise AirtelUnavailable("timeout", f"no answer within {self.policy.timeout_seconds:g} s") from error
        except httpx.HTTPError as error:
            outcome = "connection"
            raise AirtelUnavailable("connection", f"{type(error).__name__}: {error}") from error
        finally:
            full = str(httpx.URL(url, params=params)) if params else url
            self._log.record(
                AirtelCall(
                    at=started_at,
                    wallet_id=self.wallet_id,
                    method=method,
                    endpoint=path,
                    url=full,
                    request=redact_body(body or ""),
                    response=redact_body(response.text) if response is not None else "",
                    http_status=response.status_code if response is not None else None,
                    outcome=outcome if response is None or response.status_code < 400 else "http_status",
                    duration_ms=int((time.monotonic() - started) * 1000),
                    attempt=attempt,
                )
            )

    def _with_retries(
        self, method: str, path: str, *, params: Mapping[str, Any] | None, body: str | None, headers: dict[str, str]
    ) -> httpx.Response:
        """One call, retried on timeouts, 408, 429 and 5xx with backoff."""
        last: AirtelUnavailable | None = None
        for attempt in range(1, self.policy.max_attempts + 1):
            retry_after: float | None = None
            try:
                response = self._attempt(method, path, params=params, body=body, headers=headers, attempt=attempt)
            except AirtelUnavailable as failure:
                last = failure
            else:
                if response.status_code not in RETRYABLE_STATUS:
                    return response
                kind = "rate_limited" if response.status_code == 429 else "http_status"
                last = AirtelUnavailable(kind, f"HTTP {response.status_code} from Airtel")
                retry_after = _retry_after(response)
            if attempt < self.policy.max_attempts:
                wait = self.policy.backoff_base_seconds * 2 ** (attempt - 1)
                self._sleep(min(max(wait, retry_after or 0.0), self.policy.backoff_max_seconds))
        assert last is not None
        raise last

    # ---- tokens ---------------------------------------------------------------------------

    def fetch_token(self) -> Token:
        """`POST /auth/oauth2/token` with the app's client id and secret (no cache)."""
        body = wire.dumps(
            {
                "client_id": self.credentials.client_id,
                "client_secret": self.credentials.client_secret,
                "grant_type": "client_credentials",
            }
        )
        response = self._with_retries(
            "POST", TOKEN_PATH, params=None, body=body, headers={"Content-Type": "application/json"}
        )
        answer = _json(response)
        if response.status_code != 200:
            error = answer.get("error") if isinstance(answer, dict) else None
            description = answer.get("error_description") if isinstance(answer, dict) else None
            raise AirtelRefused(
                str(error or f"http_{response.status_code}"),
                str(description or "Airtel did not issue a token."),
                response.status_code,
            )
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise AirtelUnavailable("malformed", "the token answer has no access_token")
        seconds = parse_expires_in(answer.get("expires_in"))
        return Token(token, self._now() + timedelta(seconds=seconds))

    def token(self) -> Token:
        """The shared token, fetched again when it is about to expire."""
        fresh_until = self._now() + timedelta(seconds=self.policy.refresh_skew_seconds)
        cached = self.tokens.valid(fresh_until)
        if cached is not None:
            return cached
        fetched = self.fetch_token()
        self.tokens.store(fetched)
        return fetched

    # ---- business calls -------------------------------------------------------------------

    def _business(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        token = self.token()
        for retried in (False, True):
            headers = {
                "Authorization": f"Bearer {token.value}",
                "X-Country": "ZM",
                "X-Currency": "ZMW",
                "Content-Type": "application/json",
            }
            response = self._with_retries("GET", path, params=params, body=None, headers=headers)
            if response.status_code == 401 and not retried:
                self.tokens.evict(token)
                token = self.token()
                continue
            return _business_answer(response)
        raise AssertionError("unreachable")

    def transactions(self, start: datetime, end: datetime, *, limit: int, offset: int) -> SummaryPage:
        """`GET /merchant/v1/transactions`: rows created in [start, end] (epoch seconds), a page."""
        answer = self._business(
            TRANSACTIONS_PATH,
            {"from": int(start.timestamp()), "to": int(end.timestamp()), "limit": limit, "offset": offset},
        )
        data = answer.get("data") if isinstance(answer, dict) else None
        rows = data.get("transactions") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise AirtelUnavailable("malformed", "the Transactions Summary answer has no data.transactions list")
        count = data.get("count") if isinstance(data, dict) else None
        try:
            total = int(count) if count is not None else None
        except (TypeError, ValueError):
            total = None
        return SummaryPage(total, rows)

    def balance(self) -> Decimal:
        """`GET /standard/v1/users/balance`: the wallet's balance (`"37,600.00"` parsed)."""
        answer = self._business(BALANCE_PATH)
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, dict) or "balance" not in data:
            raise AirtelUnavailable("malformed", "the balance answer has no data.balance")
        try:
            return parse_amount(data["balance"], "balance")
        except MalformedRow as error:
            raise AirtelUnavailable("malformed", str(error)) from None

    def user(self, msisdn: str) -> dict[str, Any] | None:
        """`GET /standard/v1/users/{msisdn}`: KYC details, or None if Airtel has no such user."""
        answer = self._business(USERS_PATH + msisdn)
        status = answer.get("status") if isinstance(answer, dict) else None
        code = status.get("response_code") if isinstance(status, dict) else None
        data = answer.get("data") if isinstance(answer, dict) else None
        if code == "DP02200000002" or not isinstance(data, dict) or not data:
            return None
        return data


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _json(response: httpx.Response) -> Any:
    try:
        return wire.loads(response.content)
    except ValueError:
        raise AirtelUnavailable(
            "not_json", f"Airtel answered HTTP {response.status_code} with something that is not JSON"
        ) from None


def _business_answer(response: httpx.Response) -> Any:
    """The JSON of a business answer, or the refusal it carries."""
    if response.status_code == 401:
        raise AirtelRefused("invalid_token", "Airtel refused the access token twice.", 401)
    answer = _json(response)
    if response.status_code >= 400:
        status = answer.get("status") if isinstance(answer, dict) else None
        code = None
        message = None
        if isinstance(status, dict):
            code, message = status.get("result_code") or status.get("response_code"), status.get("message")
        elif isinstance(answer, dict):
            code = answer.get("error") or answer.get("status_code")
            message = answer.get("error_description") or answer.get("status_message")
        raise AirtelRefused(
            str(code or f"http_{response.status_code}"),
            str(message or "Airtel refused the call."),
            response.status_code,
        )
    if not isinstance(answer, dict):
        raise AirtelUnavailable("malformed", "Airtel's answer is not a JSON object")
    return answer
