"""Developer-only endpoints: exist only when IntelliFin runs on one machine."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from shared_code.api.dependencies import get_services
from shared_code.bootstrap import Services
from shared_code.platform.errors import NotFound

router = APIRouter(prefix="/api/v1/dev", tags=["dev"])


class MailboxEntry(BaseModel):
    """One e-mail caught by the local SMTP server."""

    id: str
    received_at: datetime
    sender: str
    recipients: list[str]
    subject: str
    text: str | None
    html: str | None
    attachments: list[str]


class Mailbox(BaseModel):
    """The dev mailbox, newest first."""

    messages: list[MailboxEntry]


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
    from shared_code.platform.mailbox import list_messages

    messages = list_messages(services.settings.dev_mailbox_dir, limit=limit)
    return Mailbox(
        messages=[
            MailboxEntry(
                id=m.id,
                received_at=m.received_at,
                sender=m.sender,
                recipients=list(m.recipients),
                subject=m.subject,
                text=m.text,
                html=m.html,
                attachments=list(m.attachments),
            )
            for m in messages
        ]
    )
