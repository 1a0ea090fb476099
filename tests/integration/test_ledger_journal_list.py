"""What a user looks for in the ledger, over HTTP against real PostgreSQL: the journal
searched and filtered by date, source and account, paged, with who posted each entry; and
the trial balance, an account's ledger and the journal as CSV with the same filters."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.ledger import service
from tests.fixtures.identity import Identity
from tests.integration.test_ledger_api import Org, _entry, _problem


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    """The API, as the function app serves it."""
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


def _org(identity: Identity, client: TestClient, name: str, owner_name: str) -> Org:
    owner = identity.new_user(name=owner_name)
    org_id = identity.new_organization(owner, name=name)
    return Org(id=org_id, owner=owner, client=client, identity=identity)


@pytest.fixture
def org(identity: Identity, client: TestClient) -> Org:
    return _org(identity, client, "Chanda Hardware Ltd", "Chanda Mwale")


def _post(org: Org, *lines: tuple[str, str, str], day: str, description: str, user: Any = None) -> dict:
    posted = org.send("POST", "/journal-entries", _entry(org, *lines, day=day, description=description), user=user)
    assert posted.status_code == 201, posted.text
    return posted.json()


def _rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.text)))


@pytest.fixture
def books(org: Org) -> Org:
    """Five entries: two Airtel sales, rent, a bank transfer by the accountant, and a cash sale
    whose memo mentions a receipt."""
    accountant = org.identity.add_member(org.id, "accountant")
    _post(org, ("1150", "debit", "300.00"), ("4010", "credit", "300.00"), day="2026-03-02", description="Airtel sale")
    _post(org, ("6100", "debit", "1500.00"), ("1010", "credit", "1500.00"), day="2026-03-05", description="Rent March")
    _post(
        org,
        ("1010", "debit", "250.00"),
        ("1150", "credit", "250.00"),
        day="2026-03-09",
        description="Wallet to bank",
        user=accountant,
    )
    _post(org, ("1150", "debit", "80.50"), ("4010", "credit", "80.50"), day="2026-03-12", description="Airtel sale")
    body = _entry(org, ("1010", "debit", "45.00"), ("4010", "credit", "45.00"), day="2026-03-20", description="Cash")
    body["lines"][0]["memo"] = "Receipt R-77"
    assert org.send("POST", "/journal-entries", body).status_code == 201
    return org


def _listed(org: Org, **params: Any) -> list[tuple[int, str]]:
    response = org.get("/journal-entries", **params)
    assert response.status_code == 200, response.text
    return [(e["entry_number"], e["description"]) for e in response.json()["items"]]


def test_the_journal_is_searched_filtered_and_paged_with_who_posted_each_entry(books: Org) -> None:
    org = books
    items = org.get("/journal-entries").json()["items"]
    assert [(e["entry_number"], e["posted_by_name"]) for e in items] == [
        (5, "Chanda Mwale"),
        (4, "Chanda Mwale"),
        (3, "Mwila Banda"),
        (2, "Chanda Mwale"),
        (1, "Chanda Mwale"),
    ]
    assert _listed(org, q="airtel") == [(4, "Airtel sale"), (1, "Airtel sale")]
    assert _listed(org, q="r-77") == [(5, "Cash")]  # a line's memo
    assert _listed(org, q="2") == [(2, "Rent March")]  # the entry number
    assert _listed(org, q="   ") == _listed(org)
    assert _listed(org, **{"from": "2026-03-05", "to": "2026-03-12"}) == [
        (4, "Airtel sale"),
        (3, "Wallet to bank"),
        (2, "Rent March"),
    ]
    assert _listed(org, account_id=org.account("1150")) == [
        (4, "Airtel sale"),
        (3, "Wallet to bank"),
        (1, "Airtel sale"),
    ]
    assert _listed(org, account_id=org.account("1150"), q="sale", **{"to": "2026-03-10"}) == [(1, "Airtel sale")]
    assert len(_listed(org, source_type="manual")) == 5
    assert _listed(org, source_type="invoice") == []
    first = org.get("/journal-entries", account_id=org.account("1150"), limit=2).json()
    assert [e["entry_number"] for e in first["items"]] == [4, 3]
    rest = org.get("/journal-entries", account_id=org.account("1150"), limit=2, cursor=first["next_cursor"]).json()
    assert ([e["entry_number"] for e in rest["items"]], rest["next_cursor"]) == ([1], None)


def test_bad_journal_filters_are_422_and_another_organizations_account_is_404(
    books: Org, identity: Identity, client: TestClient
) -> None:
    org = books
    body = _problem(
        org.get("/journal-entries", **{"from": "2026-03-10", "to": "2026-03-01"}), 422, "date_range_invalid"
    )
    assert body["errors"][0]["field"] == "from"
    _problem(org.get("/journal-entries", **{"from": "10/03/2026"}), 422, "validation_failed")
    _problem(org.get("/journal-entries", source_type="Invoice; drop"), 422, "validation_failed")
    _problem(org.get("/journal-entries", account_id="not-a-uuid"), 422, "validation_failed")
    _problem(org.get("/journal-entries", q="x" * 101), 422, "validation_failed")
    _problem(org.get("/journal-entries.csv", **{"from": "2026-03-10", "to": "2026-03-01"}), 422, "date_range_invalid")
    other = _org(identity, client, "Other Ltd", "Bwalya Phiri")
    theirs = other.account("1150")
    _problem(org.get("/journal-entries", account_id=theirs), 404, "account_not_found")
    _problem(org.get("/journal-entries.csv", account_id=theirs), 404, "account_not_found")
    _problem(org.get(f"/ledger/{theirs}.csv"), 404, "account_not_found")
    assert other.get("/journal-entries").json()["items"] == []
    assert _rows(other.get("/journal-entries.csv")) == [_rows(org.get("/journal-entries.csv"))[0]]


def test_the_trial_balance_is_exported_as_csv_with_plain_decimal_money(books: Org) -> None:
    rows = _rows(books.get("/reports/trial-balance.csv", as_of="2026-03-10", compare_to="2026-03-02"))
    assert rows[0] == [
        "code",
        "name",
        "account_type",
        "debit",
        "credit",
        "balance",
        "compare_debit",
        "compare_credit",
        "compare_balance",
    ]
    table = {row[0]: row[3:] for row in rows[1:]}
    assert table == {
        "1010": ["0.00", "1250.00", "-1250.00", "0.00", "0.00", "0.00"],
        "1150": ["50.00", "0.00", "50.00", "300.00", "0.00", "300.00"],
        "4010": ["0.00", "300.00", "-300.00", "0.00", "300.00", "-300.00"],
        "6100": ["1500.00", "0.00", "1500.00", "0.00", "0.00", "0.00"],
    }
    plain = _rows(books.get("/reports/trial-balance.csv", as_of="2026-03-10"))
    assert plain[0][-1] == "balance" and len(plain) == 5
    assert (
        "trial-balance-2026-03-10.csv"
        in books.get("/reports/trial-balance.csv", as_of="2026-03-10").headers["content-disposition"]
    )
    _problem(books.get("/reports/trial-balance.csv", as_of="March"), 422, "validation_failed")


def test_an_accounts_ledger_is_exported_as_csv_with_opening_and_running_balances(books: Org) -> None:
    wallet = books.account("1150")
    rows = _rows(books.get(f"/ledger/{wallet}.csv", **{"from": "2026-03-05", "to": "2026-03-31"}))
    assert rows == [
        ["date", "entry_number", "description", "memo", "source", "debit", "credit", "running_balance"],
        ["2026-03-05", "", "Opening balance", "", "", "", "", "300.00"],
        ["2026-03-09", "3", "Wallet to bank", "", "manual", "0.00", "250.00", "50.00"],
        ["2026-03-12", "4", "Airtel sale", "", "manual", "80.50", "0.00", "130.50"],
    ]
    _problem(
        books.get(f"/ledger/{wallet}.csv", **{"from": "2026-03-31", "to": "2026-03-01"}), 422, "date_range_invalid"
    )


def test_the_journal_is_exported_as_csv_one_line_a_row_with_the_listings_filters(books: Org) -> None:
    rows = _rows(books.get("/journal-entries.csv", q="airtel"))
    assert rows[0] == [
        "date",
        "entry_number",
        "description",
        "source",
        "posted_by",
        "posted_at",
        "line",
        "account_code",
        "account_name",
        "debit",
        "credit",
        "memo",
    ]
    assert [(r[0], r[1], r[4], r[7], r[9], r[10]) for r in rows[1:]] == [
        ("2026-03-12", "4", "Chanda Mwale", "1150", "80.50", "0.00"),
        ("2026-03-12", "4", "Chanda Mwale", "4010", "0.00", "80.50"),
        ("2026-03-02", "1", "Chanda Mwale", "1150", "300.00", "0.00"),
        ("2026-03-02", "1", "Chanda Mwale", "4010", "0.00", "300.00"),
    ]
    by_account = _rows(books.get("/journal-entries.csv", account_id=books.account("6100")))
    assert [(r[1], r[2]) for r in by_account[1:]] == [("2", "Rent March"), ("2", "Rent March")]
    assert len(_rows(books.get("/journal-entries.csv"))) == 11


def test_free_text_that_would_run_as_a_spreadsheet_formula_is_quoted(org: Org) -> None:
    _post(org, ("1010", "debit", "1.00"), ("4010", "credit", "1.00"), day="2026-03-01", description="=HYPERLINK(1)")
    rows = _rows(org.get("/journal-entries.csv"))
    assert rows[1][2] == "'=HYPERLINK(1)"


def test_an_export_reads_the_journal_a_batch_at_a_time_and_misses_no_entry(books: Org, services: Services) -> None:
    with services.db.unit_of_work(books.id) as uow:
        where = service.entry_filter(uow, None, None, None, None, None, None)
        batches = [
            [entry.entry_number for entry in batch] for batch in service.filtered_entry_batches(uow, where, batch=2)
        ]
        sale = service.entry_filter(uow, None, date(2026, 3, 10), None, None, None, "sale")
        sales = [
            [entry.entry_number for entry in batch] for batch in service.filtered_entry_batches(uow, sale, batch=1)
        ]
    assert batches == [[5, 4], [3, 2], [1]]
    assert sales == [[1]]
