"""Developer-only endpoints: exist only when IntelliFin runs on one machine."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from shared_code.api.dependencies import get_services
from shared_code.bootstrap import Services
from shared_code.platform.errors import NotFound
from shared_code.platform.mailbox import MailboxMessage, list_messages

router = APIRouter(prefix="/api/v1/dev", tags=["dev"])


class Mailbox(BaseModel):
    """The dev mailbox, newest first."""

    messages: list[MailboxMessage]


def _local_only(services: Annotated[Services, Depends(get_services)]) -> Services:
    if not services.settings.is_local:
        raise NotFound("page")
    return services


@router.get("/mailbox", response_model=Mailbox)
def mailbox(
    services: Annotated[Services, Depends(_local_only)],
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Mailbox:
    """Every e-mail the local SMTP server received, newest first (local runs only)."""
    return Mailbox(messages=list_messages(services.settings.dev_mailbox_dir, limit=limit))


class Sandbox(BaseModel):
    """A local server that speaks an outside party's protocol."""

    name: str
    """What it stands in for, e.g. `zra-vsdc`."""
    base_url: str
    """The base URL a client is configured with (for the VSDC: the context root included)."""
    admin_url: str
    """Where its own admin endpoints are (fault injection, what it recorded)."""


class Sandboxes(BaseModel):
    """The sandboxes this local run started."""

    sandboxes: list[Sandbox]


@router.get("/sandboxes", response_model=Sandboxes)
def sandboxes(services: Annotated[Services, Depends(_local_only)]) -> Sandboxes:
    """The base URL of each sandbox the local runtime started (local runs only)."""
    found = []
    if services.settings.zra_sandbox_url:
        parts = urlsplit(services.settings.zra_sandbox_url)
        found.append(
            Sandbox(
                name="zra-vsdc",
                base_url=services.settings.zra_sandbox_url,
                admin_url=f"{parts.scheme}://{parts.netloc}/admin",
            )
        )
    if services.settings.airtel_sandbox_url:
        parts = urlsplit(services.settings.airtel_sandbox_url)
        found.append(
            Sandbox(
                name="airtel-money",
                base_url=services.settings.airtel_sandbox_url,
                admin_url=f"{parts.scheme}://{parts.netloc}/admin",
            )
        )
    return Sandboxes(sandboxes=found)
