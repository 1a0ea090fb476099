"""FastAPI dependencies shared by every router."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from fastapi import Request

from shared_code.bootstrap import Services
from shared_code.platform.errors import DomainError

durable_client_var: ContextVar[Any] = ContextVar("durable_client", default=None)
"""The durable client of the current invocation (set by the Azure catch-all function)."""

_default_durable_client: Any = None


def set_default_durable_client(client: Any) -> None:
    """The durable client used when no invocation set one (the local runtime's)."""
    global _default_durable_client
    _default_durable_client = client


def get_services(request: Request) -> Services:
    """The services the app was created with."""
    services: Services = request.app.state.services
    return services


def get_durable_client() -> Any:
    """The durable orchestration client: Azure's per invocation, or the local runtime's."""
    client = durable_client_var.get() or _default_durable_client
    if client is None:
        raise DomainError(
            code="orchestrations_unavailable",
            title="Background workflows are not available right now.",
            status=503,
        )
    return client
