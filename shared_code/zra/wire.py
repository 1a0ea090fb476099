"""JSON as the VSDC reads and writes it: amounts are numbers, and never pass through a float.

Pure. `dumps` writes `Decimal` as the JSON number it is (`116.0000`); `loads` reads every
number with a fraction as `Decimal`. A payload written by `dumps` is the exact text sent,
stored and replayed.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def dumps(value: Any) -> str:
    """Compact JSON text of `value`; `Decimal` as a plain number, floats refused."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("a VSDC amount must be a finite number")
        return format(value, "f")
    if isinstance(value, float):
        raise TypeError("floats are not allowed in a VSDC payload: use Decimal")
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(key))}:{dumps(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def loads(text: str | bytes) -> Any:
    """Parse JSON text; numbers with a fraction become `Decimal`. Raises `ValueError` if it is not JSON."""
    return json.loads(text, parse_float=Decimal)
