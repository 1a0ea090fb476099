"""The integration log: every VSDC request and response of an organization, in Table Storage.

High-volume, append-only and never joined, so it lives in Table Storage (Azurite on one
machine), one partition per organization, newest first. Secrets are redacted before a record
is written: a password in the VSDC URL (a reverse proxy's credentials), key, token or secret
fields anywhere in a body, and all but the last four characters of the device serial. A
failure to write the log is itself logged and never stops a submission.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID

from shared_code.platform.ids import new_id
from shared_code.platform.tables import TableStore, newest_first_row_key
from shared_code.zra import wire

log = logging.getLogger(__name__)

TABLE = "zraintegrationlog"
MAX_TEXT = 30_000
"""Characters of a body kept (a Table Storage string holds 32K UTF-16 characters)."""
REDACTED = "***"
_SECRET_KEY = re.compile(r"(key|secret|password|passwd|pwd|token|credential)", re.IGNORECASE)
_PARTLY_SECRET = frozenset({"dvcSrlNo"})


@dataclass(frozen=True)
class VsdcCall:
    """One request to the VSDC and what came back."""

    at: datetime
    """When the request was sent (UTC)."""
    endpoint: str
    """The VSDC path, e.g. `/trnsSales/saveSales`."""
    url: str
    """The full URL, credentials redacted."""
    request: str
    """The body sent, secrets redacted."""
    response: str
    """The body received (redacted), or empty if none came."""
    http_status: int | None
    """The HTTP status, if an answer came."""
    result_code: str | None
    """ZRA's `resultCd`, if the answer had one."""
    result_message: str
    """ZRA's `resultMsg`, or what went wrong when no answer came."""
    outcome: str
    """`answered`, or why not: `timeout`, `connection`, `http_status`, `not_json`, `malformed`."""
    duration_ms: int
    """How long the call took."""
    document: str | None = None
    """The document it was about, e.g. `invoice:<id>`."""


class CallLog(Protocol):
    """Where the client writes its calls."""

    def record(self, call: VsdcCall) -> None:
        """Keep `call` (never raises)."""
        ...


def redact_url(url: str) -> str:
    """`url` with the password of its user part replaced."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:{REDACTED}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def redact(value: Any) -> Any:
    """A copy of a JSON value with secret fields masked."""
    if isinstance(value, Mapping):
        masked = {}
        for key, item in value.items():
            if isinstance(key, str) and _SECRET_KEY.search(key):
                masked[key] = REDACTED
            elif key in _PARTLY_SECRET and isinstance(item, str):
                masked[key] = REDACTED + item[-4:]
            else:
                masked[key] = redact(item)
        return masked
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


def redact_text(text: str) -> str:
    """A JSON body with secrets masked; a body that is not JSON is kept as it came (truncated)."""
    try:
        parsed = wire.loads(text)
    except ValueError:
        return text[:MAX_TEXT]
    return wire.dumps(redact(parsed))[:MAX_TEXT]


class TableCallLog:
    """Writes an organization's calls to its partition of the integration log table."""

    def __init__(self, tables: TableStore, organization_id: UUID) -> None:
        self.tables = tables
        self.partition = organization_id.hex

    def record(self, call: VsdcCall) -> None:
        """Append `call`; a storage failure is logged, not raised."""
        try:
            self.tables.append(
                TABLE,
                self.partition,
                newest_first_row_key(call.at, new_id().hex),
                {
                    "at": call.at,
                    "endpoint": call.endpoint,
                    "url": call.url,
                    "request": call.request,
                    "response": call.response,
                    "http_status": call.http_status,
                    "result_code": call.result_code,
                    "result_message": call.result_message[:1000],
                    "outcome": call.outcome,
                    "duration_ms": call.duration_ms,
                    "document": call.document,
                },
            )
        except Exception:
            log.exception("could not write the ZRA integration log for %s", call.endpoint)


@dataclass(frozen=True)
class LoggedCall:
    """A call as the integration log shows it."""

    id: str
    """Its row key (also the cursor of the next page)."""
    call: VsdcCall
    """What was sent and received."""


def recent_calls(
    tables: TableStore, organization_id: UUID, *, after: str | None = None, limit: int = 50
) -> list[LoggedCall]:
    """The organization's calls, newest first, after the row key `after` if given."""
    records = tables.query(
        TABLE,
        organization_id.hex,
        "RowKey gt @after" if after else None,
        {"after": after} if after else None,
        limit=limit,
    )
    return [
        LoggedCall(
            id=record.row_key,
            call=VsdcCall(
                at=record.data["at"],
                endpoint=record.data["endpoint"],
                url=record.data["url"],
                request=record.data.get("request") or "",
                response=record.data.get("response") or "",
                http_status=record.data.get("http_status"),
                result_code=record.data.get("result_code"),
                result_message=record.data.get("result_message") or "",
                outcome=record.data["outcome"],
                duration_ms=int(record.data.get("duration_ms") or 0),
                document=record.data.get("document"),
            ),
        )
        for record in records
    ]
