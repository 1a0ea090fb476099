"""Statement import against real PostgreSQL, Azurite and the sandbox: a statement overlapping
synced days adds only the new rows; every broken row is listed and nothing is imported; a file
of the wrong format is refused whole; the Zambian statement layout in XLSX is read; the import
runs in the background through the queue with its progress."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.mobile_money.model import CAT, WalletTransaction, map_api_row
from shared_code.platform.settings import Settings
from tests.fixtures.airtel_sandbox import MERCHANT, Airtel
from tests.fixtures.identity import Identity
from tests.integration.mobile_money_org import Org, fast, new_org


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return fast(settings).model_copy(update={"max_request_body_bytes": 1024 * 1024})


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def org(identity: Identity, client: TestClient) -> Org:
    return new_org(identity, client)


def history(airtel: Airtel) -> list[WalletTransaction]:
    return [map_api_row(raw, MERCHANT) for raw in airtel.history()["transactions"]]


def airtel_money_statement(rows: list[WalletTransaction]) -> bytes:
    """The "AIRTEL MONEY STATEMENT" layout: id, date, description, status, amount, credit/debit, fee."""
    out = io.StringIO()
    out.write("AIRTEL MONEY STATEMENT\nCustomer: Chanda Hardware\n\n")
    writer = csv.writer(out)
    writer.writerow(
        ["Transation ID", "Date", "Description", "Status", "Transaction Amount", "Credit/Debit", "Fee", "Balance"]
    )
    for row in rows:
        status = {"TS": "SUCCESS", "TF": "FAILED", "TIP": "PENDING", "TA": "AMBIGUOUS", "TE": "EXPIRED"}[
            row.status.value
        ]
        writer.writerow([
            row.airtel_id, row.occurred_at.astimezone(CAT).strftime("%d-%m-%y %I:%M %p"),
            f"{row.counterparty_name} {row.counterparty_msisdn or ''} {row.reference}", status,
            f"{row.amount:,.2f}", "Credit" if row.direction.value == "in" else "Debit", f"{row.charges:.2f}", "",
        ])  # fmt: skip
    return out.getvalue().encode()


def upload(org: Org, wallet: dict[str, Any], name: str, data: bytes, content_type: str = "text/csv") -> Any:
    return org.client.post(
        org.url(f"/wallets/{wallet['id']}/statements"),
        files={"file": (name, data, content_type)},
        headers=org.owner.headers,
    )


def test_a_statement_overlapping_synced_days_adds_only_the_new_rows(org: Org, airtel: Airtel) -> None:
    airtel.merchant(count=300)
    wallet = org.link(airtel)
    org.run_queue()
    synced = {row["airtel_id"]: row for row in org.transactions()}
    airtel.merchant(count=400)  # the statement covers days the sync has not seen yet
    statement = airtel_money_statement(history(airtel)[200:400])
    preview = upload(org, wallet, "statement.csv", statement)
    assert preview.status_code == 201, preview.text
    body = preview.json()
    assert body["status"] == "previewed" and body["problems"] == []
    assert (body["rows_total"], body["rows_known"], body["rows_new"]) == (200, 100, 100)
    assert [row["known"] for row in body["rows"]] == [True] * 100
    assert org.transactions() and len(org.transactions()) == 300, "a preview stores nothing"
    started = org.ok("POST", f"/wallets/{wallet['id']}/statements/{body['id']}/import", status=202)
    assert started["status"] == "importing"
    org.run_queue()
    done = org.get(f"/wallets/{wallet['id']}/statements/{body['id']}")
    assert (done["status"], done["rows_new"], done["rows_done"], done["progress"]) == ("imported", 100, 200, 1.0)
    after = {row["airtel_id"]: row for row in org.transactions()}
    assert len(after) == 400
    assert all(after[airtel_id] == row for airtel_id, row in synced.items()), "known rows are not touched"
    new = [row for airtel_id, row in after.items() if airtel_id not in synced]
    assert {row["origin"] for row in new} == {"statement"}
    want = {t.airtel_id: t for t in history(airtel)}
    for row in new:
        expected = want[row["airtel_id"]]
        assert (row["direction"], Decimal(row["amount"]), Decimal(row["charges"]), row["status"]) == (
            expected.direction.value, expected.amount, expected.charges, expected.status.value
        )  # fmt: skip
        assert row["counterparty_msisdn"] == expected.counterparty_msisdn
    # The same file again: every row known, nothing new.
    again = upload(org, wallet, "statement.csv", statement).json()
    assert (again["rows_known"], again["rows_new"]) == (200, 0)
    assert org.get(f"/wallets/{wallet['id']}/statements")["items"][0]["id"] == again["id"]


def test_broken_rows_are_each_listed_and_nothing_is_imported(org: Org, airtel: Airtel) -> None:
    airtel.merchant(count=5)
    wallet = org.link(airtel)
    org.run_queue()
    text = (
        "Transaction ID,Date,Description,Status,Transaction Amount,Credit/Debit,Fee\n"
        "PP260201.1000.A00001,01-02-26 10:00 AM,Mwila 971110000,SUCCESS,100.00,Credit,0\n"
        "PP260201.1001.A00002,31-02-26 10:01 AM,Bad date,SUCCESS,50.00,Credit,0\n"
        "PP260201.1002.A00003,01-02-26 10:02 AM,Bad amount,SUCCESS,fifty,Debit,0\n"
        ",01-02-26 10:03 AM,No id,SUCCESS,20.00,Debit,0\n"
        "PP260201.1004.A00005,01-02-26 10:04 AM,Odd status,MAYBE,20.00,Debit,0\n"
        "PP260201.1000.A00001,01-02-26 10:05 AM,Twice,SUCCESS,100.00,Credit,0\n"
    )
    body = upload(org, wallet, "broken.csv", text.encode()).json()
    assert {(p["field"], p["code"]) for p in body["problems"]} == {
        ("rows.3.time", "invalid_date"),
        ("rows.4.amount", "invalid_amount"),
        ("rows.5.id", "missing_transaction_id"),
        ("rows.6.status", "invalid_status"),
        ("rows.7.id", "duplicate_transaction_id"),
    }
    refused = org.send("POST", f"/wallets/{wallet['id']}/statements/{body['id']}/import")
    assert refused.status_code == 422 and refused.json()["code"] == "statement_has_problems"
    assert len(refused.json()["errors"]) == 5
    org.run_queue()
    assert len(org.transactions()) == 5


@pytest.mark.parametrize(
    ("name", "data", "word"),
    [
        ("statement.pdf", b"%PDF-1.7\n1 0 obj\n", "PDF"),
        ("statement.xlsx", b"this is not a workbook", "not an Excel workbook"),
        ("statement.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        ("notes.csv", b"hello,world\nfoo,bar\n", "No header row"),
        ("empty.csv", b"", "empty"),
        ("zip.xlsx", b"PK\x03\x04garbage", "cannot be opened"),
    ],
)
def test_a_file_of_the_wrong_format_is_refused_whole(
    org: Org, airtel: Airtel, name: str, data: bytes, word: str
) -> None:
    airtel.merchant(count=3)
    wallet = org.link(airtel)
    response = upload(org, wallet, name, data, "application/octet-stream")
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "statement_unreadable" and word in response.json()["detail"]
    assert org.get(f"/wallets/{wallet['id']}/statements")["items"] == []


def test_the_zambian_statement_layout_is_read_from_xlsx(org: Org, airtel: Airtel) -> None:
    airtel.merchant(count=3)
    wallet = org.link(airtel)
    org.run_queue()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["AIRTEL MONEY"])
    sheet.append(["Customer Name", "Chanda Hardware"])
    sheet.append(["Period", "01 Feb 2026 to 28 Feb 2026"])
    sheet.append([])
    sheet.append(["Date & Time", "Details", "Credited", "Debited", "Balance"])
    sheet.append(
        [
            "05/02/26 10:22 AM\n(MP260205.1022.B00001)",
            "Received from 977000111 Mwila Banda",
            "1,250.00",
            "--",
            "5,000.00",
        ]
    )
    sheet.append(
        ["06/02/26 03:15 PM\n(PP260206.1515.B00002)", "Sent to 0977000222 ZESCO prepaid", "--", "300.50", "4,699.50"]
    )
    sheet.append(["Total Money Credited", "", "1,250.00", "", ""])
    data = io.BytesIO()
    workbook.save(data)
    body = upload(org, wallet, "feb.xlsx", data.getvalue(), "application/vnd.ms-excel").json()
    assert body["file_format"] == "xlsx" and body["problems"] == [] and body["rows_new"] == 2, body
    first, second = body["rows"]
    assert (first["airtel_id"], first["direction"], first["amount"], first["counterparty_msisdn"]) == (
        "MP260205.1022.B00001", "in", "1250.00", "977000111"
    )  # fmt: skip
    assert first["occurred_at"] == "2026-02-05T10:22:00+02:00"
    assert (second["direction"], second["amount"], second["counterparty_msisdn"]) == ("out", "300.50", "977000222")
    org.ok("POST", f"/wallets/{wallet['id']}/statements/{body['id']}/import", status=202)
    org.run_queue()
    stored = {row["airtel_id"]: row for row in org.transactions()}
    assert len(stored) == 5 and stored["PP260206.1515.B00002"]["origin"] == "statement"
    assert stored["MP260205.1022.B00001"]["status"] == "TS"
