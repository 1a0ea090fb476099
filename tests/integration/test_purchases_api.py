"""Expenses, bills, supplier payments and credits over HTTP against real PostgreSQL: the
life of a document (draft, submitted, approved by someone else, posted, partly paid, paid,
voided by reversal), the books each step writes, input VAT as ZRA accepts it, and every bad
input a 4xx problem with a stable code and nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from tests.fixtures import identity as people
from tests.fixtures.identity import Identity
from tests.integration.purchases_org import DAY, Org, fields, problem

D = Decimal
SMART = {"zra_receipt_number": "0001-000042", "sdc_id": "SDC0100000001"}


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def org(identity: Identity, client: TestClient) -> Org:
    owner = identity.new_user()
    return Org(id=identity.new_organization(owner, name="Chanda Hardware Ltd"), owner=owner, client=client)


@pytest.fixture
def approver(identity: Identity, org: Org) -> people.TestUser:
    return identity.add_member(org.id, "approver")


def _category(org: Org, code: str) -> str:
    items = org.get("/expense-categories").json()["items"]
    return str(next(c["id"] for c in items if c["code"] == code))


def _supplier(org: Org, **body: Any) -> str:
    response = org.send(
        "POST", "/suppliers", {"name": "Puma Energy Lusaka", "tpin": "1000000001", "vat_registered": True, **body}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["supplier"]["id"])


def _created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _body_of(document: dict[str, Any]) -> dict[str, Any]:
    """The request that wrote `document` (its lines and the header fields a client sends)."""
    header = ("supplier_id", "document_date", "payment_method", "zra_receipt_number", "sdc_id", "supply_kind")
    lines = [{"category_id": line["category_id"], "unit_price": line["unit_price"]} for line in document["lines"]]
    return {**{name: document[name] for name in header}, "lines": lines}


def _through(org: Org, approver: people.TestUser, path: str, document_id: str) -> dict[str, Any]:
    """Submit as the owner, approve as the approver, post as the owner."""
    assert org.send("POST", f"{path}/{document_id}/submit").status_code == 200
    approved = org.send("POST", f"{path}/{document_id}/approve", user=approver)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    posted = org.send("POST", f"{path}/{document_id}/post")
    assert posted.status_code == 200, posted.text
    body: dict[str, Any] = posted.json()
    return body


def test_a_diesel_receipt_paid_by_bank_claims_90_percent_of_its_vat(org: Org, approver: people.TestUser) -> None:
    supplier = _supplier(org)
    expense = _created(
        org.send(
            "POST",
            "/expenses",
            {
                "supplier_id": supplier,
                "document_date": DAY,
                "payment_method": "bank",
                "lines": [
                    {"category_id": _category(org, "fuel_diesel"), "unit_price": "1160.00", "vat_amount": "160.00"}
                ],
                **SMART,
            },
        )
    )
    assert expense["status"] == "draft" and expense["number"] is None
    assert (expense["vat"]["route"], expense["vat"]["input_vat_claimable"], expense["vat"]["vat_cost"]) == (
        "claim",
        "144.00",
        "16.00",
    )
    assert expense["vat"]["reason"] == "restricted_share"
    # Dated: before the organization's VAT registration (1 March 2024) nothing is claimed.
    before = org.send("POST", "/expenses/preview", {**_body_of(expense), "document_date": "2024-02-29"}).json()
    assert (before["vat"]["route"], before["vat"]["reason"], before["vat"]["vat_cost"]) == (
        "cost",
        "buyer_not_vat_registered",
        "160.00",
    )
    posted = _through(org, approver, "/expenses", expense["id"])
    assert (posted["status"], posted["number"]) == ("paid", "EXP-2026-00001")
    assert posted["approved_by"] == str(approver.id)
    assert [org.balance(code) for code in ("6140", "1400", "6240", "1100")] == [
        D("1000.00"),
        D("144.00"),
        D("16.00"),
        D("-1160.00"),
    ]
    # Posting again changes nothing; a posted expense is changed only by voiding it.
    assert org.send("POST", f"/expenses/{expense['id']}/post").json()["journal_entry_id"] == posted["journal_entry_id"]
    body = {"payment_method": "bank", "lines": [{"category_id": _category(org, "fuel_diesel"), "unit_price": "1"}]}
    assert problem(org.send("PUT", f"/expenses/{expense['id']}", body), 409)["code"] == "expense_posted"
    voided = org.send("POST", f"/expenses/{expense['id']}/void").json()
    assert voided["status"] == "void" and voided["reversal_entry_id"]
    # The reversal is dated the day of the void (today), so the books after it are back to nothing.
    assert [org.balance(code, as_of="2030-01-01") for code in ("6140", "1400", "6240", "1100")] == [D(0)] * 4


def test_nobody_approves_their_own_expense_and_only_an_approved_one_posts(org: Org, approver: people.TestUser) -> None:
    body = {
        "payment_method": "cash",
        "document_date": DAY,
        "lines": [{"category_id": _category(org, "travel"), "unit_price": "50.00"}],
    }
    expense = _created(org.send("POST", "/expenses", body))
    assert problem(org.send("POST", f"/expenses/{expense['id']}/post"), 409)["code"] == "expense_not_approved"
    assert org.send("POST", f"/expenses/{expense['id']}/submit").json()["status"] == "submitted"
    assert problem(org.send("POST", f"/expenses/{expense['id']}/approve"), 403)["code"] == "approval_by_submitter"
    rejected = org.send("POST", f"/expenses/{expense['id']}/reject", {"reason": "No receipt"}, user=approver).json()
    assert (rejected["status"], rejected["rejection_reason"]) == ("draft", "No receipt")
    # A cash purchase without a supplier claims nothing: its VAT is a cost, and the expense says so.
    assert rejected["vat"]["reason"] == "supplier_not_vat_registered"
    assert org.send("DELETE", f"/expenses/{expense['id']}").status_code == 204
    assert problem(org.get(f"/expenses/{expense['id']}"), 404)["code"] == "expense_not_found"


def test_without_smart_invoice_evidence_the_vat_is_a_cost_with_the_reason(org: Org, approver: people.TestUser) -> None:
    supplier = _supplier(org)
    expense = _created(
        org.send(
            "POST",
            "/expenses",
            {
                "supplier_id": supplier,
                "document_date": DAY,
                "payment_method": "cash",
                "lines": [{"category_id": _category(org, "office_it"), "unit_price": "116.00"}],
            },
        )
    )
    assert (expense["vat"]["route"], expense["vat"]["reason"], expense["vat"]["vat_cost"]) == (
        "cost",
        "smart_invoice_missing",
        "16.00",
    )
    _through(org, approver, "/expenses", expense["id"])
    posted = org.get(f"/expenses/{expense['id']}").json()
    assert (posted["status"], posted["outstanding"]) == ("paid", "0.00")  # paid when posted: nothing owed
    assert [org.balance(code) for code in ("6180", "6240", "1400", "1010")] == [
        D("100.00"),
        D("16.00"),
        D(0),
        D("-116.00"),
    ]
    assert [e["id"] for e in org.get("/expenses", claimable_vat="false").json()["items"]] == [expense["id"]]
    assert org.get("/expenses", claimable_vat="true").json()["items"] == []


def test_a_bill_is_paid_in_part_with_wht_withheld_then_credited_to_paid(org: Org, approver: people.TestUser) -> None:
    supplier = _supplier(org, name="Phiri Consulting", tpin="1000000003", wht_type="management_fees")
    bill = _created(
        org.send(
            "POST",
            "/bills",
            {
                "supplier_id": supplier,
                "document_date": DAY,
                "supplier_reference": "INV-77",
                "prices_include_vat": False,
                "lines": [{"category_id": _category(org, "professional_fees"), "unit_price": "10000.00"}],
                **SMART,
            },
        )
    )
    assert bill["due_date"] == "2026-04-01"
    posted = _through(org, approver, "/bills", bill["id"])
    assert (posted["number"], posted["status"], posted["amount_due"]) == ("BILL-2026-00001", "posted", "11600.00")
    assert [org.balance(code) for code in ("6160", "1400", "2010")] == [D("10000.00"), D("1600.00"), D("-11600.00")]

    too_much = {
        "supplier_id": supplier,
        "method": "bank",
        "payment_date": DAY,
        "allocations": [{"bill_id": bill["id"], "amount": "11600.01"}],
    }
    assert fields(org.send("POST", "/supplier-payments", too_much)) == {
        ("allocations.0.amount", "amount_exceeds_balance")
    }
    half = {**too_much, "allocations": [{"bill_id": bill["id"], "amount": "5800.00"}]}
    payment = _created(org.send("POST", "/supplier-payments", half, **{"Idempotency-Key": "pay-1"}))
    # 15% WHT on the VAT-exclusive K5,000 of the K5,800 paid.
    assert (payment["amount_cleared"], payment["wht_amount"], payment["amount_paid"]) == (
        "5800.00",
        "750.00",
        "5050.00",
    )
    assert org.send("POST", "/supplier-payments", half, **{"Idempotency-Key": "pay-1"}).json()["id"] == payment["id"]
    assert [org.balance(code) for code in ("2010", "2240", "1100")] == [D("-5800.00"), D("-750.00"), D("-5050.00")]
    assert org.get(f"/bills/{bill['id']}").json()["status"] == "partly_paid"
    assert [b["id"] for b in org.get("/bills", status="partly_paid").json()["items"]] == [bill["id"]]
    assert [b["id"] for b in org.get("/bills", q="inv-7").json()["items"]] == [bill["id"]]
    assert [b["id"] for b in org.get("/bills", q="bill-2026").json()["items"]] == [bill["id"]]
    assert org.get("/bills", q="nv-77").json()["items"] == []
    assert org.get("/bills", q="%").json()["items"] == []

    aging = org.get("/reports/payables-aging", as_of="2026-05-15").json()
    assert [(r["supplier_name"], r["buckets"]["31_60"], r["total"]) for r in aging["rows"]] == [
        ("Phiri Consulting", "5800.00", "5800.00")
    ]
    credit = {"bill_id": bill["id"], "amount": "5800.00", "credit_date": "2026-03-20", "reason": "Fee reduced"}
    assert fields(org.send("POST", "/supplier-credits", {**credit, "amount": "5800.01"})) == {
        ("amount", "amount_exceeds_balance")
    }
    _created(org.send("POST", "/supplier-credits", credit))
    assert org.get(f"/bills/{bill['id']}").json()["status"] == "paid"
    after = "2026-03-31"
    assert [org.balance(code, as_of=after) for code in ("2010", "6160", "1400")] == [D(0), D("5000.00"), D("800.00")]
    statement = org.get(f"/suppliers/{supplier}/statement", as_of=after).json()
    assert [(line["document_type"], line["balance"]) for line in statement["lines"]] == [
        ("bill", "11600.00"),
        ("supplier_payment", "5800.00"),
        ("supplier_credit", "0.00"),
    ]
    assert statement["aging"]["current"] == "0.00"
    # As of a date, what was owed then: the credit of 20 March does not count on 10 March.
    earlier = org.get(f"/suppliers/{supplier}/statement", as_of="2026-03-10").json()
    assert (earlier["balance"], earlier["aging"]["current"]) == ("5800.00", "5800.00")
    assert [r["total"] for r in org.get("/reports/payables-aging", as_of="2026-03-10").json()["rows"]] == ["5800.00"]
    assert org.get("/reports/payables-aging", as_of="2026-05-15").json()["rows"] == []
    assert org.get(f"/suppliers/{supplier}/statement", as_of="2026-03-01").json()["lines"] == []
    assert problem(org.send("POST", f"/bills/{bill['id']}/void"), 409)["code"] == "bill_settled"


def test_an_imported_service_is_reverse_charged_and_never_claimed(org: Org, approver: people.TestUser) -> None:
    supplier = _supplier(org, name="Cloud Host Inc", tpin=None, vat_registered=False, resident=False)
    bill = _created(
        org.send(
            "POST",
            "/bills",
            {
                "supplier_id": supplier,
                "document_date": DAY,
                "supply_kind": "imported_service",
                "lines": [{"category_id": _category(org, "office_it"), "unit_price": "500.00"}],
            },
        )
    )
    assert (bill["vat"]["route"], bill["vat"]["reverse_charge_vat"]) == ("reverse_charge", "80.00")
    _through(org, approver, "/bills", bill["id"])
    assert [org.balance(code) for code in ("6180", "2120", "2010", "1400")] == [
        D("580.00"),
        D("-80.00"),
        D("-500.00"),
        D(0),
    ]


def test_an_expense_paid_by_staff_is_owed_to_them_until_reimbursed(org: Org, approver: people.TestUser) -> None:
    body = {
        "payment_method": "staff",
        "document_date": DAY,
        "lines": [{"category_id": _category(org, "travel"), "unit_price": "250.00"}],
    }
    expense = _created(org.send("POST", "/expenses", body, **{"Idempotency-Key": "exp-1"}))
    assert _created(org.send("POST", "/expenses", body, **{"Idempotency-Key": "exp-1"}))["id"] == expense["id"]
    assert expense["paid_by_user_id"] == str(org.owner.id)
    _through(org, approver, "/expenses", expense["id"])
    assert org.balance("2020") == D("-250.00")
    bank = org.account_id("1100")
    reimbursed = org.send(
        "POST", f"/expenses/{expense['id']}/reimburse", {"paid_from_account_id": bank, "reimbursed_on": DAY}
    )
    assert reimbursed.status_code == 200, reimbursed.text
    again = org.send(
        "POST", f"/expenses/{expense['id']}/reimburse", {"paid_from_account_id": bank, "reimbursed_on": DAY}
    )
    assert again.json()["reimbursement_entry_id"] == reimbursed.json()["reimbursement_entry_id"]
    assert (org.balance("2020"), org.balance("1100")) == (D(0), D("-250.00"))


def test_bad_input_is_refused_with_stable_codes_and_nothing_written(org: Org) -> None:
    supplier = _supplier(org)
    fuel = _category(org, "fuel_petrol")
    base = {"supplier_id": supplier, "payment_method": "bank", "document_date": DAY, **SMART}
    cases = [
        ({"lines": [{"category_id": fuel, "unit_price": "0"}]}, {("lines.0.unit_price", "amount_not_positive")}),
        ({"lines": [{"category_id": fuel, "unit_price": "-5.00"}]}, {("lines.0.unit_price", "amount_not_positive")}),
        ({"lines": [{"category_id": fuel, "unit_price": "10.001"}]}, {("lines.0.unit_price", "amount_precision")}),
        (
            {"lines": [{"category_id": fuel, "unit_price": "116.00", "vat_amount": "16.02"}]},
            {("lines.0.vat_amount", "vat_rate_mismatch")},
        ),
        ({"lines": []}, {("lines", "lines_required")}),
        (
            {"payment_method": None, "lines": [{"category_id": fuel, "unit_price": "1.00"}]},
            {("payment_method", "payment_method_required")},
        ),
        (
            {"import_vat": "10.00", "lines": [{"category_id": fuel, "unit_price": "1.00"}]},
            {("import_vat", "import_vat_not_import")},
        ),
    ]
    for change, expected in cases:
        assert fields(org.send("POST", "/expenses", {**base, **change})) == expected, change
    # One ngwee off is what a till's rounding does: accepted.
    ok = _created(
        org.send(
            "POST",
            "/expenses",
            {**base, "lines": [{"category_id": fuel, "unit_price": "116.00", "vat_amount": "16.01"}]},
        )
    )
    assert fields(org.send("POST", "/bills", {"lines": [{"category_id": fuel, "unit_price": "1.00"}]})) == {
        ("supplier_id", "supplier_required")
    }
    customs = {"supplier_id": supplier, "supply_kind": "import", "import_vat": "160.00"}
    assert fields(org.send("POST", "/bills", {**customs, "lines": [{"category_id": fuel, "unit_price": "1.00"}]})) == {
        ("import_vat", "import_vat_on_bill")
    }
    no_wht = {"supplier_id": supplier, "method": "bank", "withhold_tax": True, "allocations": []}
    assert ("withhold_tax", "wht_type_required") in fields(org.send("POST", "/supplier-payments", no_wht))
    assert [e["id"] for e in org.get("/expenses").json()["items"]] == [ok["id"]]


def test_a_locked_period_or_an_archived_account_refuses_the_posting(org: Org, approver: people.TestUser) -> None:
    body = {
        "payment_method": "bank",
        "document_date": DAY,
        "lines": [{"category_id": _category(org, "repairs"), "unit_price": "20.00"}],
    }
    expense = _created(org.send("POST", "/expenses", body))
    assert org.send("POST", f"/expenses/{expense['id']}/submit").status_code == 200
    assert org.send("POST", f"/expenses/{expense['id']}/approve", user=approver).status_code == 200
    locked = org.send("PUT", "/periods/lock-date", {"lock_date": "2026-03-31", "reason": "March filed"})
    assert locked.status_code == 200, locked.text
    assert fields(org.send("POST", f"/expenses/{expense['id']}/post")) == {("entry_date", "period_locked")}
    assert org.get(f"/expenses/{expense['id']}").json()["status"] == "approved"
    assert org.send("PUT", "/periods/lock-date", {"lock_date": None, "reason": "Reopened"}).status_code == 200
    archived = org.send("POST", f"/accounts/{org.account_id('6150')}/archive")
    assert archived.status_code == 200, archived.text
    assert fields(org.send("POST", f"/expenses/{expense['id']}/post")) == {
        ("lines.0.category_id", "account_not_postable")
    }


def test_a_turnover_tax_business_never_claims_input_vat(identity: Identity, client: TestClient) -> None:
    owner = identity.new_user()
    org = Org(
        id=identity.new_organization(
            owner, name="Banda Groceries", vat_registered=False, vat_effective_date=None, turnover_tax=True
        ),
        owner=owner,
        client=client,
    )
    supplier = _supplier(org)
    body = {
        "supplier_id": supplier,
        "payment_method": "cash",
        "document_date": DAY,
        "lines": [{"category_id": _category(org, "fuel_petrol"), "unit_price": "116.00"}],
        **SMART,
    }
    assert fields(org.send("POST", "/expenses", {**body, "claim_input_vat": True})) == {
        ("claim_input_vat", "input_vat_not_allowed")
    }
    preview = org.send("POST", "/expenses/preview", body).json()
    assert (preview["vat"]["route"], preview["vat"]["reason"], preview["vat"]["input_vat_claimable"]) == (
        "cost",
        "buyer_not_vat_registered",
        "0.00",
    )
    assert org.get("/expenses").json()["items"] == []


def test_two_clerks_paying_the_same_bill_at_once_pay_it_once(org: Org, approver: people.TestUser) -> None:
    supplier = _supplier(org, name="Mwale Transport", tpin="1000000004", vat_registered=False)
    bill = _created(
        org.send(
            "POST",
            "/bills",
            {
                "supplier_id": supplier,
                "document_date": DAY,
                "lines": [{"category_id": _category(org, "repairs"), "unit_price": "700.00"}],
            },
        )
    )
    _through(org, approver, "/bills", bill["id"])
    body = {
        "supplier_id": supplier,
        "method": "bank",
        "payment_date": DAY,
        "allocations": [{"bill_id": bill["id"], "amount": "700.00"}],
    }
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = sorted(pool.map(lambda _: org.send("POST", "/supplier-payments", body).status_code, range(4)))
    assert statuses == [201, 422, 422, 422]
    assert org.get(f"/bills/{bill['id']}").json()["status"] == "paid"
    assert (org.balance("2010"), org.balance("1100")) == (D(0), D("-700.00"))
    numbers = [p["number"] for p in org.get("/supplier-payments", supplier_id=supplier).json()["items"]]
    assert numbers == ["SPAY-2026-00001"]
