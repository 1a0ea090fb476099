"""Journal drafts, the pure builders that make them, and the rules a draft must pass.

A feature turns its document into a `JournalDraft` with a builder (no database access),
then hands it to `service.post_entry`, which calls `validate_draft` and the period guard.
Validation returns every problem at once, as `FieldError`s with stable codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from shared_code.ledger.chain import entry_hash
from shared_code.ledger.model import (
    MANUAL,
    MAX_AMOUNT,
    NGWEE,
    YEAR_END_CLOSE,
    ZERO,
    Account,
    JournalEntry,
    JournalLine,
    Party,
    SourceDocument,
    format_money,
)
from shared_code.platform.errors import FieldError

MAX_LINES = 1000
MAX_DESCRIPTION = 500
MAX_MEMO = 500
MAX_IDEMPOTENCY_KEY = 200
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(9999, 12, 31)
_SOURCE_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


@dataclass(frozen=True)
class DraftLine:
    """One line to post: a positive debit or a positive credit on an account."""

    account_id: UUID
    """The account to debit or credit."""
    debit: Decimal = ZERO
    """Debit amount (two places) or zero."""
    credit: Decimal = ZERO
    """Credit amount (two places) or zero."""
    memo: str = ""
    """Line note."""
    party: Party | None = None
    """Customer or supplier the line concerns."""


@dataclass(frozen=True)
class JournalDraft:
    """An entry not yet posted: what a builder produces and `post_entry` accepts."""

    entry_date: date
    """The accounting date."""
    description: str
    """What happened, for people."""
    lines: tuple[DraftLine, ...]
    """The lines; they must balance."""
    source: SourceDocument = MANUAL
    """The document the entry records."""
    idempotency_key: str | None = None
    """Posting a draft with the same key again returns the first entry."""
    reverses_entry_id: UUID | None = None
    """Set by `reversal_draft` only."""

    @property
    def account_ids(self) -> frozenset[UUID]:
        """Every account the draft names."""
        return frozenset(line.account_id for line in self.lines)


def debit(account_id: UUID, amount: Decimal, memo: str = "", party: Party | None = None) -> DraftLine:
    """A debit line."""
    return DraftLine(account_id=account_id, debit=amount, memo=memo, party=party)


def credit(account_id: UUID, amount: Decimal, memo: str = "", party: Party | None = None) -> DraftLine:
    """A credit line."""
    return DraftLine(account_id=account_id, credit=amount, memo=memo, party=party)


def validate_draft(draft: JournalDraft, accounts: Mapping[UUID, Account]) -> list[FieldError]:
    """Every reason `draft` cannot be posted to a chart holding `accounts` (empty if none).

    The period guard is separate (`periods.guard_posting_date`) because it needs the
    organization's lock date and closed years.
    """
    errors = _header_problems(draft)
    if not draft.lines:
        errors.append(FieldError("lines", "entry_empty", "An entry needs at least two lines."))
    elif len(draft.lines) > MAX_LINES:
        errors.append(FieldError("lines", "entry_too_large", f"An entry has at most {MAX_LINES} lines."))
    amounts_ok = True
    for index, line in enumerate(draft.lines):
        line_errors = _amount_problems(f"lines.{index}", line)
        amounts_ok = amounts_ok and not line_errors
        errors.extend(line_errors)
        errors.extend(_account_problems(f"lines.{index}.account_id", accounts.get(line.account_id)))
        if len(line.memo) > MAX_MEMO:
            errors.append(FieldError(f"lines.{index}.memo", "memo_too_long", f"At most {MAX_MEMO} characters."))
    if draft.lines and amounts_ok:
        errors.extend(_balance_problems(draft.lines))
    return errors


def _header_problems(draft: JournalDraft) -> list[FieldError]:
    errors = []
    description = draft.description.strip()
    if not description:
        errors.append(FieldError("description", "description_required", "Say what the entry records."))
    elif len(description) > MAX_DESCRIPTION:
        errors.append(FieldError("description", "description_too_long", f"At most {MAX_DESCRIPTION} characters."))
    if not EARLIEST_DATE <= draft.entry_date <= LATEST_DATE:
        errors.append(FieldError("entry_date", "date_out_of_range", "The date is out of range."))
    if not _SOURCE_TYPE.match(draft.source.document_type):
        errors.append(FieldError("source.type", "source_type_invalid", "Lower-case letters, digits and underscores."))
    key = draft.idempotency_key
    if key is not None and not 1 <= len(key) <= MAX_IDEMPOTENCY_KEY:
        errors.append(
            FieldError("idempotency_key", "idempotency_key_invalid", f"1 to {MAX_IDEMPOTENCY_KEY} characters.")
        )
    return errors


def amount_problems(field: str, amount: Decimal) -> list[FieldError]:
    """Why `amount` is not a valid debit or credit amount (zero is allowed here)."""
    if not amount.is_finite():
        return [FieldError(field, "amount_invalid", "Not a number.")]
    errors = []
    if amount < 0:
        errors.append(FieldError(field, "amount_negative", "Amounts are never negative; use the other side."))
    if abs(amount) > MAX_AMOUNT:
        # Checked before the precision: quantizing 27 or more digits overflows the decimal context.
        errors.append(FieldError(field, "amount_too_large", f"At most {format_money(MAX_AMOUNT)}."))
        return errors
    if amount != amount.quantize(NGWEE):
        errors.append(FieldError(field, "amount_precision", "At most 2 decimal places (ngwee)."))
    return errors


def _amount_problems(path: str, line: DraftLine) -> list[FieldError]:
    errors = amount_problems(f"{path}.debit", line.debit) + amount_problems(f"{path}.credit", line.credit)
    if errors:
        return errors
    if line.debit != 0 and line.credit != 0:
        return [FieldError(path, "amount_both_sides", "A line is a debit or a credit, not both.")]
    if line.debit == 0 and line.credit == 0:
        return [FieldError(path, "amount_zero", "A line needs a debit or a credit above zero.")]
    return []


def _account_problems(path: str, account: Account | None) -> list[FieldError]:
    if account is None:
        return [FieldError(path, "account_not_found", "No such account in this organization.")]
    if account.is_header:
        return [FieldError(path, "account_not_postable", f"{account.code} is a header account; pick one under it.")]
    if account.is_archived:
        return [FieldError(path, "account_archived", f"{account.code} is archived.")]
    return []


def _balance_problems(lines: tuple[DraftLine, ...]) -> list[FieldError]:
    debits = sum((line.debit for line in lines), ZERO)
    credits = sum((line.credit for line in lines), ZERO)
    if debits != credits:
        return [
            FieldError(
                "lines",
                "entry_unbalanced",
                f"Debits {format_money(debits)} and credits {format_money(credits)} differ "
                f"by {format_money(abs(debits - credits))}.",
            )
        ]
    if debits > MAX_AMOUNT:
        return [FieldError("lines", "amount_too_large", f"The entry total is above {format_money(MAX_AMOUNT)}.")]
    return []


def posted_entry(
    draft: JournalDraft,
    *,
    entry_id: UUID,
    entry_number: int,
    previous_hash: str,
    created_by: UUID,
    posted_at: datetime,
) -> JournalEntry:
    """The immutable entry a valid `draft` becomes, numbered and chained."""
    lines = tuple(
        JournalLine(
            line_number=number,
            account_id=line.account_id,
            debit=line.debit.quantize(NGWEE),
            credit=line.credit.quantize(NGWEE),
            memo=line.memo,
            party=line.party,
        )
        for number, line in enumerate(draft.lines, start=1)
    )
    unhashed = JournalEntry(
        id=entry_id,
        entry_number=entry_number,
        entry_date=draft.entry_date,
        description=draft.description.strip(),
        source=draft.source,
        created_by=created_by,
        posted_at=posted_at,
        lines=lines,
        previous_hash=previous_hash,
        hash="",
        idempotency_key=draft.idempotency_key,
        reverses_entry_id=draft.reverses_entry_id,
    )
    return replace(unhashed, hash=entry_hash(unhashed))


def same_content(draft: JournalDraft, entry: JournalEntry) -> bool:
    """True if posting `draft` would record what `entry` records (an idempotent replay)."""
    return (
        draft.entry_date == entry.entry_date
        and draft.description.strip() == entry.description
        and draft.source == entry.source
        and draft.reverses_entry_id == entry.reverses_entry_id
        and [(x.account_id, x.debit, x.credit, x.memo, x.party) for x in draft.lines]
        == [(y.account_id, y.debit, y.credit, y.memo, y.party) for y in entry.lines]
    )


def reversal_draft(
    entry: JournalEntry,
    *,
    entry_date: date | None = None,
    description: str | None = None,
    idempotency_key: str | None = None,
) -> JournalDraft:
    """The entry that undoes `entry`: every line on the other side, same accounts.

    Dated like the original unless `entry_date` is given; keeps the original's source so
    the document shows both.
    """
    return JournalDraft(
        entry_date=entry_date or entry.entry_date,
        description=description or f"Reversal of entry {entry.entry_number}: {entry.description}"[:MAX_DESCRIPTION],
        lines=tuple(
            DraftLine(
                account_id=line.account_id,
                debit=line.credit,
                credit=line.debit,
                memo=line.memo,
                party=line.party,
            )
            for line in entry.lines
        ),
        source=entry.source,
        idempotency_key=idempotency_key,
        reverses_entry_id=entry.id,
    )


def closing_draft(
    profit_and_loss_balances: Iterable[tuple[UUID, Decimal]],
    *,
    retained_earnings_id: UUID,
    year_end: date,
    description: str,
) -> JournalDraft | None:
    """The year-end closing entry: every income and expense balance (debit minus credit)
    brought to zero against retained earnings. None when there is nothing to close."""
    lines = [
        DraftLine(account_id=account_id, debit=-balance if balance < 0 else ZERO, credit=max(balance, ZERO))
        for account_id, balance in profit_and_loss_balances
        if balance != 0
    ]
    if not lines:
        return None
    # Closing a credit (income) balance debits it, so net debits of the closing lines are
    # the year's profit, credited to retained earnings; a loss is debited.
    profit = sum((line.debit - line.credit for line in lines), ZERO)
    if profit != 0:
        lines.append(
            DraftLine(
                account_id=retained_earnings_id,
                debit=max(-profit, ZERO),
                credit=max(profit, ZERO),
                memo="Result for the year",
            )
        )
    return JournalDraft(
        entry_date=year_end,
        description=description,
        lines=tuple(lines),
        source=SourceDocument(YEAR_END_CLOSE),
    )
