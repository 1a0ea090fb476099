"""Credit notes, payments, the customer statement and customer CSV over HTTP against real
PostgreSQL: each document posts a balanced entry and moves the trial balance as expected;
what cannot be done is a 422 with field errors and nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from tests.fixtures import identity as people
from tests.fixtures.identity import Identity

DAY = "2026-03-02"


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@dataclass
class Org:
    id: UUID
    owner: people.TestUser
    client: TestClient

    def url(self, path: str) -> str:
        return f"/api/v1/orgs/{self.id}{path}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self.url(path), params=params, headers=self.owner.headers)

    def send(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        return self.client.request(method, self.url(path), json=body, headers={**self.owner.headers, **headers})

    def balance(self, code: str) -> Decimal:
        rows = self.get("/reports/trial-balance", as_of="2026-12-31").json()["rows"]
        return next((Decimal(row["balance"]) for row in rows if row["code"] == code), Decimal(0))

    def entry_balances(self, entry_id: str) -> bool:
        entry = self.get(f"/journal-entries/{entry_id}").json()
        return sum(Decimal(x["debit"]) for x in entry["lines"]) == sum(Decimal(x["credit"]) for x in entry["lines"])


@pytest.fixture
def org(identity: Identity, client: TestClient) -> Org:
    owner = identity.new_user()
    return Org(id=identity.new_organization(owner, name="Chanda Hardware Ltd"), owner=owner, client=client)


def _fields(response: Any) -> set[tuple[str, str]]:
    assert response.status_code == 422, response.text
    return {(error["field"], error["code"]) for error in response.json()["errors"]}


def _customer(org: Org, **fields: Any) -> str:
    body = {"kind": "business", "name": "Mwale Builders", "tpin": "1002003004", **fields}
    response = org.send("POST", "/customers", body)
    assert response.status_code == 201, response.text
    return str(response.json()["customer"]["id"])


def _issued(org: Org, customer_id: str, *lines: tuple[str, str], **fields: Any) -> dict[str, Any]:
    body = {
        "customer_id": customer_id,
        "issue_date": DAY,
        "lines": [
            {"description": f"Line {n}", "quantity": qty, "unit_price": price, "tax_category": "A"}
            for n, (qty, price) in enumerate(lines, start=1)
        ],
        **fields,
    }
    draft = org.send("POST", "/invoices", body)
    assert draft.status_code == 201, draft.text
    issued = org.send("POST", f"/invoices/{draft.json()['id']}/issue")
    assert issued.status_code == 200, issued.text
    invoice: dict[str, Any] = issued.json()
    return invoice


def test_a_partial_credit_note_reverses_revenue_and_vat_and_cannot_exceed_what_remains(org: Org) -> None:
    customer = _customer(org)
    invoice = _issued(org, customer, ("10", "116"), ("1", "58"))  # 1,160 + 58 = 1,218
    note = org.send(
        "POST",
        "/credit-notes",
        {"invoice_id": invoice["id"], "reason_code": "03", "lines": [{"line_number": 1, "quantity": "4"}]},
    )
    assert note.status_code == 201, note.text
    assert note.json()["number"] == "CN-2026-00001" and note.json()["amount"] == "464.00"
    assert org.entry_balances(note.json()["journal_entry_id"])
    assert org.balance("1200") == Decimal("754.00")  # 1,218 - 464
    assert org.balance("2100") == Decimal("-104.00")  # VAT 168 - 64
    assert org.balance("4010") == Decimal("-650.00")  # 1,050 - 400

    too_much = {"invoice_id": invoice["id"], "reason_code": "03", "lines": [{"line_number": 1, "quantity": "7"}]}
    assert _fields(org.send("POST", "/credit-notes", too_much)) == {("lines.0.quantity", "credit_exceeds_remaining")}
    assert _fields(org.send("POST", "/credit-notes", {"invoice_id": invoice["id"], "reason_code": "99"})) == {
        ("reason_code", "reason_code_invalid")
    }
    rest = org.send(
        "POST", "/credit-notes", {"invoice_id": invoice["id"], "reason_code": "05"}, **{"Idempotency-Key": "cn-2"}
    )
    assert rest.json()["amount"] == "754.00"
    again = org.send(
        "POST", "/credit-notes", {"invoice_id": invoice["id"], "reason_code": "05"}, **{"Idempotency-Key": "cn-2"}
    )
    assert again.json()["id"] == rest.json()["id"]
    assert org.balance("1200") == 0 and org.balance("2100") == 0 and org.balance("4010") == 0
    assert org.get(f"/invoices/{invoice['id']}").json()["status"] == "paid"
    assert _fields(org.send("POST", "/credit-notes", {"invoice_id": invoice["id"], "reason_code": "05"})) == {
        ("lines", "nothing_to_credit")
    }


def test_a_payment_over_two_invoices_with_an_over_payment_kept_as_credit(org: Org) -> None:
    customer = _customer(org)
    first = _issued(org, customer, ("1", "116"))
    second = _issued(org, customer, ("1", "232"))
    body = {
        "customer_id": customer,
        "method": "cash",
        "amount": "400.00",
        "payment_date": "2026-03-10",
        "allocations": [
            {"invoice_id": first["id"], "amount": "116.00"},
            {"invoice_id": second["id"], "amount": "200.00"},
        ],
    }
    paid = org.send("POST", "/payments", body, **{"Idempotency-Key": "receipt-1"})
    assert paid.status_code == 201, paid.text
    assert paid.json()["unallocated"] == "84.00"
    assert org.entry_balances(paid.json()["journal_entry_id"])
    assert org.send("POST", "/payments", body, **{"Idempotency-Key": "receipt-1"}).json()["id"] == paid.json()["id"]
    assert org.balance("1010") == Decimal("400.00")  # cash on hand
    assert org.balance("1200") == Decimal("32.00")  # 348 invoiced - 316 paid
    assert org.balance("2040") == Decimal("-84.00")  # customer credit
    assert org.get(f"/invoices/{first['id']}").json()["status"] == "paid"
    assert org.get(f"/invoices/{second['id']}").json()["outstanding"] == "32.00"
    assert [i["number"] for i in org.get("/invoices", status="paid").json()["items"]] == [first["number"]]

    statement = org.get(f"/customers/{customer}/statement", as_of="2026-03-31").json()
    assert [(line["document_type"], line["balance"]) for line in statement["lines"]] == [
        ("invoice", "116.00"),
        ("invoice", "348.00"),
        ("receipt", "-52.00"),
    ]
    assert statement["aging"]["current"] == "32.00"  # due 1 April

    payment_id = paid.json()["id"]
    third = _issued(org, customer, ("1", "58"))
    too_much = org.send("POST", f"/payments/{payment_id}/apply", {"invoice_id": third["id"], "amount": "84.00"})
    assert _fields(too_much) == {("amount", "allocation_exceeds_outstanding")}
    applied = org.send("POST", f"/payments/{payment_id}/apply", {"invoice_id": third["id"], "amount": "58.00"})
    assert applied.status_code == 200, applied.text
    assert applied.json()["unallocated"] == "26.00"
    assert org.get(f"/invoices/{third['id']}").json()["status"] == "paid"
    assert org.balance("2040") == Decimal("-26.00")
    assert _fields(org.send("POST", f"/payments/{payment_id}/refund", {"amount": "26.01"})) == {
        ("amount", "credit_exceeds_available")
    }
    refund = org.send("POST", f"/payments/{payment_id}/refund", {"amount": "26.00"}, **{"Idempotency-Key": "r-1"})
    assert refund.status_code == 201, refund.text
    assert (
        org.send("POST", f"/payments/{payment_id}/refund", {"amount": "26.00"}, **{"Idempotency-Key": "r-1"}).json()[
            "id"
        ]
        == refund.json()["id"]
    )
    assert org.balance("2040") == 0 and org.balance("1010") == Decimal("374.00")
    final = org.get(f"/customers/{customer}/statement", as_of="2026-12-31").json()
    assert final["balance"] == "32.00" and final["lines"][-1]["document_type"] == "refund"


def test_a_payment_that_does_not_add_up_is_refused_and_nothing_is_written(org: Org) -> None:
    customer = _customer(org)
    other = _customer(org, name="Banda Farms", tpin="2003004005")
    invoice = _issued(org, customer, ("1", "116"))
    theirs = _issued(org, other, ("1", "116"))
    body = {
        "customer_id": customer,
        "method": "mobile_money",
        "amount": "100.00",
        "allocations": [
            {"invoice_id": invoice["id"], "amount": "116.01"},
            {"invoice_id": theirs["id"], "amount": "1.00"},
        ],
    }
    assert _fields(org.send("POST", "/payments", body)) == {
        ("deposit_account_id", "deposit_account_required"),
        ("allocations.0.amount", "allocation_exceeds_outstanding"),
        ("allocations.1.invoice_id", "invoice_not_payable"),
        ("allocations", "allocations_exceed_amount"),
    }
    assert _fields(org.send("POST", "/payments", {**body, "amount": "0", "allocations": []})) >= {
        ("amount", "amount_not_positive")
    }
    assert org.balance("1200") == Decimal("232.00")
    assert org.get(f"/invoices/{invoice['id']}").json()["amount_paid"] == "0.00"


def test_a_usd_payment_at_a_better_rate_than_the_invoice_books_the_fx_gain(org: Org) -> None:
    customer = _customer(org, currency="USD")
    invoice = _issued(org, customer, ("1", "116"), exchange_rate="25.00")  # USD 116 = K2,900
    bank_usd = next(a["id"] for a in org.get("/accounts", search="1110").json()["items"] if a["code"] == "1110")
    paid = org.send(
        "POST",
        "/payments",
        {
            "customer_id": customer,
            "method": "bank",
            "amount": "116.00",
            "currency": "USD",
            "exchange_rate": "26.00",
            "deposit_account_id": bank_usd,
            "allocations": [{"invoice_id": invoice["id"], "amount": "116.00"}],
        },
    )
    assert paid.status_code == 201, paid.text
    assert org.balance("1110") == Decimal("3016.00")
    assert org.balance("1200") == 0
    assert org.balance("7020") == Decimal("-116.00")  # a gain of K116 is a credit on the FX account


def test_customers_csv_import_lists_every_bad_row_then_saves_only_the_good_ones_and_exports_them(org: Org) -> None:
    _customer(org, email="info@mwale.co.zm")
    csv_text = (
        "kind,name,tpin,phone,email,payment_terms_days\n"
        "business,Zambezi Traders,3004005006,0966 111222,accounts@zambezi.co.zm,14\n"
        "business,Bad Tpin Ltd,123,,,30\n"
        "individual,,,,,30\n"
        "company,Kind Wrong,,,,30\n"
        "business,Mwale Again,,,INFO@mwale.co.zm,30\n"
        "business,Zambezi Copy,3004005006,,,30\n"
    )
    preview = org.send("POST", "/customers/import", {"csv": csv_text, "preview": True}).json()
    assert (preview["rows"], preview["good"], preview["saved"]) == (6, 1, False)
    assert {(p["row"], p["field"], p["code"]) for p in preview["problems"]} == {
        (3, "tpin", "tpin_invalid"),
        (4, "name", "name_invalid"),
        (5, "kind", "kind_invalid"),
        (6, "name", "duplicate_customer"),
        (7, "tpin", "duplicate_in_file"),
    }
    assert len(org.get("/customers").json()["items"]) == 1  # a preview saves nothing
    saved = org.send("POST", "/customers/import", {"csv": csv_text, "preview": False}).json()
    assert saved["saved"] and saved["good"] == 1
    names = [c["name"] for c in org.get("/customers").json()["items"]]
    assert names == ["Mwale Builders", "Zambezi Traders"]
    exported = org.get("/customers/export")
    assert exported.headers["content-type"].startswith("text/csv")
    assert (
        exported.text.splitlines()[2]
        == "business,Zambezi Traders,3004005006,,+260966111222,accounts@zambezi.co.zm,,14,ZMW"
    )


def test_a_debit_note_charges_an_omitted_item_on_top_of_the_invoice(org: Org) -> None:
    customer = _customer(org)
    invoice = _issued(org, customer, ("1", "116"))
    omitted = {"description": "Delivery", "quantity": "1", "unit_price": "58", "tax_category": "A"}
    bad = org.send("POST", "/debit-notes", {"invoice_id": invoice["id"], "reason_code": "09", "lines": [omitted]})
    assert _fields(bad) == {("reason_code", "reason_code_invalid")}
    note = org.send(
        "POST",
        "/debit-notes",
        {"invoice_id": invoice["id"], "reason_code": "03", "issue_date": DAY, "lines": [omitted]},
    )
    assert note.status_code == 201, note.text
    assert (note.json()["number"], note.json()["amount"]) == ("DN-2026-00001", "58.00")
    assert org.entry_balances(note.json()["journal_entry_id"])
    assert org.balance("1200") == Decimal("174.00") and org.balance("2100") == Decimal("-24.00")
    assert org.get(f"/invoices/{invoice['id']}").json()["outstanding"] == "174.00"
    statement = org.get(f"/customers/{customer}/statement", as_of="2026-12-31").json()
    assert [line["document_type"] for line in statement["lines"]] == ["invoice", "debit_note"]
    assert statement["balance"] == "174.00"
