"""Suppliers and expense categories over HTTP against real PostgreSQL: Zambian rules for
TPIN and phone, duplicates by TPIN or phone, the CSV import's row-error preview, and the
categories seeded from the default chart with their dated VAT treatment."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from tests.fixtures.identity import Identity
from tests.integration.purchases_org import Org, fields, problem


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def org(identity: Identity, client: TestClient) -> Org:
    owner = identity.new_user()
    return Org(id=identity.new_organization(owner, name="Chanda Hardware Ltd"), owner=owner, client=client)


def _supplier(org: Org, **body: Any) -> dict[str, Any]:
    response = org.send("POST", "/suppliers", {"name": "Lusaka Fuel Ltd", "tpin": "1000000001", **body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_a_supplier_is_saved_normalised_and_a_lookalike_is_listed_not_refused(org: Org) -> None:
    first = _supplier(org, tpin="100-000-0001", phone="0977 123456", vat_registered=True, wht_type="management_fees")
    assert first["supplier"]["tpin"] == "1000000001"
    assert first["supplier"]["phone"] == "+260977123456"
    assert first["possible_duplicates"] == []
    second = _supplier(org, name="Lusaka Fuels", tpin=None, phone="+260977123456")
    assert [s["name"] for s in second["possible_duplicates"]] == ["Lusaka Fuel Ltd"]
    assert [s["name"] for s in org.get("/suppliers", q="1000000001").json()["items"]] == ["Lusaka Fuel Ltd"]
    page = org.get("/suppliers", limit=1).json()
    assert len(page["items"]) == 1 and page["next_cursor"]


def test_bad_suppliers_are_refused_with_every_field_named_and_nothing_written(org: Org) -> None:
    response = org.send(
        "POST",
        "/suppliers",
        {
            "name": " ",
            "tpin": "12345",
            "phone": "12",
            "email": "nope",
            "payment_terms_days": 400,
            "wht_type": "bribes",
        },
    )
    assert fields(response) == {
        ("name", "name_invalid"),
        ("tpin", "tpin_invalid"),
        ("phone", "phone_invalid"),
        ("email", "email_invalid"),
        ("payment_terms_days", "terms_out_of_range"),
        ("wht_type", "wht_type_unknown"),
    }
    assert fields(org.send("POST", "/suppliers", {"name": "ZESCO", "vat_registered": True})) == {
        ("tpin", "tpin_required")
    }
    assert org.get("/suppliers").json()["items"] == []


def test_a_csv_import_previews_every_bad_row_then_saves_only_the_good_ones(org: Org) -> None:
    _supplier(org, name="Existing Ltd", tpin="1000000009")
    text = (
        "name,tpin,vat_registered,phone,wht_type\n"
        "Mwale Transport,1000000002,yes,0966 000111,\n"
        "Bad TPIN,12,no,,\n"
        "Same phone,,no,0966000111,\n"
        "Lookalike,1000000009,no,,\n"
        "Odd flag,,maybe,,\n"
        "Phiri Consulting,1000000003,no,,management_fees\n"
    )
    preview = org.send("POST", "/suppliers/import", {"csv": text}).json()
    assert (preview["rows"], preview["good"], preview["saved"]) == (6, 2, False)
    assert {(p["row"], p["field"], p["code"]) for p in preview["problems"]} == {
        (3, "tpin", "tpin_invalid"),
        (4, "phone", "duplicate_in_file"),
        (5, "name", "duplicate_supplier"),
        (6, "vat_registered", "flag_invalid"),
    }
    assert len(org.get("/suppliers").json()["items"]) == 1
    saved = org.send("POST", "/suppliers/import", {"csv": text, "preview": False}).json()
    assert saved["saved"] and saved["good"] == 2
    names = [s["name"] for s in org.get("/suppliers").json()["items"]]
    assert names == ["Existing Ltd", "Mwale Transport", "Phiri Consulting"]
    assert problem(org.send("POST", "/suppliers/import", {"csv": "tpin\n1\n"}), 422)["code"] == "columns_missing"


def test_a_supplier_is_replaced_and_an_unknown_one_is_a_404(org: Org) -> None:
    created = _supplier(org)["supplier"]
    body = {"name": "Lusaka Fuel Limited", "tpin": "1000000001", "vat_registered": True, "payment_terms_days": 14}
    replaced = org.send("PUT", f"/suppliers/{created['id']}", body).json()
    assert (replaced["name"], replaced["vat_registered"], replaced["payment_terms_days"]) == (
        "Lusaka Fuel Limited",
        True,
        14,
    )
    assert org.get(f"/suppliers/{created['id']}").json()["name"] == "Lusaka Fuel Limited"
    missing = "00000000-0000-4000-8000-000000000000"
    assert problem(org.get(f"/suppliers/{missing}"), 404)["code"] == "supplier_not_found"


def test_categories_are_seeded_from_the_chart_with_dated_vat_treatments(org: Org) -> None:
    items = {c["code"]: c for c in org.get("/expense-categories").json()["items"]}
    assert items["fuel_diesel"]["account_id"] == org.account_id("6140")
    diesel = [(t["effective_from"], t["treatment"], t["claimable_share"]) for t in items["fuel_diesel"]["treatments"]]
    assert diesel == [("2000-01-01", "standard", "1.0000"), ("2019-01-01", "restricted", "0.9000")]
    assert items["entertainment"]["account_id"] == org.account_id("6260")
    assert items["entertainment"]["income_tax_deductible"] is False
    assert items["equipment"]["kind"] == "fixed_asset" and items["equipment"]["account_id"] == org.account_id("1520")
    assert items["purchases_for_resale"]["kind"] == "cost_of_sales"
    # Seeded once: asking again adds nothing.
    assert len(org.get("/expense-categories").json()["items"]) == len(items)


def test_a_category_needs_an_account_of_its_kind_and_treatments_that_do_not_overlap(org: Org) -> None:
    body = {
        "code": "cleaning",
        "name": "Cleaning",
        "kind": "expense",
        "account_id": org.account_id("6150"),
        "treatments": [{"effective_from": "2020-01-01", "treatment": "standard"}],
    }
    created = org.send("POST", "/expense-categories", body)
    assert created.status_code == 201, created.text
    assert fields(org.send("POST", "/expense-categories", body)) == {("code", "category_code_taken")}
    bad = {
        **body,
        "code": "Bad Code",
        "kind": "fixed_asset",
        "treatments": [
            {"effective_from": "2020-01-01", "treatment": "standard", "claimable_share": "0.5"},
            {
                "effective_from": "2019-01-01",
                "effective_to": "2020-06-30",
                "treatment": "restricted",
                "claimable_share": "1.5",
            },
        ],
    }
    assert fields(org.send("POST", "/expense-categories", bad)) == {
        ("code", "code_invalid"),
        ("account_id", "account_kind_mismatch"),
        ("treatments.0.claimable_share", "share_not_restricted"),
        ("treatments.1.effective_to", "treatments_overlap"),
        ("treatments.1.claimable_share", "share_out_of_range"),
    }
    header = {**body, "code": "header_one", "account_id": org.account_id("6000")}
    assert fields(org.send("POST", "/expense-categories", header)) == {("account_id", "account_not_postable")}


def test_an_archived_supplier_or_category_takes_no_new_purchase(org: Org) -> None:
    supplier = _supplier(org)["supplier"]["id"]
    travel = next(c["id"] for c in org.get("/expense-categories").json()["items"] if c["code"] == "travel")
    archived = org.send("POST", f"/suppliers/{supplier}/archive").json()
    assert archived["archived_at"] is not None
    assert org.get("/suppliers").json()["items"] == []
    assert [s["id"] for s in org.get("/suppliers", include_archived="true").json()["items"]] == [supplier]
    assert org.send("POST", f"/expense-categories/{travel}/archive").json()["archived"] is True
    body = {"supplier_id": supplier, "payment_method": "cash", "lines": [{"category_id": travel, "unit_price": "9.00"}]}
    assert fields(org.send("POST", "/expenses", body)) == {
        ("supplier_id", "supplier_archived"),
        ("lines.0.category_id", "expense_category_archived"),
    }
    assert org.send("POST", f"/suppliers/{supplier}/unarchive").json()["archived_at"] is None
    assert org.send("POST", f"/expense-categories/{travel}/unarchive").json()["archived"] is False
    assert org.send("POST", "/expenses", body).status_code == 201
