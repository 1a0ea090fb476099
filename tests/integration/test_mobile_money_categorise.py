"""Categorising wallet transactions through the API, posting through the ledger: money in with
VAT, money out with charges, splits, refusals of failed and pending rows, bulk all-or-nothing,
rules (CRUD, and "always do this"), and suggestions learned from the organization's choices."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.platform.settings import Settings
from tests.fixtures.airtel_sandbox import Airtel
from tests.fixtures.identity import Identity
from tests.integration.mobile_money_org import Org, fast, new_org


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return fast(settings)


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def synced(identity: Identity, client: TestClient, airtel: Airtel) -> tuple[Org, dict[str, Any], dict[str, str]]:
    org = new_org(identity, client)
    airtel.merchant(count=300)
    wallet = org.link(airtel)
    org.run_queue()
    codes = {a["code"]: a["id"] for a in org.get("/accounts", limit=200)["items"]}
    return org, wallet, codes


def _lines(org: Org, entry_id: str) -> set[tuple[str, Decimal, Decimal]]:
    entry = org.get(f"/journal-entries/{entry_id}")
    return {(line["account_code"], Decimal(line["debit"]), Decimal(line["credit"])) for line in entry["lines"]}


def _first(rows: list[dict[str, Any]], **where: Any) -> dict[str, Any]:
    return next(r for r in rows if all(r[k] == v for k, v in where.items()) and Decimal(r["amount"]) > 0)


def test_money_in_with_vat_and_money_out_with_charges_post_balanced_entries(synced: Any) -> None:
    org, _, codes = synced
    rows = org.transactions(status="TS")
    sale = _first(rows, service_type="MERCHPAY")
    posted = org.ok("POST", f"/wallet-transactions/{sale['id']}/categorise",
                    {"parts": [{"account_id": codes["4010"], "vat_rate": "16"}]})  # fmt: skip
    amount = Decimal(sale["amount"])
    vat = (amount * 16 / 116).quantize(Decimal("0.01"))
    assert _lines(org, posted["journal_entry_id"]) == {
        ("1150", amount, Decimal("0.00")),
        ("4010", Decimal("0.00"), amount - vat),
        ("2100", Decimal("0.00"), vat),
    }
    assert posted["categorised_at"] and posted["parts"][0]["account_id"] == codes["4010"]
    payment = next(r for r in rows if r["direction"] == "out" and Decimal(r["charges"]) > 0)
    out = org.ok("POST", f"/wallet-transactions/{payment['id']}/categorise", {"parts": [{"account_id": codes["6180"]}]})
    charges, paid = Decimal(payment["charges"]), Decimal(payment["amount"])
    lines = _lines(org, out["journal_entry_id"])
    assert ("6180", paid, Decimal("0.00")) in lines and ("6130", charges, Decimal("0.00")) in lines
    assert sum(c for code, _, c in lines if code == "1150") == paid + charges
    again = org.send(
        "POST", f"/wallet-transactions/{payment['id']}/categorise", {"parts": [{"account_id": codes["6180"]}]}
    )
    assert again.status_code == 409 and again.json()["code"] == "wallet_transaction_categorised"
    inbox = org.get("/wallet-transactions", limit=5)["items"]
    assert all(item["categorised_at"] is None for item in inbox), "uncategorised first"


def test_a_split_must_add_up_and_failed_or_pending_rows_are_not_booked(synced: Any) -> None:
    org, _, codes = synced
    rows = org.transactions()
    failed = next(r for r in rows if r["status"] in ("TF", "TIP", "TA"))
    refused = org.send(
        "POST", f"/wallet-transactions/{failed['id']}/categorise", {"parts": [{"account_id": codes["4010"]}]}
    )
    assert refused.status_code == 409 and refused.json()["code"] == "wallet_transaction_not_bookable"
    sale = _first([r for r in rows if r["status"] == "TS"], direction="in")
    amount = Decimal(sale["amount"])
    half = (amount / 2).quantize(Decimal("0.01"))
    wrong_parts = [{"account_id": codes["4010"], "amount": str(half)}, {"account_id": codes["4020"], "amount": "0.01"}]
    wrong = org.send("POST", f"/wallet-transactions/{sale['id']}/categorise", {"parts": wrong_parts})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["code"] == "parts_do_not_add_up"
    split = org.ok("POST", f"/wallet-transactions/{sale['id']}/categorise", {"parts": [
        {"account_id": codes["4010"], "amount": str(half)},
        {"account_id": codes["4020"], "amount": str(amount - half)}]})  # fmt: skip
    lines = _lines(org, split["journal_entry_id"])
    assert {code for code, _, _ in lines} == {"1150", "4010", "4020"}


def test_bulk_categorisation_is_all_or_nothing(synced: Any) -> None:
    org, _, codes = synced
    sales = org.transactions(status="TS", direction="in")[:3]
    failed = next(r for r in org.transactions() if r["status"] == "TF")
    items = [{"transaction_id": r["id"], "parts": [{"account_id": codes["4010"]}]} for r in sales]
    bad = {"transaction_id": failed["id"], "parts": [{"account_id": codes["4010"]}]}
    refused = org.send("POST", "/wallet-transactions/categorise", {"items": [*items, bad]})
    assert refused.status_code == 409
    assert all(org.get(f"/wallet-transactions/{r['id']}")["categorised_at"] is None for r in sales)
    posted = org.ok("POST", "/wallet-transactions/categorise", {"items": items})["items"]
    assert len({p["journal_entry_id"] for p in posted}) == 3


def test_rules_are_managed_and_always_do_this_makes_one(synced: Any) -> None:
    org, wallet, codes = synced
    bad = org.send("POST", "/categorisation-rules", {"name": "Everything", "account_id": codes["4010"]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["code"] == "rule_matches_everything"
    unknown = org.send("POST", "/categorisation-rules", {"name": "X", "account_id": wallet["id"], "direction": "in"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["code"] == "account_not_found"
    rule = org.ok("POST", "/categorisation-rules", {"name": "ZESCO", "account_id": codes["6110"],
                  "counterparty": "ZESCO", "direction": "out", "vat_rate": "16"}, status=201)  # fmt: skip
    zesco = next(r for r in org.transactions(status="TS", direction="out") if "ZESCO" in r["counterparty_name"])
    suggestion = org.get(f"/wallet-transactions/{zesco['id']}")["suggestion"]
    assert suggestion == {"account_id": codes["6110"], "confidence": "1.00", "vat_rate": "16.00",
                          "reason": "rule: ZESCO", "rule_id": rule["id"]}  # fmt: skip
    updated = org.ok("PUT", f"/categorisation-rules/{rule['id']}", {"name": "ZESCO power", "account_id": codes["6110"],
                     "counterparty": "ZESCO", "direction": "out"})  # fmt: skip
    assert updated["name"] == "ZESCO power" and updated["vat_rate"] is None
    assert org.send("DELETE", f"/categorisation-rules/{rule['id']}").status_code == 204
    assert org.send("GET", f"/categorisation-rules/{rule['id']}").status_code == 404
    # "Always do this": a rule from the choice; the next transaction of that counterparty follows it.
    customer_rows = org.transactions(status="TS", service_type="MERCHPAY")
    by_number: dict[str, list[dict[str, Any]]] = {}
    for row in customer_rows:
        by_number.setdefault(row["counterparty_msisdn"], []).append(row)
    number, same = max(by_number.items(), key=lambda item: len(item[1]))
    org.ok("POST", f"/wallet-transactions/{same[0]['id']}/categorise",
           {"parts": [{"account_id": codes["4020"]}], "always": True})  # fmt: skip
    [made] = org.get("/categorisation-rules")["items"]
    assert (made["counterparty"], made["direction"], made["account_id"]) == (number, "in", codes["4020"])
    follows = org.get(f"/wallet-transactions/{same[1]['id']}")["suggestion"]
    assert follows["account_id"] == codes["4020"] and follows["rule_id"] == made["id"]


def test_suggestions_come_from_the_organizations_own_choices(synced: Any) -> None:
    org, _, codes = synced
    outs = org.transactions(status="TS", service_type="B2C")
    by_reference: dict[str, list[dict[str, Any]]] = {}
    for row in outs:
        by_reference.setdefault(row["reference"], []).append(row)
    stock = by_reference["Payment for stock"]
    rent = by_reference["Payment for rent"]
    assert len(stock) >= 4 and len(rent) >= 4
    items = [{"transaction_id": r["id"], "parts": [{"account_id": codes["5010"]}]} for r in stock[:3]]
    items += [{"transaction_id": r["id"], "parts": [{"account_id": codes["6100"]}]} for r in rent[:3]]
    org.ok("POST", "/wallet-transactions/categorise", {"items": items})
    page = org.get("/wallet-transactions", status="TS", service_type="B2C", suggest="true", limit=200, direction="out")
    suggested = {item["id"]: item["suggestion"] for item in page["items"] if item["categorised_at"] is None}
    assert suggested[stock[3]["id"]]["account_id"] == codes["5010"]
    assert suggested[rent[3]["id"]]["account_id"] == codes["6100"]
    assert Decimal(suggested[stock[3]["id"]]["confidence"]) > Decimal("0.5")
