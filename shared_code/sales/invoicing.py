"""Invoices: draft, preview, change, issue (numbered and posted in one transaction), void.

The server computes every amount; whatever totals a client has are never read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from shared_code.ledger import accounts as ledger_accounts
from shared_code.ledger.model import Account
from shared_code.ledger.service import post_entry
from shared_code.organizations.profile import get_profile
from shared_code.platform.clock import Clock, today_in_zambia
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import Conflict, FieldError
from shared_code.platform.ids import new_id
from shared_code.platform.paging import Page, cursor_part, decode_cursor, encode_cursor, page_of
from shared_code.sales import customer_repository, invoice_repository, item_repository
from shared_code.sales.errors import invoice_not_draft, invoice_not_found, rejected
from shared_code.sales.history import InvoiceEvent, InvoiceEventKind, record_event
from shared_code.sales.items import income_account_problem
from shared_code.sales.model import (
    ZMW,
    Customer,
    DocumentLine,
    Invoice,
    InvoiceHeader,
    Item,
    ItemKind,
    format_number,
    invoice_problems,
)
from shared_code.sales.posting import LEVY_ROLES, SalesAccounts, invoice_draft
from shared_code.sales.tax import (
    DocumentTax,
    Levy,
    LineIn,
    TaxCategory,
    default_rate_table,
    line_problems,
    tax_document,
)
from shared_code.zra.fiscalisation import queue_submission

DEFAULT_INVOICE_FORMAT = "INV-{year}-{seq:05d}"
_CURSOR = "invoices"


@dataclass(frozen=True)
class LineRequest:
    """A line as a client sends it: anything left out comes from the item."""

    quantity: Decimal
    """Up to 4 decimals."""
    item_id: UUID | None = None
    """The item sold; its name, price, category, levy, RRP and account are the defaults."""
    description: str | None = None
    """What is sold (the item's name by default)."""
    unit_price: Decimal | None = None
    """Unit price (the item's default price)."""
    tax_category: TaxCategory | None = None
    """VAT category (the item's)."""
    discount_rate: Decimal = Decimal(0)
    """Percent off."""
    levy: Levy | None = None
    """Levy (the item's)."""
    rrp: Decimal | None = None
    """RRP per unit, category B (the item's)."""
    income_account_id: UUID | None = None
    """Income account (the item's, else the chart's sales account)."""


@dataclass(frozen=True)
class InvoiceRequest:
    """An invoice as a client sends it; dates, currency and terms default from the customer."""

    customer_id: UUID
    """Who is billed."""
    lines: tuple[LineRequest, ...]
    """The lines."""
    issue_date: date | None = None
    """Today in Zambia by default."""
    due_date: date | None = None
    """Issue date plus the customer's payment terms by default."""
    currency: str | None = None
    """The customer's currency by default."""
    exchange_rate: Decimal | None = None
    """ZMW per unit; required for a foreign currency."""
    prices_include_vat: bool = True
    """Whether unit prices include VAT."""
    lpo_number: str | None = None
    """Local purchase order (C2)."""
    destination_country: str | None = None
    """Export destination (C1)."""
    principal_id: str | None = None
    """Principal of an RVAT sale."""
    reference: str = ""
    """The customer's reference."""
    notes: str = ""
    """Printed notes."""
    branch_id: str | None = None
    """The ZRA branch it is issued from (None: the main device's)."""


@dataclass(frozen=True)
class Computed:
    """A request resolved and taxed: what would be saved."""

    header: InvoiceHeader
    """Resolved header."""
    lines: tuple[DocumentLine, ...]
    """Resolved lines."""
    tax: DocumentTax
    """Every amount."""


def _vat_registered(uow: UnitOfWork, on: date) -> bool:
    profile, _ = get_profile(uow, uow.require_tenant())
    return profile.vat_registered and (profile.vat_effective_date is None or profile.vat_effective_date <= on)


def _default_income_role(item: Item | None, category: TaxCategory) -> str:
    if category is TaxCategory.C1:
        return "export_sales"
    return "sales_services" if item is not None and item.kind is ItemKind.SERVICE else "sales_goods"


_INCOME_ROLES = ("sales_goods", "sales_services", "export_sales")
"""The roles a line's income account is found by when neither the line nor its item names one."""


@dataclass(frozen=True)
class _Lookups:
    """What a document's lines refer to, each read once for all the lines."""

    items: Mapping[UUID, Item]
    accounts: Mapping[UUID, Account]
    income_by_role: Mapping[str, Account]


def _lookups(uow: UnitOfWork, requests: Sequence[LineRequest]) -> _Lookups:
    items = item_repository.items_by_ids(uow, [r.item_id for r in requests if r.item_id is not None])
    named = {r.income_account_id for r in requests} | {item.income_account_id for item in items.values()}
    return _Lookups(
        items=items,
        accounts=ledger_accounts.accounts_by_ids(uow, [i for i in named if i is not None]),
        income_by_role=ledger_accounts.accounts_playing(uow, _INCOME_ROLES),
    )


def _resolve_line(
    uow: UnitOfWork, index: int, line: LineRequest, found: _Lookups
) -> tuple[DocumentLine | None, list[FieldError]]:
    path = f"lines.{index}"
    item = None
    if line.item_id is not None:
        item = found.items.get(line.item_id)
        if item is None:
            return None, [FieldError(f"{path}.item_id", "item_not_found", "No such item.")]
    category = line.tax_category or (item.tax_category if item else None)
    if category is None:
        return None, [FieldError(f"{path}.tax_category", "tax_category_required", "Give a tax category or an item.")]
    unit_price = line.unit_price if line.unit_price is not None else (item.default_price if item else None)
    if unit_price is None:
        return None, [FieldError(f"{path}.unit_price", "price_required", "Give a price or an item.")]
    account = line.income_account_id or (item.income_account_id if item else None)
    errors: list[FieldError] = []
    if account is not None:
        errors = income_account_problem(found.accounts.get(account), f"{path}.income_account_id")
    else:
        role = _default_income_role(item, category)
        income = found.income_by_role.get(role)
        # When no account plays the role, account_for_role refuses with 409 account_role_missing.
        account = (income or ledger_accounts.account_for_role(uow, role)).id
    resolved = DocumentLine(
        description=line.description or (item.name if item else ""),
        quantity=line.quantity,
        unit_price=unit_price,
        tax_category=category,
        income_account_id=account,
        discount_rate=line.discount_rate,
        levy=line.levy or (item.levy if item else None),
        rrp=line.rrp if line.rrp is not None else (item.rrp if item else None),
        item_id=line.item_id,
    )
    return resolved, errors


def resolve_lines(
    uow: UnitOfWork, requests: Sequence[LineRequest], *, on: date
) -> tuple[list[DocumentLine], bool, list[FieldError]]:
    """Lines resolved against their items and the chart, as taxed on `on`: the lines, whether
    the seller charges VAT that day, and every problem (the lines' numbers included).

    A fixed number of reads however many lines (items, accounts, default income accounts)."""
    found = _lookups(uow, requests)
    errors: list[FieldError] = []
    lines: list[DocumentLine] = []
    for index, line_request in enumerate(requests):
        line, problems = _resolve_line(uow, index, line_request, found)
        errors.extend(problems)
        if line is not None:
            lines.append(line)
    vat_registered = _vat_registered(uow, on)
    if not vat_registered:
        lines = [replace(line, tax_category=TaxCategory.TOT, rrp=None) for line in lines]
    rates = default_rate_table()
    for index, line in enumerate(lines):
        errors.extend(
            line_problems(f"lines.{index}", _line_in(line), on=on, rates=rates, vat_registered=vat_registered)
        )
    return lines, vat_registered, errors


def tax_lines(lines: Sequence[DocumentLine], *, on: date, prices_include_vat: bool) -> DocumentTax:
    """The amounts of resolved lines (their categories are already the ones taxed)."""
    return tax_document(
        [_line_in(line) for line in lines],
        on=on,
        rates=default_rate_table(),
        prices_include_vat=prices_include_vat,
        vat_registered=True,
    )


def compute(uow: UnitOfWork, request: InvoiceRequest, *, clock: Clock) -> Computed:
    """Resolve `request` against its customer and items and tax it; 422 with every problem."""
    customer = customer_repository.get_customer(uow, request.customer_id)
    if customer is None:
        raise rejected(
            [FieldError("customer_id", "customer_not_found", "No such customer.")], "The invoice is not valid."
        )
    issue_date = request.issue_date or today_in_zambia(clock)
    header = _header(request, customer, issue_date)
    lines, vat_registered, errors = resolve_lines(uow, request.lines, on=issue_date)
    errors = invoice_problems(header, lines, customer, vat_registered=vat_registered) + errors
    if errors:
        raise rejected(errors, "The invoice is not valid.")
    tax = tax_lines(lines, on=issue_date, prices_include_vat=header.prices_include_vat)
    return Computed(header=header, lines=tuple(lines), tax=tax)


def stored_amounts(invoice: Invoice) -> Computed:
    """The amounts of a saved invoice, from its stored lines and the rates of its date.

    Lines are stored with the category they were taxed under (TOT for a seller without VAT),
    and rates are dated, so this gives what was computed when the invoice was saved.
    """
    tax = tax_lines(invoice.lines, on=invoice.header.issue_date, prices_include_vat=invoice.header.prices_include_vat)
    return Computed(header=invoice.header, lines=invoice.lines, tax=tax)


def _header(request: InvoiceRequest, customer: Customer, issue_date: date) -> InvoiceHeader:
    currency = (request.currency or customer.currency).upper()
    return InvoiceHeader(
        customer_id=customer.id,
        issue_date=issue_date,
        due_date=request.due_date or issue_date + timedelta(days=customer.payment_terms_days),
        currency=currency,
        exchange_rate=Decimal(1) if currency == ZMW and request.exchange_rate is None else request.exchange_rate,
        prices_include_vat=request.prices_include_vat,
        lpo_number=request.lpo_number or None,
        destination_country=request.destination_country.upper() if request.destination_country else None,
        principal_id=request.principal_id or None,
        reference=request.reference.strip(),
        notes=request.notes.strip(),
        branch_id=request.branch_id or None,
    )


def _line_in(line: DocumentLine) -> LineIn:
    return LineIn(
        quantity=line.quantity,
        unit_price=line.unit_price,
        category=line.tax_category,
        discount_rate=line.discount_rate,
        levy=line.levy,
        rrp=line.rrp,
    )


def create_draft(
    uow: UnitOfWork, request: InvoiceRequest, *, created_by: UUID, clock: Clock, idempotency_key: str | None = None
) -> Invoice:
    """Save a new draft. With an idempotency key, a repeat returns the first draft unchanged."""
    if idempotency_key is not None:
        existing = invoice_repository.invoice_id_for_key(uow, idempotency_key)
        if existing is not None:
            return get_invoice(uow, existing)
    computed = compute(uow, request, clock=clock)
    invoice_id = new_id()
    if not invoice_repository.insert_draft(
        uow, invoice_id, computed.header, computed.tax, created_by=created_by, key=idempotency_key
    ):
        found = invoice_repository.invoice_id_for_key(uow, idempotency_key or "")
        return get_invoice(uow, found) if found else get_invoice(uow, invoice_id)
    invoice_repository.replace_lines(uow, invoice_id, computed.lines, computed.tax)
    record_event(uow, invoice_id, InvoiceEvent(InvoiceEventKind.CREATED, clock.now(), created_by))
    return get_invoice(uow, invoice_id)


def update_draft(
    uow: UnitOfWork, invoice_id: UUID, request: InvoiceRequest, *, updated_by: UUID, clock: Clock
) -> Invoice:
    """Replace a draft's header and lines; 409 `invoice_not_draft` once it is issued or void."""
    current = invoice_repository.get_invoice(uow, invoice_id, for_update=True)
    if current is None:
        raise invoice_not_found()
    if current.status != "draft":
        raise invoice_not_draft(current.status)
    computed = compute(uow, request, clock=clock)
    invoice_repository.update_draft(uow, invoice_id, computed.header, computed.tax)
    invoice_repository.replace_lines(uow, invoice_id, computed.lines, computed.tax)
    record_event(uow, invoice_id, InvoiceEvent(InvoiceEventKind.UPDATED, clock.now(), updated_by))
    return get_invoice(uow, invoice_id)


def _request_of(invoice: Invoice) -> InvoiceRequest:
    header = invoice.header
    return InvoiceRequest(
        customer_id=header.customer_id,
        lines=tuple(
            LineRequest(
                quantity=line.quantity,
                item_id=line.item_id,
                description=line.description,
                unit_price=line.unit_price,
                tax_category=line.tax_category,
                discount_rate=line.discount_rate,
                levy=line.levy,
                rrp=line.rrp,
                income_account_id=line.income_account_id,
            )
            for line in invoice.lines
        ),
        issue_date=header.issue_date,
        due_date=header.due_date,
        currency=header.currency,
        exchange_rate=header.exchange_rate,
        prices_include_vat=header.prices_include_vat,
        lpo_number=header.lpo_number,
        destination_country=header.destination_country,
        principal_id=header.principal_id,
        reference=header.reference,
        notes=header.notes,
        branch_id=header.branch_id,
    )


def zra_quantity_problems(quantities: Sequence[Decimal], places: int) -> list[FieldError]:
    """A field error for each quantity with more decimal places than the VSDC takes."""
    return [
        FieldError(
            f"lines.{index}.quantity",
            "quantity_too_precise_for_zra",
            f"ZRA takes quantities to {places} decimal places; round this one or change its unit.",
        )
        for index, quantity in enumerate(quantities)
        if quantity != quantity.quantize(Decimal(1).scaleb(-places))
    ]


def sales_accounts(uow: UnitOfWork, *, vat: bool, levies: set[Levy]) -> SalesAccounts:
    """The accounts sales documents post to, by chart role (409 `account_role_missing` if one is gone).

    VAT output is looked up only when VAT is charged: a Turnover Tax chart has none."""

    found = ledger_accounts.accounts_for_roles(
        uow,
        {"trade_receivables", "fx_gain_loss", "customer_deposits"}
        | ({"vat_output"} if vat else set())
        | {LEVY_ROLES[levy] for levy in levies},
    )

    def role(name: str) -> UUID:
        return found[name].id

    return SalesAccounts(
        receivable=role("trade_receivables"),
        vat_output=role("vat_output") if vat else None,
        fx_gain_loss=role("fx_gain_loss"),
        customer_credit=role("customer_deposits"),
        levies={levy: role(LEVY_ROLES[levy]) for levy in levies},
    )


def issue_invoice(
    uow: UnitOfWork, invoice_id: UUID, *, issued_by: UUID, clock: Clock, zra_quantity_places: int
) -> Invoice:
    """Number and post a draft in this transaction; issuing an issued invoice returns it as it is.

    A business that must fiscalise cannot issue a quantity finer than the VSDC takes
    (`zra_quantity_places`): 422 `quantity_too_precise_for_zra` on the line.

    The number is taken under the sequence's row lock and the entry posted through the
    ledger, so a failure anywhere rolls back both and no number is lost.
    """
    current = invoice_repository.get_invoice(uow, invoice_id, for_update=True)
    if current is None:
        raise invoice_not_found()
    if current.status == "issued":
        return current
    if current.status != "draft":
        raise Conflict("invoice_void", "A void invoice cannot be issued.")
    computed = compute(uow, _request_of(current), clock=clock)
    if computed.tax.amount_due <= 0:
        raise rejected([FieldError("lines", "invoice_total_zero", "An invoice must charge something.")], "Not issued.")
    fiscalised = _vat_registered(uow, computed.header.issue_date)
    if fiscalised:
        too_fine = zra_quantity_problems([line.quantity for line in computed.lines], zra_quantity_places)
        if too_fine:
            raise rejected(too_fine, "Not issued.")
    accounts = sales_accounts(
        uow,
        vat=any(line.vat_amount != 0 for line in computed.tax.lines),
        levies={line.levy for line in computed.lines if line.levy is not None},
    )
    template = invoice_repository.setting(uow, "sales.invoice_number_format")
    # The number's row lock is held until commit: take it as late as possible.
    sequence = invoice_repository.next_number(uow, "invoice")
    number = format_number(
        template if isinstance(template, str) else DEFAULT_INVOICE_FORMAT,
        year=computed.header.issue_date.year,
        sequence=sequence,
    )
    entry = post_entry(
        uow,
        invoice_draft(
            invoice_id=invoice_id,
            number=number,
            customer_id=computed.header.customer_id,
            entry_date=computed.header.issue_date,
            tax=computed.tax,
            income_accounts=[line.income_account_id for line in computed.lines],
            exchange_rate=computed.header.exchange_rate or Decimal(1),
            accounts=accounts,
        ),
        posted_by=issued_by,
        clock=clock,
    )
    if _changed(current, computed):
        invoice_repository.update_draft(uow, invoice_id, computed.header, computed.tax)
        invoice_repository.replace_lines(uow, invoice_id, computed.lines, computed.tax)
    issued_at = clock.now()
    invoice_repository.mark_issued(
        uow,
        invoice_id,
        number=number,
        sequence_number=sequence,
        journal_entry_id=entry.id,
        issued_by=issued_by,
        issued_at=issued_at,
    )
    if fiscalised:
        queue_submission(
            uow, document_type="invoice", document_id=invoice_id, document_number=number, issued_by=issued_by
        )
    record_event(
        uow,
        invoice_id,
        InvoiceEvent(
            InvoiceEventKind.ISSUED,
            issued_at,
            issued_by,
            amount=computed.tax.amount_due,
            reference=number,
            related_id=entry.id,
        ),
    )
    # What was just written, without reading it back.
    return replace(
        current,
        status="issued",
        header=computed.header,
        lines=computed.lines,
        number=number,
        total_taxable=computed.tax.total_taxable,
        total_tax=computed.tax.total_tax,
        total_amount=computed.tax.total_amount,
        amount_due=computed.tax.amount_due,
        journal_entry_id=entry.id,
        issued_at=issued_at,
    )


def mark_invoice_sent(uow: UnitOfWork, invoice_id: UUID, *, recipient: str, sent_by: UUID, clock: Clock) -> Invoice:
    """Mark the issued invoice sent to `recipient` and record it in its history (the caller
    queues the e-mail in the same transaction); 404, or 409 `invoice_not_issued`."""
    invoice = invoice_repository.get_invoice(uow, invoice_id, for_update=True)
    if invoice is None:
        raise invoice_not_found()
    if invoice.status != "issued" or invoice.number is None:
        raise Conflict("invoice_not_issued", "Only an issued invoice can be sent.")
    sent_at = clock.now()
    invoice_repository.mark_sent(uow, invoice_id, sent_at)
    record_event(uow, invoice_id, InvoiceEvent(InvoiceEventKind.SENT, sent_at, sent_by, reference=recipient))
    return get_invoice(uow, invoice_id)


def _changed(stored: Invoice, computed: Computed) -> bool:
    """True if issuing computed other amounts than the draft holds (its customer's VAT status
    or a dated rate changed since it was saved), so the stored lines must be rewritten."""
    tax = computed.tax
    return (
        stored.header != computed.header
        or stored.lines != computed.lines
        or (stored.total_taxable, stored.total_tax, stored.total_amount, stored.amount_due)
        != (tax.total_taxable, tax.total_tax, tax.total_amount, tax.amount_due)
    )


def void_invoice(uow: UnitOfWork, invoice_id: UUID, *, voided_by: UUID, clock: Clock) -> Invoice:
    """Void a draft; 409 `invoice_not_draft` for an issued invoice (cancel it with a credit note)."""
    current = invoice_repository.get_invoice(uow, invoice_id, for_update=True)
    if current is None:
        raise invoice_not_found()
    if current.status == "void":
        return current
    if current.status != "draft":
        raise invoice_not_draft(current.status)
    voided_at = clock.now()
    invoice_repository.mark_void(uow, invoice_id, voided_at)
    record_event(uow, invoice_id, InvoiceEvent(InvoiceEventKind.VOIDED, voided_at, voided_by))
    return get_invoice(uow, invoice_id)


def get_invoice(uow: UnitOfWork, invoice_id: UUID) -> Invoice:
    """One invoice with its lines; 404 `invoice_not_found` if there is none."""
    invoice = invoice_repository.get_invoice(uow, invoice_id)
    if invoice is None:
        raise invoice_not_found()
    return invoice


def list_invoices(
    uow: UnitOfWork,
    *,
    clock: Clock,
    status: str | None = None,
    customer_id: UUID | None = None,
    search: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Invoice]:
    """Invoices, newest first, filtered by status (including paid, unpaid, overdue), customer and search."""
    after = None
    if cursor:
        day, last_id = decode_cursor(_CURSOR, cursor, 2)
        after = (cursor_part(date.fromisoformat, day), cursor_part(UUID, last_id))
    rows = invoice_repository.list_invoices(
        uow,
        status=status,
        customer_id=customer_id,
        search=search or None,
        today=today_in_zambia(clock),
        after=after,
        limit=limit + 1,
    )
    return page_of(rows, limit, lambda i: encode_cursor(_CURSOR, i.header.issue_date.isoformat(), str(i.id)))
