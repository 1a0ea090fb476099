"""Strict input types: decimal strings, ISO dates and moments in one range, clean text.

Routes take them from `shared_code.api.types` (which re-exports them beside the other shared
request types); they live here, below the API layer, because request bodies that are domain
models (the business profile) use them too.

Pydantic's lax parsing reads `"+10"`, `" 10"`, `"10\\n"`, fullwidth and Arabic-Indic digits
and the JSON number `100` as an amount, and `0` or `"0.5"` as a date (seconds since 1970).
The API's contract is narrower, so these types refuse all of that with a field error, and
every date input shares one allowed range, so no date arithmetic downstream (a fiscal year
around 9999-12-31 or 0001-01-01) leaves what `datetime.date` can hold. Text is guarded for
NUL and control characters (`control_character_in`) by
`shared_code.api.middleware.ControlCharacterGuardMiddleware`, for every body, query and
path at once.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

EARLIEST_DATE = date(1900, 1, 1)
"""The first date any input may name (older than any business's books)."""
LATEST_DATE = date(2199, 12, 31)
"""The last date any input may name (leaves room for fiscal years and periods after it)."""

MAX_AMOUNT_CHARACTERS = 30
"""Longer decimal strings are refused before they are read (the ledger's own ceiling is lower)."""
MAX_INTEGER_DIGITS = 20
"""More digits before the point are refused here; up to this many meet the ledger's `amount_too_large`."""

_DECIMAL = re.compile(rf"[0-9]{{1,{MAX_INTEGER_DIGITS}}}(\.[0-9]{{1,2}})?", re.ASCII)
_SIGNED_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?", re.ASCII)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_ISO_INSTANT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?",
    re.ASCII,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character_in(text: str) -> bool:
    """True if `text` holds NUL or a control character other than tab, line feed and return."""
    return _CONTROL.search(text) is not None


def _decimal_string(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "amount_not_a_string", 'send amounts as decimal strings, e.g. "1234.50", never as JSON numbers'
        )
    if len(value) > MAX_AMOUNT_CHARACTERS:
        raise PydanticCustomError(
            "amount_too_long", "an amount has at most {limit} characters", {"limit": MAX_AMOUNT_CHARACTERS}
        )
    if _DECIMAL.fullmatch(value):
        return Decimal(value)
    if _SIGNED_DECIMAL.fullmatch(value):
        if len(value.lstrip("-").split(".")[0]) > MAX_INTEGER_DIGITS:
            raise PydanticCustomError(
                "amount_too_long",
                "an amount has at most {limit} digits before the point",
                {"limit": MAX_INTEGER_DIGITS},
            )
        if value.startswith("-"):
            raise PydanticCustomError("amount_negative", "amounts are positive; put a credit on the other side")
        raise PydanticCustomError("amount_precision", "amounts have at most two decimal places (ngwee)")
    raise PydanticCustomError(
        "amount_invalid", 'an amount is digits 0-9 with an optional point and two decimals, e.g. "1234.50"'
    )


StrictAmount = Annotated[
    Decimal,
    BeforeValidator(_decimal_string),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": rf"^\d{{1,{MAX_INTEGER_DIGITS}}}(\.\d{{1,2}})?$",
            "examples": ["1234.50"],
        }
    ),
]
"""An amount in a request: a string of ASCII digits with up to two decimals, nothing else."""


def _iso_date(value: Any) -> date:
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_invalid", "no such day") from None
    else:
        raise PydanticCustomError("date_invalid", "a date is written YYYY-MM-DD, e.g. 2026-03-31")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise PydanticCustomError(
            "date_out_of_range",
            "dates run from {earliest} to {latest}",
            {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
    return day


Day = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "description": f"YYYY-MM-DD, from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}",
        }
    ),
]
"""A date in a request: ISO 8601 `YYYY-MM-DD` only, within `EARLIEST_DATE`..`LATEST_DATE`."""


def _iso_instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and _ISO_INSTANT.fullmatch(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("datetime_invalid", "no such moment") from None
    else:
        raise PydanticCustomError("datetime_invalid", "a moment is written in ISO 8601, e.g. 2026-03-31T08:00:00+02:00")
    if not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
        raise PydanticCustomError(
            "date_out_of_range",
            "dates run from {earliest} to {latest}",
            {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


Instant = Annotated[
    datetime,
    BeforeValidator(_iso_instant),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": f"ISO 8601 (UTC if no zone is given), from {EARLIEST_DATE.isoformat()} to "
            f"{LATEST_DATE.isoformat()}",
        }
    ),
]
"""A moment in a request: ISO 8601 only, in the shared date range; UTC unless it names a zone."""
