"""Export formatting: account names valid for beancount and hledger, text that stays text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from shared_code.ledger.chain import genesis_hash
from shared_code.ledger.export import account_name, beancount_lines, hledger_lines
from shared_code.ledger.model import Account, AccountType, JournalEntry
from shared_code.ledger.posting import JournalDraft, credit, debit, posted_entry


def _account(code: str, name: str, account_type: AccountType) -> Account:
    return Account(
        id=UUID(int=int(code.replace("-", ""))),
        code=code,
        name=name,
        account_type=account_type,
        subtype="cash" if account_type is AccountType.ASSET else "revenue",
        cash_flow_class=None,
        parent_id=None,
        is_header=False,
        is_system=False,
        role=None,
        description="",
        archived_at=None,
    )


TILL = _account("1010", "Cash on hand (petty cash & till float)", AccountType.ASSET)
SALES = _account("4010-02", "Ventes, café «Lusaka»", AccountType.INCOME)


def _entry() -> JournalEntry:
    draft = JournalDraft(
        entry_date=date(2026, 1, 5),
        description='Sale "A"; paid\\cash\nsecond line',
        lines=(debit(TILL.id, Decimal("1160.00"), memo="till; 3"), credit(SALES.id, Decimal("1160.00"))),
    )
    return posted_entry(
        draft,
        entry_id=UUID(int=1),
        entry_number=1,
        previous_hash=genesis_hash(UUID(int=2)),
        created_by=UUID(int=3),
        posted_at=datetime(2026, 1, 5, tzinfo=UTC),
    )


def test_account_names_are_type_root_code_and_an_ascii_slug() -> None:
    assert account_name(TILL) == "Assets:1010-Cash-on-hand-petty-cash-till-float"
    assert account_name(SALES) == "Income:4010-02-Ventes-cafe-Lusaka"


def test_a_tiny_ledger_loads_in_beancount_with_its_balance_assertions() -> None:
    from beancount import loader  # installed by requirements-dev.txt: missing is a failure, not a skip

    text = "".join(
        beancount_lines(
            [TILL, SALES],
            [_entry()],
            open_date=date(2026, 1, 1),
            closing_balances={TILL.id: Decimal("1160.00"), SALES.id: Decimal("-1160.00")},
            assert_on=date(2026, 1, 6),
        )
    )
    entries, errors, _ = loader.load_string(text)
    assert errors == []
    transaction = next(e for e in entries if type(e).__name__ == "Transaction")
    assert transaction.narration == 'Sale "A"; paid\\cash second line'
    assert [(p.account, p.units.number) for p in transaction.postings] == [
        ("Assets:1010-Cash-on-hand-petty-cash-till-float", Decimal("1160.00")),
        ("Income:4010-02-Ventes-cafe-Lusaka", Decimal("-1160.00")),
    ]
    asserted = "balance Assets:1010-Cash-on-hand-petty-cash-till-float  1160.00 ~ 0.00 ZMW"
    assert asserted in text
    _, failed, _ = loader.load_string(text.replace(asserted, asserted.replace("1160.00", "1160.01")))
    assert [type(error).__name__ for error in failed] == ["BalanceError"]  # beancount itself disagrees


def test_hledger_text_keeps_semicolons_out_of_descriptions() -> None:
    text = "".join(hledger_lines([TILL, SALES], [_entry()]))
    assert '2026-01-05 * (1) Sale "A", paid\\cash second line  ; intellifin-entry:' in text
    assert "    Assets:1010-Cash-on-hand-petty-cash-till-float  1160.00 ZMW  ; till, 3\n" in text
    assert "account Income:4010-02-Ventes-cafe-Lusaka  ; type: R\n" in text
