"""Property tests over random sequences of posts and reversals on a real database.

Whatever the sequence: the trial balance balances and equals the sum of the journal's
lines, the stored balances equal the journal's, the hash chain verifies, a refused posting
leaves no trace, and a direct SQL update of a posted line fails.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared_code.ledger import reports, service
from shared_code.ledger.posting import DraftLine, JournalDraft
from shared_code.ledger.verify import verify_ledger
from shared_code.platform.db import Database
from shared_code.platform.errors import DomainError
from tests.integration.ledger_books import ACCOUNTANT, open_books

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
