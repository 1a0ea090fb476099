"""The journal: posted entries listed and read, manual entries posted, entries reversed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response, status
from fastapi.responses import StreamingResponse

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.ledger.schemas import JournalEntryIn, JournalEntryList, JournalEntryOut, ReverseIn, entry_out
from shared_code.api.types import Cursor, Day, IdempotencyKey, ServicesDep
from shared_code.identity.memberships import user_names
from shared_code.ledger import account_repository, csv_export, service
from shared_code.ledger.model import MANUAL, JournalEntry, Party
from shared_code.ledger.posting import DraftLine, JournalDraft
from shared_code.platform.db import UnitOfWork

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["ledger"])

Read = Annotated[OrgContext, Depends(require_permission("ledger:read"))]
Post = Annotated[OrgContext, Depends(require_permission("ledger:post"))]
SourceType = Annotated[str | None, Query(max_length=50, pattern=r"^[a-z][a-z_]*$")]
Search = Annotated[str | None, Query(max_length=100)]


@router.get("/journal-entries", response_model=JournalEntryList)
def list_journal_entries(
    ctx: Read,
    services: ServicesDep,
    date_from: Annotated[Day | None, Query(alias="from")] = None,
    date_to: Annotated[Day | None, Query(alias="to")] = None,
    source_type: SourceType = None,
    source_id: UUID | None = None,
    account_id: UUID | None = None,
    q: Search = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> JournalEntryList:
    """Posted journal entries, newest date first, a page at a time, with who posted each.

    `q` finds an entry by number or by words of its description or a line's memo;
    `account_id` keeps entries with a line on that account; `source_type` keeps one kind of
    document (manual, invoice, credit_note, debit_note, payment, refund, year_end_close).
    """
    with services.db.unit_of_work(ctx.organization_id) as uow:
        page = service.list_entries(
            uow,
            date_from=date_from,
            date_to=date_to,
            source_type=source_type,
            source_id=source_id,
            account_id=account_id,
            search=q,
            cursor=cursor,
            limit=limit,
        )
        items = entries_out(uow, page.items)
    return JournalEntryList(items=items, next_cursor=page.next_cursor)


@router.get("/journal-entries.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_journal_entries(
    ctx: Read,
    services: ServicesDep,
    date_from: Annotated[Day | None, Query(alias="from")] = None,
    date_to: Annotated[Day | None, Query(alias="to")] = None,
    source_type: SourceType = None,
    source_id: UUID | None = None,
    account_id: UUID | None = None,
    q: Search = None,
) -> Response:
    """The journal as CSV, one line a row, with the listing's filters (all pages, streamed)."""
    organization_id = ctx.organization_id
    with services.db.unit_of_work(organization_id) as uow:
        where = service.entry_filter(uow, date_from, date_to, source_type, source_id, account_id, q)

    def stream() -> Iterator[bytes]:
        with services.db.unit_of_work(organization_id) as uow:
            for text in csv_export.journal_csv(uow, where):
                yield text.encode()

    return StreamingResponse(
        stream(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="journal.csv"'},
    )


@router.post("/journal-entries", status_code=status.HTTP_201_CREATED, response_model=JournalEntryOut)
def create_journal_entry(
    body: JournalEntryIn, ctx: Post, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> JournalEntryOut:
    """Post a manual journal entry. With an `Idempotency-Key`, a replay returns the first entry."""
    draft = JournalDraft(
        entry_date=body.entry_date,
        description=body.description,
        lines=tuple(
            DraftLine(
                account_id=line.account_id,
                debit=line.debit,
                credit=line.credit,
                memo=line.memo,
                party=Party(line.party.type, line.party.id) if line.party else None,
            )
            for line in body.lines
        ),
        source=MANUAL,
        idempotency_key=f"manual:{idempotency_key}" if idempotency_key else None,
    )
    with services.db.unit_of_work(ctx.organization_id) as uow:
        entry = service.post_entry(uow, draft, posted_by=ctx.user_id, clock=services.clock)
        out = entries_out(uow, [entry])[0]
        uow.commit()
    return out


@router.get("/journal-entries/{entry_id}", response_model=JournalEntryOut)
def get_journal_entry(entry_id: UUID, ctx: Read, services: ServicesDep) -> JournalEntryOut:
    """One posted journal entry with its lines."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return entries_out(uow, [service.get_entry(uow, entry_id)])[0]


@router.post("/journal-entries/{entry_id}/reverse", status_code=status.HTTP_201_CREATED, response_model=JournalEntryOut)
def reverse_journal_entry(
    entry_id: UUID,
    ctx: Post,
    services: ServicesDep,
    body: ReverseIn | None = None,
    idempotency_key: IdempotencyKey = None,
) -> JournalEntryOut:
    """Reverse a posted entry (dated like the original unless a date is given)."""
    body = body or ReverseIn(entry_date=None, description=None)
    with services.db.unit_of_work(ctx.organization_id) as uow:
        entry = service.reverse_entry(
            uow,
            entry_id,
            posted_by=ctx.user_id,
            entry_date=body.entry_date,
            description=body.description,
            idempotency_key=f"reverse:{idempotency_key}" if idempotency_key else None,
            clock=services.clock,
        )
        out = entries_out(uow, [entry])[0]
        uow.commit()
    return out


def entries_out(uow: UnitOfWork, entries: Iterable[JournalEntry]) -> list[JournalEntryOut]:
    """Entries as the API shows them, with their accounts' codes and names."""
    listed = list(entries)
    named = account_repository.accounts_by_ids(uow, {line.account_id for e in listed for line in e.lines})
    names = user_names(uow, {entry.created_by for entry in listed})
    return [entry_out(entry, named, names) for entry in listed]
