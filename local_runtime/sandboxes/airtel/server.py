"""The sandbox Airtel Open API's HTTP server: Airtel's paths, plus `/admin`.

Business calls need `Authorization: Bearer <token>` from `/auth/oauth2/token` and the
`X-Country: ZM` / `X-Currency: ZMW` headers (any casing, as HTTP allows; the reference
notes the product pages differ). Errors answer the way the reference says Airtel's do: an
OAuth object on the token endpoint and for a bad bearer (with `www-authenticate`), the
standard `status` envelope with ROUTER…/ESB…/DP… codes, `status_code`/`status_message` for
gateway timeouts, HTML from proxies. `/admin/...` is the sandbox's own.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections import deque
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from local_runtime.sandboxes.airtel.faults import FaultPlan, PlanError, Rule
from local_runtime.sandboxes.airtel.history import CUSTOMERS, Merchant

log = logging.getLogger("airtel-sandbox")

TOKEN = "/auth/oauth2/token"  # noqa: S105 (a path, not a password)
TRANSACTIONS = "/merchant/v1/transactions"
BALANCE = "/standard/v1/users/balance"
USERS = "/standard/v1/users/"
TOKEN_SECONDS = 180
MAX_LIMIT = 500
HTML_502 = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"
)
HTML_PAGE = "<html><head><title>Request Rejected</title></head><body>The requested URL was rejected.</body></html>"
FAULT_STATUS = {
    "drop": 0,
    "http_500": 500,
    "http_502": 502,
    "http_503": 503,
    "http_408": 408,
    "not_json": 200,
    "expire_token": 401,
    "rate_limit": 429,
}
"""The HTTP status each answering fault is recorded with (0: no answer)."""
DEFAULT_MERCHANT: dict[str, Any] = {
    "client_id": "sandbox-client",
    "client_secret": "sandbox-secret",
    "msisdn": "979999999",
    "name": "Sandbox Merchant",
    "seed": 1,
    "count": 2000,
    "spacing_seconds": 900,
}
"""Registered when the sandbox starts with no merchants (what `make run` links to)."""


class Raw(str):
    """JSON text already written (a page of cached rows)."""


def to_json(value: Any) -> str:
    """JSON text with `Decimal` written as the number it is (never through a float)."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    return json.dumps(value)


def status_block(
    code: str, message: str, result_code: str, *, success: bool, response_code: str = ""
) -> dict[str, Any]:
    """Airtel's top-level `status` object."""
    block: dict[str, Any] = {"code": code, "message": message, "result_code": result_code, "success": success}
    if response_code:
        block["response_code"] = response_code
    return block


class SandboxServer(ThreadingHTTPServer):
    """One sandbox Airtel API: its merchants, tokens, fault plan and call log."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], data_dir: Path, context: str = "") -> None:
        super().__init__(address, SandboxHandler)
        self.context = context.rstrip("/")
        self.data_dir = data_dir
        self.faults = FaultPlan()
        self.lock = threading.Lock()
        self.tokens: dict[str, tuple[str, float]] = {}
        """Access token → (client id, expiry epoch)."""
        self.calls: list[dict[str, Any]] = []
        self.windows: dict[str, deque[float]] = {}
        self.merchants: dict[str, Merchant] = {}
        data_dir.mkdir(parents=True, exist_ok=True)
        saved = data_dir / "merchants.json"
        if saved.exists():
            for raw in json.loads(saved.read_text()):
                merchant = Merchant.from_json(raw)
                self.merchants[merchant.client_id] = merchant
        if not self.merchants:
            default = dict(DEFAULT_MERCHANT)
            default["start"] = int(time.time()) - int(default["count"]) * int(default["spacing_seconds"])
            self.add_merchant(Merchant.from_json(default))

    def add_merchant(self, merchant: Merchant) -> None:
        """Register (or replace) a merchant and keep the list on disk."""
        with self.lock:
            self.merchants[merchant.client_id] = merchant
            self._save()

    def _save(self) -> None:
        target = self.data_dir / "merchants.json"
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps([m.to_json() for m in self.merchants.values()]))
        temporary.replace(target)

    def record(self, path: str, status: int, fault: str | None, client_id: str | None, query: str) -> None:
        """Keep one call for `/admin/calls`."""
        with self.lock:
            self.calls.append(
                {
                    "path": path,
                    "status": status,
                    "fault": fault,
                    "client_id": client_id,
                    "query": query,
                    "at": time.time(),
                }
            )

    def allow(self, merchant: Merchant) -> tuple[bool, int]:
        """Count a call against the merchant's per-minute limit: (allowed, remaining)."""
        limit = merchant.rate_limit_per_minute
        if limit is None:
            return True, 1000
        with self.lock:
            window = self.windows.setdefault(merchant.client_id, deque())
            now = time.monotonic()
            while window and window[0] <= now - 60:
                window.popleft()
            if len(window) >= limit:
                return False, 0
            window.append(now)
            return True, limit - len(window)


class SandboxHandler(BaseHTTPRequestHandler):
    """Routes a request to the token endpoint, a business endpoint or the admin endpoints."""

    server: SandboxServer
    protocol_version = "HTTP/1.0"
    server_version = "openresty"
    sys_version = ""
    garble = False
    """Set by a `malformed` fault: the endpoint's answer is garbled."""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet by default; `/admin/calls` shows the calls."""
        log.debug(format, *args)

    # ---- plumbing ---------------------------------------------------------------------

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw, parse_float=Decimal) if raw else None
        except (json.JSONDecodeError, UnicodeDecodeError):
            return ...

    def _send(
        self,
        status: int,
        text: str,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = text.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("client went away before the answer")

    def _json(self, value: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self._send(status, to_json(value), headers=headers)

    def _query(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}

    def _api_path(self) -> str | None:
        path = urlsplit(self.path).path
        if self.server.context and not path.startswith(self.server.context + "/"):
            return None
        return path[len(self.server.context) :]

    # ---- routes -------------------------------------------------------------------------

    def do_GET(self) -> None:
        """Admin reads and the business GET endpoints."""
        path = urlsplit(self.path).path
        if path.startswith("/admin/"):
            self._admin_get(path)
            return
        api_path = self._api_path()
        if api_path in (TRANSACTIONS, BALANCE) or (api_path or "").startswith(USERS):
            self._business(api_path or "")
        else:
            self._send(404, '{"error":"Not Found"}')

    def do_POST(self) -> None:
        """The token endpoint, or an admin change."""
        path = urlsplit(self.path).path
        body = self._body()
        if path.startswith("/admin/"):
            self._admin_post(path, body)
        elif self._api_path() == TOKEN:
            self._token(body)
        else:
            self._send(404, '{"error":"Not Found"}')

    def do_DELETE(self) -> None:
        """Clear the fault plan."""
        if urlsplit(self.path).path == "/admin/faults":
            self.server.faults.replace({"rules": []})
            self._json(self.server.faults.describe())
        else:
            self._send(404, '{"error":"Not Found"}')

    # ---- faults -------------------------------------------------------------------------

    def _fault(self, path: str, client_id: str | None, token: str | None) -> Rule | None:
        """Apply an injected fault; returns the rule if it answered (or dropped) the call."""
        rule = self.server.faults.pick(path)
        if rule is None:
            return None
        query = urlsplit(self.path).query
        if rule.mode == "timeout":
            time.sleep(rule.delay_seconds)
            return None  # late, but then the normal answer
        if rule.mode == "malformed":
            self.garble = True
            return None  # answered by the endpoint, garbled
        self.server.record(path, FAULT_STATUS[rule.mode], rule.mode, client_id, query)
        if rule.mode == "http_500":
            self._json({"status_code": "500", "status_message": "Internal Server Error"}, 500)
        elif rule.mode == "http_502":
            self._send(502, HTML_502, "text/html")
        elif rule.mode == "http_503":
            self._json(status_block("503", "Service under maintenance", "ESB000001", success=False), 503)
        elif rule.mode == "http_408":
            self._json({"status_code": "CONNECTION_TIMEOUT", "status_message": "I/O Exception"}, 408)
        elif rule.mode == "not_json":
            self._send(200, HTML_PAGE, "text/html")
        elif rule.mode == "expire_token":
            if token:
                with self.server.lock:
                    self.server.tokens.pop(token, None)
            self._invalid_token()
        elif rule.mode == "rate_limit":
            self._json(
                {"status_code": "429", "status_message": "API rate limit exceeded"},
                429,
                {"x-ratelimit-limit-minute": "10", "x-ratelimit-remaining-minute": "0", "Retry-After": "1"},
            )
        elif rule.mode == "drop":
            self.close_connection = True
        return rule

    def _invalid_token(self) -> None:
        self._json(
            {"error": "invalid_token", "error_description": "The access token is invalid or has expired"},
            401,
            {"www-authenticate": 'Bearer realm="airtel", error="invalid_token"'},
        )

    # ---- the token endpoint ---------------------------------------------------------------

    def _token(self, body: Any) -> None:
        client_id = body.get("client_id") if isinstance(body, dict) else None
        if self._fault(TOKEN, client_id if isinstance(client_id, str) else None, None):
            return
        query = ""
        if body is ... or not isinstance(body, dict) or body.get("grant_type") != "client_credentials":
            self.server.record(TOKEN, 400, None, None, query)
            self._json({"error": "invalid_request", "error_description": "grant_type must be client_credentials"}, 400)
            return
        merchant = self.server.merchants.get(str(body.get("client_id")))
        if merchant is None or not secrets.compare_digest(str(body.get("client_secret", "")), merchant.client_secret):
            self.server.record(TOKEN, 401, None, str(body.get("client_id")), query)
            self._json({"error": "invalid_client", "error_description": "Client authentication failed"}, 401)
            return
        allowed, _ = self.server.allow(merchant)
        if not allowed:
            self.server.record(TOKEN, 429, None, merchant.client_id, query)
            self._json({"status_code": "429", "status_message": "API rate limit exceeded"}, 429, {"Retry-After": "1"})
            return
        token = secrets.token_urlsafe(24)
        with self.server.lock:
            self.server.tokens[token] = (merchant.client_id, time.time() + TOKEN_SECONDS)
        self.server.record(TOKEN, 200, None, merchant.client_id, query)
        expires: Any = str(TOKEN_SECONDS) if merchant.expires_in_as == "string" else TOKEN_SECONDS
        self._json({"access_token": token, "expires_in": expires, "token_type": "bearer"})

    # ---- business endpoints ---------------------------------------------------------------

    def _business(self, path: str) -> None:
        query_text = urlsplit(self.path).query
        authorization = self.headers.get("Authorization") or ""
        token = authorization[7:].strip() if authorization.lower().startswith("bearer ") else None
        with self.server.lock:
            held = self.server.tokens.get(token or "")
        client_id = held[0] if held else None
        fault_path = USERS + "*" if path.startswith(USERS) and path != BALANCE else path
        if self._fault(path, client_id, token) or (fault_path != path and self._fault(fault_path, client_id, token)):
            return
        if held is None or held[1] < time.time():
            self.server.record(path, 401, None, client_id, query_text)
            self._invalid_token()
            return
        merchant = self.server.merchants[held[0]]
        allowed, remaining = self.server.allow(merchant)
        limits = {
            "x-ratelimit-limit-minute": str(merchant.rate_limit_per_minute or 1000),
            "x-ratelimit-remaining-minute": str(remaining),
        }
        if not allowed:
            self.server.record(path, 429, None, client_id, query_text)
            self._json(
                {"status_code": "429", "status_message": "API rate limit exceeded"}, 429, {**limits, "Retry-After": "1"}
            )
            return
        country, currency = self.headers.get("X-Country"), self.headers.get("X-Currency")
        if not country or not currency:
            self.server.record(path, 400, None, client_id, query_text)
            self._json(
                {"status": status_block("400", "Missing header X-Country or X-Currency", "ROUTER003", success=False)},
                400,
            )
            return
        if country != "ZM":
            self.server.record(path, 400, None, client_id, query_text)
            self._json({"status": status_block("400", "Invalid country", "ROUTER006", success=False)}, 400)
            return
        if currency != "ZMW":
            self.server.record(path, 400, None, client_id, query_text)
            self._json({"status": status_block("400", "Invalid currency", "ROUTER112", success=False)}, 400)
            return
        if path == TRANSACTIONS:
            status, answer = self._transactions(merchant)
        elif path == BALANCE:
            status, answer = (
                200,
                {
                    "data": {
                        "balance": f"{merchant.balance(time.time()):,.2f}",
                        "currency": "ZMW",
                        "account_status": "Active",
                    },
                    "status": status_block("200", "SUCCESS", "ESB000010", success=False, response_code="DP02100000001"),
                },
            )
        else:
            status, answer = 200, self._user(path[len(USERS) :])
        self.server.record(path, status, None, client_id, query_text)
        self._json(answer, status, limits)

    def _transactions(self, merchant: Merchant) -> tuple[int, Any]:
        query = self._query()

        def refuse(message: str) -> tuple[int, Any]:
            return 400, {"status": status_block("400", message, "ESB000008", success=False)}

        try:
            start, end = int(query["from"]), int(query["to"])
            limit, offset = int(query["limit"]), int(query["offset"])
        except (KeyError, ValueError):
            return refuse("from, to, limit and offset are required whole numbers")
        if start > 100_000_000_000:  # milliseconds (the reference leaves the unit open): accept both
            start, end = start // 1000, end // 1000
        if limit < 1 or limit > MAX_LIMIT or offset < 0 or end < start:
            return refuse(f"limit must be 1..{MAX_LIMIT}, offset at least 0, and to not before from")
        now = time.time()
        window = merchant.between(start, end, now)
        texts = [merchant.wire_text(row, to_json) for row in window[offset : offset + limit]]
        if self.garble:
            texts = ['{"transaction":"garbled"}', *texts[1:]] if texts else ['{"oops":true}']
        status = to_json(status_block("200", "SUCCESS", "ESB000010", success=True, response_code="DP00800001001"))
        return 200, Raw(f'{{"data":{{"count":{len(window)},"transactions":[{",".join(texts)}]}},"status":{status}}}')

    def _user(self, msisdn: str) -> dict[str, Any]:
        if len(msisdn) != 9 or not msisdn.isdigit() or msisdn[:2] not in ("97", "77", "57"):
            return {
                "data": {},
                "status": status_block(
                    "200", "User not found", "ESB000036", success=False, response_code="DP02200000002"
                ),
            }
        first, last = CUSTOMERS[int(msisdn) % len(CUSTOMERS)].split(" ", 1)
        return {
            "data": {
                "first_name": first,
                "last_name": last,
                "msisdn": msisdn,
                "grade": "SUBS",
                "is_barred": False,
                "is_pin_set": True,
                "registration": {"status": "VERIFIED"},
            },
            "status": status_block("200", "SUCCESS", "ESB000010", success=True, response_code="DP02200000001"),
        }

    # ---- admin --------------------------------------------------------------------------

    def _admin_get(self, path: str) -> None:
        query = self._query()
        if path == "/admin/health":
            self._json({"status": "ok", "context": self.server.context})
        elif path == "/admin/faults":
            self._json(self.server.faults.describe())
        elif path == "/admin/calls":
            with self.server.lock:
                calls = [c for c in self.server.calls if query.get("path") in (None, c["path"])]
            self._json({"calls": calls})
        elif path == "/admin/merchants":
            self._json(
                {
                    "merchants": [
                        {k: v for k, v in m.to_json().items() if k != "client_secret"}
                        for m in self.server.merchants.values()
                    ]
                }
            )
        elif path.startswith("/admin/merchants/") and path.endswith("/history"):
            merchant = self._merchant_by_msisdn(path.split("/")[3])
            if merchant is None:
                self._json({"error": "no such merchant"}, 404)
                return
            rows = merchant.visible(time.time())
            self._json(
                {
                    "count": len(rows),
                    "balance": merchant.balance(time.time()),
                    "transactions": [merchant.wire(r) for r in rows],
                }
            )
        else:
            self._json({"error": f"no admin endpoint {path}"}, 404)

    def _merchant_by_msisdn(self, msisdn: str) -> Merchant | None:
        return next((m for m in self.server.merchants.values() if m.msisdn == msisdn), None)

    def _admin_post(self, path: str, body: Any) -> None:
        if body is ... or not isinstance(body, dict):
            self._json({"error": "send a JSON object"}, 400)
            return
        if path == "/admin/faults":
            try:
                self.server.faults.replace(body)
            except PlanError as error:
                self._json({"error": str(error)}, 400)
                return
            self._json(self.server.faults.describe())
        elif path == "/admin/merchants":
            try:
                merchant = Merchant.from_json(body)
            except (KeyError, ValueError, TypeError) as error:
                self._json(
                    {"error": f"send client_id, client_secret, msisdn (and seed, count, start...): {error}"}, 400
                )
                return
            self.server.add_merchant(merchant)
            if body.get("warm"):  # write every row's JSON now, so later pages cost only the copying
                for row in merchant.rows():
                    merchant.wire_text(row, to_json)
            self._json({"registered": merchant.client_id, "visible": len(merchant.visible(time.time()))})
        elif path == "/admin/tokens/expire":
            with self.server.lock:
                expired = len(self.server.tokens)
                self.server.tokens.clear()
            self._json({"expired": expired})
        elif path.startswith("/admin/merchants/") and path.endswith("/settle"):
            found = self._merchant_by_msisdn(path.split("/")[3])
            if found is None:
                self._json({"error": "no such merchant"}, 404)
                return
            final = str(body.get("status", "TS"))
            settled = 0
            with self.server.lock:
                for row in found.visible(time.time()):
                    if found.status_of(row) in ("TIP", "TA"):
                        found.settled[row.index] = final
                        settled += 1
                self.server._save()
            self._json({"settled": settled})
        else:
            self._json({"error": f"no admin endpoint {path}"}, 404)


def serve(host: str, port: int, data_dir: Path, context: str = "") -> SandboxServer:
    """A server ready to `serve_forever`, its merchants in `data_dir/merchants.json`."""
    return SandboxServer((host, port), data_dir, context)
