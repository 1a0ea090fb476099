"""The integration log: every Airtel Open API request and response of an organization, in Table Storage.

The ZRA integration log's mechanism (`shared_code.zra.integration_log`): one partition per
organization, newest first, append-only, a failure to write it logged and never stopping a
sync. Redacted before it is written: `client_secret`, `access_token` and every other
key/secret/token/password field of a body (the ZRA redaction), the bearer (never logged),
and all but the first two and last two digits of phone numbers in query strings and bodies.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from shared_code.platform.ids import new_id
from shared_code.platform.tables import TableStore, newest_first_row_key
from shared_code.zra import wire
from shared_code.zra.integration_log import MAX_TEXT, redact, redact_url

log = logging.getLogger(__name__)

TABLE = "mobilemoneyintegrationlog"
SMALL = 4096
"""Bodies up to this size are parsed and redacted field by field."""
_SECRET_FIELD = re.compile(
    r'"([^"]*(?:key|secret|password|passwd|pwd|token|credential)[^"]*)"\s*:\s*"(?:[^"\\]|\\.)*(?:"|$)',
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![0-9A-Za-z])(260)?([0-9]{2})[0-9]{5}([0-9]{2})(?![0-9])")


@dataclass(frozen=True)
class AirtelCall:
    """One request to the Airtel Open API and what came back."""

    at: datetime
    """When it was sent (UTC)."""
    wallet_id: UUID
    """The wallet whose app made it."""
    method: str
    endpoint: str
    """The path, e.g. `/merchant/v1/transactions`."""
    url: str
    """The full URL with its query, credentials redacted."""
    request: str
    """The body sent, secrets redacted."""
    response: str
    """The body received (redacted), or empty."""
    http_status: int | None
    outcome: str
    """`answered`, or what went wrong: `timeout`, `connection`, `http_status`, `not_json`, `malformed`, `refused`."""
    duration_ms: int
    attempt: int = 1
    """1 for the first try, 2… for retries."""


class CallLog(Protocol):
    """Where the client writes its calls."""

    def record(self, call: AirtelCall) -> None:
        """Keep `call` (never raises)."""
        ...


def mask_phones(text: str) -> str:
    """`text` with every 9-digit (or 260-prefixed) phone number masked in the middle."""
    return _PHONE.sub(lambda m: f"{m.group(1) or ''}{m.group(2)}*****{m.group(3)}", text)


def redact_body(text: str) -> str:
    """A body as the log keeps it: a small JSON body redacted field by field (the ZRA log's
    `redact`), a large one (a page of transactions) truncated first and its secret-named string
    fields masked in the text; phone numbers partly masked in both."""
    if len(text) <= SMALL:
        try:
            parsed: Any = wire.loads(text)
        except ValueError:
            return mask_phones(_SECRET_FIELD.sub(_mask_field, text))
        return mask_phones(wire.dumps(redact(parsed)))[:MAX_TEXT]
    return mask_phones(_SECRET_FIELD.sub(_mask_field, text[:MAX_TEXT]))


def _mask_field(match: re.Match[str]) -> str:
    return f'"{match.group(1)}":"***"'


class TableCallLog:
    """Writes an organization's Airtel calls to its partition of the integration log table."""

    def __init__(self, tables: TableStore, organization_id: UUID) -> None:
        self.tables = tables
        self.partition = organization_id.hex

    def record(self, call: AirtelCall) -> None:
        """Append `call`; a storage failure is logged, not raised."""
        try:
            self.tables.append(
                TABLE,
                self.partition,
                newest_first_row_key(call.at, new_id().hex),
                {
                    "at": call.at,
                    "wallet_id": str(call.wallet_id),
                    "method": call.method,
                    "endpoint": call.endpoint,
                    "url": mask_phones(redact_url(call.url)),
                    "request": call.request,
                    "response": call.response,
                    "http_status": call.http_status,
                    "outcome": call.outcome,
                    "duration_ms": call.duration_ms,
                    "attempt": call.attempt,
                },
            )
        except Exception:
            log.exception("could not write the mobile-money integration log for %s", call.endpoint)


class MemoryCallLog:
    """Keeps calls in a list (linking keeps them until it knows the wallet's id; tests)."""

    def __init__(self) -> None:
        self.calls: list[AirtelCall] = []

    def record(self, call: AirtelCall) -> None:
        """Append `call`."""
        self.calls.append(call)


def recent_calls(tables: TableStore, organization_id: UUID, *, limit: int = 50) -> list[dict[str, Any]]:
    """The organization's Airtel calls, newest first, as stored."""
    return [dict(record.data) for record in tables.query(TABLE, organization_id.hex, None, None, limit=limit)]
