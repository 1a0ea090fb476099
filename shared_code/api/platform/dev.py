"""Developer-only endpoints: exist only when IntelliFin runs on one machine."""

from __future__ import annotations

from typing import Annotated

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
