"""The chart of accounts: seeding, create, change, archive, delete, search, and tenancy."""

from __future__ import annotations

from datetime import date

import pytest

from shared_code.ledger import account_repository
from shared_code.ledger.account_repository import AccountFilter
from shared_code.ledger.accounts import (
    AccountChanges,
    NewAccount,
    account_for_role,
    archive_account,
    create_account,
    delete_account,
    get_account,
    list_accounts,
    unarchive_account,
    update_account,
)
from shared_code.ledger.chart import TaxMode, seed_default_chart
from shared_code.ledger.model import AccountType, CashFlowClass
from shared_code.platform.db import Database
from shared_code.platform.errors import DomainError
from shared_code.platform.ids import new_id
from tests.integration.ledger_books import Books, open_books


@pytest.fixture
def books(db: Database) -> Books:
    return open_books(db)


def _codes(books: Books, where: AccountFilter) -> list[str]:
    with books.uow() as uow:
        return [account.code for account in list_accounts(uow, where).items]


def test_seeding_is_idempotent_and_adds_what_a_new_tax_mode_needs(db: Database) -> None:
    books = open_books(db, TaxMode.TURNOVER_TAX)
    assert "2100" not in books.ids and "2130" in books.ids
    with books.uow() as uow:
        update_account(uow, books.ids["1150"], AccountChanges(name="Airtel Money - main till"))
        again = seed_default_chart(uow, TaxMode.TURNOVER_TAX)
        vat = seed_default_chart(uow, "vat")
        wallet = get_account(uow, books.ids["1150"])
        vat_output = account_for_role(uow, "vat_output")
    assert again.created == ()
    assert set(vat.created) == {"1400", "1420", "2100", "2110", "2120"}
    assert wallet.name == "Airtel Money - main till"
    assert vat_output.code == "2100" and vat_output.is_system
    assert vat_output.parent_id == books.ids["2000"]


def test_a_new_account_gets_defaults_and_sits_under_its_header(books: Books) -> None:
    with books.uow() as uow:
        wallet = create_account(
            uow,
            NewAccount(
                code="1150-02",
                name=" Airtel Money - Chipata ",
                account_type=AccountType.ASSET,
                subtype="mobile_money_wallet",
                parent_id=books.ids["1000"],
            ),
        )
        van = create_account(
            uow,
            NewAccount(
                code="1530-01",
                name="Delivery van",
                account_type=AccountType.ASSET,
                subtype="fixed_asset",
                parent_id=books.ids["1500"],
            ),
        )
    assert (wallet.name, wallet.cash_flow_class, wallet.is_postable) == ("Airtel Money - Chipata", None, True)
    assert van.cash_flow_class is CashFlowClass.INVESTING


def test_a_bad_account_lists_every_problem(books: Books) -> None:
    with pytest.raises(DomainError) as raised, books.uow() as uow:
        create_account(
            uow,
            NewAccount(
                code="1010", name="", account_type=AccountType.EXPENSE, subtype="bank", parent_id=books.ids["1010"]
            ),
        )
    assert raised.value.status == 422
    assert [(e.field, e.code) for e in raised.value.errors] == [
        ("name", "name_required"),
        ("subtype", "subtype_invalid"),
        ("code", "code_taken"),
        ("parent_id", "parent_not_header"),
        ("parent_id", "parent_type_mismatch"),
    ]


def test_an_account_with_postings_keeps_its_type_and_cannot_be_deleted(books: Books) -> None:
    books.post(date(2026, 1, 5), "Sale", ("1010", "dr", "10.00"), ("4020", "cr", "10.00"))
    with pytest.raises(DomainError) as changed, books.uow() as uow:
        update_account(
            uow, books.ids["4020"], AccountChanges(account_type=AccountType.EXPENSE, subtype="other_expense")
        )
    assert [e.code for e in changed.value.errors] == ["parent_type_mismatch", "account_has_postings"]
    with pytest.raises(DomainError) as deleted, books.uow() as uow:
        delete_account(uow, books.ids["4020"])
    assert (deleted.value.status, deleted.value.code) == (409, "account_has_postings")
    with books.uow() as uow:
        renamed = update_account(uow, books.ids["4020"], AccountChanges(name="Sales - repairs", code="4020-r"))
    assert (renamed.code, renamed.name, renamed.account_type) == ("4020-R", "Sales - repairs", AccountType.INCOME)


def test_archiving_needs_a_zero_balance_and_no_active_children(books: Books) -> None:
    books.post(date(2026, 1, 5), "Ad", ("6170", "dr", "10.00"), ("1010", "cr", "10.00"))
    for account_code, code in (("6170", "account_has_balance"), ("6000", "account_has_active_children")):
        with pytest.raises(DomainError) as raised, books.uow() as uow:
            archive_account(uow, books.ids[account_code])
        assert (raised.value.status, raised.value.code) == (409, code)
    with books.uow() as uow:
        archived = archive_account(uow, books.ids["6190"])
        assert archived.is_archived and not archived.is_postable
        assert unarchive_account(uow, books.ids["6190"]).is_postable


def test_only_a_fresh_account_of_the_tenants_own_can_be_deleted(books: Books) -> None:
    with books.uow() as uow:
        spare = create_account(
            uow, NewAccount(code="6999", name="Spare", account_type=AccountType.EXPENSE, subtype="other_expense")
        )
        delete_account(uow, spare.id)
        assert account_repository.get_account(uow, spare.id) is None
    for account_code, code in (("6000", "account_has_children"), ("2100", "account_is_system")):
        with pytest.raises(DomainError) as raised, books.uow() as uow:
            delete_account(uow, books.ids[account_code])
        assert raised.value.code == code


def test_a_header_cannot_move_under_its_own_child(books: Books) -> None:
    with books.uow() as uow:
        sub = create_account(
            uow,
            NewAccount(
                code="6100-H",
                name="Premises",
                account_type=AccountType.EXPENSE,
                subtype="operating_expense",
                parent_id=books.ids["6000"],
                is_header=True,
            ),
        )
    with pytest.raises(DomainError) as raised, books.uow() as uow:
        update_account(uow, books.ids["6000"], AccountChanges(parent_id=sub.id))
    assert raised.value.code == "parent_cycle"


def test_search_and_filters(books: Books) -> None:
    assert _codes(books, AccountFilter(search="wallet")) == ["1150", "1160", "1170"]
    assert _codes(books, AccountFilter(search="11")) == ["1100", "1110", "1150", "1160", "1170", "1180"]
    assert _codes(books, AccountFilter(account_type=AccountType.LIABILITY, subtype="payroll")) == [
        "2200",
        "2210",
        "2220",
        "2250",
    ]
    assert "1000" not in _codes(books, AccountFilter(postable_only=True, limit=500))
    assert _codes(books, AccountFilter(search="100%")) == []
    with books.uow() as uow:
        first = list_accounts(uow, AccountFilter(limit=10))
        second = list_accounts(uow, AccountFilter(limit=10), cursor=first.next_cursor)
    assert first.items[-1].code < second.items[0].code


def test_one_tenant_never_sees_another_tenants_accounts(books: Books, db: Database) -> None:
    other = open_books(db)
    with other.uow() as uow:
        mine = create_account(
            uow,
            NewAccount(code="1150-B", name="B's wallet", account_type=AccountType.ASSET, subtype="mobile_money_wallet"),
        )
    with pytest.raises(DomainError) as raised, books.uow() as uow:
        get_account(uow, mine.id)
    assert (raised.value.status, raised.value.code) == (404, "account_not_found")
    assert "1150-B" not in _codes(books, AccountFilter(limit=500))
    with pytest.raises(DomainError) as moved, books.uow() as uow:
        update_account(uow, books.ids["1150"], AccountChanges(parent_id=other.ids["1000"]))
    assert moved.value.code == "parent_not_found"
    with pytest.raises(DomainError), books.uow() as uow:
        archive_account(uow, new_id())
