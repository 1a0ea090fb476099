"""Pages and opaque keyset cursors for list endpoints.

A cursor is the keyset position of the last row of a page (its sort value and id), tagged
with the listing it belongs to and encoded as URL-safe base64. It is opaque to clients but
not secret: it only moves a query the caller is already allowed to run.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from shared_code.platform.errors import DomainError

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing."""

    items: tuple[T, ...]
    """The rows of this page."""
    next_cursor: str | None
    """Pass it back for the next page; None on the last page."""


def encode_cursor(kind: str, *parts: str) -> str:
    """An opaque cursor holding `parts` (the keyset position), tagged with `kind`."""
    raw = json.dumps([kind, *parts], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str, size: int) -> list[str]:
    """The `size` parts of a cursor made by `encode_cursor(kind, ...)`; 400 `cursor_invalid` otherwise."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        parts = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid_cursor() from None
    if (
        not isinstance(parts, list)
        or len(parts) != size + 1
        or parts[0] != kind
        or not all(isinstance(part, str) for part in parts)
    ):
        raise invalid_cursor()
    return parts[1:]


def cursor_part(parse: Callable[[str], T], text: str) -> T:
    """One part of a decoded cursor parsed with `parse`; 400 `cursor_invalid` if it does not parse."""
    try:
        return parse(text)
    except ValueError:
        raise invalid_cursor() from None


def invalid_cursor() -> DomainError:
    """400 `cursor_invalid`: the cursor was not made by this listing."""
    return DomainError(code="cursor_invalid", title="The cursor is not valid for this listing.", status=400)


def page_of(rows: list[T], limit: int, cursor_of: Callable[[T], str]) -> Page[T]:
    """A page from up to `limit + 1` rows: the extra row only says there is a next page."""
    items = tuple(rows[:limit])
    has_more = len(rows) > limit
    return Page(items=items, next_cursor=cursor_of(items[-1]) if has_more and items else None)
