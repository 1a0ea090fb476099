"""Document settings: the layout and accent colour of the organization's PDFs, the payment
details and terms they print, and the reply-to of e-mailed documents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import RequestBody, ServicesDep
from shared_code.documents import document_settings
from shared_code.documents.model import DocumentSettings, DocumentStyle, Layout, PaymentDetails

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["documents"])

Read = Annotated[OrgContext, Depends(require_permission("organization:read"))]
Manage = Annotated[OrgContext, Depends(require_permission("organization:manage"))]


class DocumentSettingsOut(BaseModel):
    """How the organization's documents look and what they print besides the books."""

    template: Layout
    accent_colour: str = Field(description="#RRGGBB")
    bank_name: str | None
    bank_branch: str | None
    bank_account_name: str | None
    bank_account_number: str | None
    airtel_money_number: str | None = Field(description="+260…")
    terms: str
    reply_to: str | None = Field(description="Where replies to e-mailed documents go; the profile's e-mail if null.")

    @classmethod
    def of(cls, settings: DocumentSettings) -> DocumentSettingsOut:
        """The response for `settings`."""
        payment = settings.payment
        return cls(
            template=settings.style.layout,
            accent_colour=settings.style.accent_colour,
            bank_name=payment.bank_name,
            bank_branch=payment.bank_branch,
            bank_account_name=payment.bank_account_name,
            bank_account_number=payment.bank_account_number,
            airtel_money_number=payment.airtel_money_number,
            terms=settings.terms,
            reply_to=settings.reply_to,
        )


class DocumentSettingsIn(RequestBody):
    """The whole settings; an empty or missing bank or Airtel field leaves that section off the PDFs."""

    template: Layout = Layout.CLASSIC
    accent_colour: str = Field(default="#1F4E79", max_length=7, description="#RRGGBB")
    bank_name: str | None = Field(default=None, max_length=100)
    bank_branch: str | None = Field(default=None, max_length=100)
    bank_account_name: str | None = Field(default=None, max_length=200)
    bank_account_number: str | None = Field(default=None, max_length=34)
    airtel_money_number: str | None = Field(default=None, max_length=30)
    terms: str = Field(default="", max_length=1000)
    reply_to: str | None = Field(default=None, max_length=254)

    def settings(self) -> DocumentSettings:
        """The domain value, blanks as absent and the colour in upper case."""

        def given(value: str | None) -> str | None:
            return value.strip() or None if value is not None else None

        return DocumentSettings(
            style=DocumentStyle(self.template, self.accent_colour.strip().upper()),
            payment=PaymentDetails(
                bank_name=given(self.bank_name),
                bank_branch=given(self.bank_branch),
                bank_account_name=given(self.bank_account_name),
                bank_account_number=given(self.bank_account_number),
                airtel_money_number=given(self.airtel_money_number),
            ),
            terms=self.terms.strip(),
            reply_to=given(self.reply_to),
        )


@router.get("/document-settings", response_model=DocumentSettingsOut)
def get_document_settings(ctx: Read, services: ServicesDep) -> DocumentSettingsOut:
    """The layout, accent colour, payment details, terms and reply-to in use (defaults until saved)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return DocumentSettingsOut.of(document_settings.get_document_settings(uow))


@router.put("/document-settings", response_model=DocumentSettingsOut)
def change_document_settings(body: DocumentSettingsIn, ctx: Manage, services: ServicesDep) -> DocumentSettingsOut:
    """Replace the settings; 422 with every problem (`enum` for an unknown template, `accent_colour_invalid`,
    `bank_details_incomplete`, `phone_invalid`, `email_invalid`) and nothing saved."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        saved = document_settings.change_document_settings(uow, body.settings(), clock=services.clock)
        uow.commit()
    return DocumentSettingsOut.of(saved)
