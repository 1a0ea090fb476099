"""Sales over HTTP against real PostgreSQL: customers and items with Zambian rules, invoices
drafted, previewed, issued (numbered and posted to the ledger in one transaction) and
voided, every bad input a 422 problem with field errors and nothing written, and gapless
numbers under concurrent issuing."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.sales import invoicing
from shared_code.sales.invoicing import InvoiceRequest, LineRequest
from shared_code.sales.tax import TaxCategory
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
        rows = self.get("/reports/trial-balance", as_of=DAY).json()["rows"]
        return next((Decimal(row["balance"]) for row in rows if row["code"] == code), Decimal(0))


@pytest.fixture
def org(identity: Identity, client: TestClient) -> Org:
    owner = identity.new_user()
    return Org(id=identity.new_organization(owner, name="Chanda Hardware Ltd"), owner=owner, client=client)


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def _fields(response: Any) -> set[tuple[str, str]]:
    return {(error["field"], error["code"]) for error in _problem(response, 422)["errors"]}


def _customer(org: Org, **fields: Any) -> dict[str, Any]:
    body = {"kind": "business", "name": "Mwale Builders", "tpin": "1002003004", "phone": "0977 123456", **fields}
    response = org.send("POST", "/customers", body)
    assert response.status_code == 201, response.text
    customer: dict[str, Any] = response.json()["customer"]
    return customer


def _invoice(customer_id: str, *lines: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"customer_id": customer_id, "issue_date": DAY, "lines": list(lines), **fields}


def _line(**fields: Any) -> dict[str, Any]:
    return {"description": "Cement 50 kg", "quantity": "1", "unit_price": "116.00", "tax_category": "A", **fields}


def test_a_customer_is_saved_with_a_normalised_phone_and_listed_by_search(org: Org) -> None:
    customer = _customer(org, tpin="100-200-3004")
    assert customer["phone"] == "+260977123456"
    assert customer["tpin"] == "1002003004"
    _customer(org, name="Banda Farms", tpin=None, phone=None, kind="individual")
    found = org.get("/customers", q="mwale").json()["items"]
    assert [c["name"] for c in found] == ["Mwale Builders"]
    first = org.get("/customers", limit=1).json()
    assert [c["name"] for c in first["items"]] == ["Banda Farms"]
    second = org.get("/customers", limit=1, cursor=first["next_cursor"]).json()
    assert [c["name"] for c in second["items"]] == ["Mwale Builders"] and second["next_cursor"] is None


def test_customers_are_filtered_by_kind_and_currency_and_paged_z_to_a(org: Org) -> None:
    _customer(org, name="Banda Farms", tpin=None, phone=None, kind="individual")
    _customer(org, name="Chola Lodge", tpin="1002003005", phone=None, currency="USD")
    _customer(org, name="Mwale Builders")
    assert [c["name"] for c in org.get("/customers", kind="business").json()["items"]] == [
        "Chola Lodge",
        "Mwale Builders",
    ]
    assert [c["name"] for c in org.get("/customers", currency="USD").json()["items"]] == ["Chola Lodge"]
    first = org.get("/customers", sort="-name", limit=2).json()
    assert [c["name"] for c in first["items"]] == ["Mwale Builders", "Chola Lodge"]
    second = org.get("/customers", sort="-name", limit=2, cursor=first["next_cursor"]).json()
    assert [c["name"] for c in second["items"]] == ["Banda Farms"] and second["next_cursor"] is None
    # A cursor of one order does not carry on the other, and a bad filter is a 422.
    assert _problem(org.get("/customers", cursor=first["next_cursor"]), 400)["code"] == "cursor_invalid"
    assert org.get("/customers", currency="usd").status_code == 422
    assert org.get("/customers", sort="tpin").status_code == 422


def test_a_second_customer_with_the_same_tpin_is_saved_and_flagged_as_a_possible_duplicate(org: Org) -> None:
    first = _customer(org)
    response = org.send("POST", "/customers", {"kind": "business", "name": "Mwale Bldrs", "tpin": "1002003004"})
    assert response.status_code == 201
    assert [c["id"] for c in response.json()["possible_duplicates"]] == [first["id"]]


def test_a_bad_customer_is_refused_with_every_field_error_and_nothing_is_written(org: Org) -> None:
    response = org.send(
        "POST", "/customers", {"kind": "business", "name": " ", "tpin": "12345", "phone": "12", "email": "x@"}
    )
    assert _fields(response) == {
        ("name", "name_invalid"),
        ("tpin", "tpin_invalid"),
        ("phone", "phone_invalid"),
        ("email", "email_invalid"),
    }
    assert org.get("/customers").json()["items"] == []


def test_an_item_is_saved_and_a_b_item_without_rrp_or_a_taken_code_is_refused(org: Org) -> None:
    item = {"code": "CEM50", "name": "Cement 50 kg", "kind": "goods", "tax_category": "A", "default_price": "116.00"}
    created = org.send("POST", "/items", item)
    assert created.status_code == 201, created.text
    assert created.json()["default_price"] == "116.0000"
    assert _fields(org.send("POST", "/items", item)) == {("code", "item_code_taken")}
    assert _fields(org.send("POST", "/items", {**item, "code": "BEER", "tax_category": "B"})) == {
        ("rrp", "rrp_required")
    }
    assert [i["code"] for i in org.get("/items").json()["items"]] == ["CEM50"]


def test_items_are_filtered_by_kind_and_tax_category(org: Org) -> None:
    base = {"default_price": "100.00"}
    for code, name, kind, category in (
        ("CEM50", "Cement 50 kg", "goods", "A"),
        ("DEL", "Delivery", "service", "A"),
        ("MAIZE", "Maize meal", "goods", "C3"),
    ):
        created = org.send(
            "POST", "/items", {**base, "code": code, "name": name, "kind": kind, "tax_category": category}
        )
        assert created.status_code == 201, created.text
    assert [i["code"] for i in org.get("/items", kind="goods").json()["items"]] == ["CEM50", "MAIZE"]
    assert [i["code"] for i in org.get("/items", tax_category="A").json()["items"]] == ["CEM50", "DEL"]
    assert [i["code"] for i in org.get("/items", kind="goods", tax_category="C3").json()["items"]] == ["MAIZE"]
    assert org.get("/items", tax_category="Z").status_code == 422


def test_an_invoice_is_drafted_previewed_and_issued_numbered_and_posted_so_the_trial_balance_moves(org: Org) -> None:
    customer = _customer(org)
    item = org.send(
        "POST",
        "/items",
        {"code": "CEM50", "name": "Cement 50 kg", "kind": "goods", "tax_category": "A", "default_price": "116"},
    ).json()
    body = _invoice(customer["id"], {"item_id": item["id"], "quantity": "2"}, _line(tax_category="C3", unit_price="50"))
    preview = org.send("POST", "/invoices/preview", body)
    assert preview.status_code == 200, preview.text
    assert preview.json()["totals"]["amount_due"] == "282.00"
    assert org.get("/invoices").json()["items"] == []  # a preview saves nothing

    draft = org.send("POST", "/invoices", {**body, "totals": "ignored"})
    assert _fields(draft) == {("totals", "extra_forbidden")}  # client totals are refused, never read
    draft = org.send("POST", "/invoices", body).json()
    assert draft["status"] == "draft" and draft["number"] is None
    assert draft["totals"] == preview.json()["totals"]
    assert draft["lines"][0]["description"] == "Cement 50 kg"

    issued = org.send("POST", f"/invoices/{draft['id']}/issue")
    assert issued.status_code == 200, issued.text
    issued_body = issued.json()
    assert issued_body["number"] == "INV-2026-00001"
    assert issued_body["status"] == "overdue"  # due 30 days after 2 March 2026, unpaid
    assert org.get(f"/invoices/{draft['id']}").json() == issued_body  # the answer is what was stored
    entry = org.get(f"/journal-entries/{issued_body['journal_entry_id']}").json()
    debits = sum(Decimal(line["debit"]) for line in entry["lines"])
    credits = sum(Decimal(line["credit"]) for line in entry["lines"])
    assert debits == credits == Decimal("282.00")
    assert org.balance("1200") == Decimal("282.00")  # receivable
    assert org.balance("2100") == Decimal("-32.00")  # VAT output 2 x 16
    assert org.balance("4010") == Decimal("-250.00")  # sales: 200 + 50

    again = org.send("POST", f"/invoices/{draft['id']}/issue").json()
    assert again["journal_entry_id"] == issued_body["journal_entry_id"] and org.balance("1200") == Decimal("282.00")
    edit = org.send("PUT", f"/invoices/{draft['id']}", body)
    assert _problem(edit, 409)["code"] == "invoice_not_draft"
    assert _problem(org.send("POST", f"/invoices/{draft['id']}/void"), 409)["code"] == "invoice_not_draft"


def test_every_bad_invoice_is_a_422_with_field_errors_and_nothing_is_written(org: Org) -> None:
    business = _customer(org)
    no_tpin = _customer(org, name="Phiri Traders", tpin=None, phone=None)
    cases = [
        (_invoice(business["id"], _line(quantity="0")), ("lines.0.quantity", "quantity_not_positive")),
        (_invoice(business["id"], _line(quantity="-1")), ("lines.0.quantity", "quantity_not_positive")),
        (_invoice(business["id"], _line(unit_price="1.00001")), ("lines.0.unit_price", "price_precision")),
        (_invoice(business["id"], _line(tax_category="Z")), ("lines.0.tax_category", "enum")),
        (_invoice(business["id"], _line(tax_category="C2")), ("lpo_number", "lpo_number_required")),
        (_invoice(business["id"], _line(tax_category="C1")), ("destination_country", "destination_required")),
        (_invoice(no_tpin["id"], _line()), ("customer_id", "customer_tpin_required")),
        (_invoice(business["id"], _line(), currency="USD"), ("exchange_rate", "exchange_rate_required")),
        (_invoice(business["id"], _line(quantity=2)), ("lines.0.quantity", "decimal_invalid")),
        (_invoice(business["id"], _line(unit_price=" 116")), ("lines.0.unit_price", "decimal_invalid")),
        ({**_invoice(business["id"], _line()), "issue_date": "9999-12-31"}, ("issue_date", "date_out_of_range")),
    ]
    for body, expected in cases:
        assert expected in _fields(org.send("POST", "/invoices", body)), body
    assert org.get("/invoices").json()["items"] == []
    assert org.balance("1200") == 0


def test_a_usd_invoice_posts_in_zmw_at_its_rate_and_a_draft_can_be_voided(org: Org) -> None:
    customer = _customer(org, currency="USD")
    body = _invoice(customer["id"], _line(unit_price="116"), exchange_rate="25.50")
    draft = org.send("POST", "/invoices", body).json()
    assert draft["currency"] == "USD"
    org.send("POST", f"/invoices/{draft['id']}/issue")
    assert org.balance("1200") == Decimal("2958.00")  # USD 116 x 25.50
    other = org.send("POST", "/invoices", body).json()
    voided = org.send("POST", f"/invoices/{other['id']}/void").json()
    assert voided["status"] == "void"
    assert _problem(org.send("POST", f"/invoices/{other['id']}/issue"), 409)["code"] == "invoice_void"
    assert [i["status"] for i in org.get("/invoices", status="void").json()["items"]] == ["void"]


def test_a_retried_create_with_the_same_idempotency_key_makes_one_draft(org: Org) -> None:
    customer = _customer(org)
    body = _invoice(customer["id"], _line())
    first = org.send("POST", "/invoices", body, **{"Idempotency-Key": "till-7-0001"}).json()
    second = org.send("POST", "/invoices", body, **{"Idempotency-Key": "till-7-0001"}).json()
    assert first["id"] == second["id"]
    assert len(org.get("/invoices").json()["items"]) == 1


CLIENTS, PER_CLIENT = 50, 20
"""The issue's full run: 50 clients x 20 invoices (about 11 s on the shared 2-core machine)."""


def test_concurrent_clients_issuing_invoices_get_numbers_with_no_gap_or_repeat(org: Org, services: Services) -> None:
    customer = _customer(org)
    request = InvoiceRequest(
        customer_id=UUID(customer["id"]),
        issue_date=date(2026, 3, 2),
        lines=(LineRequest(quantity=Decimal(1), unit_price=Decimal(116), tax_category=TaxCategory.A, description="x"),),
    )

    def client_run(_: int) -> list[str]:
        numbers = []
        for _ in range(PER_CLIENT):
            with services.db.unit_of_work(org.id) as uow:
                draft = invoicing.create_draft(uow, request, created_by=org.owner.id, clock=services.clock)
                issued = invoicing.issue_invoice(
                    uow, draft.id, issued_by=org.owner.id, clock=services.clock, zra_quantity_places=2
                )
                uow.commit()
            numbers.append(issued.number or "")
        return numbers

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        numbers = [n for batch in pool.map(client_run, range(CLIENTS)) for n in batch]
    assert sorted(numbers) == [f"INV-2026-{n:05d}" for n in range(1, CLIENTS * PER_CLIENT + 1)]
    assert org.balance("1200") == Decimal("116.00") * CLIENTS * PER_CLIENT


def test_the_number_format_is_configurable_and_the_sequence_carries_on(org: Org) -> None:
    customer = _customer(org)
    first = org.send("POST", "/invoices", _invoice(customer["id"], _line())).json()
    assert org.send("POST", f"/invoices/{first['id']}/issue").json()["number"] == "INV-2026-00001"
    bad = org.send(
        "PUT", "/sales-settings", {"invoice_number_format": "INV-{year}", "credit_note_number_format": "CN{seq}"}
    )
    assert _fields(bad) == {("invoice_number_format", "number_format_invalid")}
    saved = org.send(
        "PUT", "/sales-settings", {"invoice_number_format": "CH/{seq:04d}", "credit_note_number_format": "CN{seq}"}
    )
    assert saved.status_code == 200, saved.text
    second = org.send("POST", "/invoices", _invoice(customer["id"], _line())).json()
    assert org.send("POST", f"/invoices/{second['id']}/issue").json()["number"] == "CH/0002"
    assert org.get("/sales-settings").json()["invoice_number_format"] == "CH/{seq:04d}"


def test_a_turnover_tax_business_invoices_without_vat_and_posts_it_all_to_sales(
    identity: Identity, client: TestClient
) -> None:
    owner = identity.new_user()
    org_id = identity.new_organization(
        owner, name="Banda Tailoring", vat_registered=False, vat_effective_date=None, turnover_tax=True
    )
    org = Org(id=org_id, owner=owner, client=client)
    customer = _customer(org)
    draft = org.send("POST", "/invoices", _invoice(customer["id"], _line(), _line(tax_category="C2"))).json()
    assert [line["tax_category"] for line in draft["lines"]] == ["TOT", "TOT"]
    assert draft["totals"]["total_tax"] == "0.0000"
    assert [b["code"] for b in draft["totals"]["buckets"]] == ["TOT"]
    issued = org.send("POST", f"/invoices/{draft['id']}/issue")
    assert issued.status_code == 200, issued.text
    assert org.balance("1200") == Decimal("232.00")
    assert org.balance("4010") == Decimal("-232.00")
