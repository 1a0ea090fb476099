"""Documents e-mailed to customers through the outbox and the real local SMTP server: the
mail arrives with the PDF attached and the right headers, each e-mail's status is in the
document's history, a mail server that is down leaves it queued until it returns and it is
then sent exactly once, and bad input is refused with nothing queued."""

from __future__ import annotations

import email
import email.policy
import email.utils
import io
import mailbox
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from local_runtime.postgres import free_port
from local_runtime.smtp import start_smtp_server
from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.documents.emailing import deliver_document_email
from shared_code.platform.email import SmtpEmailSender
from shared_code.platform.messaging import Message, relay_outbox
from shared_code.platform.queue import PostgresQueue, RetryPolicy
from tests.fixtures import identity as people
from tests.fixtures.identity import Identity

DAY = "2026-03-02"


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@dataclass
class Org:
    id: UUID
    owner: people.TestUser
    client: TestClient
    services: Services

    @property
    def customer_email(self) -> str:
        """The customer's address, unique to the test (the mailbox is the session's)."""
        return f"accounts.{self.id.hex[-12:]}@mwale.co.zm"

    def url(self, path: str) -> str:
        return f"/api/v1/orgs/{self.id}{path}"

    def get(self, path: str) -> Any:
        return self.client.get(self.url(path), headers=self.owner.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(self.url(path), json=body, headers=self.owner.headers)

    def send(self, method: str, path: str, body: Any = None) -> Any:
        response = self.client.request(method, self.url(path), json=body, headers=self.owner.headers)
        assert response.status_code in {200, 201, 202}, response.text
        return response.json()

    def queued(self) -> int:
        """E-mails of documents of this organization in the outbox, not yet relayed."""
        with self.services.db.unit_of_work() as uow:
            row = uow.fetch_one(
                "SELECT count(*) AS n FROM platform.outbox_messages"
                " WHERE tenant_id = %(t)s AND message_type = 'documents.email' AND dispatched_at IS NULL",
                {"t": self.id},
            )
        assert row is not None
        return int(row["n"])


@pytest.fixture
def org(identity: Identity, client: TestClient, services: Services) -> Org:
    owner = identity.new_user()
    return Org(identity.new_organization(owner, name="Chanda Hardware Ltd"), owner, client, services)


def _customer(org: Org, **fields: Any) -> str:
    body = {"kind": "business", "name": "Mwale Builders", "tpin": "1002003004", "email": org.customer_email, **fields}
    return str(org.send("POST", "/customers", body)["customer"]["id"])


def _draft(org: Org, customer_id: str) -> dict[str, Any]:
    body = {
        "customer_id": customer_id,
        "issue_date": DAY,
        "due_date": "2099-01-31",
        "lines": [{"description": "Cement 50 kg", "quantity": "10", "unit_price": "116", "tax_category": "A"}],
    }
    draft: dict[str, Any] = org.send("POST", "/invoices", body)
    return draft


def _issued(org: Org, customer_id: str) -> dict[str, Any]:
    invoice: dict[str, Any] = org.send("POST", f"/invoices/{_draft(org, customer_id)['id']}/issue")
    return invoice


def _raw(maildir: Path, address: str) -> list[email.message.EmailMessage]:
    """Every message the local SMTP server stored for `address`, as parsed MIME."""
    box = mailbox.Maildir(maildir, create=False)
    found = []
    for key in box.iterkeys():
        parsed = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        if address in str(parsed.get("To", "")):
            found.append(parsed)
    return found


def _pdf_of(message: email.message.EmailMessage) -> tuple[str, bytes]:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return str(part.get_filename()), payload


def test_an_invoice_arrives_with_its_pdf_the_senders_subject_and_message_and_the_orgs_reply_to(
    org: Org, identity: Identity
) -> None:
    invoice = _issued(org, _customer(org))
    org.send("PUT", "/document-settings", {"reply_to": "billing@chanda.co.zm"})
    queued = org.post(
        f"/invoices/{invoice['id']}/send",
        {"subject": "Your cement order: INV-2026-00001", "message": "Thank you for your order.\nDelivery is Friday."},
    )
    assert queued.status_code == 202, queued.text
    assert queued.json()["status"] == "queued" and queued.json()["attachment"] == "INV-2026-00001.pdf"
    assert org.get(f"/invoices/{invoice['id']}").json()["status"] == "sent"

    [mail] = identity.mails_to(org.customer_email)
    assert mail.attachments == ["INV-2026-00001.pdf"]
    assert "Thank you for your order." in (mail.text or "") and "ZMW 1,160.00" in (mail.text or "")
    assert "Delivery is Friday." in (mail.html or "")
    [raw] = _raw(identity.maildir, org.customer_email)
    assert raw["Subject"] == "Your cement order: INV-2026-00001"
    assert email.utils.getaddresses([raw["To"]]) == [("Mwale Builders", org.customer_email)]
    assert raw["Reply-To"] == "billing@chanda.co.zm"
    filename, pdf = _pdf_of(raw)
    assert filename == "INV-2026-00001.pdf"
    assert "INV-2026-00001" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert pdf == org.get(f"/invoices/{invoice['id']}/pdf").content

    [entry] = org.get(f"/invoices/{invoice['id']}/emails").json()["items"]
    assert entry["status"] == "sent" and entry["attempts"] == 1 and entry["sent_at"] is not None
    assert entry["recipient"] == org.customer_email and entry["subject"] == "Your cement order: INV-2026-00001"
    history = org.get(f"/invoices/{invoice['id']}/history").json()["items"]
    assert [item["reference"] for item in history if item["event"] == "sent"] == [org.customer_email]


def test_without_a_reply_to_replies_go_to_the_profiles_e_mail_and_the_subject_is_the_templates(
    org: Org, identity: Identity
) -> None:
    invoice = _issued(org, _customer(org))
    assert org.post(f"/invoices/{invoice['id']}/send", {}).status_code == 202
    identity.deliver_mail()
    [raw] = _raw(identity.maildir, org.customer_email)
    assert raw["Subject"] == "Invoice INV-2026-00001 from Chanda Hardware Ltd"
    assert raw["Reply-To"] == people.BUSINESS_PROFILE["email"]


def test_a_credit_note_a_statement_and_a_receipt_each_arrive_with_their_pdf(org: Org, identity: Identity) -> None:
    invoice = _issued(org, _customer(org))
    note = org.send("POST", "/credit-notes", {"invoice_id": invoice["id"], "reason_code": "03"})
    payment = org.send(
        "POST",
        "/payments",
        {"customer_id": invoice["customer_id"], "method": "cash", "amount": "50.00", "payment_date": DAY},
    )
    sends = (
        (f"/credit-notes/{note['id']}", "Credit note CN-2026-00001 from Chanda Hardware Ltd", "CN-2026-00001.pdf"),
        (
            f"/customers/{invoice['customer_id']}/statement",
            "Statement of account from Chanda Hardware Ltd as of 2026-03-31",
            "statement-2026-03-31.pdf",
        ),
        (f"/payments/{payment['id']}/receipt", None, None),
    )
    for path, subject, filename in sends:
        body = {"as_of": "2026-03-31"} if "statement" in path else {}
        response = org.post(f"{path}/send", body)
        assert response.status_code == 202, response.text
        identity.deliver_mail()
        [entry] = org.get(f"{path}/emails").json()["items"]
        assert entry["status"] == "sent", entry
        if subject is not None:
            assert entry["subject"] == subject and entry["attachment"] == filename
    mails = _raw(identity.maildir, org.customer_email)
    attachments = sorted(_pdf_of(mail)[0] for mail in mails)
    assert len(attachments) == 3 and "CN-2026-00001.pdf" in attachments and "statement-2026-03-31.pdf" in attachments
    [receipt] = [mail for mail in mails if str(mail["Subject"]).startswith("Receipt ")]
    assert "ZMW 50.00" in receipt.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_bad_input_is_a_422_and_nothing_is_queued(org: Org) -> None:
    no_email = _issued(org, _customer(org, email=None, name="Phiri Traders", tpin="2003004005"))
    invoice = _issued(org, _customer(org))
    before = org.queued()
    cases: list[tuple[str, dict[str, Any], set[tuple[str, str]]]] = [
        (no_email["id"], {}, {("customer_id", "customer_email_missing")}),
        (invoice["id"], {"subject": "x" * 201}, {("subject", "subject_invalid")}),
        (invoice["id"], {"subject": "Invoice\r\nBcc: all@example.com"}, {("subject", "subject_invalid")}),
        (invoice["id"], {"subject": "   "}, {("subject", "subject_invalid")}),
        (invoice["id"], {"message": "m" * 5001}, {("message", "message_too_long")}),
    ]
    for invoice_id, body, expected in cases:
        response = org.post(f"/invoices/{invoice_id}/send", body)
        assert response.status_code == 422, response.text
        assert {(e["field"], e["code"]) for e in response.json()["errors"]} == expected, body
    with org.services.db.unit_of_work(org.id) as uow:
        uow.execute(
            "UPDATE customers SET email = 'mwale at builders' WHERE id = %(id)s", {"id": invoice["customer_id"]}
        )
        uow.commit()
    response = org.post(f"/invoices/{invoice['id']}/send", {})
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {("customer_id", "customer_email_invalid")}
    assert org.queued() == before
    assert org.get(f"/invoices/{invoice['id']}/emails").json()["items"] == []
    assert org.get(f"/invoices/{invoice['id']}").json()["status"] == "issued"
    draft = _draft(org, invoice["customer_id"])
    response = org.post(f"/invoices/{draft['id']}/send", {})
    assert response.status_code == 409 and response.json()["code"] == "invoice_not_issued"


def test_another_organizations_documents_cannot_be_sent_or_their_e_mails_read(
    org: Org, identity: Identity, client: TestClient
) -> None:
    invoice = _issued(org, _customer(org))
    owner = identity.new_user(name="Bwalya Mulenga")
    other = Org(identity.new_organization(owner, name="Lusaka Stationers Ltd"), owner, client, org.services)
    response = other.post(f"/invoices/{invoice['id']}/send", {})
    assert response.status_code == 404 and response.json()["code"] == "invoice_not_found"
    response = other.get(f"/invoices/{invoice['id']}/emails")
    assert response.status_code == 404 and response.json()["code"] == "invoice_not_found"
    response = other.post(f"/customers/{invoice['customer_id']}/statement/send", {})
    assert response.status_code == 404 and response.json()["code"] == "customer_not_found"
    assert other.queued() == 0 and org.queued() == 0


def test_a_mail_server_that_is_down_leaves_the_e_mail_queued_and_it_is_sent_once_when_it_returns(
    org: Org, identity: Identity, tmp_path: Path
) -> None:
    invoice = _issued(org, _customer(org))
    identity.deliver_mail()  # what onboarding sent, before the server goes down
    port = free_port()
    services = org.services
    services.__dict__["email"] = SmtpEmailSender("127.0.0.1", port, None, None, False, "IntelliFin <no-reply@x.zm>")
    queue = PostgresQueue(services.db, RetryPolicy(backoff_base_seconds=0.2))

    assert org.post(f"/invoices/{invoice['id']}/send", {"subject": "Invoice INV-2026-00001"}).status_code == 202
    relay_outbox(services.db, services.transport)
    assert queue.process_one(services.handlers.dispatch) is not None  # the server is down
    [entry] = org.get(f"/invoices/{invoice['id']}/emails").json()["items"]
    assert entry["status"] == "queued" and entry["attempts"] == 1
    assert "could not deliver" in entry["last_error"] and f"127.0.0.1:{port}" in entry["last_error"]
    assert queue.process_one(services.handlers.dispatch) is None  # backing off

    server = start_smtp_server("127.0.0.1", port, tmp_path / "mail")
    try:
        delivered = None
        for _ in range(50):
            delivered = queue.process_one(services.handlers.dispatch)
            if delivered is not None:
                break
            time.sleep(0.05)
        assert delivered is not None
        [entry] = org.get(f"/invoices/{invoice['id']}/emails").json()["items"]
        assert entry["status"] == "sent" and entry["attempts"] == 2 and entry["sent_at"] is not None
        # Redelivered (a crash after the send, a Service Bus duplicate): not sent again.
        services.handlers.dispatch(delivered)
        services.handlers.dispatch(replace(delivered, id=UUID(int=delivered.id.int ^ 1)))
        assert len(_raw(tmp_path / "mail", org.customer_email)) == 1
        assert queue.process_one(services.handlers.dispatch) is None
    finally:
        server.stop()


def test_the_last_failed_attempt_marks_the_e_mail_failed_with_its_reason(org: Org, identity: Identity) -> None:
    invoice = _issued(org, _customer(org))
    services = org.services
    assert org.post(f"/invoices/{invoice['id']}/send", {}).status_code == 202
    with services.db.unit_of_work() as uow:
        row = uow.fetch_one(
            "SELECT id, queue, message_type, payload, tenant_id FROM platform.outbox_messages"
            " WHERE tenant_id = %(t)s AND message_type = 'documents.email'",
            {"t": org.id},
        )
    assert row is not None
    message = replace(Message.from_row(row), attempts=8)
    dead = SmtpEmailSender("127.0.0.1", free_port(), None, None, False, "IntelliFin <no-reply@x.zm>")
    deliver_document_email(services.db, services.blob, dead, message, clock=services.clock, max_attempts=8)
    [entry] = org.get(f"/invoices/{invoice['id']}/emails").json()["items"]
    assert entry["status"] == "failed" and "could not deliver" in entry["last_error"]
    identity.deliver_mail()  # the outbox's own copy of the message finds it failed and sends nothing
    assert _raw(identity.maildir, org.customer_email) == []


def test_a_preview_shows_what_the_customer_will_receive_and_queues_nothing(org: Org, identity: Identity) -> None:
    invoice = _issued(org, _customer(org))
    org.send("PUT", "/document-settings", {"reply_to": "billing@chanda.co.zm"})
    before = org.queued()
    response = org.post(f"/invoices/{invoice['id']}/send/preview", {"message": "Delivery is Friday."})
    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["subject"] == "Invoice INV-2026-00001 from Chanda Hardware Ltd"
    assert preview["recipient"] == org.customer_email and preview["recipient_name"] == "Mwale Builders"
    assert preview["reply_to"] == "billing@chanda.co.zm"
    assert preview["attachment"] == "INV-2026-00001.pdf"
    assert "Delivery is Friday." in preview["text"] and "ZMW 1,160.00" in preview["text"]
    assert "Delivery is Friday." in preview["html"]
    custom = org.post(f"/invoices/{invoice['id']}/send/preview", {"subject": "  Your cement  ", "message": ""}).json()
    assert custom["subject"] == "Your cement"
    assert org.queued() == before
    assert org.get(f"/invoices/{invoice['id']}/emails").json()["items"] == []
    assert org.get(f"/invoices/{invoice['id']}").json()["status"] == "issued"

    # The same words are sent: the preview is the e-mail.
    assert org.post(f"/invoices/{invoice['id']}/send", {"message": "Delivery is Friday."}).status_code == 202
    [mail] = identity.mails_to(org.customer_email)
    assert (mail.text or "").strip() == preview["text"].strip()

    note = org.send("POST", "/credit-notes", {"invoice_id": invoice["id"], "reason_code": "03"})
    credit = org.post(f"/credit-notes/{note['id']}/send/preview", {}).json()
    assert credit["subject"] == "Credit note CN-2026-00001 from Chanda Hardware Ltd"
    assert credit["attachment"] == "CN-2026-00001.pdf"
    statement = org.post(f"/customers/{invoice['customer_id']}/statement/send/preview", {"as_of": "2026-03-31"}).json()
    assert statement["attachment"] == "statement-2026-03-31.pdf"
    assert statement["subject"] == "Statement of account from Chanda Hardware Ltd as of 2026-03-31"
    payment = org.send(
        "POST",
        "/payments",
        {"customer_id": invoice["customer_id"], "method": "cash", "amount": "50.00", "payment_date": DAY},
    )
    receipt = org.post(f"/payments/{payment['id']}/receipt/send/preview", None).json()
    assert receipt["subject"].startswith("Receipt ") and "ZMW 50.00" in receipt["text"]
    assert org.queued() == 0  # the invoice's own e-mail was delivered; the previews queued nothing


def test_a_preview_refuses_what_sending_would_and_another_organization_sees_nothing(
    org: Org, identity: Identity, client: TestClient
) -> None:
    no_email = _issued(org, _customer(org, email=None, name="Phiri Traders", tpin="2003004005"))
    invoice = _issued(org, _customer(org))
    cases: list[tuple[str, dict[str, Any], set[tuple[str, str]]]] = [
        (no_email["id"], {}, {("customer_id", "customer_email_missing")}),
        (invoice["id"], {"subject": "Invoice\r\nBcc: all@example.com"}, {("subject", "subject_invalid")}),
        (invoice["id"], {"message": "m" * 5001}, {("message", "message_too_long")}),
    ]
    for invoice_id, body, expected in cases:
        response = org.post(f"/invoices/{invoice_id}/send/preview", body)
        assert response.status_code == 422, response.text
        assert {(e["field"], e["code"]) for e in response.json()["errors"]} == expected, body
    draft = _draft(org, invoice["customer_id"])
    response = org.post(f"/invoices/{draft['id']}/send/preview", {})
    assert response.status_code == 409 and response.json()["code"] == "invoice_not_issued"

    owner = identity.new_user(name="Bwalya Mulenga")
    other = Org(identity.new_organization(owner, name="Lusaka Stationers Ltd"), owner, client, org.services)
    response = other.post(f"/invoices/{invoice['id']}/send/preview", {})
    assert response.status_code == 404 and response.json()["code"] == "invoice_not_found"
    response = other.post(f"/customers/{invoice['customer_id']}/statement/send/preview", {})
    assert response.status_code == 404 and response.json()["code"] == "customer_not_found"
