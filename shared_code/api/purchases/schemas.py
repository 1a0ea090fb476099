"""Models the expense and bill routes share: the document as written, and as the server computed it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

from shared_code.api.sales.schemas import Amount4, DecimalIn
from shared_code.api.types import Day, Money, RequestBody
from shared_code.purchases.computing import Computed, LineRequest, PurchaseRequest
from shared_code.purchases.model import (
    Purchase,
    PurchaseDisplayStatus,
    PurchaseKind,
    PurchasePaymentMethod,
    PurchaseStatus,
    SupplyKind,
    VatTreatment,
)
from shared_code.sales.tax import TaxCategory


class PurchaseLineIn(RequestBody):
    """A line; the VAT it states is checked against the engine's, never used."""

    category_id: UUID | None = None
    description: str | None = Field(default=None, max_length=500)
    quantity: DecimalIn = Decimal(1)
    unit_price: DecimalIn
    vat_amount: DecimalIn | None = None


class PurchaseIn(RequestBody):
    """An expense or a bill as a client writes it (what does not apply to the kind is refused)."""

    lines: list[PurchaseLineIn] = Field(max_length=200)
    supplier_id: UUID | None = None
    document_date: Day | None = None
    due_date: Day | None = None
    prices_include_vat: bool = True
    supply_kind: SupplyKind = SupplyKind.LOCAL
    zra_receipt_number: str | None = Field(default=None, max_length=50)
    sdc_id: str | None = Field(default=None, max_length=50)
    zra_qr: str | None = Field(default=None, max_length=1000)
    customs_entry_number: str | None = Field(default=None, max_length=50)
    import_vat: DecimalIn = Decimal(0)
    claim_input_vat: bool | None = None
    payment_method: PurchasePaymentMethod | None = None
    paid_from_account_id: UUID | None = None
    paid_by_user_id: UUID | None = None
    supplier_reference: str = Field(default="", max_length=100)
    notes: str = Field(default="", max_length=2000)

    def request(self, kind: PurchaseKind) -> PurchaseRequest:
        """The use cases' form of the body."""
        fields = self.model_dump(exclude={"lines"})
        return PurchaseRequest(
            kind=kind, lines=tuple(LineRequest(**line.model_dump()) for line in self.lines), **fields
        )


class PurchaseLineOut(BaseModel):
    """A line with the amounts the engine computed."""

    line_number: int
    category_id: UUID
    account_id: UUID
    description: str
    quantity: Amount4
    unit_price: Amount4
    treatment: VatTreatment
    claimable_share: Decimal
    tax_category: TaxCategory
    total_amount: Amount4
    taxable_amount: Amount4
    vat_rate: Decimal
    vat_amount: Amount4


class VatOut(BaseModel):
    """Where the document's VAT goes, and why when it is not claimed."""

    route: str = Field(description="claim, cost, reverse_charge or none.")
    input_vat_claimable: Money = Field(description="Dr 1400.")
    vat_cost: Money = Field(description="Dr 6240.")
    reverse_charge_vat: Money = Field(description="Cr 2120.")
    reason: str | None = Field(description="Why VAT is not (fully) claimed: a stable code.")


class PurchaseOut(BaseModel):
    """An expense or bill with its lines, totals, VAT decision and where it is in its life."""

    id: UUID
    kind: PurchaseKind
    status: PurchaseDisplayStatus
    number: str | None
    supplier_id: UUID | None
    document_date: date
    due_date: date
    supplier_reference: str
    payment_method: PurchasePaymentMethod | None
    paid_from_account_id: UUID | None
    paid_by_user_id: UUID | None
    prices_include_vat: bool
    supply_kind: SupplyKind
    zra_receipt_number: str | None
    sdc_id: str | None
    zra_qr: str | None
    customs_entry_number: str | None
    import_vat: Money
    notes: str
    lines: list[PurchaseLineOut]
    total_taxable: Amount4
    total_vat: Amount4
    total_amount: Amount4
    vat: VatOut
    amount_due: Money
    amount_paid: Money
    amount_credited: Money
    outstanding: Money
    journal_entry_id: UUID | None
    reversal_entry_id: UUID | None
    reimbursement_entry_id: UUID | None
    created_by: UUID
    submitted_by: UUID | None
    approved_by: UUID | None
    rejection_reason: str | None


class PurchaseSummary(BaseModel):
    """An expense or bill in a listing."""

    id: UUID
    status: PurchaseDisplayStatus
    number: str | None
    supplier_id: UUID | None
    document_date: date
    due_date: date
    amount_due: Money
    outstanding: Money
    input_vat_claimable: Money
    vat_reason: str | None


class PurchaseList(BaseModel):
    """One page of expenses or bills."""

    items: list[PurchaseSummary]
    next_cursor: str | None


class PurchasePreviewOut(BaseModel):
    """What a purchase would come to and post; nothing is saved."""

    lines: list[PurchaseLineOut]
    total_taxable: Amount4
    total_vat: Amount4
    total_amount: Amount4
    vat: VatOut
    amount_due: Money


class RejectIn(RequestBody):
    """Why a submitted purchase is sent back."""

    reason: str = Field(default="", max_length=500)


def _lines_out(computed: Computed) -> list[PurchaseLineOut]:
    return [
        PurchaseLineOut(
            line_number=number,
            category_id=line.category_id,
            account_id=line.account_id,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            treatment=line.treatment,
            claimable_share=line.claimable_share,
            tax_category=taxed.category,
            total_amount=taxed.total_amount,
            taxable_amount=taxed.taxable_amount,
            vat_rate=taxed.vat_rate,
            vat_amount=taxed.vat_amount,
        )
        for number, (line, taxed) in enumerate(zip(computed.lines, computed.tax.lines, strict=True), start=1)
    ]


def _vat_out(computed: Computed) -> VatOut:
    amounts = computed.amounts
    return VatOut(
        route=computed.decision.route.value,
        input_vat_claimable=amounts.input_vat,
        vat_cost=amounts.vat_cost,
        reverse_charge_vat=amounts.reverse_charge_vat,
        reason=computed.totals.vat_reason,
    )


def preview_out(computed: Computed) -> PurchasePreviewOut:
    """The response of a preview."""
    return PurchasePreviewOut(
        lines=_lines_out(computed),
        total_taxable=computed.tax.total_taxable,
        total_vat=computed.tax.total_tax,
        total_amount=computed.tax.total_amount,
        vat=_vat_out(computed),
        amount_due=computed.amounts.paid,
    )


def _stored_lines_out(purchase: Purchase) -> list[PurchaseLineOut]:
    return [
        PurchaseLineOut(
            line_number=number,
            category_id=line.category_id,
            account_id=line.account_id,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            treatment=line.treatment,
            claimable_share=line.claimable_share,
            tax_category=TaxCategory(amounts.tax_category),
            total_amount=amounts.total_amount,
            taxable_amount=amounts.taxable_amount,
            vat_rate=amounts.vat_rate,
            vat_amount=amounts.vat_amount,
        )
        for number, (line, amounts) in enumerate(zip(purchase.lines, purchase.line_amounts, strict=True), start=1)
    ]


def purchase_out(purchase: Purchase) -> PurchaseOut:
    """The response of one document, from what is stored (read with its lines)."""
    header = purchase.header
    return PurchaseOut(
        id=purchase.id,
        kind=header.kind,
        status=purchase.display_status,
        number=purchase.number,
        supplier_id=header.supplier_id,
        document_date=header.document_date,
        due_date=header.due_date,
        supplier_reference=header.supplier_reference,
        payment_method=header.payment_method,
        paid_from_account_id=header.paid_from_account_id,
        paid_by_user_id=header.paid_by_user_id,
        prices_include_vat=header.prices_include_vat,
        supply_kind=header.supply_kind,
        zra_receipt_number=header.evidence.zra_receipt_number,
        sdc_id=header.evidence.sdc_id,
        zra_qr=header.evidence.zra_qr,
        customs_entry_number=header.evidence.customs_entry_number,
        import_vat=header.import_vat,
        notes=header.notes,
        lines=_stored_lines_out(purchase),
        total_taxable=purchase.total_taxable,
        total_vat=purchase.total_vat,
        total_amount=purchase.total_amount,
        vat=VatOut(
            route=purchase.vat_route,
            input_vat_claimable=purchase.input_vat_claimable,
            vat_cost=purchase.vat_cost,
            reverse_charge_vat=purchase.reverse_charge_vat,
            reason=purchase.vat_reason,
        ),
        amount_due=purchase.amount_due,
        amount_paid=purchase.amount_paid,
        amount_credited=purchase.amount_credited,
        outstanding=purchase.outstanding if purchase.status is PurchaseStatus.POSTED else Decimal(0),
        journal_entry_id=purchase.journal_entry_id,
        reversal_entry_id=purchase.reversal_entry_id,
        reimbursement_entry_id=purchase.reimbursement_entry_id,
        created_by=purchase.created_by,
        submitted_by=purchase.submitted_by,
        approved_by=purchase.approved_by,
        rejection_reason=purchase.rejection_reason,
    )


def summary_out(purchase: Purchase) -> PurchaseSummary:
    """A document in a listing."""
    return PurchaseSummary(
        id=purchase.id,
        status=purchase.display_status,
        number=purchase.number,
        supplier_id=purchase.header.supplier_id,
        document_date=purchase.header.document_date,
        due_date=purchase.header.due_date,
        amount_due=purchase.amount_due,
        outstanding=purchase.outstanding if purchase.status is PurchaseStatus.POSTED else Decimal(0),
        input_vat_claimable=purchase.input_vat_claimable,
        vat_reason=purchase.vat_reason,
    )
