"""Linking Airtel Money wallets and syncing them, against real PostgreSQL, Azurite and the sandbox
Airtel process: credentials verified before anything is saved, secrets encrypted, a wallet
account per wallet, unlink keeping history; the sync storing exactly the sandbox's history
through the outbox and queue, its cursor, overlap and history of runs; a token shared through
the database and refreshed after an expiry mid-sync; 429 and 5xx backed off; malformed answers
logged and retried with nothing lost."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.mobile_money.model import map_api_row
from shared_code.platform.settings import Settings
from tests.fixtures.airtel_sandbox import CLIENT_SECRET, MERCHANT, Airtel
from tests.fixtures.identity import Identity
from tests.integration.mobile_money_org import Org, fast, new_org

TOKEN = "/auth/oauth2/token"
SUMMARY = "/merchant/v1/transactions"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return fast(settings)


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def org(identity: Identity, client: TestClient) -> Org:
    return new_org(identity, client)


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def _expected(airtel: Airtel) -> dict[str, Any]:
    """The sandbox's history as wallet transactions, by Airtel id."""
    return {row.airtel_id: row for row in (map_api_row(raw, MERCHANT) for raw in airtel.history()["transactions"])}


def test_wrong_credentials_are_refused_clearly_and_nothing_is_saved(org: Org, airtel: Airtel) -> None:
    airtel.merchant()
    accounts_before = org.get("/accounts", limit=200)["items"]
    response = org.send(
        "POST",
        "/wallets",
        {
            "name": "Main till",
            "environment": "custom",
            "base_url": airtel.base_url,
            "msisdn": "0971234567",
            "client_id": "chanda-app",
            "client_secret": "not-the-secret",
        },
    )
    problem = _problem(response, 422)
    assert problem["code"] == "airtel_credentials_refused" and "invalid_client" in problem["detail"]
    assert org.get("/wallets")["items"] == []
    assert org.get("/accounts", limit=200)["items"] == accounts_before
    assert [c["status"] for c in airtel.calls(TOKEN)] == [401]


def test_a_number_of_another_network_is_refused_before_airtel_is_asked(org: Org, airtel: Airtel) -> None:
    airtel.merchant()
    response = org.send(
        "POST",
        "/wallets",
        {"name": "Till", "environment": "custom", "base_url": "ftp://x", "msisdn": "0961234567",
         "client_id": "a", "client_secret": "b"},
    )  # fmt: skip
    problem = _problem(response, 422)
    assert {(e["field"], e["code"]) for e in problem["errors"]} == {
        ("msisdn", "not_airtel_number"),
        ("base_url", "invalid_url"),
    }
    assert "MTN" in next(e["message"] for e in problem["errors"] if e["field"] == "msisdn")
    assert airtel.calls() == []


def test_an_unreachable_airtel_saves_nothing(org: Org, airtel: Airtel) -> None:
    airtel.merchant()
    airtel.faults({"mode": "http_503", "path": TOKEN, "count": 10})
    problem = _problem(org.send("POST", "/wallets", {
        "name": "Till", "environment": "custom", "base_url": airtel.base_url, "msisdn": "0971234567",
        "client_id": "chanda-app", "client_secret": CLIENT_SECRET}), 503)  # fmt: skip
    assert problem["code"] == "airtel_unreachable"
    assert org.get("/wallets")["items"] == []


def test_linking_verifies_saves_encrypted_and_ties_each_wallet_to_its_own_account(
    org: Org, airtel: Airtel, services: Services
) -> None:
    airtel.merchant(count=40)
    wallet = org.link(airtel)
    assert wallet["msisdn"] == MERCHANT and wallet["status"] == "linked" and wallet["client_id_hint"] == "-app"
    assert Decimal(wallet["balance"]) == Decimal(str(airtel.history()["balance"]))
    account = org.get(f"/accounts/{wallet['account_id']}")["account"]
    assert account["code"] == "1150" and account["subtype"] == "mobile_money_wallet"
    assert "client_secret" not in str(wallet) and CLIENT_SECRET not in str(org.get(f"/wallets/{wallet['id']}"))
    with services.db.unit_of_work(org.id) as uow:
        stored = uow.fetch_one("SELECT credentials FROM mobile_money_wallets WHERE id = %s", [wallet["id"]])
    assert stored is not None and CLIENT_SECRET.encode() not in bytes(stored["credentials"])
    # The same number again is refused; a second number gets an account of its own beside 1150.
    again = org.send("POST", "/wallets", {
        "name": "Again", "environment": "custom", "base_url": airtel.base_url, "msisdn": "+260 97 123 4567",
        "client_id": "chanda-app", "client_secret": CLIENT_SECRET})  # fmt: skip
    assert _problem(again, 409)["code"] == "wallet_already_linked"
    airtel.merchant("shop-2", "secret-2", "771112223", count=10)
    second = org.link(airtel, name="Kabwata shop", msisdn="0771112223", client_id="shop-2", client_secret="secret-2")
    second_account = org.get(f"/accounts/{second['account_id']}")["account"]
    assert second_account["code"] == "1151" and second_account["parent_id"] == account["parent_id"]
    assert {w["name"] for w in org.get("/wallets")["items"]} == {"Main till", "Kabwata shop"}
    # The integration log has the calls, the secret and token redacted.
    calls = org.get(f"/wallets/{wallet['id']}/calls")["items"]
    token_call = next(c for c in calls if c["endpoint"] == TOKEN)
    assert CLIENT_SECRET not in token_call["request"] and '"client_secret":"***"' in token_call["request"]
    assert '"access_token":"***"' in token_call["response"]


def test_a_sync_stores_exactly_the_history_and_a_second_one_only_what_is_new(org: Org, airtel: Airtel) -> None:
    start = int(time.time()) - 470 * 600  # the 20 rows added later happened in the last 3 hours
    airtel.merchant(count=450, start=start)
    wallet = org.link(airtel)
    org.run_queue()
    expected = _expected(airtel)
    rows = org.transactions(wallet_id=wallet["id"])
    assert len(rows) == 450 == len(expected)
    for row in rows:
        want = expected[row["airtel_id"]]
        assert (row["direction"], Decimal(row["amount"]), Decimal(row["charges"]), row["status"]) == (
            want.direction.value,
            want.amount,
            want.charges,
            want.status.value,
        )
        assert row["counterparty_msisdn"] == want.counterparty_msisdn
    [run] = org.get(f"/wallets/{wallet['id']}/syncs")["items"]
    assert run["status"] == "succeeded" and run["trigger"] == "link"
    assert (run["fetched"], run["added"], run["pages"], run["expected"], run["progress"]) == (450, 450, 5, 450, 1.0)
    assert run["duration_ms"] is not None and run["errors"] == []
    synced = org.get(f"/wallets/{wallet['id']}")
    assert synced["last_synced_at"] and synced["sync_cursor"] and synced["transactions"] == 450
    # More history, and pending rows settled: the next run adds the new rows, and updates the settled
    # ones it re-reads (those inside the 6-hour overlap before the cursor).
    overlap_start = datetime.fromisoformat(synced["sync_cursor"]) - timedelta(hours=6)
    pending = sum(
        1 for r in rows if r["status"] in ("TIP", "TA") and datetime.fromisoformat(r["occurred_at"]) >= overlap_start
    )
    airtel.merchant(count=470, start=start)
    airtel.admin("POST", f"merchants/{MERCHANT}/settle", {"status": "TS"})
    org.ok("POST", f"/wallets/{wallet['id']}/sync", status=202)
    org.run_queue()
    latest = org.get(f"/wallets/{wallet['id']}/syncs")["items"][0]
    assert latest["status"] == "succeeded" and latest["trigger"] == "manual"
    assert latest["added"] == 20 and latest["updated"] == pending, latest
    assert len(org.transactions(wallet_id=wallet["id"])) == 470


def test_the_timer_queues_one_run_per_linked_wallet(org: Org, airtel: Airtel, services: Services) -> None:
    from shared_code.mobile_money.capability import enqueue_syncs

    airtel.merchant(count=10)
    airtel.merchant("shop-2", "secret-2", "771112223", count=5)
    first = org.link(airtel)
    second = org.link(airtel, name="Shop", msisdn="0771112223", client_id="shop-2", client_secret="secret-2")
    org.run_queue()
    org.ok("DELETE", f"/wallets/{second['id']}")
    enqueue_syncs(services)
    enqueue_syncs(services)  # a second tick while the run waits queues nothing more
    org.run_queue()
    assert [r["trigger"] for r in org.get(f"/wallets/{first['id']}/syncs")["items"]] == ["timer", "link"]
    assert [r["trigger"] for r in org.get(f"/wallets/{second['id']}/syncs")["items"]] == ["link"]


def test_sync_now_while_a_run_waits_returns_that_run(org: Org, airtel: Airtel) -> None:
    airtel.merchant(count=10)
    wallet = org.link(airtel)
    first = org.ok("POST", f"/wallets/{wallet['id']}/sync", status=202)
    assert first["trigger"] == "link" and first["status"] == "queued"
    org.run_queue()
    assert len(org.get(f"/wallets/{wallet['id']}/syncs")["items"]) == 1


def test_the_token_is_shared_and_an_expiry_mid_sync_recovers(org: Org, airtel: Airtel) -> None:
    airtel.merchant(count=600)
    wallet = org.link(airtel)
    airtel.faults(
        {"mode": "expire_token", "path": SUMMARY, "count": 1}, {"mode": "expire_token", "path": "*", "count": 0}
    )
    # The token fetched at linking is reused (shared through the database) until Airtel revokes it
    # on the first page; the client then fetches one new token and the sync goes on.
    org.run_queue()
    [run] = org.get(f"/wallets/{wallet['id']}/syncs")["items"]
    assert run["status"] == "succeeded" and run["added"] == 600
    assert [c["status"] for c in airtel.calls(TOKEN)] == [200, 200]
    statuses = [c["status"] for c in airtel.calls(SUMMARY)]
    assert statuses.count(401) == 1 and statuses.count(200) == 6


def test_a_token_about_to_expire_is_replaced_before_it_is_used(org: Org, airtel: Airtel, services: Services) -> None:
    airtel.merchant(count=20)
    wallet = org.link(airtel)
    with services.db.unit_of_work(org.id) as uow:  # the shared token has 10 s left: less than the 15 s skew
        uow.execute("UPDATE mobile_money_tokens SET expires_at = now() + interval '10 seconds'", {})
        uow.commit()
    org.run_queue()
    [run] = org.get(f"/wallets/{wallet['id']}/syncs")["items"]
    assert run["status"] == "succeeded"
    assert [c["status"] for c in airtel.calls(TOKEN)] == [200, 200]
    assert 401 not in [c["status"] for c in airtel.calls(SUMMARY)]


def test_a_call_that_times_out_is_retried(org: Org, airtel: Airtel) -> None:
    airtel.merchant(count=20)
    wallet = org.link(airtel)
    airtel.faults({"mode": "timeout", "count": 1, "delay_seconds": 4})  # the client gives up after 3 s
    org.run_queue()
    [run] = org.get(f"/wallets/{wallet['id']}/syncs")["items"]
    assert run["status"] == "succeeded" and run["added"] == 20
    outcomes = [c["outcome"] for c in org.get(f"/wallets/{wallet['id']}/calls")["items"] if c["endpoint"] == SUMMARY]
    assert "timeout" in outcomes


def test_rate_limits_and_server_errors_are_backed_off_within_a_call(org: Org, airtel: Airtel) -> None:
    airtel.merchant(count=250)
    wallet = org.link(airtel)
    airtel.faults(
        {"mode": "rate_limit", "count": 2}, {"mode": "http_500", "count": 1}, {"mode": "http_502", "count": 0}
    )
    org.run_queue()
    [run] = org.get(f"/wallets/{wallet['id']}/syncs")["items"]
    assert run["status"] == "succeeded" and run["added"] == 250 and run["attempts"] == 1
    attempts = [
        c["attempt"] for c in org.get(f"/wallets/{wallet['id']}/calls", limit=200)["items"] if c["endpoint"] == SUMMARY
    ]
    assert max(attempts) == 4


def test_a_malformed_answer_is_logged_and_retried_and_nothing_is_lost(org: Org, airtel: Airtel) -> None:
    airtel.merchant(count=350)
    wallet = org.link(airtel)
    airtel.faults({"mode": "malformed", "count": 2}, {"mode": "not_json", "count": 1})
    org.run_queue()
    [run] = org.get(f"/wallets/{wallet['id']}/syncs")["items"]
    assert run["status"] == "succeeded" and run["added"] == 350 and run["attempts"] == 4, run
    assert [e["kind"] for e in run["errors"]] == ["malformed", "malformed", "not_json"]
    assert len(org.transactions(wallet_id=wallet["id"])) == 350


def test_unlinking_keeps_history_and_stops_syncing(org: Org, airtel: Airtel) -> None:
    airtel.merchant(count=30)
    wallet = org.link(airtel)
    org.run_queue()
    unlinked = org.ok("DELETE", f"/wallets/{wallet['id']}")
    assert unlinked["status"] == "unlinked" and unlinked["transactions"] == 30
    assert org.get("/wallets")["items"] == []
    assert len(org.get("/wallets", include_unlinked=True)["items"]) == 1
    assert _problem(org.send("POST", f"/wallets/{wallet['id']}/sync"), 409)["code"] == "wallet_unlinked"
    assert len(org.transactions(wallet_id=wallet["id"])) == 30
    # The number can be linked again (a new wallet; the old history stays with the old one).
    again = org.link(airtel)
    assert again["id"] != wallet["id"]
