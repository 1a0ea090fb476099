"""Models the sales routes share: decimals on the wire as strings."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema


def _not_a_float(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError('send decimals as strings, e.g. "2.5", never as JSON numbers with a fraction')
    return value


DecimalIn = Annotated[
    Decimal,
    BeforeValidator(_not_a_float),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "examples": ["2.5"]}),
]
"""A quantity, price or rate in a request (the tax engine checks sign and places)."""

Amount4 = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{value:.4f}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{4}$", "examples": ["116.0000"]}),
]
"""A document amount in a response: a string with 4 decimals, as ZRA's fields have."""
