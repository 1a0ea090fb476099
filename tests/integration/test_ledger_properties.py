"""Property tests over random sequences of posts, reversals and closes on a real database.

Whatever the sequence: the trial balance balances and equals the sum of the journal's
lines, the stored balances equal the journal's, the hash chain verifies, a refused posting
leaves no trace, and a direct SQL update of a posted line fails. Reversals cancel their
entries exactly; a year-end close leaves income and expense at zero and moves the result
to retained earnings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared_code.ledger import reports, service
from shared_code.ledger.closing import close_fiscal_year
from shared_code.ledger.posting import DraftLine, JournalDraft
from shared_code.ledger.verify import verify_ledger
from shared_code.platform.clock import FixedClock
from shared_code.platform.db import Database
from shared_code.platform.errors import DomainError
from tests.integration.ledger_books import ACCOUNTANT, Books, open_books

CODES = ["1010", "1100", "1150", "1200", "2010", "2100", "3010", "4010", "5010", "6100", "6130"]
START = date(2025, 12, 1)

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("250000.00"), places=2)
lines = st.lists(st.tuples(st.sampled_from(CODES), amounts), min_size=1, max_size=4)
post = st.tuples(st.just("post"), st.integers(0, 90), lines, st.sampled_from(CODES))
reverse = st.tuples(st.just("reverse"), st.integers(0, 90), st.integers(0, 1000), st.booleans())
unbalanced = st.tuples(st.just("unbalanced"), st.integers(0, 90), amounts)
steps = st.lists(st.one_of(post, post, reverse, unbalanced), min_size=1, max_size=25)


def _balanced(day: int, debits: list[tuple[str, Decimal]], credit_code: str, ids: dict[str, UUID]) -> JournalDraft:
    total = sum((amount for _, amount in debits), Decimal("0"))
    return JournalDraft(
        entry_date=START + timedelta(days=day),
        description=f"Random entry on day {day}",
        lines=(
            *(DraftLine(ids[code], debit=amount) for code, amount in debits),
            DraftLine(ids[credit_code], credit=total),
        ),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_any_sequence_of_posts_and_reversals_keeps_the_books_balanced_and_chained(db: Database, sequence) -> None:
    books = open_books(db)
    expected: dict[UUID, Decimal] = defaultdict(Decimal)
    posted: list[UUID] = []
    refusals: set[str] = set()
    for step in sequence:
        kind, day = step[0], step[1]
        if kind == "reverse" and not posted:
            continue
        with books.db.unit_of_work(books.tenant) as uow:
            try:
                if kind == "post":
                    entry = service.post_entry(uow, _balanced(day, step[2], step[3], books.ids), posted_by=ACCOUNTANT)
                elif kind == "reverse":
                    target = posted[step[2] % len(posted)]
                    when = START + timedelta(days=day) if step[3] else None
                    entry = service.reverse_entry(uow, target, posted_by=ACCOUNTANT, entry_date=when)
                else:
                    off_by_a_ngwee = JournalDraft(
                        entry_date=START + timedelta(days=day),
                        description="Unbalanced",
                        lines=(
                            DraftLine(books.ids["1010"], debit=step[2]),
                            DraftLine(books.ids["4010"], credit=step[2] + Decimal("0.01")),
                        ),
                    )
                    service.post_entry(uow, off_by_a_ngwee, posted_by=ACCOUNTANT)
                    raise AssertionError("an unbalanced entry was posted")
            except DomainError as refused:
                refusals.add(refused.code)
                continue
            uow.commit()
        posted.append(entry.id)
        for line in entry.lines:
            expected[line.account_id] += line.debit - line.credit

    last_day = START + timedelta(days=91)
    with books.uow() as uow:
        trial = reports.trial_balance(uow, last_day, compare_to=START + timedelta(days=45))
        verification = verify_ledger(uow)
        journal = uow.fetch_all(
            "SELECT account_id, sum(debit) - sum(credit) AS balance FROM journal_lines GROUP BY account_id"
        )
    assert refusals <= {"entry_unbalanced", "entry_already_reversed", "entry_is_reversal"}
    assert trial.is_balanced
    assert trial.compare_total_debit == trial.compare_total_credit
    assert {row.account.id: row.balance for row in trial.rows} == {row["account_id"]: row["balance"] for row in journal}
    assert {row.account.id: row.balance for row in trial.rows} == dict(expected)
    assert verification.ok, verification
    assert verification.chain.entries_checked == len(posted)
    if posted:
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState), books.db.unit_of_work(books.tenant) as uow:
            uow.execute("UPDATE journal_lines SET memo = 'edited' WHERE entry_id = %(id)s", {"id": posted[-1]})


INCOME_AND_EXPENSE = {"4010", "4020", "5010", "6100", "6130"}
BALANCE_SHEET = ["1010", "1100", "1150", "1200", "2010", "2100", "3010"]
RETAINED = "3100"
drafts = st.lists(st.tuples(lines, st.sampled_from(CODES)), min_size=1, max_size=8)


def _balances(books: Books, as_of: date) -> dict[str, Decimal]:
    """Account code → debit-minus-credit balance as of `as_of`, from the trial balance."""
    with books.uow() as uow:
        trial = reports.trial_balance(uow, as_of)
    assert trial.is_balanced
    return {row.account.code: row.balance for row in trial.rows}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=drafts, reversal_delay=st.integers(0, 30))
def test_reversals_cancel_their_entries_exactly(db: Database, entries, reversal_delay: int) -> None:
    """Whatever was posted, reversing every entry leaves every account at exactly zero,
    while the originals alone still show as of the day before the reversals.

    Break tried: `reversal_draft` putting each line on the next line's account (still
    balanced, so nothing else refuses it); this test failed."""
    books = open_books(db)
    expected: dict[str, Decimal] = defaultdict(Decimal)
    posted = []
    for number, (debits, credit_code) in enumerate(entries):
        with books.uow() as uow:
            entry = service.post_entry(uow, _balanced(number, debits, credit_code, books.ids), posted_by=ACCOUNTANT)
        posted.append(entry)
        for code, amount in debits:
            expected[code] += amount
        expected[credit_code] -= sum((amount for _, amount in debits), Decimal("0"))
    reversal_day = START + timedelta(days=len(entries) + reversal_delay)
    with books.uow() as uow:
        reversals = [
            service.reverse_entry(uow, entry.id, posted_by=ACCOUNTANT, entry_date=reversal_day) for entry in posted
        ]
    for entry, reversal in zip(posted, reversals, strict=True):
        assert [(x.account_id, x.credit, x.debit) for x in reversal.lines] == [
            (x.account_id, x.debit, x.credit) for x in entry.lines
        ]
    before = {code: balance for code, balance in _balances(books, reversal_day - timedelta(days=1)).items() if balance}
    assert before == {code: balance for code, balance in expected.items() if balance}
    assert set(_balances(books, reversal_day).values()) <= {Decimal("0")}
    with books.uow() as uow:
        assert verify_ledger(uow).ok


year_2025 = st.tuples(st.integers(0, 364), lines, st.sampled_from(CODES))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(year_2025, min_size=1, max_size=10), after=st.lists(year_2025, max_size=3))
def test_year_end_close_empties_income_and_expense_into_retained_earnings(db: Database, entries, after) -> None:
    """After closing 2025: every income and expense account is at zero on 31 December, the
    year's result is in retained earnings, the balance-sheet accounts are as they were, the
    next year is untouched, and nothing more posts in 2025.

    Break tried: the close taking only income accounts (expense left open); this test
    failed."""
    books = open_books(db)
    books.clock = FixedClock(datetime(2026, 2, 1, 9, tzinfo=UTC))
    year_end, first_day = date(2025, 12, 31), date(2025, 1, 1)
    for day, debits, credit_code in entries:
        draft = _balanced(0, debits, credit_code, books.ids)
        with books.uow() as uow:
            service.post_entry(uow, replace(draft, entry_date=first_day + timedelta(days=day)), posted_by=ACCOUNTANT)
    for day, debits, credit_code in after:
        draft = _balanced(0, debits, credit_code, books.ids)
        with books.uow() as uow:
            service.post_entry(uow, replace(draft, entry_date=date(2026, 1, 1 + day % 31)), posted_by=ACCOUNTANT)
    open_year = _balances(books, year_end)
    next_year = _balances(books, date(2026, 1, 31))
    result = sum((balance for code, balance in open_year.items() if code in INCOME_AND_EXPENSE), Decimal("0"))

    with books.uow() as uow:
        closed = close_fiscal_year(uow, year_end, closed_by=ACCOUNTANT, clock=books.clock)
    closed_year = _balances(books, year_end)

    assert (closed.closing_entry is None) == all(open_year.get(code, Decimal("0")) == 0 for code in INCOME_AND_EXPENSE)
    assert {code: closed_year.get(code, Decimal("0")) for code in INCOME_AND_EXPENSE} == dict.fromkeys(
        INCOME_AND_EXPENSE, Decimal("0")
    )
    assert closed_year.get(RETAINED, Decimal("0")) == open_year.get(RETAINED, Decimal("0")) + result
    for code in BALANCE_SHEET:
        assert closed_year.get(code, Decimal("0")) == open_year.get(code, Decimal("0")), code
    movement = {code: balance - open_year.get(code, Decimal("0")) for code, balance in next_year.items()}
    after_close = _balances(books, date(2026, 1, 31))
    for code in INCOME_AND_EXPENSE:  # January's activity only: 2025's result has gone
        assert after_close.get(code, Decimal("0")) == movement.get(code, Decimal("0")), code
    with pytest.raises(DomainError) as refused, books.uow() as uow:
        service.post_entry(
            uow, books.draft(year_end, "Late", ("1010", "dr", "1.00"), ("4010", "cr", "1.00")), posted_by=ACCOUNTANT
        )
    assert refused.value.code == "period_closed"
    with books.uow() as uow:
        assert verify_ledger(uow).ok


close = st.tuples(st.just("close"), st.integers(0, 0))
mixed_steps = st.lists(st.one_of(post, post, post, reverse, close), min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=mixed_steps)
def test_stored_balances_equal_the_lines_after_any_mix_of_posts_reversals_and_closes(db: Database, sequence) -> None:
    """Posts over three years, reversals and year-end closes in any order: the stored daily
    and monthly totals always equal a recomputation from the journal's lines, and the
    trial balance equals the sum of every posted line (closing entries included).

    Break tried: the year-end close not adding its entry to the stored balances
    (`add_to_balances` skipped for it); this test failed (`balance_mismatches`)."""
    books = open_books(db)
    clock = FixedClock(datetime(2028, 1, 15, 9, tzinfo=UTC))
    expected: dict[UUID, Decimal] = defaultdict(Decimal)
    posted: list[UUID] = []
    next_close = date(2025, 12, 31)
    refusals: set[str] = set()
    for step in sequence:
        kind = step[0]
        with books.db.unit_of_work(books.tenant) as uow:
            try:
                if kind == "post":
                    day = date(2025, 1, 1) + timedelta(days=step[1] * 12)  # 2025 to the end of 2027
                    draft = replace(_balanced(0, step[2], step[3], books.ids), entry_date=day)
                    entry = service.post_entry(uow, draft, posted_by=ACCOUNTANT, clock=clock)
                elif kind == "reverse":
                    if not posted:
                        continue
                    entry = service.reverse_entry(uow, posted[step[2] % len(posted)], posted_by=ACCOUNTANT, clock=clock)
                else:
                    if next_close.year > 2027:
                        continue
                    closing = close_fiscal_year(uow, next_close, closed_by=ACCOUNTANT, clock=clock).closing_entry
                    next_close = date(next_close.year + 1, 12, 31)
                    if closing is None:
                        uow.commit()
                        continue
                    entry = closing
            except DomainError as refused:
                refusals.add(refused.code)
                continue
            uow.commit()
        posted.append(entry.id)
        for line in entry.lines:
            expected[line.account_id] += line.debit - line.credit

    with books.uow() as uow:
        verification = verify_ledger(uow)
        trial = reports.trial_balance(uow, date(2027, 12, 31))
    assert refusals <= {"period_closed", "entry_already_reversed", "entry_is_reversal", "entry_not_reversible"}
    assert verification.ok, verification
    assert {row.account.id: row.balance for row in trial.rows if row.balance} == {
        account: balance for account, balance in expected.items() if balance
    }
