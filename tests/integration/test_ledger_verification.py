"""Verifying the ledger: the hash chain recomputed in the database agrees with the Python
serialisation, and verification runs as a background job that resumes from its checkpoint."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.ledger import repository, service
from shared_code.ledger.chain import genesis_hash, verify_entries
from shared_code.ledger.model import Party, PartyType, SourceDocument
from shared_code.ledger.posting import JournalDraft, credit, debit
from shared_code.ledger.verify import verify_chain
from shared_code.platform.db import tenant_schema_name
from shared_code.platform.messaging import relay_outbox
from tests.fixtures.identity import Identity, TestUser
from tests.integration.ledger_books import ACCOUNTANT, Books, open_books

AWKWARD_TEXT = [
    'Chanda\'s "best" sale \\ 50% off',
    "Nshima & kapenta — Lusaka 🇿🇲 ñ ü",
    "line\u2028separator and tab\tand newline\nend",
    "control \u0001 and del \u007f",
]


def test_the_databases_chain_check_agrees_with_the_python_serialisation(books_with_awkward_text: Books) -> None:
    books = books_with_awkward_text
    with books.uow() as uow:
        in_sql = verify_chain(uow)
        in_python = verify_entries(
            repository.iter_entries(uow), genesis=genesis_hash(books.tenant), head=repository.read_chain_head(uow)
        )
    assert in_python.ok, in_python
    assert in_sql == in_python


@pytest.fixture
def books_with_awkward_text(db: Any) -> Books:
    books = open_books(db)
    customer = Party(PartyType.CUSTOMER, UUID("00000000-0000-7000-8000-0000000c0001"))
    with books.uow() as uow:
        first = None
        for number, text in enumerate(AWKWARD_TEXT, start=1):
            draft = JournalDraft(
                entry_date=date(2026, 1, number),
                description=text,
                lines=(
                    debit(books.ids["1100"], Decimal("1234.50"), memo=text, party=customer),
                    credit(books.ids["4010"], Decimal("1234.50")),
                ),
                idempotency_key=f"key-{number}-{text[:5]}",
                source=SourceDocument("invoice", UUID(f"00000000-0000-7000-8000-00000000100{number}")),
            )
            posted = service.post_entry(uow, draft, posted_by=ACCOUNTANT, clock=books.clock)
            first = first or posted
        assert first is not None
        service.reverse_entry(uow, first.id, posted_by=ACCOUNTANT, clock=books.clock)
    return books


class Ledger:
    """An organization with the default chart, its owner, and the background worker."""

    def __init__(self, identity: Identity, client: TestClient, services: Services) -> None:
        self.owner: TestUser = identity.new_user()
        self.id = identity.new_organization(self.owner)
        self.client = client
        self.services = services
        from shared_code.ledger.chart import seed_default_chart

        with services.db.unit_of_work(self.id) as uow:
            seed_default_chart(uow, "vat")
            uow.commit()
        accounts = self.get("/accounts", limit=500).json()["items"]
        self.ids = {account["code"]: account["id"] for account in accounts}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1/orgs/{self.id}{path}", params=params, headers=self.owner.headers)

    def post_sales(self, count: int) -> None:
        for number in range(count):
            response = self.client.post(
                f"/api/v1/orgs/{self.id}/journal-entries",
                json={
                    "entry_date": "2026-01-05",
                    "description": f"Sale {number}",
                    "lines": [
                        {"account_id": self.ids["1010"], "debit": "10.00"},
                        {"account_id": self.ids["4010"], "credit": "10.00"},
                    ],
                },
                headers=self.owner.headers,
            )
            assert response.status_code == 201, response.text

    def start(self, **body: Any) -> Any:
        response = self.client.post(
            f"/api/v1/orgs/{self.id}/ledger/verifications", json=body or None, headers=self.owner.headers
        )
        assert response.status_code == 202, response.text
        assert response.headers["location"] == response.json()["status_url"]
        return response.json()

    def run_jobs(self) -> None:
        relay_outbox(self.services.db, self.services.transport)
        while self.services.queue.process_one(self.services.handlers.dispatch) is not None:
            relay_outbox(self.services.db, self.services.transport)

    def verified(self, **body: Any) -> dict[str, Any]:
        run = self.start(**body)
        assert run["status"] == "pending"
        self.run_jobs()
        done = self.client.get(run["status_url"], headers=self.owner.headers)
        assert done.status_code == 200, done.text
        result: dict[str, Any] = done.json()
        assert result["status"] == "done"
        return result


@pytest.fixture
def ledger(identity: Identity, services: Services) -> Iterator[Ledger]:
    with TestClient(create_app(services), raise_server_exceptions=False) as client:
        yield Ledger(identity, client, services)


def _edit_behind_the_ledgers_back(ledger: Ledger, statement: str) -> None:
    with ledger.services.db.connection() as conn:
        conn.execute(f"SET search_path TO {tenant_schema_name(ledger.id)}")
        conn.execute("SET session_replication_role = replica")  # user triggers off: a superuser's edit
        conn.execute(statement)
        conn.execute("SET session_replication_role = origin")
        conn.commit()


def test_verification_runs_in_the_background_and_then_reads_only_what_was_posted_since(ledger: Ledger) -> None:
    ledger.post_sales(4)
    first = ledger.verified()
    assert (first["ok"], first["from_entry_number"], first["entries_checked"], first["last_entry_number"]) == (
        True,
        1,
        4,
        4,
    )
    assert first["balances_ok"] is None, "the stored balances are checked by full runs only"
    assert first["last_hash"] == ledger.get("/journal-entries", limit=1).json()["items"][0]["hash"]

    ledger.post_sales(3)
    second = ledger.verified()
    assert (second["ok"], second["from_entry_number"], second["entries_checked"], second["last_entry_number"]) == (
        True,
        5,
        3,
        7,
    )
    nothing_new = ledger.verified()
    assert (nothing_new["ok"], nothing_new["from_entry_number"], nothing_new["entries_checked"]) == (True, 8, 0)


def test_a_full_run_rereads_the_chain_and_finds_an_edit_before_the_checkpoint(ledger: Ledger) -> None:
    ledger.post_sales(5)
    assert ledger.verified()["ok"] is True
    _edit_behind_the_ledgers_back(ledger, "UPDATE journal_entries SET description = 'Cash sale' WHERE entry_number = 2")
    ledger.post_sales(1)

    incremental = ledger.verified()
    assert (incremental["ok"], incremental["from_entry_number"], incremental["entries_checked"]) == (True, 6, 1)
    full = ledger.verified(full_chain=True)
    assert (full["ok"], full["from_entry_number"], full["broken_entry_number"], full["problem"]) == (
        False,
        1,
        2,
        "its content does not match its hash",
    )
    assert full["entries_checked"] == 2
    assert (full["balances_ok"], full["balance_mismatches"]) == (True, 0)


def test_a_broken_link_after_the_checkpoint_is_found_and_the_checkpoint_stays(ledger: Ledger) -> None:
    ledger.post_sales(2)
    assert ledger.verified()["last_entry_number"] == 2
    ledger.post_sales(2)
    _edit_behind_the_ledgers_back(ledger, "UPDATE journal_lines SET memo = 'edited' WHERE entry_number = 4")
    broken = ledger.verified()
    assert (broken["ok"], broken["from_entry_number"], broken["broken_entry_number"]) == (False, 3, 4)
    again = ledger.verified()
    assert (again["from_entry_number"], again["broken_entry_number"]) == (3, 4), "a broken run moves no checkpoint"


def test_asking_again_while_a_run_is_pending_returns_that_run(ledger: Ledger) -> None:
    ledger.post_sales(1)
    first = ledger.start()
    assert ledger.start()["id"] == first["id"]
    ledger.run_jobs()
    assert ledger.start()["id"] != first["id"]


def test_another_organizations_run_is_not_found(ledger: Ledger, identity: Identity) -> None:
    ledger.post_sales(1)
    run = ledger.start()
    stranger = identity.new_user()
    elsewhere = identity.new_organization(stranger)
    response = ledger.client.get(f"/api/v1/orgs/{elsewhere}/ledger/verifications/{run['id']}", headers=stranger.headers)
    assert response.status_code == 404, response.text
