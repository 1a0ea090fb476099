"""What every capability's routes share: dependency aliases, request bodies, money, dates, paging.

The strict input types (amounts, dates, moments) are defined in
`shared_code.platform.input_types` and used from here.

A router imports these instead of declaring its own copies, so a rule about money on the
wire or the size of a cursor is written once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import Depends, Header, Query
from pydantic import BaseModel, ConfigDict, PlainSerializer, WithJsonSchema

from shared_code.api.auth import Caller, request_meta, require_user
from shared_code.api.dependencies import get_services
from shared_code.bootstrap import Services
from shared_code.identity.audit import RequestMeta
from shared_code.platform.input_types import Day, Instant, StrictAmount

ServicesDep = Annotated[Services, Depends(get_services)]
"""The composition root the app was created with."""

MetaDep = Annotated[RequestMeta, Depends(request_meta)]
"""The caller's address and user agent, for the audit log and rate limits."""

CallerDep = Annotated[Caller, Depends(require_user())]
"""A signed-in user (any organization or none)."""

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=150)]
"""A client's key that makes a creating POST safe to retry."""

Cursor = Annotated[str | None, Query(max_length=500)]
"""The opaque position of the next page, as the previous page returned it."""


class RequestBody(BaseModel):
    """Base of every request body: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


def _format_money(amount: Decimal) -> str:
    return f"{amount:.2f}"


Money = Annotated[
    Decimal,
    PlainSerializer(_format_money, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "examples": ["1234.50"]}),
]
"""An amount in a response: a string with two decimals."""

MoneyIn = StrictAmount
"""An amount in a request: ASCII digits with up to two decimals as a JSON string, nothing else."""

__all__ = [
    "CallerDep",
    "Cursor",
    "Day",
    "IdempotencyKey",
    "Instant",
    "MetaDep",
    "Money",
    "MoneyIn",
    "RequestBody",
    "ServicesDep",
]
