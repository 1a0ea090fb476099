"""The sandbox Airtel Money Open API, called over HTTP as a client calls the real one: tokens
(180 s, `expires_in` a string), the Transactions Summary's window and paging over a
reproducible history, balance and user enquiry, the reference's error answers, 429 rate
limiting, injected faults, merchants surviving a restart, and the dev listing."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import httpx

from tests.fixtures.airtel_sandbox import MERCHANT, START, Airtel

HEADERS = {"X-Country": "ZM", "X-Currency": "ZMW"}


def bearer(airtel: Airtel) -> dict[str, str]:
    token = airtel.token().json()["access_token"]
    return {**HEADERS, "Authorization": f"Bearer {token}"}


def summary(airtel: Airtel, headers: dict[str, str], **query: Any) -> httpx.Response:
    params = {"from": START, "to": START + 10**8, "limit": 100, "offset": 0, **query}
    return httpx.get(airtel.base_url + "/merchant/v1/transactions", params=params, headers=headers, timeout=10)


def test_tokens_are_client_credentials_for_180_seconds_and_bad_clients_get_oauth_errors(airtel: Airtel) -> None:
    airtel.merchant()
    answer = airtel.token()
    assert answer.status_code == 200
    body = answer.json()
    assert body["expires_in"] == "180" and body["token_type"] == "bearer" and body["access_token"]
    wrong = airtel.token(client_secret="not-it")
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    unknown = airtel.token(client_id="nobody")
    assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_client"
    bad = httpx.post(airtel.base_url + "/auth/oauth2/token", json={"grant_type": "password"}, timeout=10)
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_request"
    airtel.merchant(client_id="int-app", msisdn="771234567", expires_in_as="int")
    assert airtel.token("int-app").json()["expires_in"] == 180


def test_the_summary_pages_a_reproducible_history_with_every_kind_of_row(airtel: Airtel) -> None:
    airtel.merchant(count=400)
    headers = bearer(airtel)
    pages, offset = [], 0
    while True:
        page = summary(airtel, headers, limit=150, offset=offset).json()
        assert page["status"]["success"] is True and page["data"]["count"] == 400
        pages += page["data"]["transactions"]
        if len(page["data"]["transactions"]) < 150:
            break
        offset += 150
    assert len(pages) == 400
    ids = [row["transaction"]["airtel_money_id"] for row in pages]
    assert len(set(ids)) == 400
    assert {row["service"]["type"] for row in pages} == {"MERCHPAY", "CASHIN", "B2C", "CASHOUT", "REVERSAL"}
    assert {row["transaction"]["status"] for row in pages} == {"TS", "TF", "TIP", "TA"}
    assert any(Decimal(row["charges"]["service"]) > 0 for row in pages)
    assert {type(row["transaction"]["amount"]) for row in pages} >= {str, float}, "amounts as strings and numbers"
    reversal = next(row for row in pages if row["service"]["type"] == "REVERSAL")
    assert reversal["transaction"]["reference_number"] in ids, "a reversal names the till payment it reverses"
    assert reversal["payer"]["msisdn"] == MERCHANT
    # The same seed gives the same rows, and a longer history begins with them.
    airtel.merchant(count=500)
    longer = summary(airtel, bearer(airtel), limit=400).json()["data"]["transactions"]
    assert longer == pages[:400]
    # A narrower window, in seconds or milliseconds, holds the rows inside it.
    first, last = START + 3600, START + 7200
    window = summary(airtel, headers, **{"from": first, "to": last}).json()["data"]["transactions"]
    assert (
        window == summary(airtel, headers, **{"from": first * 1000, "to": last * 1000}).json()["data"]["transactions"]
    )
    assert 1 <= len(window) <= 7


def test_business_calls_need_a_live_bearer_and_the_country_headers(airtel: Airtel) -> None:
    airtel.merchant()
    headers = bearer(airtel)
    assert summary(airtel, {**HEADERS, "Authorization": "Bearer nope"}).status_code == 401
    missing = summary(airtel, {"Authorization": headers["Authorization"]})
    assert missing.status_code == 400 and missing.json()["status"]["result_code"] == "ROUTER003"
    lower = {k.lower(): v for k, v in headers.items()}
    assert summary(airtel, lower).status_code == 200, "header names are case-insensitive"
    wrong_country = summary(airtel, {**headers, "X-Country": "KE"})
    assert wrong_country.json()["status"]["result_code"] == "ROUTER006"
    too_many = summary(airtel, headers, limit=501)
    assert too_many.status_code == 400 and too_many.json()["status"]["result_code"] == "ESB000008"
    assert airtel.admin("POST", "tokens/expire", {})["expired"] >= 1
    expired = summary(airtel, headers)
    assert expired.status_code == 401 and 'error="invalid_token"' in expired.headers["www-authenticate"]


def test_balance_and_user_enquiry_answer_as_the_reference_shows(airtel: Airtel) -> None:
    airtel.merchant(count=50)
    headers = bearer(airtel)
    balance = httpx.get(airtel.base_url + "/standard/v1/users/balance", headers=headers, timeout=10).json()
    assert balance["status"]["response_code"] == "DP02100000001" and balance["status"]["success"] is False
    assert Decimal(balance["data"]["balance"].replace(",", "")) == Decimal(str(airtel.history()["balance"]))
    user = httpx.get(airtel.base_url + "/standard/v1/users/977000111", headers=headers, timeout=10).json()
    assert user["status"]["response_code"] == "DP02200000001" and user["data"]["msisdn"] == "977000111"
    nobody = httpx.get(airtel.base_url + "/standard/v1/users/0955000111", headers=headers, timeout=10).json()
    assert nobody["status"]["response_code"] == "DP02200000002"


def test_a_merchant_over_its_limit_gets_429_with_rate_limit_headers(airtel: Airtel) -> None:
    airtel.merchant(rate_limit_per_minute=3)
    headers = bearer(airtel)  # the token call counts too
    answers = [summary(airtel, headers) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0].headers["x-ratelimit-limit-minute"] == "3"
    assert answers[2].headers["x-ratelimit-remaining-minute"] == "0"


def test_faults_fail_calls_as_planned(airtel: Airtel) -> None:
    airtel.merchant()
    headers = bearer(airtel)
    airtel.faults(
        {"mode": "http_500", "count": 1},
        {"mode": "http_502", "count": 1},
        {"mode": "rate_limit", "count": 1},
        {"mode": "not_json", "count": 1},
        {"mode": "malformed", "count": 1},
        {"mode": "http_408", "count": 1},
    )
    statuses = [summary(airtel, headers) for _ in range(7)]
    assert [a.status_code for a in statuses] == [500, 502, 429, 200, 200, 408, 200]
    assert statuses[3].headers["content-type"].startswith("text/html")
    assert statuses[4].json()["data"]["transactions"][0] == {"transaction": "garbled"}
    assert statuses[5].json()["status_code"] == "CONNECTION_TIMEOUT"
    airtel.faults({"mode": "expire_token", "count": 1})
    assert summary(airtel, headers).status_code == 401
    assert summary(airtel, headers).status_code == 401, "the token stays revoked"
    airtel.faults({"mode": "timeout", "count": 1, "delay_seconds": 2})
    started = time.monotonic()
    try:
        httpx.get(
            airtel.base_url + "/merchant/v1/transactions",
            params={"from": START, "to": START + 10, "limit": 1, "offset": 0},
            headers=bearer(airtel),
            timeout=0.5,
        )
        raised = False
    except httpx.TimeoutException:
        raised = True
    assert raised and time.monotonic() - started < 2
    assert {c["fault"] for c in airtel.calls("/merchant/v1/transactions")} >= {"http_500", "rate_limit"}
    assert airtel.admin("DELETE", "faults")["rules"] == []


def test_merchants_and_settled_rows_survive_a_restart(airtel: Airtel) -> None:
    airtel.merchant(count=300)
    pending = [r for r in airtel.history()["transactions"] if r["transaction"]["status"] in ("TIP", "TA")]
    assert pending
    assert airtel.admin("POST", f"merchants/{MERCHANT}/settle", {"status": "TS"})["settled"] == len(pending)
    before = airtel.history()
    airtel.restart()
    assert airtel.history() == before
    assert airtel.token().status_code == 200


def test_a_local_run_lists_the_airtel_sandbox(airtel: Airtel, settings: Any) -> None:
    from fastapi.testclient import TestClient

    from shared_code.api.app import create_app
    from shared_code.bootstrap import Services

    local = Services(settings.model_copy(update={"airtel_sandbox_url": airtel.base_url}))
    with TestClient(create_app(local), base_url="https://testserver") as client:
        listed = client.get("/api/v1/dev/sandboxes").json()["sandboxes"]
    assert {
        "name": "airtel-money",
        "base_url": airtel.base_url,
        "admin_url": f"{airtel.process.origin}/admin",
    } in listed
    local.close()
