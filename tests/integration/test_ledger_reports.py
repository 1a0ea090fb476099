"""Reports from the stored balances: trial balance, period balances, the general ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shared_code.ledger import reports
from shared_code.platform.db import Database
from shared_code.platform.errors import DomainError
from tests.integration.ledger_books import Books, open_books

D = Decimal


@pytest.fixture
def books(db: Database) -> Books:
    books = open_books(db)
    books.post(date(2026, 1, 2), "Capital", ("1100", "dr", "10000.00"), ("3010", "cr", "10000.00"))
    books.post(
        date(2026, 1, 15), "Stock", ("1300", "dr", "4000.00"), ("1400", "dr", "640.00"), ("1100", "cr", "4640.00")
    )
    books.post(
        date(2026, 2, 3), "Airtel sale", ("1150", "dr", "2320.00"), ("4010", "cr", "2000.00"), ("2100", "cr", "320.00")
    )
    books.post(date(2026, 2, 3), "Airtel fee", ("6130", "dr", "23.20"), ("1150", "cr", "23.20"))
    books.post(date(2026, 3, 31), "Sweep", ("1100", "dr", "2000.00"), ("1150", "cr", "2000.00"))
    return books


def test_the_trial_balance_as_of_a_date_with_a_comparative_date(books: Books) -> None:
    with books.uow() as uow:
        report = reports.trial_balance(uow, date(2026, 2, 28), compare_to=date(2026, 1, 31))
    assert [(r.account.code, r.debit, r.credit, r.compare_balance) for r in report.rows] == [
        ("1100", D("5360.00"), D("0.00"), D("5360.00")),
        ("1150", D("2296.80"), D("0.00"), D("0.00")),
        ("1300", D("4000.00"), D("0.00"), D("4000.00")),
        ("1400", D("640.00"), D("0.00"), D("640.00")),
        ("2100", D("0.00"), D("320.00"), D("0.00")),
        ("3010", D("0.00"), D("10000.00"), D("-10000.00")),
        ("4010", D("0.00"), D("2000.00"), D("0.00")),
        ("6130", D("23.20"), D("0.00"), D("0.00")),
    ]
    assert report.total_debit == report.total_credit == D("12320.00")
    assert report.compare_total_debit == report.compare_total_credit == D("10000.00")
    assert report.is_balanced


def test_account_balances_for_a_period(books: Books) -> None:
    with books.uow() as uow:
        balances = {b.account.code: b for b in reports.account_balances(uow, date(2026, 2, 1), date(2026, 3, 31))}
    wallet = balances["1150"]
    assert (wallet.opening, wallet.debit, wallet.credit, wallet.closing) == (
        D("0"),
        D("2320.00"),
        D("2023.20"),
        D("296.80"),
    )
    bank = balances["1100"]
    assert (bank.opening, bank.debit, bank.credit, bank.closing) == (D("5360.00"), D("2000.00"), D("0"), D("7360.00"))


def test_the_general_ledger_pages_with_opening_and_running_balances(books: Books) -> None:
    for day in range(1, 11):
        books.post(date(2026, 2, day), f"Sale {day}", ("1100", "dr", f"{day}.00"), ("4020", "cr", f"{day}.00"))
    with books.uow() as uow:
        first = reports.general_ledger(uow, books.ids["1100"], date(2026, 2, 1), date(2026, 2, 28), limit=4)
        pages = [first]
        while pages[-1].next_cursor:
            pages.append(
                reports.general_ledger(
                    uow, books.ids["1100"], date(2026, 2, 1), date(2026, 2, 28), cursor=pages[-1].next_cursor, limit=4
                )
            )
    lines = [line for page in pages for line in page.lines]
    assert first.opening_balance == D("5360.00")
    assert [line.row.description for line in lines] == [f"Sale {day}" for day in range(1, 11)]
    assert [line.running_balance for line in lines][:3] == [D("5361.00"), D("5363.00"), D("5366.00")]
    assert lines[-1].running_balance == first.closing_balance == D("5415.00")
    assert [len(page.lines) for page in pages] == [4, 4, 2]


def test_account_detail(books: Books) -> None:
    with books.uow() as uow:
        detail = reports.account_detail(uow, books.ids["1150"], date(2026, 12, 31))
        header = reports.account_detail(uow, books.ids["1000"], date(2026, 12, 31))
    assert detail.balance == D("296.80")
    assert detail.parent is not None and detail.parent.code == "1000"
    assert (detail.activity.line_count, detail.activity.first_day, detail.activity.last_day) == (
        3,
        date(2026, 2, 3),
        date(2026, 3, 31),
    )
    assert "1150" in [child.code for child in header.children]


def test_bad_ranges_and_cursors_are_refused(books: Books) -> None:
    with pytest.raises(DomainError) as backwards, books.uow() as uow:
        reports.general_ledger(uow, books.ids["1100"], date(2026, 3, 1), date(2026, 2, 1))
    assert backwards.value.code == "date_range_invalid"
    with pytest.raises(DomainError) as cursor, books.uow() as uow:
        reports.general_ledger(uow, books.ids["1100"], date(2026, 2, 1), date(2026, 3, 1), cursor="bm9wZQ")
    assert (cursor.value.status, cursor.value.code) == (400, "cursor_invalid")
