"""Inputs an outside probe sent (issue 10): each answers a 4xx problem naming the field, never a
500, and nothing the contract forbids is read loosely."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.ledger.chart import seed_default_chart
from tests.fixtures.identity import Identity, TestUser


@dataclass
class Org:
    id: UUID
    owner: TestUser
    api: TestClient
    accounts: dict[str, str]

    def url(self, path: str) -> str:
        return f"/api/v1/orgs/{self.id}{path}"

    def get(self, path: str, **params: Any) -> Any:
        return self.api.get(self.url(path), params=params, headers=self.owner.headers)

    def send(self, method: str, path: str, body: Any) -> Any:
        return self.api.request(method, self.url(path), json=body, headers=self.owner.headers)

    def entry(self, debit: Any, *, entry_date: Any = "2026-01-05") -> dict[str, Any]:
        return {
            "entry_date": entry_date,
            "description": "Sale",
            "lines": [
                {"account_id": self.accounts["1010"], "debit": debit},
                {"account_id": self.accounts["4010"], "credit": "10.00"},
            ],
        }


@pytest.fixture
def api(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), base_url="https://testserver", raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def org(identity: Identity, api: TestClient, services: Services) -> Org:
    owner = identity.new_user()
    org_id = identity.new_organization(owner)
    with services.db.unit_of_work(org_id) as uow:
        seed_default_chart(uow, "vat")
        uow.commit()
    items = api.get(f"/api/v1/orgs/{org_id}/accounts", params={"limit": 500}, headers=owner.headers).json()["items"]
    return Org(org_id, owner, api, {account["code"]: account["id"] for account in items})


def _refused(response: Any, field: str, code: str | None = None, status: int = 422) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "validation_failed", body
    named = {error["field"]: error["code"] for error in body["errors"]}
    assert field in named, body
    if code is not None:
        assert named[field] == code, body


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/members?q=%00", "query.q"),
        ("/accounts?search=%00", "query.search"),
        ("/invitations?q=a%00b", "query.q"),
        ("/journal-entries?source_type=%00", "query.source_type"),
        ("/accounts?search=tab%09", "query.search"),
    ],
)
def test_a_nul_in_a_query_string_is_refused_naming_it(org: Org, path: str, field: str) -> None:
    _refused(org.api.get(org.url(path), headers=org.owner.headers), field, "control_character")


def test_a_nul_in_a_path_parameter_is_refused(org: Org) -> None:
    _refused(org.api.get("/api/v1/onboarding/abc%00def", headers=org.owner.headers), "path", "control_character")


def test_a_nul_in_a_body_is_refused_naming_the_field(org: Org, api: TestClient) -> None:
    _refused(
        org.send("POST", "/accounts", {"code": "6999", "name": "Fuel\x00", "account_type": "expense"}),
        "name",
        "control_character",
    )
    _refused(org.send("PATCH", "/profile", {"trading_name": "Chanda\x00"}), "trading_name", "control_character")
    _refused(
        api.post("/api/v1/auth/register", json={"email": "a@b.zm", "full_name": "M\x00", "password": "x" * 16}),
        "full_name",
        "control_character",
    )
    _refused(
        api.post("/api/v1/auth/login", json={"email": "a\x00@b.zm", "password": "x" * 16}),
        "email",
        "control_character",
    )
    memo = org.entry("10.00")
    memo["lines"][1]["memo"] = "bell \x07"
    _refused(org.send("POST", "/journal-entries", memo), "lines.1.memo", "control_character")


def test_line_breaks_and_tabs_in_a_body_are_text_not_control_characters(org: Org) -> None:
    entry = org.entry("10.00")
    entry["lines"][0]["memo"] = "two\nlines\tand a tab"
    response = org.send("POST", "/journal-entries", entry)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("1" * 27, "amount_too_long"),
        ("1" * 31, "amount_too_long"),
        ("1e400", "amount_invalid"),
        ("+10", "amount_invalid"),
        (" 10", "amount_invalid"),
        ("10\n", "amount_invalid"),
        ("\uff11\uff10", "amount_invalid"),  # fullwidth 10
        ("\u0661\u0660", "amount_invalid"),  # Arabic-Indic 10
        ("10.", "amount_invalid"),
        ("NaN", "amount_invalid"),
        ("-1.00", "amount_negative"),
        ("1.005", "amount_precision"),
        (100, "amount_not_a_string"),
        (10.5, "amount_not_a_string"),
    ],
)
def test_an_amount_is_a_strict_decimal_string(org: Org, amount: Any, code: str) -> None:
    _refused(org.send("POST", "/journal-entries", org.entry(amount)), "lines.0.debit", code)
    assert org.get("/journal-entries").json()["items"] == []


def test_seventeen_to_twenty_six_digits_still_meet_the_ledgers_own_limit(org: Org) -> None:
    response = org.send("POST", "/journal-entries", org.entry("1" * 20))
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "amount_too_large"


@pytest.mark.parametrize(
    ("entry_date", "code"),
    [
        (0, "date_invalid"),
        ("0", "date_invalid"),
        ("2026-1-5", "date_invalid"),
        ("2026-02-30", "date_invalid"),
        ("9999-12-31", "date_out_of_range"),
        ("0001-01-01", "date_out_of_range"),
    ],
)
def test_a_body_date_is_strict_iso_within_the_shared_range(org: Org, entry_date: Any, code: str) -> None:
    _refused(org.send("POST", "/journal-entries", org.entry("10.00", entry_date=entry_date)), "entry_date", code)


ARABIC_INDIC_DATE = "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0661"  # 2026-01-01


@pytest.mark.parametrize("value", ["0", "0.5", "9999-12-31", "0001-01-01", ARABIC_INDIC_DATE])
def test_query_dates_are_strict_iso_within_the_shared_range(org: Org, value: str) -> None:
    _refused(org.get("/periods", date=value), "query.date")
    _refused(org.get("/reports/trial-balance", as_of=value), "query.as_of")
    _refused(org.get("/journal-entries", **{"from": value}), "query.from")
    _refused(org.get("/audit-log", **{"from": value}), "query.from")


def test_periods_at_the_edges_of_the_range_answer_when_the_year_starts_in_april(org: Org) -> None:
    assert org.send("PUT", "/periods/fiscal-year", {"start_month": 4}).status_code == 200
    for edge in ("1900-01-01", "2199-12-31"):
        response = org.get("/periods", date=edge)
        assert response.status_code == 200, response.text
    _refused(org.get("/periods", date="0001-01-01"), "query.date", "date_out_of_range")
