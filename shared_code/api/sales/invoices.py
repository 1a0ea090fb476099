"""Invoices: draft, preview, list, read, change a draft, issue, void."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.sales.schemas import Amount4, DecimalIn
from shared_code.api.types import Cursor, Day, IdempotencyKey, Money, RequestBody, ServicesDep
from shared_code.platform.clock import today_in_zambia
from shared_code.platform.db import UnitOfWork
from shared_code.sales import history, invoicing
from shared_code.sales.history import InvoiceEventKind
from shared_code.sales.invoicing import InvoiceRequest, LineRequest
from shared_code.sales.model import DocumentLine, Invoice, InvoiceStatus, status_of
from shared_code.sales.tax import DocumentTax, Levy, LineTax, TaxCategory
from shared_code.zra import fiscalisation
from shared_code.zra.model import FiscalStatus

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["sales"])

Read = Annotated[OrgContext, Depends(require_permission("invoices:read"))]
Create = Annotated[OrgContext, Depends(require_permission("invoices:create"))]
Issue = Annotated[OrgContext, Depends(require_permission("invoices:issue"))]
Void = Annotated[OrgContext, Depends(require_permission("invoices:void"))]
ManageZra = Annotated[OrgContext, Depends(require_permission("zra:manage"))]


class LineIn(RequestBody):
    """A line; what is left out comes from the item. Amounts sent by clients are never read."""

    item_id: UUID | None = None
    description: str | None = Field(default=None, max_length=500)
    quantity: DecimalIn
    unit_price: DecimalIn | None = None
    tax_category: TaxCategory | None = None
    discount_rate: DecimalIn = Decimal(0)
    levy: Levy | None = None
    rrp: DecimalIn | None = None
    income_account_id: UUID | None = None


class InvoiceIn(RequestBody):
    """An invoice as a client writes it."""

    customer_id: UUID
    lines: list[LineIn] = Field(max_length=500)
    issue_date: Day | None = None
    due_date: Day | None = None
    currency: str | None = Field(default=None, max_length=3)
    exchange_rate: DecimalIn | None = None
    prices_include_vat: bool = True
    lpo_number: str | None = Field(default=None, max_length=50)
    destination_country: str | None = Field(default=None, max_length=2)
    principal_id: str | None = Field(default=None, max_length=50)
    reference: str = Field(default="", max_length=100)
    notes: str = Field(default="", max_length=2000)
    branch_id: str | None = Field(
        default=None, max_length=3, description="The ZRA branch it is issued from (default: the main device's)."
    )

    def request(self) -> InvoiceRequest:
        """The use cases' form of the body."""
        fields = self.model_dump(exclude={"lines"})
        return InvoiceRequest(lines=tuple(LineRequest(**line.model_dump()) for line in self.lines), **fields)


class LineOut(BaseModel):
    """A line with every amount ZRA's VSDC checks."""

    line_number: int
    item_id: UUID | None
    description: str
    quantity: Amount4
    unit_price: Amount4
    discount_rate: Decimal
    tax_category: TaxCategory
    levy: Levy | None
    income_account_id: UUID
    supply_amount: Amount4
    discount_amount: Amount4
    total_amount: Amount4
    taxable_amount: Amount4
    vat_rate: Decimal
    vat_amount: Amount4
    levy_amount: Amount4


class BucketOut(BaseModel):
    """One header tax bucket (`taxblAmtX`, `taxRtX`, `taxAmtX`)."""

    code: str
    rate: Decimal
    taxable_amount: Amount4
    tax_amount: Amount4


class TotalsOut(BaseModel):
    """A document's amounts, as the server computed them."""

    buckets: list[BucketOut]
    total_taxable: Amount4
    total_tax: Amount4
    total_amount: Amount4
    amount_due: Money


class InvoiceOut(BaseModel):
    """An invoice with its lines, totals and where it is in its life."""

    id: UUID
    status: InvoiceStatus
    number: str | None
    customer_id: UUID
    issue_date: date
    due_date: date
    currency: str
    exchange_rate: Decimal
    prices_include_vat: bool
    lpo_number: str | None
    destination_country: str | None
    principal_id: str | None
    reference: str
    notes: str
    branch_id: str | None
    lines: list[LineOut]
    totals: TotalsOut
    amount_paid: Money
    amount_credited: Money
    amount_debited: Money
    outstanding: Money
    journal_entry_id: UUID | None
    issued_at: datetime | None
    fiscal: FiscalStatus = Field(
        default=FiscalStatus("not_issued"),
        description="Where it stands with ZRA: the receipt once fiscalised, ZRA's words if refused.",
    )


class InvoiceSummary(BaseModel):
    """An invoice in a listing."""

    id: UUID
    status: InvoiceStatus
    number: str | None
    customer_id: UUID
    issue_date: date
    due_date: date
    currency: str
    amount_due: Money
    outstanding: Money


class InvoiceList(BaseModel):
    """One page of invoices."""

    items: list[InvoiceSummary]
    next_cursor: str | None


class PreviewOut(BaseModel):
    """What an invoice would come to, computed by the server's tax engine; nothing is saved."""

    lines: list[LineOut]
    totals: TotalsOut


def _line_out(number: int, line: DocumentLine, taxed: LineTax) -> LineOut:
    return LineOut(
        line_number=number,
        item_id=line.item_id,
        description=line.description,
        quantity=line.quantity,
        unit_price=line.unit_price,
        discount_rate=line.discount_rate,
        tax_category=taxed.category,
        levy=line.levy,
        income_account_id=line.income_account_id,
        supply_amount=taxed.supply_amount,
        discount_amount=taxed.discount_amount,
        total_amount=taxed.total_amount,
        taxable_amount=taxed.taxable_amount,
        vat_rate=taxed.vat_rate,
        vat_amount=taxed.vat_amount,
        levy_amount=taxed.levy_amount,
    )


def _totals(tax: DocumentTax) -> TotalsOut:
    return TotalsOut(
        buckets=[
            BucketOut(code=b.code, rate=b.rate, taxable_amount=b.taxable_amount, tax_amount=b.tax_amount)
            for b in tax.buckets
        ],
        total_taxable=tax.total_taxable,
        total_tax=tax.total_tax,
        total_amount=tax.total_amount,
        amount_due=tax.amount_due,
    )


def _status(invoice: Invoice, today: date) -> InvoiceStatus:
    return status_of(
        stored=invoice.status,
        amount_due=invoice.amount_due + invoice.amount_debited,
        settled=invoice.amount_paid + invoice.amount_credited,
        due_date=invoice.header.due_date,
        sent=invoice.sent_at is not None,
        today=today,
    )


def _invoice_out(invoice: Invoice, computed: invoicing.Computed, today: date) -> InvoiceOut:
    header = invoice.header
    return InvoiceOut(
        id=invoice.id,
        status=_status(invoice, today),
        number=invoice.number,
        customer_id=header.customer_id,
        issue_date=header.issue_date,
        due_date=header.due_date,
        currency=header.currency,
        exchange_rate=header.exchange_rate or Decimal(1),
        prices_include_vat=header.prices_include_vat,
        lpo_number=header.lpo_number,
        destination_country=header.destination_country,
        principal_id=header.principal_id,
        reference=header.reference,
        notes=header.notes,
        branch_id=header.branch_id,
        lines=[
            _line_out(n, line, taxed)
            for n, (line, taxed) in enumerate(zip(computed.lines, computed.tax.lines, strict=True), start=1)
        ],
        totals=_totals(computed.tax),
        amount_paid=invoice.amount_paid,
        amount_credited=invoice.amount_credited,
        amount_debited=invoice.amount_debited,
        outstanding=invoice.outstanding if invoice.status == "issued" else Decimal(0),
        journal_entry_id=invoice.journal_entry_id,
        issued_at=invoice.issued_at,
    )


def _out(services: ServicesDep, uow: UnitOfWork, invoice: Invoice) -> InvoiceOut:
    """The invoice with its amounts recomputed from its stored lines (the same engine, the same result),
    and where it stands with ZRA."""
    computed = invoicing.stored_amounts(invoice)
    out = _invoice_out(invoice, computed, today_in_zambia(services.clock))
    out.fiscal = fiscalisation.fiscal_status_of(uow, "invoice", invoice.id, issued=invoice.issued_at is not None)
    return out


@router.post("/invoices/preview", response_model=PreviewOut)
def preview_invoice(body: InvoiceIn, ctx: Create, services: ServicesDep) -> PreviewOut:
    """Compute an invoice's lines and totals without saving anything."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        computed = invoicing.compute(uow, body.request(), clock=services.clock)
    return PreviewOut(
        lines=[
            _line_out(n, line, taxed)
            for n, (line, taxed) in enumerate(zip(computed.lines, computed.tax.lines, strict=True), start=1)
        ],
        totals=_totals(computed.tax),
    )


@router.post("/invoices", status_code=status.HTTP_201_CREATED, response_model=InvoiceOut)
def create_invoice(
    body: InvoiceIn, ctx: Create, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> InvoiceOut:
    """Save a draft invoice. With an `Idempotency-Key`, a retry returns the first draft."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        invoice = invoicing.create_draft(
            uow, body.request(), created_by=ctx.user_id, clock=services.clock, idempotency_key=idempotency_key
        )
        out = _out(services, uow, invoice)
        uow.commit()
    return out


@router.get("/invoices", response_model=InvoiceList)
def list_invoices(
    ctx: Read,
    services: ServicesDep,
    status_filter: Annotated[
        Literal["draft", "issued", "unpaid", "partially_paid", "paid", "overdue", "void"] | None,
        Query(alias="status"),
    ] = None,
    customer_id: UUID | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> InvoiceList:
    """Invoices, newest first; filter by status (overdue: unpaid past the due date), customer, search."""
    today = today_in_zambia(services.clock)
    with services.db.unit_of_work(ctx.organization_id) as uow:
        page = invoicing.list_invoices(
            uow,
            clock=services.clock,
            status=status_filter,
            customer_id=customer_id,
            search=q,
            cursor=cursor,
            limit=limit,
        )
    return InvoiceList(
        items=[
            InvoiceSummary(
                id=i.id,
                status=_status(i, today),
                number=i.number,
                customer_id=i.header.customer_id,
                issue_date=i.header.issue_date,
                due_date=i.header.due_date,
                currency=i.header.currency,
                amount_due=i.amount_due,
                outstanding=i.outstanding if i.status == "issued" else Decimal(0),
            )
            for i in page.items
        ],
        next_cursor=page.next_cursor,
    )


@router.get("/invoices/{invoice_id}", response_model=InvoiceOut)
def get_invoice(invoice_id: UUID, ctx: Read, services: ServicesDep) -> InvoiceOut:
    """One invoice with its lines and totals."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _out(services, uow, invoicing.get_invoice(uow, invoice_id))


@router.put("/invoices/{invoice_id}", response_model=InvoiceOut)
def update_invoice(invoice_id: UUID, body: InvoiceIn, ctx: Create, services: ServicesDep) -> InvoiceOut:
    """Replace a draft; 409 `invoice_not_draft` once issued or void."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        invoice = invoicing.update_draft(uow, invoice_id, body.request(), updated_by=ctx.user_id, clock=services.clock)
        out = _out(services, uow, invoice)
        uow.commit()
    return out


@router.post("/invoices/{invoice_id}/issue", response_model=InvoiceOut)
def issue_invoice(invoice_id: UUID, ctx: Issue, services: ServicesDep) -> InvoiceOut:
    """Number the draft and post it to the ledger in one transaction (repeating it changes nothing)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        invoice = invoicing.issue_invoice(
            uow,
            invoice_id,
            issued_by=ctx.user_id,
            clock=services.clock,
            zra_quantity_places=services.settings.zra_quantity_places,
        )
        out = _out(services, uow, invoice)
        uow.commit()
    return out


@router.post("/invoices/{invoice_id}/fiscalise", response_model=InvoiceOut)
def fiscalise_invoice(invoice_id: UUID, ctx: ManageZra, services: ServicesDep) -> InvoiceOut:
    """Send an invoice ZRA refused again, once its cause is fixed (409 `zra_not_rejected` otherwise).

    Pending invoices are retried by themselves; the request is rebuilt from the invoice and
    its items as they are now.
    """
    with services.db.unit_of_work(ctx.organization_id) as uow:
        invoice = invoicing.get_invoice(uow, invoice_id)
        fiscalisation.retry_rejected(uow, "invoice", invoice.id, clock=services.clock)
        out = _out(services, uow, invoice)
        uow.commit()
    return out


@router.post("/invoices/{invoice_id}/void", response_model=InvoiceOut)
def void_invoice(invoice_id: UUID, ctx: Void, services: ServicesDep) -> InvoiceOut:
    """Void a draft; an issued invoice is cancelled only by a credit note (409)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        invoice = invoicing.void_invoice(uow, invoice_id, voided_by=ctx.user_id, clock=services.clock)
        out = _out(services, uow, invoice)
        uow.commit()
    return out


class HistoryEventOut(BaseModel):
    """One thing that happened to an invoice."""

    occurred_at: datetime
    event: InvoiceEventKind
    actor_user_id: UUID | None = Field(description="Who did it; null for the system, or not recorded.")
    actor_name: str | None
    amount: Money | None = Field(description="The total issued, a payment applied, a note's amount.")
    reference: str | None = Field(
        description="The invoice's or note's number, a payment's reference, the e-mail it was sent to."
    )
    related_id: UUID | None = Field(
        description="The journal entry (issued), payment (payment_applied) or note (credit/debit_note_issued)."
    )


class HistoryOut(BaseModel):
    """An invoice's history, oldest first."""

    items: list[HistoryEventOut]


@router.get("/invoices/{invoice_id}/history", response_model=HistoryOut)
def invoice_history(invoice_id: UUID, ctx: Read, services: ServicesDep) -> HistoryOut:
    """What happened to the invoice, when and by whom: created, edited, issued, sent, paid, credited."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        entries = history.invoice_history(uow, invoice_id)
    return HistoryOut(
        items=[
            HistoryEventOut(
                occurred_at=e.event.occurred_at,
                event=e.event.event,
                actor_user_id=e.event.actor_user_id,
                actor_name=e.actor_name,
                amount=e.event.amount,
                reference=e.event.reference,
                related_id=e.event.related_id,
            )
            for e in entries
        ]
    )
