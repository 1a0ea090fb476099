"""Identifiers: time-ordered UUIDs (version 7), so new rows land at the end of indexes."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from uuid import UUID

IdProvider = Callable[[], UUID]


def new_id() -> UUID:
    """A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then 74 random bits."""
    millis = time.time_ns() // 1_000_000
    random_bits = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((random_bits >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= random_bits & ((1 << 62) - 1)
    return UUID(int=value)
