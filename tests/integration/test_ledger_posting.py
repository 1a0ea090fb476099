"""Posting: the one entry point, what it refuses (all at once, nothing written), and the
database's own guards for anything that bypasses the code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import psycopg
import pytest

from shared_code.ledger import reports, service
from shared_code.ledger.accounts import archive_account
from shared_code.ledger.closing import set_lock_date
from shared_code.ledger.model import Party, PartyType, SourceDocument
from shared_code.ledger.posting import DraftLine, JournalDraft, credit, debit
from shared_code.ledger.verify import verify_chain, verify_ledger
from shared_code.platform.db import Database
from shared_code.platform.errors import DomainError
from shared_code.platform.ids import new_id
from tests.integration.ledger_books import ACCOUNTANT, Books, open_books

JAN_5 = date(2026, 1, 5)


@pytest.fixture
def books(db: Database) -> Books:
    return open_books(db)


def test_a_cash_sale_is_posted_numbered_chained_and_in_the_balances(books: Books) -> None:
    entry = books.post(
        JAN_5, "Cash sale", ("1010", "dr", "1160.00"), ("4010", "cr", "1000.00"), ("2100", "cr", "160.00")
    )

    assert entry.entry_number == 1
    assert entry.total == Decimal("1160.00")
    with books.uow() as uow:
        stored = service.get_entry(uow, entry.id)
        balance = reports.trial_balance(uow, JAN_5)
    assert stored == entry
    assert {row.account.code: row.balance for row in balance.rows} == {
        "1010": Decimal("1160.00"),
        "2100": Decimal("-160.00"),
        "4010": Decimal("-1000.00"),
    }
    second = books.post(JAN_5, "Float top-up", ("1010", "dr", "50.00"), ("1100", "cr", "50.00"))
    assert second.entry_number == 2
    assert second.previous_hash == entry.hash


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ((("1010", "dr", "100.00"), ("4010", "cr", "90.00")), "entry_unbalanced"),
        ((("1000", "dr", "100.00"), ("4010", "cr", "100.00")), "account_not_postable"),
        ((("1010", "dr", "100.005"), ("4010", "cr", "100.005")), "amount_precision"),
        ((("1010", "dr", "-100.00"), ("4010", "dr", "100.00")), "amount_negative"),
        ((("1010", "dr", "0.00"), ("4010", "cr", "0.00")), "amount_zero"),
        ((), "entry_empty"),
    ],
)
def test_bad_entries_are_refused_with_their_code_and_nothing_is_written(books: Books, lines, code: str) -> None:
    with pytest.raises(DomainError) as raised, books.uow() as uow:
        service.post_entry(uow, books.draft(JAN_5, "Bad", *lines), posted_by=ACCOUNTANT)
    assert raised.value.status == 422
    assert raised.value.code == code
    assert books.count("journal_entries") == 0
    assert books.count("journal_lines") == 0
    assert books.count("ledger_daily_totals") == 0


def test_every_problem_is_listed_at_once(books: Books) -> None:
    draft = JournalDraft(
        entry_date=JAN_5,
        description=" ",
        lines=(
            DraftLine(books.ids["1010"], debit=Decimal("5"), credit=Decimal("5")),
            debit(new_id(), Decimal("1.001")),
            credit(books.ids["6000"], Decimal("3.00")),
        ),
    )
    with pytest.raises(DomainError) as raised, books.uow() as uow:
        service.post_entry(uow, draft, posted_by=ACCOUNTANT)
    assert [(e.field, e.code) for e in raised.value.errors] == [
        ("description", "description_required"),
        ("lines.0", "amount_both_sides"),
        ("lines.1.debit", "amount_precision"),
        ("lines.1.account_id", "account_not_found"),
        ("lines.2.account_id", "account_not_postable"),
    ]


def test_archived_accounts_locked_dates_and_other_tenants_accounts_are_refused(books: Books, db: Database) -> None:
    other = open_books(db)
    with books.uow() as uow:
        archive_account(uow, books.ids["6170"])
        set_lock_date(uow, date(2026, 1, 31), changed_by=ACCOUNTANT)
    cases = {
        "account_archived": books.draft(date(2026, 2, 1), "Ads", ("6170", "dr", "10.00"), ("1010", "cr", "10.00")),
        "period_locked": books.draft(JAN_5, "Late", ("6180", "dr", "10.00"), ("1010", "cr", "10.00")),
        "account_not_found": JournalDraft(
            entry_date=date(2026, 2, 1),
            description="Someone else's bank",
            lines=(debit(other.ids["1100"], Decimal("1.00")), credit(books.ids["1010"], Decimal("1.00"))),
        ),
    }
    for code, draft in cases.items():
        with pytest.raises(DomainError) as raised, books.uow() as uow:
            service.post_entry(uow, draft, posted_by=ACCOUNTANT)
        assert raised.value.code == code
    assert books.count("journal_entries") == 0


def test_an_idempotency_key_replays_the_first_entry_and_refuses_different_content(books: Books) -> None:
    lines = (("1150", "dr", "200.00"), ("4020", "cr", "200.00"))
    first = books.post(JAN_5, "Airtel receipt", *lines, key="airtel:TX123")
    again = books.post(JAN_5, "Airtel receipt", *lines, key="airtel:TX123")
    assert again.id == first.id
    assert books.count("journal_entries") == 1
    with pytest.raises(DomainError) as raised:
        books.post(JAN_5, "Airtel receipt", ("1150", "dr", "201.00"), ("4020", "cr", "201.00"), key="airtel:TX123")
    assert (raised.value.status, raised.value.code) == (409, "idempotency_key_reused")


def test_a_reversal_undoes_the_entry_once_and_keeps_its_source(books: Books) -> None:
    invoice = SourceDocument("invoice", new_id())
    party = Party(PartyType.CUSTOMER, new_id())
    draft = JournalDraft(
        entry_date=JAN_5,
        description="Invoice INV-1",
        lines=(debit(books.ids["1200"], Decimal("116.00"), party=party), credit(books.ids["4010"], Decimal("116.00"))),
        source=invoice,
    )
    with books.uow() as uow:
        original = service.post_entry(uow, draft, posted_by=ACCOUNTANT)
    with books.uow() as uow:
        reversal = service.reverse_entry(uow, original.id, posted_by=ACCOUNTANT, entry_date=date(2026, 1, 9))
    assert reversal.reverses_entry_id == original.id
    assert reversal.source == invoice
    assert [(line.debit, line.credit, line.party) for line in reversal.lines] == [
        (Decimal("0.00"), Decimal("116.00"), party),
        (Decimal("116.00"), Decimal("0.00"), None),
    ]
    with books.uow() as uow:
        assert service.get_entry(uow, original.id).reversed_by_entry_id == reversal.id
        assert all(row.balance == 0 for row in reports.trial_balance(uow, date(2026, 1, 31)).rows)
        assert reports.trial_balance(uow, date(2026, 1, 8)).rows[0].balance == Decimal("116.00")
    for entry_id, code in ((original.id, "entry_already_reversed"), (reversal.id, "entry_is_reversal")):
        with pytest.raises(DomainError) as raised, books.uow() as uow:
            service.reverse_entry(uow, entry_id, posted_by=ACCOUNTANT)
        assert raised.value.code == code


def test_unknown_entries_are_not_found(books: Books) -> None:
    with pytest.raises(DomainError) as raised, books.uow() as uow:
        service.reverse_entry(uow, new_id(), posted_by=ACCOUNTANT)
    assert (raised.value.status, raised.value.code) == (404, "journal_entry_not_found")


def test_a_direct_update_or_delete_of_a_posted_line_or_entry_fails(books: Books) -> None:
    entry = books.post(JAN_5, "Sale", ("1010", "dr", "10.00"), ("4010", "cr", "10.00"))
    statements = [
        "UPDATE journal_lines SET debit = 1000 WHERE entry_id = %(id)s AND line_number = 1",
        "DELETE FROM journal_lines WHERE entry_id = %(id)s",
        "UPDATE journal_entries SET description = 'changed' WHERE id = %(id)s",
        "DELETE FROM journal_entries WHERE id = %(id)s",
        "TRUNCATE journal_lines",
        "TRUNCATE journal_entries CASCADE",
    ]
    for statement in statements:
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="immutable"):
            with books.db.unit_of_work(books.tenant) as uow:
                uow.execute(statement, {"id": entry.id})
    with books.uow() as uow:
        assert service.get_entry(uow, entry.id) == entry
        assert verify_chain(uow).ok


def _insert_raw(uow, entry_id, number: int, lines: list[tuple[int, str, str]], total: str, books: Books) -> None:
    uow.execute(
        """
        INSERT INTO journal_entries (id, entry_number, entry_date, description, source_type, created_by,
                                     posted_at, line_count, total, previous_hash, hash)
        VALUES (%(id)s, %(number)s, '2026-01-05', 'raw', 'manual', %(user)s, now(), %(count)s, %(total)s,
                repeat('0', 64), repeat('1', 64))
        """,
        {"id": entry_id, "number": number, "user": ACCOUNTANT, "count": len(lines), "total": total},
    )
    for line_number, code, amount in lines:
        uow.execute(
            """
            INSERT INTO journal_lines (entry_id, line_number, account_id, entry_date, entry_number, debit, credit)
            VALUES (%(entry)s, %(n)s, %(account)s, '2026-01-05', %(number)s, greatest(%(amount)s::numeric, 0),
                    greatest(-%(amount)s::numeric, 0))
            """,
            {"entry": entry_id, "n": line_number, "account": books.ids[code], "number": number, "amount": amount},
        )


def test_the_database_refuses_an_unbalanced_entry_at_commit_even_when_the_code_is_bypassed(books: Books) -> None:
    with pytest.raises(psycopg.errors.CheckViolation, match="not balanced"):
        with books.db.unit_of_work(books.tenant) as uow:
            _insert_raw(uow, new_id(), 1, [(1, "1010", "100.00"), (2, "4010", "-90.00")], "100.00", books)
            uow.commit()
    assert books.count("journal_entries") == 0


def test_the_database_refuses_lines_added_to_an_entry_posted_earlier(books: Books) -> None:
    entry = books.post(JAN_5, "Sale", ("1010", "dr", "10.00"), ("4010", "cr", "10.00"))
    with pytest.raises(psycopg.errors.CheckViolation, match="do not match its header"):
        with books.db.unit_of_work(books.tenant) as uow:
            for line_number, code, amount in [(3, "1010", "5.00"), (4, "4010", "-5.00")]:
                uow.execute(
                    """
                    INSERT INTO journal_lines (entry_id, line_number, account_id, entry_date, entry_number,
                                               debit, credit)
                    VALUES (%(entry)s, %(n)s, %(account)s, %(date)s, 1, greatest(%(amount)s::numeric, 0),
                            greatest(-%(amount)s::numeric, 0))
                    """,
                    {"entry": entry.id, "n": line_number, "account": books.ids[code], "date": JAN_5, "amount": amount},
                )
            uow.commit()
    with books.uow() as uow:
        assert verify_ledger(uow).ok


def test_the_database_refuses_a_type_change_of_an_account_with_postings(books: Books) -> None:
    books.post(JAN_5, "Sale", ("1010", "dr", "10.00"), ("4010", "cr", "10.00"))
    with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="has postings"):
        with books.db.unit_of_work(books.tenant) as uow:
            uow.execute("UPDATE accounts SET account_type = 'expense' WHERE code = '4010'")


def test_many_drafts_post_in_order_in_one_go_or_not_at_all(books: Books) -> None:
    first = books.draft(JAN_5, "Sale 1", ("1150", "dr", "10.00"), ("4010", "cr", "10.00"), key="airtel:1")
    second = books.draft(date(2026, 1, 6), "Sale 2", ("1150", "dr", "20.00"), ("4010", "cr", "20.00"), key="airtel:2")
    bad = books.draft(JAN_5, "Bad", ("1150", "dr", "5.00"), ("4010", "cr", "4.00"))
    with pytest.raises(DomainError) as raised, books.uow() as uow:
        service.post_entries(uow, [first, bad, second], posted_by=ACCOUNTANT)
    assert [(e.field, e.code) for e in raised.value.errors] == [("entries.1.lines", "entry_unbalanced")]
    assert books.count("journal_entries") == 0

    with books.uow() as uow:
        posted = service.post_entries(uow, [first, second], posted_by=ACCOUNTANT)
    with books.uow() as uow:
        again = service.post_entries(uow, [second, first, first], posted_by=ACCOUNTANT)
        trial = reports.trial_balance(uow, date(2026, 1, 31))
        assert verify_ledger(uow).ok
    assert [e.entry_number for e in posted] == [1, 2] and posted[1].previous_hash == posted[0].hash
    assert [e.id for e in again] == [posted[1].id, posted[0].id, posted[0].id]
    assert {row.account.code: row.balance for row in trial.rows} == {
        "1150": Decimal("30.00"),
        "4010": Decimal("-30.00"),
    }
