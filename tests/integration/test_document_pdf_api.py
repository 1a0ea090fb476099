"""The PDFs of real documents over HTTP against real PostgreSQL and Azurite: what a customer
reads in them (pypdf's text), that each is drawn once and kept in Blob Storage until the
document or the organization's style changes, and that no one reaches another
organization's documents."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import pypdfium2
import pytest
import zxingcpp
from fastapi.testclient import TestClient
from PIL import Image
from pypdf import PdfReader

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.documents import printing
from shared_code.documents.layout import NOT_FISCALISED
from shared_code.documents.model import FiscalReceipt
from tests.fixtures import identity as people
from tests.fixtures.identity import Identity

DAY = "2026-03-02"
SELLER_TPIN = people.BUSINESS_PROFILE["tpin"]


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

    def url(self, path: str) -> str:
        return f"/api/v1/orgs/{self.id}{path}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self.url(path), params=params, headers=self.owner.headers)

    def send(self, method: str, path: str, body: Any = None) -> Any:
        response = self.client.request(method, self.url(path), json=body, headers=self.owner.headers)
        assert response.status_code in {200, 201}, response.text
        return response.json()

    def pdf(self, path: str, **params: Any) -> Any:
        response = self.get(path, **params)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        return response

    def stored(self, kind: str, document_id: str) -> list[str]:
        return [blob.name for blob in self.services.blob.list(f"orgs/{self.id}/documents/{kind}/{document_id}/")]


@pytest.fixture
def org(identity: Identity, client: TestClient, services: Services) -> Org:
    owner = identity.new_user()
    return Org(identity.new_organization(owner, name="Chanda Hardware Ltd"), owner, client, services)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _customer(org: Org, **fields: Any) -> str:
    body = {
        "kind": "business",
        "name": "Mwale Builders",
        "tpin": "1002003004",
        "address": "Box 3100\nKitwe",
        "email": "accounts@mwale.co.zm",
        **fields,
    }
    return str(org.send("POST", "/customers", body)["customer"]["id"])


def _draft(org: Org, customer_id: str) -> dict[str, Any]:
    """10 bags of cement at K116 VAT-inclusive (A) and a zero-rated bag of mealie meal at K250."""
    body = {
        "customer_id": customer_id,
        "issue_date": DAY,
        "due_date": "2026-04-01",
        "reference": "Site 4",
        "lines": [
            {"description": "Cement 50 kg", "quantity": "10", "unit_price": "116", "tax_category": "A"},
            {"description": "Mealie meal 25 kg", "quantity": "1", "unit_price": "250", "tax_category": "C3"},
        ],
    }
    draft: dict[str, Any] = org.send("POST", "/invoices", body)
    return draft


def _issued(org: Org, customer_id: str) -> dict[str, Any]:
    invoice: dict[str, Any] = org.send("POST", f"/invoices/{_draft(org, customer_id)['id']}/issue")
    return invoice


def test_an_invoice_pdf_prints_its_number_parties_tpins_totals_and_that_zra_has_not_signed_it(org: Org) -> None:
    invoice = _issued(org, _customer(org))
    response = org.pdf(f"/invoices/{invoice['id']}/pdf")
    assert response.headers["content-disposition"] == f'inline; filename="{invoice["number"]}.pdf"'
    text = text_of(response.content)
    for expected in (
        "INV-2026-00001",
        "Chanda Hardware Ltd",
        SELLER_TPIN,
        "Mwale Builders",
        "1002003004",
        "Kitwe",
        "1,160.00",  # the cement, VAT included
        "160.00",  # its VAT at 16 %
        "1,410.00",  # the total
        "One thousand four hundred and ten Kwacha",
        "Site 4",
        NOT_FISCALISED,
    ):
        assert expected in text, expected


def test_a_pdf_is_drawn_once_and_drawn_again_only_when_the_document_or_the_style_changes(org: Org) -> None:
    invoice = _issued(org, _customer(org))
    first = org.pdf(f"/invoices/{invoice['id']}/pdf")
    again = org.pdf(f"/invoices/{invoice['id']}/pdf")
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert len(org.stored("invoice", invoice["id"])) == 1

    org.send("PUT", "/document-settings", {"template": "modern", "accent_colour": "#8b1e3f"})
    restyled = org.pdf(f"/invoices/{invoice['id']}/pdf")
    assert restyled.headers["etag"] != first.headers["etag"]
    assert len(org.stored("invoice", invoice["id"])) == 2

    customer = invoice["customer_id"]
    before = org.pdf(f"/customers/{customer}/statement/pdf", as_of="2026-03-31")
    assert org.pdf(f"/customers/{customer}/statement/pdf", as_of="2026-03-31").content == before.content
    org.send(
        "POST",
        "/payments",
        {
            "customer_id": customer,
            "method": "bank",
            "amount": "410.00",
            "payment_date": "2026-03-20",
            "allocations": [{"invoice_id": invoice["id"], "amount": "410.00"}],
        },
    )
    after = org.pdf(f"/customers/{customer}/statement/pdf", as_of="2026-03-31")
    assert after.headers["etag"] != before.headers["etag"]
    assert "1,000.00" in text_of(after.content) and "1,000.00" not in text_of(before.content)
    assert len(org.stored("statement", customer)) == 2


def test_payment_details_and_terms_are_printed_once_given_and_bad_settings_are_refused(org: Org) -> None:
    invoice = _issued(org, _customer(org))
    assert "Zanaco" not in text_of(org.pdf(f"/invoices/{invoice['id']}/pdf").content)

    bad = org.get("/document-settings")
    assert bad.json()["template"] == "classic"
    refused = org.client.put(
        org.url("/document-settings"),
        json={"template": "fancy", "accent_colour": "blue", "bank_name": "Zanaco", "airtel_money_number": "12"},
        headers=org.owner.headers,
    )
    assert refused.status_code == 422, refused.text
    assert {(e["field"], e["code"]) for e in refused.json()["errors"]} == {("template", "enum")}
    refused = org.client.put(
        org.url("/document-settings"),
        json={"accent_colour": "blue", "bank_name": "Zanaco", "airtel_money_number": "12"},
        headers=org.owner.headers,
    )
    assert refused.status_code == 422, refused.text
    assert {(e["field"], e["code"]) for e in refused.json()["errors"]} == {
        ("accent_colour", "accent_colour_invalid"),
        ("bank_account_number", "bank_details_incomplete"),
        ("airtel_money_number", "phone_invalid"),
    }
    assert org.get("/document-settings").json()["accent_colour"] == "#1F4E79"

    saved = org.send(
        "PUT",
        "/document-settings",
        {
            "accent_colour": "#0a7d4f",
            "bank_name": "Zanaco",
            "bank_branch": "Cairo Road",
            "bank_account_name": "Chanda Hardware Ltd",
            "bank_account_number": "0123456789012",
            "airtel_money_number": "0971 234567",
            "terms": "Goods remain ours until paid.",
        },
    )
    assert saved["accent_colour"] == "#0A7D4F" and saved["airtel_money_number"] == "+260971234567"
    text = text_of(org.pdf(f"/invoices/{invoice['id']}/pdf").content)
    for expected in ("Zanaco", "0123456789012", "+260971234567", "Goods remain ours until paid."):
        assert expected in text, expected


def test_a_credit_note_pdf_prints_what_it_credits_and_a_receipt_what_was_paid(org: Org) -> None:
    invoice = _issued(org, _customer(org))
    note = org.send(
        "POST",
        "/credit-notes",
        {"invoice_id": invoice["id"], "reason_code": "03", "lines": [{"line_number": 1, "quantity": "4"}]},
    )
    text = text_of(org.pdf(f"/credit-notes/{note['id']}/pdf").content)
    for expected in ("CREDIT NOTE", "CN-2026-00001", "INV-2026-00001", "Cement 50 kg", "464.00", "64.00", "1002003004"):
        assert expected in text, expected

    payment = org.send(
        "POST",
        "/payments",
        {
            "customer_id": invoice["customer_id"],
            "method": "bank",
            "amount": "1000.00",
            "payment_date": "2026-03-05",
            "reference": "MP260305.1234",
            "allocations": [{"invoice_id": invoice["id"], "amount": "946.00"}],
        },
    )
    receipt = org.pdf(f"/payments/{payment['id']}/receipt.pdf")
    page = PdfReader(io.BytesIO(receipt.content)).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 80
    text = text_of(receipt.content)
    for expected in ("MP260305.1234", "Bank transfer", "1,000.00", "INV-2026-00001", "946.00", "54.00", SELLER_TPIN):
        assert expected in text, expected


def test_a_draft_has_no_pdf_and_unknown_documents_are_404_problems(org: Org) -> None:
    draft = _draft(org, _customer(org))
    response = org.get(f"/invoices/{draft['id']}/pdf")
    assert response.status_code == 409 and response.json()["code"] == "invoice_not_issued"
    missing = "00000000-0000-4000-8000-000000000000"
    for path, code in (
        (f"/invoices/{missing}/pdf", "invoice_not_found"),
        (f"/credit-notes/{missing}/pdf", "credit_note_not_found"),
        (f"/customers/{missing}/statement/pdf", "customer_not_found"),
        (f"/payments/{missing}/receipt.pdf", "payment_not_found"),
    ):
        response = org.get(path)
        assert response.status_code == 404 and response.json()["code"] == code, (path, response.text)
        assert response.headers["content-type"] == "application/problem+json"


def test_another_organizations_documents_are_not_found(org: Org, identity: Identity, client: TestClient) -> None:
    invoice = _issued(org, _customer(org))
    note = org.send("POST", "/credit-notes", {"invoice_id": invoice["id"], "reason_code": "05"})
    payment = org.send(
        "POST",
        "/payments",
        {"customer_id": invoice["customer_id"], "method": "cash", "amount": "10.00", "payment_date": DAY},
    )
    owner = identity.new_user(name="Bwalya Mulenga")
    other = Org(identity.new_organization(owner, name="Lusaka Stationers Ltd"), owner, client, org.services)
    for path, code in (
        (f"/invoices/{invoice['id']}/pdf", "invoice_not_found"),
        (f"/credit-notes/{note['id']}/pdf", "credit_note_not_found"),
        (f"/customers/{invoice['customer_id']}/statement/pdf", "customer_not_found"),
        (f"/payments/{payment['id']}/receipt.pdf", "payment_not_found"),
    ):
        response = other.get(path)
        assert response.status_code == 404 and response.json()["code"] == code, (path, response.text)
        # The other owner naming the first organization is refused before any document is read.
        foreign = client.get(org.url(path), headers=owner.headers)
        assert foreign.status_code in {403, 404} and foreign.headers["content-type"] == "application/problem+json"
        assert b"%PDF" not in foreign.content
    assert other.services.blob.list(f"orgs/{other.id}/documents/") == []


def test_a_fiscalised_invoice_prints_zras_block_and_a_qr_code_that_decodes_to_its_url(org: Org) -> None:
    invoice = _issued(org, _customer(org))
    fiscal = FiscalReceipt(
        receipt_number=17,
        sdc_id="SDC0012345",
        fiscal_at=datetime(2026, 3, 2, 10, 15, 30),
        internal_data="WXYZ4PQR7STU2VAB",
        signature="3F2A9B7C1D4E5F60",
        qr_code_url=f"https://sandbox.zra.example/invoice?tpin={SELLER_TPIN}&rcpt=17",
    )
    with org.services.db.unit_of_work(org.id) as uow:
        unsigned = printing.invoice_pdf(uow, org.services.blob, UUID(invoice["id"]))
        signed = printing.invoice_pdf(uow, org.services.blob, UUID(invoice["id"]), fiscal=fiscal)
    assert signed.rendered and signed.content_hash != unsigned.content_hash
    text = text_of(signed.data)
    for expected in ("SDC0012345", "17", "2026-03-02 10:15:30", "WXYZ4PQR7STU2VAB", "3F2A9B7C1D4E5F60"):
        assert expected in text, expected
    assert NOT_FISCALISED not in text
    image: Image.Image = pypdfium2.PdfDocument(signed.data)[0].render(scale=3).to_pil()
    [code] = zxingcpp.read_barcodes(image)
    assert code.format == zxingcpp.BarcodeFormat.QRCode and code.text == fiscal.qr_code_url


def test_an_uploaded_logo_is_printed_and_one_too_large_to_print_is_a_422_problem(org: Org) -> None:
    invoice = _issued(org, _customer(org))
    before = org.pdf(f"/invoices/{invoice['id']}/pdf")

    def upload(image: Image.Image) -> None:
        data = io.BytesIO()
        image.save(data, format="PNG", optimize=True)
        response = org.client.put(
            org.url("/profile/logo"),
            headers=org.owner.headers,
            files={"logo": ("logo.png", data.getvalue(), "image/png")},
        )
        assert response.status_code == 204, response.text

    upload(Image.new("RGB", (600, 300), (200, 20, 20)))
    with_logo = org.pdf(f"/invoices/{invoice['id']}/pdf")
    assert with_logo.headers["etag"] != before.headers["etag"]
    [picture] = PdfReader(io.BytesIO(with_logo.content)).pages[0].images
    assert picture.image is not None and picture.image.width <= 360

    upload(Image.new("1", (6000, 5000)))  # 30 million pixels in a few KB
    refused = org.get(f"/invoices/{invoice['id']}/pdf")
    assert refused.status_code == 422 and refused.json()["code"] == "logo_not_printable", refused.text
    assert refused.headers["content-type"] == "application/problem+json"
