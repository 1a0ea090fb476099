"""The ledger over HTTP: real users and organizations, permissions, problems with stable
codes, money as strings, idempotent posting, paging, reports, periods, export, verify."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from tests.fixtures import identity as people
from tests.fixtures.identity import Identity


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    """The API, as the function app serves it."""
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@dataclass
class Org:
    """An organization with the default chart, its owner and an HTTP client."""

    id: UUID
    owner: people.TestUser
    client: TestClient
    identity: Identity

    def url(self, path: str) -> str:
        return f"/api/v1/orgs/{self.id}{path}"

    def get(self, path: str, user: people.TestUser | None = None, **params: Any) -> Any:
        return self.client.get(self.url(path), params=params, headers=(user or self.owner).headers)

    def send(
        self, method: str, path: str, body: Any = None, user: people.TestUser | None = None, **headers: str
    ) -> Any:
        return self.client.request(
            method, self.url(path), json=body, headers={**(user or self.owner).headers, **headers}
        )

    def account(self, code: str) -> str:
        found = self.get("/accounts", search=code, include_archived=True).json()["items"]
        return next(a["id"] for a in found if a["code"] == code)


def _organization(identity: Identity, client: TestClient, services: Services, name: str) -> Org:
    owner = identity.new_user()
    org_id = identity.new_organization(owner, name=name)  # VAT-registered: onboarding seeds the VAT chart
    return Org(id=org_id, owner=owner, client=client, identity=identity)


@pytest.fixture
def org(identity: Identity, client: TestClient, services: Services) -> Org:
    return _organization(identity, client, services, "Chanda Hardware Ltd")


def _entry(org: Org, *lines: tuple[str, str, str], day: str = "2026-01-05", description: str = "Sale") -> dict:
    return {
        "entry_date": day,
        "description": description,
        "lines": [{"account_id": org.account(code), side: amount} for code, side, amount in lines],
    }


def _problem(response: Any, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code, body
    return body


def test_the_chart_is_listed_searched_and_managed(org: Org) -> None:
    wallets = org.get("/accounts", search="wallet").json()["items"]
    assert [w["code"] for w in wallets] == ["1150", "1160", "1170"]
    assert wallets[0]["normal_balance"] == "debit" and wallets[0]["cash_flow_class"] is None
    created = org.send(
        "POST",
        "/accounts",
        {
            "code": "1150-02",
            "name": "Airtel Money - Chipata",
            "account_type": "asset",
            "subtype": "mobile_money_wallet",
            "parent_id": org.account("1000"),
        },
    )
    assert created.status_code == 201, created.text
    account_id = created.json()["id"]
    renamed = org.send("PATCH", f"/accounts/{account_id}", {"name": "Airtel Money - Chipata shop"})
    assert renamed.json()["name"] == "Airtel Money - Chipata shop"
    detail = org.get(f"/accounts/{account_id}").json()
    assert (detail["balance"], detail["line_count"], detail["parent"]["code"]) == ("0.00", 0, "1000")
    assert org.send("POST", f"/accounts/{account_id}/archive").json()["archived_at"] is not None
    assert org.send("DELETE", f"/accounts/{account_id}").status_code == 204
    _problem(org.get(f"/accounts/{account_id}"), 404, "account_not_found")
    bad = org.send("POST", "/accounts", {"code": "1010", "name": "Dup", "account_type": "asset", "subtype": "cash"})
    assert [e["code"] for e in _problem(bad, 422, "code_taken")["errors"]] == ["code_taken"]


def test_a_manual_entry_is_posted_with_money_as_strings_and_replayed_by_its_key(org: Org) -> None:
    body = _entry(org, ("1010", "debit", "1160.00"), ("4010", "credit", "1000"), ("2100", "credit", "160.00"))
    first = org.send("POST", "/journal-entries", body, **{"Idempotency-Key": "till-2026-01-05"})
    assert first.status_code == 201, first.text
    entry = first.json()
    assert entry["total"] == "1160.00"
    assert [(line["account_code"], line["debit"], line["credit"]) for line in entry["lines"]] == [
        ("1010", "1160.00", "0.00"),
        ("4010", "0.00", "1000.00"),
        ("2100", "0.00", "160.00"),
    ]
    assert entry["created_by"] == str(org.owner.id) and entry["source_type"] == "manual"
    again = org.send("POST", "/journal-entries", body, **{"Idempotency-Key": "till-2026-01-05"})
    assert again.status_code == 201 and again.json()["id"] == entry["id"]
    changed = {**body, "description": "Other"}
    _problem(
        org.send("POST", "/journal-entries", changed, **{"Idempotency-Key": "till-2026-01-05"}),
        409,
        "idempotency_key_reused",
    )
    assert org.get(f"/journal-entries/{entry['id']}").json() == entry
    reversal = org.send("POST", f"/journal-entries/{entry['id']}/reverse", {"entry_date": "2026-01-06"})
    assert reversal.status_code == 201 and reversal.json()["reverses_entry_id"] == entry["id"]
    _problem(org.send("POST", f"/journal-entries/{entry['id']}/reverse"), 409, "entry_already_reversed")


def test_bad_entries_are_4xx_problems_with_their_own_code_and_nothing_is_written(
    org: Org, identity: Identity, client: TestClient, services: Services
) -> None:
    other = _organization(identity, client, services, "Other Ltd")
    archived = org.account("6190")
    assert org.send("POST", f"/accounts/{archived}/archive").status_code == 200
    assert (
        org.send("PUT", "/periods/lock-date", {"lock_date": "2025-12-31", "reason": "FY2025 filed"}).status_code == 200
    )
    cases = [
        (_entry(org, ("1010", "debit", "100.00"), ("4010", "credit", "90.00")), "entry_unbalanced"),
        (_entry(org, ("1000", "debit", "1.00"), ("4010", "credit", "1.00")), "account_not_postable"),
        (_entry(org, ("6190", "debit", "1.00"), ("1010", "credit", "1.00")), "account_archived"),
        (_entry(org, ("6100", "debit", "1.00"), ("1010", "credit", "1.00"), day="2025-12-31"), "period_locked"),
        ({"entry_date": "2026-01-05", "description": "Empty", "lines": []}, "entry_empty"),
        (
            {
                "entry_date": "2026-01-05",
                "description": "Theirs",
                "lines": [
                    {"account_id": other.account("1100"), "debit": "1.00"},
                    {"account_id": org.account("1010"), "credit": "1.00"},
                ],
            },
            "account_not_found",
        ),
    ]
    for body, code in cases:
        _problem(org.send("POST", "/journal-entries", body), 422, code)
    for amount, code in (("1.005", "amount_precision"), ("-1.00", "amount_negative")):
        refused = _problem(
            org.send("POST", "/journal-entries", _entry(org, ("6100", "debit", amount), ("1010", "credit", "1.00"))),
            422,
            "validation_failed",
        )
        assert [(e["field"], e["code"]) for e in refused["errors"]] == [("lines.0.debit", code)]
    floats = _entry(org, ("6100", "debit", "1.00"), ("1010", "credit", "1.00"))
    floats["lines"][0]["debit"] = 1.1
    _problem(org.send("POST", "/journal-entries", floats), 422, "validation_failed")
    assert org.get("/journal-entries").json() == {"items": [], "next_cursor": None}


def test_permissions_decide_who_reads_posts_and_manages(org: Org) -> None:
    staff = org.identity.add_member(org.id, "staff")
    viewer = org.identity.add_member(org.id, "viewer")
    stranger = org.identity.new_user()
    _problem(org.get("/accounts", user=staff), 403, "permission_denied")
    assert org.get("/reports/trial-balance", user=viewer).status_code == 200
    assert org.get("/ledger/export", user=viewer).status_code == 200
    body = _entry(org, ("6100", "debit", "1.00"), ("1010", "credit", "1.00"))
    _problem(org.send("POST", "/journal-entries", body, user=viewer), 403, "permission_denied")
    _problem(org.send("PUT", "/periods/lock-date", {"lock_date": None}, user=viewer), 403, "permission_denied")
    _problem(org.get("/accounts", user=stranger), 404, "organization_not_found")
    assert org.client.get(org.url("/accounts")).status_code == 401


def test_reports_ledger_paging_export_and_verify(org: Org) -> None:
    for day in range(1, 8):
        posted = org.send(
            "POST",
            "/journal-entries",
            _entry(
                org,
                ("1150", "debit", f"{day}00.00"),
                ("4010", "credit", f"{day}00.00"),
                day=f"2026-02-0{day}",
                description=f"Airtel sale {day}",
            ),
        )
        assert posted.status_code == 201, posted.text
    trial = org.get("/reports/trial-balance", as_of="2026-02-04", compare_to="2026-02-01").json()
    assert (trial["total_debit"], trial["total_credit"], trial["balanced"]) == ("1000.00", "1000.00", True)
    assert trial["rows"][0]["compare_debit"] == "100.00"
    wallet = org.account("1150")
    first = org.get(f"/ledger/{wallet}", **{"from": "2026-02-02", "to": "2026-02-28", "limit": 4}).json()
    assert first["opening_balance"] == "100.00"
    assert [line["running_balance"] for line in first["lines"]] == ["300.00", "600.00", "1000.00", "1500.00"]
    second = org.get(f"/ledger/{wallet}", **{"from": "2026-02-02", "to": "2026-02-28", "cursor": first["next_cursor"]})
    assert [line["running_balance"] for line in second.json()["lines"]] == ["2100.00", "2800.00"]
    _problem(org.get(f"/ledger/{wallet}", cursor="garbage"), 400, "cursor_invalid")
    page = org.get("/journal-entries", limit=5).json()
    rest = org.get("/journal-entries", limit=5, cursor=page["next_cursor"]).json()
    assert [e["entry_number"] for e in page["items"] + rest["items"]] == [7, 6, 5, 4, 3, 2, 1]
    exported = org.get("/ledger/export", format="hledger")
    assert exported.headers["content-type"].startswith("text/plain")
    assert "Assets:1150-Airtel-Money-wallet  700.00 ZMW" in exported.text
    assert "balance Assets:1150-Airtel-Money-wallet  2800.00 ~ 0.00 ZMW" in org.get("/ledger/export").text
    _problem(org.get("/ledger/export", format="xlsx"), 422, "validation_failed")
    started = org.send("POST", "/ledger/verifications", {"full_chain": True})
    assert started.status_code == 202, started.text
    org.identity.deliver_mail()  # runs the queue, the verification job with it
    run = org.client.get(started.json()["status_url"], headers=org.owner.headers).json()
    assert {key: run[key] for key in ("status", "ok", "entries_checked", "last_hash", "problem", "balances_ok")} == {
        "status": "done",
        "ok": True,
        "entries_checked": 7,
        "last_hash": page["items"][0]["hash"],
        "problem": None,
        "balances_ok": True,
    }


def test_periods_lock_date_audit_and_year_end_close(org: Org) -> None:
    assert (
        org.send(
            "POST",
            "/journal-entries",
            _entry(org, ("1100", "debit", "500.00"), ("4020", "credit", "500.00"), day="2025-06-30"),
        ).status_code
        == 201
    )
    view = org.send("PUT", "/periods/lock-date", {"lock_date": "2025-12-31", "reason": "Audit"}).json()
    assert view["lock_date"] == "2025-12-31" and view["fiscal_year_start_month"] == 1
    changes = org.get("/periods/lock-date-changes").json()
    assert [(c["old_lock_date"], c["new_lock_date"], c["reason"], c["changed_by"]) for c in changes] == [
        (None, "2025-12-31", "Audit", str(org.owner.id))
    ]
    closed = org.send("POST", "/periods/year-end-close", {"year_end": "2025-12-31"})
    assert closed.status_code == 201, closed.text
    closing = closed.json()["closing_entry"]
    assert [(line["account_code"], line["debit"], line["credit"]) for line in closing["lines"]] == [
        ("4020", "500.00", "0.00"),
        ("3100", "0.00", "500.00"),
    ]
    periods = org.get("/periods", date="2025-03-01").json()
    assert periods["fiscal_year_closed"] and {p["status"] for p in periods["periods"]} == {"closed"}
    _problem(org.send("PUT", "/periods/fiscal-year", {"start_month": 7}), 409, "fiscal_year_fixed")
    _problem(org.send("POST", "/periods/year-end-close", {"year_end": "2025-12-31"}), 409, "year_already_closed")


def test_one_organization_cannot_reach_another_organizations_entries(
    org: Org, identity: Identity, client: TestClient, services: Services
) -> None:
    other = _organization(identity, client, services, "Other Ltd")
    theirs = other.send(
        "POST", "/journal-entries", _entry(other, ("1010", "debit", "5.00"), ("4010", "credit", "5.00"))
    )
    assert theirs.status_code == 201
    _problem(org.get(f"/journal-entries/{theirs.json()['id']}"), 404, "journal_entry_not_found")
    _problem(org.get(f"/accounts/{other.account('1010')}"), 404, "account_not_found")
    _problem(org.client.get(other.url("/accounts"), headers=org.owner.headers), 404, "organization_not_found")
