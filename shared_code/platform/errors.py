"""Domain errors: each carries the stable `code` and HTTP status of its problem response.

Services raise these; the API turns them into RFC 9457 problem details. Nothing here
imports a web framework.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field."""

    field: str
    """Dotted path of the field, e.g. `lines.0.amount`."""
    code: str
    """Stable machine-readable code, e.g. `too_long`."""
    message: str
    """What is wrong, for a person."""


@dataclass
class DomainError(Exception):
    """A failure a client can act on; becomes a 4xx problem response."""

    code: str
    title: str
    status: int = 400
    detail: str | None = None
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    """Extra response headers, e.g. Retry-After."""

    def __str__(self) -> str:
        return f"{self.code}: {self.detail or self.title}"


class NotFound(DomainError):
    """The thing asked for does not exist (or is not the caller's to see)."""

    def __init__(self, what: str = "resource", code: str = "not_found") -> None:
        super().__init__(code=code, title=f"The {what} was not found.", status=404)


class Conflict(DomainError):
    """The request conflicts with the current state."""

    def __init__(self, code: str, title: str, detail: str | None = None) -> None:
        super().__init__(code=code, title=title, status=409, detail=detail)


class ValidationFailed(DomainError):
    """Input broke one or more rules; every problem is listed at once."""

    def __init__(self, errors: list[FieldError], title: str = "The request is not valid.") -> None:
        super().__init__(code="validation_failed", title=title, status=422, errors=errors)


class TenantScopeRequired(RuntimeError):
    """Tenant data was touched in a unit of work that has no tenant: a programming error.

    Deliberately not a DomainError: it is a bug, so the client sees a plain 500.
    """

    def __init__(self) -> None:
        super().__init__("tenant tables were accessed in a unit of work without a tenant scope")


def field_errors_from_pydantic(
    problems: Sequence[Mapping[str, Any]], *, strip_prefix: str | None = None
) -> list[FieldError]:
    """Field errors from pydantic's `errors()` list (location joined with dots)."""
    converted = []
    for problem in problems:
        location = [str(part) for part in problem.get("loc", ())]
        if strip_prefix is not None and location and location[0] == strip_prefix:
            location = location[1:] or [strip_prefix]
        converted.append(
            FieldError(".".join(location), str(problem.get("type", "invalid")), str(problem.get("msg", "is not valid")))
        )
    return converted
