"""Spending by category and by supplier over HTTP against real PostgreSQL: only posted
expenses and bills dated in the period count (drafts, voided ones and other periods do not),
a bill's lines fall under their own categories, rows come largest first with their share,
the totals add up, and a bad period is a 422 with a stable code."""

from __future__ import annotations

from collections.abc import Iterator
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
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


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


def _supplier(org: Org, name: str, tpin: str) -> str:
    response = org.send("POST", "/suppliers", {"name": name, "tpin": tpin, "vat_registered": True})
    assert response.status_code == 201, response.text
    return str(response.json()["supplier"]["id"])


def _document(org: Org, path: str, body: dict[str, Any]) -> str:
    response = org.send("POST", path, body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _posted(org: Org, approver: people.TestUser, path: str, body: dict[str, Any]) -> str:
    document_id = _document(org, path, body)
    assert org.send("POST", f"{path}/{document_id}/submit").status_code == 200
    assert org.send("POST", f"{path}/{document_id}/approve", user=approver).status_code == 200
    posted = org.send("POST", f"{path}/{document_id}/post")
    assert posted.status_code == 200, posted.text
    return document_id


def _rows(report: dict[str, Any]) -> list[tuple[str, int, str, str, str, str]]:
    return [(r["name"], r["documents"], r["net"], r["vat"], r["total"], r["share"]) for r in report["rows"]]


def test_spending_counts_posted_documents_of_the_period_by_category_and_by_supplier(
    org: Org, approver: people.TestUser
) -> None:
    puma = _supplier(org, "Puma Energy Lusaka", "1000000001")
    office = _supplier(org, "Lusaka Office Mart", "1000000002")
    diesel, office_it, travel = (_category(org, code) for code in ("fuel_diesel", "office_it", "travel"))

    def line(category: str, price: str, **extra: str) -> dict[str, str]:
        return {"category_id": category, "unit_price": price, **extra}

    # Diesel, VAT stated on a Smart Invoice: K1,160 of which K160 VAT.
    _posted(
        org,
        approver,
        "/expenses",
        {
            "supplier_id": puma,
            "document_date": DAY,
            "payment_method": "bank",
            "lines": [line(diesel, "1160.00", vat_amount="160.00")],
            **SMART,
        },
    )
    # A bill of two categories: stationery K580 (K80 VAT) and a training course K348 (K48 VAT).
    _posted(
        org,
        approver,
        "/bills",
        {
            "supplier_id": office,
            "document_date": "2026-03-20",
            "lines": [line(office_it, "580.00", vat_amount="80.00"), line(travel, "348.00", vat_amount="48.00")],
            **SMART,
        },
    )
    # Bus fares paid in cash, no supplier.
    _posted(
        org,
        approver,
        "/expenses",
        {"document_date": "2026-03-31", "payment_method": "cash", "lines": [line(travel, "120.00")]},
    )
    # None of these is spending of March: a draft, a voided expense, and April's diesel.
    _document(org, "/expenses", {"document_date": DAY, "payment_method": "cash", "lines": [line(travel, "999.00")]})
    voided = _posted(
        org, approver, "/expenses", {"document_date": DAY, "payment_method": "cash", "lines": [line(travel, "777.00")]}
    )
    assert org.send("POST", f"/expenses/{voided}/void").json()["status"] == "void"
    _posted(
        org,
        approver,
        "/expenses",
        {"supplier_id": puma, "document_date": "2026-04-01", "payment_method": "bank", "lines": [line(diesel, "50")]},
    )

    by_category = org.get("/reports/spending", by="category", **MARCH)
    assert by_category.status_code == 200, by_category.text
    report = by_category.json()
    assert (report["date_from"], report["date_to"], report["group"]) == ("2026-03-01", "2026-03-31", "category")
    # Shares are each rounded to 0.01%, so they may sum to 100.01.
    assert _rows(report) == [
        ("Fuel (diesel)", 1, "1000.00", "160.00", "1160.00", "52.54"),
        ("Office, stationery, software and IT", 1, "500.00", "80.00", "580.00", "26.27"),
        # The course on the bill (K300 + K48 VAT) and the bus fares (K120, no VAT: no supplier).
        ("Travel, subsistence and training", 2, "420.00", "48.00", "468.00", "21.20"),
    ]
    assert (report["net"], report["vat"], report["total"]) == ("1920.00", "288.00", "2208.00")

    report = org.get("/reports/spending", by="supplier", **MARCH).json()
    assert _rows(report) == [
        ("Puma Energy Lusaka", 1, "1000.00", "160.00", "1160.00", "52.54"),
        ("Lusaka Office Mart", 1, "800.00", "128.00", "928.00", "42.03"),
        ("", 1, "120.00", "0.00", "120.00", "5.43"),
    ]
    assert [row["key_id"] for row in report["rows"]] == [puma, office, None]
    assert (report["net"], report["vat"], report["total"]) == ("1920.00", "288.00", "2208.00")

    # April holds only the later diesel; an empty period is an empty report, not an error.
    april = org.get("/reports/spending", **{"from": "2026-04-01", "to": "2026-04-30"}).json()
    assert [(row["name"], row["total"]) for row in april["rows"]] == [("Fuel (diesel)", "50.00")]
    empty = org.get("/reports/spending", **{"from": "2025-01-01", "to": "2025-01-31"}).json()
    assert (empty["rows"], empty["total"]) == ([], "0.00")


def test_another_organization_sees_none_of_it(identity: Identity, org: Org, approver: people.TestUser) -> None:
    _posted(
        org,
        approver,
        "/expenses",
        {
            "document_date": DAY,
            "payment_method": "cash",
            "lines": [{"category_id": _category(org, "rent"), "unit_price": "900"}],
        },
    )
    assert org.get("/reports/spending", **MARCH).json()["total"] == "900.00"
    other_owner = identity.new_user()
    other = Org(id=identity.new_organization(other_owner, name="Mwansa Traders"), owner=other_owner, client=org.client)
    assert other.get("/reports/spending", **MARCH).json()["rows"] == []
    # And its owner cannot read the first organization's report at all.
    assert org.get("/reports/spending", user=other_owner, **MARCH).status_code in (403, 404)


def test_a_bad_period_or_grouping_is_a_422_with_a_stable_code(org: Org) -> None:
    assert fields(org.get("/reports/spending", **{"from": "2026-03-31", "to": "2026-03-01"})) == {
        ("from", "date_range_invalid")
    }
    assert fields(org.get("/reports/spending", **{"from": "2020-01-01", "to": "2026-03-01"})) == {
        ("to", "date_range_too_long")
    }
    assert problem(org.get("/reports/spending", by="colour"), 422)["errors"][0]["field"] == "query.by"
    assert problem(org.get("/reports/spending", **{"from": "March"}), 422)["errors"][0]["field"] == "query.from"
