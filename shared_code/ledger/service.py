"""Posting: the one entry point every feature uses, reversals, and reading the journal.

Use cases take the caller's tenant `UnitOfWork` and never commit: the caller commits once
its own changes and the posting are all written, so a document and its entry land
together or not at all. Posting locks the tenant's chain head until that commit, so post
late in the transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from uuid import UUID

from shared_code.ledger import account_repository, period_repository, repository
from shared_code.ledger.accounts import get_account
from shared_code.ledger.chain import genesis_hash
from shared_code.ledger.errors import conflict, entry_not_found, entry_rejected
from shared_code.ledger.model import MAX_PAGE_SIZE, YEAR_END_CLOSE, JournalEntry
from shared_code.ledger.periods import guard_posting_date
from shared_code.ledger.posting import JournalDraft, posted_entry, reversal_draft, same_content, validate_draft
from shared_code.ledger.repository import EntryFilter
from shared_code.platform.clock import Clock, SystemClock
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import DomainError, FieldError
from shared_code.platform.ids import new_id
from shared_code.platform.paging import Page, cursor_part, decode_cursor, encode_cursor, page_of


def post_entry(uow: UnitOfWork, draft: JournalDraft, *, posted_by: UUID, clock: Clock | None = None) -> JournalEntry:
    """Post `draft` and return the posted entry: the one way anything reaches the journal.

    Checks every rule at once (balance, amounts, accounts, the period guard) and raises a
    422 listing all problems, writing nothing. Otherwise writes the entry and its lines,
    adds them to the stored balances and extends the hash chain, all in `uow`'s
    transaction. A draft whose idempotency key was already used returns that entry if
    the content is the same, and raises 409 `idempotency_key_reused` if it is not.
    """
    return _post(uow, [draft], posted_by=posted_by, clock=clock or SystemClock(), year_end_close=False)[0]


def post_entries(
    uow: UnitOfWork, drafts: Sequence[JournalDraft], *, posted_by: UUID, clock: Clock | None = None
) -> list[JournalEntry]:
    """Post several drafts in order, for imports and syncs that record many documents at once.

    The same rules, guard and idempotency as `post_entry`, all or nothing: a problem in any
    draft refuses them all, every problem listed with its field under `entries.<n>.`.
    One lock and a fixed number of statements for the lot, so it is much faster than
    calling `post_entry` in a loop. Returns one entry per draft (replays included).
    """
    return _post(uow, drafts, posted_by=posted_by, clock=clock or SystemClock(), year_end_close=False)


def post_closing_entry(
    uow: UnitOfWork, draft: JournalDraft, *, posted_by: UUID, clock: Clock | None = None
) -> JournalEntry:
    """Post a year-end closing entry (built by `posting.closing_draft`).

    The same path as `post_entry`, except that the period guard lets it through the lock
    date: the closing entry is usually posted after the year is locked.
    """
    if draft.source.document_type != YEAR_END_CLOSE:
        raise ValueError("only year-end closing drafts post through post_closing_entry")
    return _post(uow, [draft], posted_by=posted_by, clock=clock or SystemClock(), year_end_close=True)[0]


def _post(
    uow: UnitOfWork, drafts: Sequence[JournalDraft], *, posted_by: UUID, clock: Clock, year_end_close: bool
) -> list[JournalEntry]:
    head = repository.lock_chain_head(uow, genesis_hash(uow.require_tenant()))
    earlier = repository.entries_by_idempotency_keys(uow, [d.idempotency_key for d in drafts if d.idempotency_key])
    reversed_ids = repository.reversed_entry_ids(uow, [d.reverses_entry_id for d in drafts if d.reverses_entry_id])
    accounts = account_repository.accounts_by_ids(uow, {i for draft in drafts for i in draft.account_ids})
    policy = period_repository.load_period_policy(uow)
    posted_at = clock.now()
    number, previous_hash = head.last_entry_number, head.last_hash
    results: list[JournalEntry] = []
    fresh: list[JournalEntry] = []
    errors: list[FieldError] = []
    for index, draft in enumerate(drafts):
        replay = earlier.get(draft.idempotency_key) if draft.idempotency_key else None
        if replay is not None:
            if not same_content(draft, replay):
                raise conflict("idempotency_key_reused", "This idempotency key was used for a different journal entry.")
            results.append(replay)
            continue
        if draft.reverses_entry_id in reversed_ids:
            raise conflict("entry_already_reversed", "This journal entry has already been reversed.")
        problems = validate_draft(draft, accounts)
        problems += guard_posting_date(draft.entry_date, policy, year_end_close=year_end_close)
        if problems:
            errors += problems if len(drafts) == 1 else [_within(index, problem) for problem in problems]
            continue
        entry = posted_entry(
            draft,
            entry_id=new_id(),
            entry_number=number + 1,
            previous_hash=previous_hash,
            created_by=posted_by,
            posted_at=posted_at,
        )
        number, previous_hash = entry.entry_number, entry.hash
        fresh.append(entry)
        results.append(entry)
        if draft.idempotency_key:
            earlier[draft.idempotency_key] = entry
        if draft.reverses_entry_id:
            reversed_ids.add(draft.reverses_entry_id)
    if errors:
        raise entry_rejected(errors)
    repository.write_posted_entries(uow, fresh)
    return results


def _within(index: int, problem: FieldError) -> FieldError:
    return FieldError(f"entries.{index}.{problem.field}", problem.code, problem.message)


def reverse_entry(
    uow: UnitOfWork,
    entry_id: UUID,
    *,
    posted_by: UUID,
    entry_date: date | None = None,
    description: str | None = None,
    idempotency_key: str | None = None,
    clock: Clock | None = None,
) -> JournalEntry:
    """Post the reversal of a posted entry: the correction for a mistake, never an edit.

    Dated like the original unless `entry_date` is given (the period guard applies to that
    date). An entry is reversed at most once; reversals and year-end closing entries
    cannot be reversed.
    """
    original = get_entry(uow, entry_id)
    if idempotency_key is not None:
        replay = repository.entry_by_idempotency_key(uow, idempotency_key)
        if replay is not None and replay.reverses_entry_id == original.id:
            return replay
    if original.reverses_entry_id is not None:
        raise conflict("entry_is_reversal", "A reversal cannot be reversed; post a new entry instead.")
    if original.source.document_type == YEAR_END_CLOSE:
        raise conflict("entry_not_reversible", "A year-end closing entry cannot be reversed.")
    draft = reversal_draft(original, entry_date=entry_date, description=description, idempotency_key=idempotency_key)
    return post_entry(uow, draft, posted_by=posted_by, clock=clock)


def entry_posted_with_key(uow: UnitOfWork, idempotency_key: str) -> JournalEntry | None:
    """The entry already posted with `idempotency_key`, or None: a use case that does more
    than post (moves a document's totals) asks first, so a retry repeats none of it."""
    return repository.entry_by_idempotency_key(uow, idempotency_key)


def get_entry(uow: UnitOfWork, entry_id: UUID) -> JournalEntry:
    """One posted entry with its lines; 404 `journal_entry_not_found` if there is none."""
    entry = repository.get_entry(uow, entry_id)
    if entry is None:
        raise entry_not_found()
    return entry


def list_entries(
    uow: UnitOfWork,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    source_type: str | None = None,
    source_id: UUID | None = None,
    account_id: UUID | None = None,
    search: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[JournalEntry]:
    """Posted entries, newest date first, a page at a time (`cursor` from the last page).

    `account_id` keeps entries with a line on that account (404 `account_not_found` if the
    organization has no such account); `search` matches the entry number, the description
    or a line's memo. 422 `date_range_invalid` if `date_to` is before `date_from`.
    """
    before = None
    if cursor is not None:
        day, number = decode_cursor("entries", cursor, 2)
        before = (cursor_part(date.fromisoformat, day), cursor_part(int, number))
    where = entry_filter(uow, date_from, date_to, source_type, source_id, account_id, search)
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    entries = repository.list_entries(uow, replace(where, before=before, limit=limit + 1))
    return page_of(
        entries, limit, lambda last: encode_cursor("entries", last.entry_date.isoformat(), str(last.entry_number))
    )


def entry_filter(
    uow: UnitOfWork,
    date_from: date | None,
    date_to: date | None,
    source_type: str | None,
    source_id: UUID | None,
    account_id: UUID | None,
    search: str | None,
) -> EntryFilter:
    """A journal listing's filter, checked: the account is this organization's, the dates
    are in order, a blank search searches nothing."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise DomainError(
            code="date_range_invalid",
            title="The period ends before it starts.",
            status=422,
            errors=[FieldError("from", "date_range_invalid", "`from` must be on or before `to`.")],
        )
    if account_id is not None:
        get_account(uow, account_id)
    return EntryFilter(
        date_from=date_from,
        date_to=date_to,
        source_type=source_type,
        source_id=source_id,
        account_id=account_id,
        search=(search or "").strip() or None,
    )


def filtered_entry_batches(
    uow: UnitOfWork, where: EntryFilter, batch: int = MAX_PAGE_SIZE
) -> Iterator[list[JournalEntry]]:
    """Every entry matching `where`, newest date first, a batch at a time (for an export)."""
    before = None
    while True:
        entries = repository.list_entries(uow, replace(where, before=before, limit=batch))
        if entries:
            yield entries
        if len(entries) < batch:
            return
        before = (entries[-1].entry_date, entries[-1].entry_number)


def has_postings(uow: UnitOfWork) -> bool:
    """True once the organization of `uow` has posted anything (documents carry its TPIN)."""
    return repository.has_any_entry(uow)
