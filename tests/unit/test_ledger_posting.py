"""Journal drafts and their builders: debits equal credits, every problem listed at once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_code.ledger.chain import genesis_hash
from shared_code.ledger.model import (
    Account,
    AccountType,
    CashFlowClass,
    JournalEntry,
    Party,
    PartyType,
    SourceDocument,
)
from shared_code.ledger.posting import (
    DraftLine,
    JournalDraft,
    closing_draft,
    credit,
    debit,
    posted_entry,
    reversal_draft,
    same_content,
    validate_draft,
)

TENANT = UUID("00000000-0000-7000-8000-0000000000aa")
USER = UUID("00000000-0000-7000-8000-0000000000bb")


def _account(code: str, account_type: AccountType, subtype: str, **flags: object) -> Account:
    return Account(
        id=UUID(int=int(code)),
        code=code,
        name=f"Account {code}",
        account_type=account_type,
        subtype=subtype,
        cash_flow_class=None if subtype == "cash" else CashFlowClass.OPERATING,
        parent_id=None,
        is_header=bool(flags.get("is_header", False)),
        is_system=False,
        role=None,
        description="",
        archived_at=datetime(2026, 1, 1, tzinfo=UTC) if flags.get("archived") else None,
    )


CASH = _account("1010", AccountType.ASSET, "cash")
RECEIVABLES = _account("1200", AccountType.ASSET, "receivable")
VAT_OUTPUT = _account("2100", AccountType.LIABILITY, "tax")
RETAINED = _account("3100", AccountType.EQUITY, "retained_earnings")
SALES = _account("4010", AccountType.INCOME, "revenue")
RENT = _account("6100", AccountType.EXPENSE, "operating_expense")
HEADER = _account("1000", AccountType.ASSET, "other_current_asset", is_header=True)
OLD = _account("1110", AccountType.ASSET, "bank", archived=True)
CHART = {account.id: account for account in (CASH, RECEIVABLES, VAT_OUTPUT, RETAINED, SALES, RENT, HEADER, OLD)}


def _draft(*lines: DraftLine, description: str = "Cash sale") -> JournalDraft:
    return JournalDraft(entry_date=date(2026, 1, 5), description=description, lines=lines)


def _codes(draft: JournalDraft) -> list[tuple[str, str]]:
    return [(error.field, error.code) for error in validate_draft(draft, CHART)]


def test_a_vat_inclusive_cash_sale_balances() -> None:
    # K1,160 including 16% VAT: K1,000 of sales and K160 of output VAT.
    draft = _draft(
        debit(CASH.id, Decimal("1160.00")),
        credit(SALES.id, Decimal("1000.00")),
        credit(VAT_OUTPUT.id, Decimal("160.00")),
    )
    assert _codes(draft) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ((debit(CASH.id, Decimal("100")), credit(SALES.id, Decimal("99.99"))), [("lines", "entry_unbalanced")]),
        ((), [("lines", "entry_empty")]),
        (
            (debit(CASH.id, Decimal("1.001")), credit(SALES.id, Decimal("1.001"))),
            [("lines.0.debit", "amount_precision"), ("lines.1.credit", "amount_precision")],
        ),
        ((debit(CASH.id, Decimal("-5")), debit(SALES.id, Decimal("5"))), [("lines.0.debit", "amount_negative")]),
        (
            (DraftLine(CASH.id, Decimal("5"), Decimal("5")), credit(SALES.id, Decimal("0"))),
            [("lines.0", "amount_both_sides"), ("lines.1", "amount_zero")],
        ),
        (
            (debit(HEADER.id, Decimal("5")), credit(SALES.id, Decimal("5"))),
            [("lines.0.account_id", "account_not_postable")],
        ),
        ((debit(OLD.id, Decimal("5")), credit(SALES.id, Decimal("5"))), [("lines.0.account_id", "account_archived")]),
        (
            (debit(UUID(int=9), Decimal("5")), credit(SALES.id, Decimal("5"))),
            [("lines.0.account_id", "account_not_found")],
        ),
        ((debit(CASH.id, Decimal("NaN")), credit(SALES.id, Decimal("5"))), [("lines.0.debit", "amount_invalid")]),
        (
            (debit(CASH.id, Decimal("1E+16")), credit(SALES.id, Decimal("1E+16"))),
            [("lines.0.debit", "amount_too_large"), ("lines.1.credit", "amount_too_large")],
        ),
    ],
)
def test_each_bad_draft_names_its_problem(lines: tuple[DraftLine, ...], expected: list[tuple[str, str]]) -> None:
    assert _codes(_draft(*lines)) == expected


def test_an_entry_holds_at_most_a_thousand_lines() -> None:
    """Break tried: `MAX_LINES = 1001` in posting.py; this test failed then."""

    def sales(count: int) -> JournalDraft:
        takings = [debit(CASH.id, Decimal("1.00")) for _ in range(count - 1)]
        return _draft(*takings, credit(SALES.id, Decimal(count - 1)))

    assert _codes(sales(1000)) == []
    assert _codes(sales(1001)) == [("lines", "entry_too_large")]


def test_a_memo_holds_at_most_500_characters() -> None:
    """Break tried: the memo length check removed from `validate_draft`; this test failed then."""
    longest = (debit(CASH.id, Decimal("1.00"), memo="m" * 500), credit(SALES.id, Decimal("1.00")))
    assert _codes(_draft(*longest)) == []
    too_long = (debit(CASH.id, Decimal("1.00")), credit(SALES.id, Decimal("1.00"), memo="é" * 501))
    assert _codes(_draft(*too_long)) == [("lines.1.memo", "memo_too_long")]


def test_trailing_zeros_beyond_the_ngwee_are_not_extra_precision() -> None:
    assert _codes(_draft(debit(CASH.id, Decimal("10.500")), credit(SALES.id, Decimal("10.5")))) == []


def test_header_problems_come_with_line_problems() -> None:
    draft = JournalDraft(
        entry_date=date(1800, 1, 1),
        description="x" * 501,
        lines=(debit(CASH.id, Decimal("1")),),
        source=SourceDocument("Bad Type"),
        idempotency_key="",
    )
    assert _codes(draft) == [
        ("description", "description_too_long"),
        ("entry_date", "date_out_of_range"),
        ("source.type", "source_type_invalid"),
        ("idempotency_key", "idempotency_key_invalid"),
        ("lines", "entry_unbalanced"),
    ]


def _posted(draft: JournalDraft, number: int = 1, previous: str | None = None) -> JournalEntry:
    return posted_entry(
        draft,
        entry_id=UUID(int=1000 + number),
        entry_number=number,
        previous_hash=previous or genesis_hash(TENANT),
        created_by=USER,
        posted_at=datetime(2026, 1, 5, 10, 30, tzinfo=UTC),
    )


def test_a_posted_entry_numbers_lines_and_hashes_its_content() -> None:
    entry = _posted(_draft(debit(CASH.id, Decimal("10")), credit(SALES.id, Decimal("10"))))
    assert [line.line_number for line in entry.lines] == [1, 2]
    assert entry.lines[0].debit == Decimal("10.00")
    assert len(entry.hash) == 64
    assert entry.total == Decimal("10.00")


def test_the_reversal_of_an_invoice_swaps_every_side_and_balances() -> None:
    customer = Party(PartyType.CUSTOMER, UUID(int=77))
    invoice = JournalDraft(
        entry_date=date(2026, 1, 5),
        description="Invoice INV-7",
        lines=(
            debit(RECEIVABLES.id, Decimal("580.00"), party=customer),
            credit(SALES.id, Decimal("500.00")),
            credit(VAT_OUTPUT.id, Decimal("80.00")),
        ),
        source=SourceDocument("invoice", UUID(int=7)),
    )
    original = _posted(invoice)
    reversal = reversal_draft(original, entry_date=date(2026, 2, 1))
    assert _codes(reversal) == []
    assert reversal.reverses_entry_id == original.id
    assert reversal.source == invoice.source
    assert reversal.description == "Reversal of entry 1: Invoice INV-7"
    assert [(line.debit, line.credit, line.party) for line in reversal.lines] == [
        (Decimal("0.00"), Decimal("580.00"), customer),
        (Decimal("500.00"), Decimal("0.00"), None),
        (Decimal("80.00"), Decimal("0.00"), None),
    ]


def test_the_closing_entry_credits_a_profit_to_retained_earnings() -> None:
    draft = closing_draft(
        [(SALES.id, Decimal("-1000.00")), (RENT.id, Decimal("300.00"))],
        retained_earnings_id=RETAINED.id,
        year_end=date(2025, 12, 31),
        description="Close FY2025",
    )
    assert draft is not None
    assert _codes(draft) == []
    assert [(line.account_id, line.debit, line.credit) for line in draft.lines] == [
        (SALES.id, Decimal("1000.00"), Decimal("0")),
        (RENT.id, Decimal("0"), Decimal("300.00")),
        (RETAINED.id, Decimal("0"), Decimal("700.00")),
    ]


def test_the_closing_entry_debits_a_loss_and_is_none_when_there_is_nothing_to_close() -> None:
    draft = closing_draft(
        [(SALES.id, Decimal("-100.00")), (RENT.id, Decimal("300.00"))],
        retained_earnings_id=RETAINED.id,
        year_end=date(2025, 12, 31),
        description="Close FY2025",
    )
    assert draft is not None and draft.lines[-1] == DraftLine(
        RETAINED.id, Decimal("200.00"), Decimal("0"), "Result for the year"
    )
    assert (
        closing_draft(
            [(SALES.id, Decimal("0"))], retained_earnings_id=RETAINED.id, year_end=date(2025, 12, 31), description="x"
        )
        is None
    )


def test_same_content_recognises_a_replay() -> None:
    draft = _draft(debit(CASH.id, Decimal("10")), credit(SALES.id, Decimal("10")))
    entry = _posted(draft)
    assert same_content(draft, entry)
    assert not same_content(_draft(debit(CASH.id, Decimal("11")), credit(SALES.id, Decimal("11"))), entry)


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)


@given(st.lists(st.tuples(st.sampled_from([CASH, RECEIVABLES, VAT_OUTPUT, SALES, RENT]), amounts), min_size=1))
def test_any_set_of_debits_balanced_by_one_credit_validates_and_its_reversal_too(
    debits: list[tuple[Account, Decimal]],
) -> None:
    total = sum((amount for _, amount in debits), Decimal("0"))
    draft = _draft(*(debit(account.id, amount) for account, amount in debits), credit(SALES.id, total))
    assert _codes(draft) == []
    assert _codes(reversal_draft(_posted(draft))) == []
