"""Models the sales routes share: decimals on the wire as strings."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

_DECIMAL = re.compile(r"-?[0-9]{1,20}(\.[0-9]{1,20})?", re.ASCII)


def _decimal_string(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
        raise PydanticCustomError(
            "decimal_invalid", 'send quantities, prices and rates as decimal strings of ASCII digits, e.g. "2.5"'
        )
    return Decimal(value)


DecimalIn = Annotated[
    Decimal,
    BeforeValidator(_decimal_string),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d{1,20}(\.\d{1,20})?$", "examples": ["2.5"]}),
]
"""A quantity, price or rate in a request: a decimal string, nothing else (like the shared
`MoneyIn`, but with the 4 places ZRA allows; the tax engine checks sign and places and names
the field)."""

Amount4 = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{value:.4f}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{4}$", "examples": ["116.0000"]}),
]
"""A document amount in a response: a string with 4 decimals, as ZRA's fields have."""
