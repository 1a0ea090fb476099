"""An invoice's history, and the lists of credit notes and payments, over HTTP against real
PostgreSQL: every event from draft to last payment with who did it, nothing recorded for
what was refused or repeated, and the migration's backfill giving earlier invoices the same
history from what their rows hold."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from shared_code.bootstrap import Services
from shared_code.platform.db import tenant_schema_name
from tests.fixtures.identity import Identity
from tests.integration.test_sales_documents import DAY, Org, _customer, _fields, _issued, client, org

__all__ = ["client", "org"]  # fixtures used by name

BACKFILL = Path(__file__).parents[2] / "shared_code/platform/migrations/sql/tenant/0006_sales_history.sql"


def _history(org: Org, invoice_id: str) -> list[dict[str, Any]]:
    response = org.get(f"/invoices/{invoice_id}/history")
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _draft(org: Org, customer_id: str, price: str = "116", **headers: str) -> dict[str, Any]:
    body = {
        "customer_id": customer_id,
        "issue_date": DAY,
        "lines": [{"description": "Cement 50 kg", "quantity": "1", "unit_price": price, "tax_category": "A"}],
    }
    response = org.send("POST", "/invoices", body, **headers)
    assert response.status_code == 201, response.text
    draft: dict[str, Any] = response.json()
    return draft


def test_an_invoices_history_says_who_drafted_edited_issued_sent_paid_and_credited_it(
    org: Org, identity: Identity
) -> None:
    customer = _customer(org, email="accounts@mwale.co.zm")
    clerk = identity.add_member(org.id, "accountant")
    draft = _draft(org, customer, "116")
    edited = org.client.put(
        org.url(f"/invoices/{draft['id']}"),
        json={
            "customer_id": customer,
            "issue_date": DAY,
            "lines": [{"description": "Cement 50 kg", "quantity": "2", "unit_price": "116", "tax_category": "A"}],
        },
        headers=clerk.headers,
    )
    assert edited.status_code == 200, edited.text
    issued = org.send("POST", f"/invoices/{draft['id']}/issue").json()
    org.send("POST", f"/invoices/{draft['id']}/issue")  # a repeat issues nothing more
    assert org.send("POST", f"/invoices/{draft['id']}/send").status_code == 202  # queued
    paid = org.send(
        "POST",
        "/payments",
        {
            "customer_id": customer,
            "method": "cash",
            "amount": "100.00",
            "reference": "till 3",
            "allocations": [{"invoice_id": draft["id"], "amount": "100.00"}],
        },
    ).json()
    refused = org.send(
        "POST",
        "/payments",
        {
            "customer_id": customer,
            "method": "cash",
            "amount": "1",
            "allocations": [{"invoice_id": draft["id"], "amount": "999"}],
        },
    )
    assert _fields(refused) == {
        ("allocations.0.amount", "allocation_exceeds_outstanding"),
        ("allocations", "allocations_exceed_amount"),
    }
    note = org.send(
        "POST",
        "/credit-notes",
        {"invoice_id": draft["id"], "reason_code": "03", "lines": [{"line_number": 1, "quantity": "1"}]},
    ).json()

    history = _history(org, draft["id"])
    assert [(e["event"], e["actor_name"], e["amount"], e["reference"]) for e in history] == [
        ("created", "Mwila Banda", None, None),
        ("updated", clerk_name(identity, clerk), None, None),
        ("issued", "Mwila Banda", "232.00", "INV-2026-00001"),
        ("sent", "Mwila Banda", None, "accounts@mwale.co.zm"),
        ("payment_applied", "Mwila Banda", "100.00", "till 3"),
        ("credit_note_issued", "Mwila Banda", "116.00", "CN-2026-00001"),
    ]
    assert history[2]["related_id"] == issued["journal_entry_id"]
    assert history[4]["related_id"] == paid["id"] and history[5]["related_id"] == note["id"]
    assert [e["occurred_at"] for e in history] == sorted(e["occurred_at"] for e in history)


def clerk_name(identity: Identity, user: Any) -> str:
    """The name the fixture gave the member (every test user has one)."""
    with identity.services.db.unit_of_work() as uow:
        row = uow.fetch_one("SELECT full_name FROM platform.users WHERE id = %(id)s", {"id": user.id})
    assert row is not None
    return str(row["full_name"])


def test_a_draft_voided_has_it_in_its_history_and_another_organizations_invoice_has_none(
    org: Org, identity: Identity, client: Any
) -> None:
    customer = _customer(org)
    draft = _draft(org, customer)
    org.send("POST", f"/invoices/{draft['id']}/void")
    assert [e["event"] for e in _history(org, draft["id"])] == ["created", "voided"]
    stranger = identity.new_user()
    theirs = Org(id=identity.new_organization(stranger, name="Banda Farms"), owner=stranger, client=client)
    answer = theirs.get(f"/invoices/{draft['id']}/history")
    assert answer.status_code == 404 and answer.json()["code"] == "invoice_not_found"


def test_credit_notes_and_payments_are_listed_newest_first_by_invoice_and_by_customer_a_page_at_a_time(
    org: Org,
) -> None:
    mwale = _customer(org)
    banda = _customer(org, name="Banda Farms", tpin="2003004005")
    first = _issued(org, mwale, ("10", "116"))
    second = _issued(org, banda, ("1", "116"))
    notes = [
        org.send(
            "POST",
            "/credit-notes",
            {
                "invoice_id": first["id"],
                "reason_code": "03",
                "issue_date": day,
                "lines": [{"line_number": 1, "quantity": "1"}],
            },
        ).json()
        for day in ("2026-03-03", "2026-03-04")
    ]
    org.send("POST", "/credit-notes", {"invoice_id": second["id"], "reason_code": "05"})
    all_notes = org.get("/credit-notes", limit=2).json()
    assert [n["id"] for n in all_notes["items"]][1] == notes[1]["id"] and all_notes["next_cursor"]
    rest = org.get("/credit-notes", limit=2, cursor=all_notes["next_cursor"]).json()
    assert [n["id"] for n in rest["items"]] == [notes[0]["id"]] and rest["next_cursor"] is None
    assert [n["id"] for n in org.get("/credit-notes", invoice_id=first["id"]).json()["items"]] == [
        notes[1]["id"],
        notes[0]["id"],
    ]
    assert len(org.get("/credit-notes", customer_id=banda).json()["items"]) == 1

    def pay(customer: str, invoice: dict[str, Any], day: str, amount: str) -> str:
        body = {
            "customer_id": customer,
            "method": "bank",
            "amount": amount,
            "payment_date": day,
            "allocations": [{"invoice_id": invoice["id"], "amount": amount}],
        }
        response = org.send("POST", "/payments", body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    early = pay(mwale, first, "2026-03-05", "100.00")
    late = pay(mwale, first, "2026-03-06", "50.00")
    unapplied = org.send("POST", "/payments", {"customer_id": banda, "method": "cash", "amount": "20.00"}).json()
    of_first = org.get("/payments", invoice_id=first["id"]).json()["items"]
    assert [(p["id"], p["allocations"]) for p in of_first] == [
        (late, [{"invoice_id": first["id"], "amount": "50.00"}]),
        (early, [{"invoice_id": first["id"], "amount": "100.00"}]),
    ]
    assert [p["id"] for p in org.get("/payments", customer_id=banda).json()["items"]] == [unapplied["id"]]
    page = org.get("/payments", limit=1).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    assert org.get("/payments", cursor="not-a-cursor").status_code == 400


def test_applying_credit_again_with_the_same_key_applies_nothing_more(org: Org) -> None:
    customer = _customer(org)
    invoice = _issued(org, customer, ("1", "116"))
    over = org.send("POST", "/payments", {"customer_id": customer, "method": "cash", "amount": "500.00"}).json()
    body = {"invoice_id": invoice["id"], "amount": "50.00"}
    first = org.send("POST", f"/payments/{over['id']}/apply", body, **{"Idempotency-Key": "apply-1"})
    again = org.send("POST", f"/payments/{over['id']}/apply", body, **{"Idempotency-Key": "apply-1"})
    assert first.status_code == again.status_code == 200, again.text
    assert again.json()["unallocated"] == first.json()["unallocated"] == "450.00"
    assert org.get(f"/invoices/{invoice['id']}").json()["amount_paid"] == "50.00"
    assert [e["event"] for e in _history(org, invoice["id"])].count("payment_applied") == 1
    assert org.balance("2040") == Decimal("-450.00")


def test_the_backfill_gives_earlier_invoices_the_history_their_rows_hold(org: Org, services: Services) -> None:
    customer = _customer(org, email="accounts@mwale.co.zm")
    invoice = _issued(org, customer, ("2", "116"))
    org.send("POST", f"/invoices/{invoice['id']}/send")
    org.send(
        "POST",
        "/payments",
        {
            "customer_id": customer,
            "method": "cash",
            "amount": "100.00",
            "allocations": [{"invoice_id": invoice["id"], "amount": "100.00"}],
        },
    )
    org.send(
        "POST",
        "/credit-notes",
        {"invoice_id": invoice["id"], "reason_code": "03", "lines": [{"line_number": 1, "quantity": "1"}]},
    )
    voided = _draft(org, customer)
    org.send("POST", f"/invoices/{voided['id']}/void")
    recorded = {i: _history(org, i) for i in (invoice["id"], voided["id"])}

    backfill = BACKFILL.read_text()
    insert = backfill[backfill.index("INSERT INTO invoice_events") :]
    schema = tenant_schema_name(org.id)
    with services.db.connection() as conn:  # as if the invoices were written before the table existed
        conn.execute(f"SET search_path TO {schema}")
        conn.execute("ALTER TABLE invoice_events DISABLE TRIGGER invoice_events_immutable")
        conn.execute("DELETE FROM invoice_events")
        conn.execute("ALTER TABLE invoice_events ENABLE TRIGGER invoice_events_immutable")
        conn.execute(insert)
        conn.commit()

    def shape(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [(e["event"], e["amount"], e["related_id"]) for e in events]

    for invoice_id, events in recorded.items():
        backfilled = _history(org, invoice_id)
        assert shape(backfilled) == shape(events)
