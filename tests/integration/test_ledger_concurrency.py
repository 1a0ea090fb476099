"""Posting from many connections at once into one organization, on a real PostgreSQL.

The journal promises gapless entry numbers in posting order and one hash chain per
organization. Twenty threads, each with its own connection, start together on an empty
journal (so the chain head itself is created under contention) and post five entries
each: the numbers are 1..100 without gap or repeat, the chain verifies, the stored
balances match the lines, and the trial balance is the sum of what was posted.

Break tried: `FOR UPDATE` removed from `repository.lock_chain_head`; this test then failed
(postings collided on the entry number and the chain no longer verified).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

from shared_code.ledger import reports, service
from shared_code.ledger.model import JournalEntry
from shared_code.ledger.verify import verify_ledger
from shared_code.platform.db import Database
from tests.integration.ledger_books import ACCOUNTANT, open_books

POSTERS = 20
ENTRIES_EACH = 5


def test_twenty_connections_posting_at_once_get_gapless_numbers_and_one_chain(db: Database, database_url: str) -> None:
    books = open_books(db)
    start_together = threading.Barrier(POSTERS)
    pool = Database(database_url, min_size=POSTERS, max_size=POSTERS)
    pool.open()

    def poster(index: int) -> list[JournalEntry]:
        posted = []
        for round_number in range(ENTRIES_EACH):
            amount = Decimal(f"{index + 1}.{round_number:02d}")
            draft = books.draft(
                date(2026, 2, 1 + round_number),
                f"Till {index} sale {round_number}",
                ("1010", "dr", str(amount)),
                ("4010", "cr", str(amount)),
                key=f"till-{index}-{round_number}",
            )
            start_together.wait(timeout=30)
            with pool.unit_of_work(books.tenant) as uow:
                posted.append(service.post_entry(uow, draft, posted_by=ACCOUNTANT))
                uow.commit()
        return posted

    try:
        with ThreadPoolExecutor(max_workers=POSTERS) as executor:
            results = [entry for entries in executor.map(poster, range(POSTERS)) for entry in entries]
    finally:
        pool.close()

    total = POSTERS * ENTRIES_EACH
    assert sorted(entry.entry_number for entry in results) == list(range(1, total + 1))
    with books.uow() as uow:
        numbers = uow.fetch_all("SELECT entry_number FROM journal_entries ORDER BY entry_number")
        verification = verify_ledger(uow)
        trial = reports.trial_balance(uow, date(2026, 12, 31))
    assert [row["entry_number"] for row in numbers] == list(range(1, total + 1))
    assert verification.ok, verification
    assert verification.chain.entries_checked == total
    sales = sum((Decimal(f"{i + 1}.{r:02d}") for i in range(POSTERS) for r in range(ENTRIES_EACH)), Decimal("0"))
    assert sales == Decimal("1052.00")  # 5 times 1 + ... + 20 kwacha, and 20 times 1 + 2 + 3 + 4 ngwee
    assert {row.account.id: row.balance for row in trial.rows} == {books.ids["1010"]: sales, books.ids["4010"]: -sales}
