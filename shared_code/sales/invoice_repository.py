"""SQL for invoices, their lines and the document number sequences."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from shared_code.platform.db import Row, UnitOfWork
from shared_code.sales.model import DocumentLine, Invoice, InvoiceHeader
from shared_code.sales.tax import DocumentTax, Levy, TaxCategory

_COLUMNS = """id, status, customer_id, number, issue_date, due_date, currency, exchange_rate, prices_include_vat,
    lpo_number, destination_country, principal_id, reference, notes, branch_id, total_taxable, total_tax, total_amount,
    amount_due, amount_paid, amount_credited, amount_debited, journal_entry_id, issued_at, sent_at"""
_LINE_COLUMNS = """line_number, item_id, description, quantity, unit_price, discount_rate, tax_category, levy, rrp,
    income_account_id"""


def _header_params(header: InvoiceHeader) -> dict[str, object]:
    return {
        "customer_id": header.customer_id,
        "issue_date": header.issue_date,
        "due_date": header.due_date,
        "currency": header.currency,
        "exchange_rate": header.exchange_rate or Decimal(1),
        "prices_include_vat": header.prices_include_vat,
        "lpo_number": header.lpo_number,
        "destination_country": header.destination_country,
        "principal_id": header.principal_id,
        "reference": header.reference,
        "notes": header.notes,
        "branch_id": header.branch_id,
    }


def _totals_params(tax: DocumentTax) -> dict[str, object]:
    return {
        "total_taxable": tax.total_taxable,
        "total_tax": tax.total_tax,
        "total_amount": tax.total_amount,
        "amount_due": tax.amount_due,
        "tax_buckets": json.dumps(
            [
                {"code": b.code, "rate": str(b.rate), "taxable": str(b.taxable_amount), "tax": str(b.tax_amount)}
                for b in tax.buckets
            ]
        ),
    }


def insert_draft(
    uow: UnitOfWork, invoice_id: UUID, header: InvoiceHeader, tax: DocumentTax, *, created_by: UUID, key: str | None
) -> bool:
    """Insert a draft; False (nothing written) if another invoice was made with `key`."""
    cursor = uow.execute(
        """
        INSERT INTO invoices (id, status, customer_id, issue_date, due_date, currency, exchange_rate,
                              prices_include_vat, lpo_number, destination_country, principal_id, reference, notes,
                              branch_id, total_taxable, total_tax, total_amount, amount_due, tax_buckets,
                              idempotency_key, created_by)
        VALUES (%(id)s, 'draft', %(customer_id)s, %(issue_date)s, %(due_date)s, %(currency)s, %(exchange_rate)s,
                %(prices_include_vat)s, %(lpo_number)s, %(destination_country)s, %(principal_id)s, %(reference)s,
                %(notes)s, %(branch_id)s, %(total_taxable)s, %(total_tax)s, %(total_amount)s, %(amount_due)s,
                %(tax_buckets)s, %(key)s, %(created_by)s)
        ON CONFLICT (idempotency_key) DO NOTHING
        """,
        {**_header_params(header), **_totals_params(tax), "id": invoice_id, "key": key, "created_by": created_by},
    )
    return cursor.rowcount == 1


def invoice_id_for_key(uow: UnitOfWork, key: str) -> UUID | None:
    """The invoice made with the idempotency key `key`, if any."""
    row = uow.fetch_one("SELECT id FROM invoices WHERE idempotency_key = %(key)s", {"key": key})
    return row["id"] if row else None


def update_draft(uow: UnitOfWork, invoice_id: UUID, header: InvoiceHeader, tax: DocumentTax) -> None:
    """Write a draft's header and totals."""
    uow.execute(
        """
        UPDATE invoices
        SET customer_id = %(customer_id)s, issue_date = %(issue_date)s, due_date = %(due_date)s,
            currency = %(currency)s, exchange_rate = %(exchange_rate)s, prices_include_vat = %(prices_include_vat)s,
            lpo_number = %(lpo_number)s, destination_country = %(destination_country)s,
            principal_id = %(principal_id)s, reference = %(reference)s, notes = %(notes)s, branch_id = %(branch_id)s,
            total_taxable = %(total_taxable)s, total_tax = %(total_tax)s, total_amount = %(total_amount)s,
            amount_due = %(amount_due)s, tax_buckets = %(tax_buckets)s, updated_at = now()
        WHERE id = %(id)s AND status = 'draft'
        """,
        {**_header_params(header), **_totals_params(tax), "id": invoice_id},
    )


def replace_lines(uow: UnitOfWork, invoice_id: UUID, lines: Sequence[DocumentLine], tax: DocumentTax) -> None:
    """Make `lines` (with their computed amounts) the invoice's lines."""
    uow.execute("DELETE FROM invoice_lines WHERE invoice_id = %(id)s", {"id": invoice_id})
    with uow.connection.cursor() as cursor:
        cursor.executemany(
            """
            INSERT INTO invoice_lines (invoice_id, line_number, item_id, description, quantity, unit_price,
                                       discount_rate, tax_category, levy, rrp, income_account_id, supply_amount,
                                       discount_amount, total_amount, taxable_amount, vat_amount, levy_amount)
            VALUES (%(invoice_id)s, %(line_number)s, %(item_id)s, %(description)s, %(quantity)s, %(unit_price)s,
                    %(discount_rate)s, %(tax_category)s, %(levy)s, %(rrp)s, %(income_account_id)s, %(supply)s,
                    %(discount)s, %(total)s, %(taxable)s, %(vat)s, %(levy_amount)s)
            """,
            [
                {
                    "invoice_id": invoice_id,
                    "line_number": number,
                    "item_id": line.item_id,
                    "description": line.description.strip(),
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                    "discount_rate": line.discount_rate,
                    "tax_category": line.tax_category.value,
                    "levy": line.levy.value if line.levy else None,
                    "rrp": line.rrp,
                    "income_account_id": line.income_account_id,
                    "supply": taxed.supply_amount,
                    "discount": taxed.discount_amount,
                    "total": taxed.total_amount,
                    "taxable": taxed.taxable_amount,
                    "vat": taxed.vat_amount,
                    "levy_amount": taxed.levy_amount,
                }
                for number, (line, taxed) in enumerate(zip(lines, tax.lines, strict=True), start=1)
            ],
        )


def _invoice(row: Row, lines: list[Row]) -> Invoice:
    header = InvoiceHeader(
        customer_id=row["customer_id"],
        issue_date=row["issue_date"],
        due_date=row["due_date"],
        currency=row["currency"],
        exchange_rate=row["exchange_rate"],
        prices_include_vat=row["prices_include_vat"],
        lpo_number=row["lpo_number"],
        destination_country=row["destination_country"],
        principal_id=row["principal_id"],
        reference=row["reference"],
        notes=row["notes"],
        branch_id=row["branch_id"],
    )
    return Invoice(
        id=row["id"],
        status=row["status"],
        header=header,
        lines=tuple(
            DocumentLine(
                description=line["description"],
                quantity=line["quantity"],
                unit_price=line["unit_price"],
                tax_category=TaxCategory(line["tax_category"]),
                income_account_id=line["income_account_id"],
                discount_rate=line["discount_rate"],
                levy=Levy(line["levy"]) if line["levy"] else None,
                rrp=line["rrp"],
                item_id=line["item_id"],
            )
            for line in lines
        ),
        number=row["number"],
        total_taxable=row["total_taxable"],
        total_tax=row["total_tax"],
        total_amount=row["total_amount"],
        amount_due=row["amount_due"],
        amount_paid=row["amount_paid"],
        amount_credited=row["amount_credited"],
        amount_debited=row["amount_debited"],
        journal_entry_id=row["journal_entry_id"],
        issued_at=row["issued_at"],
        sent_at=row["sent_at"],
    )


def get_invoice(uow: UnitOfWork, invoice_id: UUID, *, for_update: bool = False) -> Invoice | None:
    """The invoice with its lines, or None."""
    lock = "FOR UPDATE" if for_update else ""
    row = uow.fetch_one(f"SELECT {_COLUMNS} FROM invoices WHERE id = %(id)s {lock}", {"id": invoice_id})
    if row is None:
        return None
    lines = uow.fetch_all(
        f"SELECT {_LINE_COLUMNS} FROM invoice_lines WHERE invoice_id = %(id)s ORDER BY line_number",
        {"id": invoice_id},
    )
    return _invoice(row, lines)


def mark_issued(
    uow: UnitOfWork,
    invoice_id: UUID,
    *,
    number: str,
    sequence_number: int,
    journal_entry_id: UUID,
    issued_by: UUID,
    issued_at: datetime,
) -> None:
    """Record that the draft was issued as `number` and posted as `journal_entry_id`."""
    uow.execute(
        """
        UPDATE invoices
        SET status = 'issued', number = %(number)s, sequence_number = %(sequence)s,
            journal_entry_id = %(entry)s, issued_by = %(issued_by)s, issued_at = %(issued_at)s, updated_at = now()
        WHERE id = %(id)s AND status = 'draft'
        """,
        {
            "id": invoice_id,
            "number": number,
            "sequence": sequence_number,
            "entry": journal_entry_id,
            "issued_by": issued_by,
            "issued_at": issued_at,
        },
    )


def mark_void(uow: UnitOfWork, invoice_id: UUID, voided_at: datetime) -> None:
    """Void a draft."""
    uow.execute(
        "UPDATE invoices SET status = 'void', voided_at = %(at)s, updated_at = now() WHERE id = %(id)s",
        {"id": invoice_id, "at": voided_at},
    )


_STATUS_FILTERS = {
    "draft": "status = 'draft'",
    "void": "status = 'void'",
    "issued": "status = 'issued'",
    "paid": "status = 'issued' AND amount_paid + amount_credited >= amount_due + amount_debited",
    "unpaid": "status = 'issued' AND amount_paid + amount_credited < amount_due + amount_debited",
    "partially_paid": (
        "status = 'issued' AND amount_paid + amount_credited BETWEEN 0.01 AND amount_due + amount_debited - 0.01"
    ),
    "overdue": (
        "status = 'issued' AND amount_paid + amount_credited < amount_due + amount_debited AND due_date < %(today)s"
    ),
}
"""The status filters a listing accepts (derived statuses are conditions on stored columns)."""


def list_invoices(
    uow: UnitOfWork,
    *,
    status: str | None,
    customer_id: UUID | None,
    search: str | None,
    today: date,
    after: tuple[date, UUID] | None,
    limit: int,
) -> list[Invoice]:
    """Up to `limit` invoices, newest issue date first, after the keyset position `after`."""
    condition = _STATUS_FILTERS[status] if status else "true"
    rows = uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM invoices i
        WHERE {condition}
          AND (%(customer_id)s::uuid IS NULL OR customer_id = %(customer_id)s)
          AND (%(search)s::text IS NULL OR number ILIKE '%%' || %(search)s || '%%'
               OR reference ILIKE '%%' || %(search)s || '%%'
               OR EXISTS (SELECT 1 FROM customers c WHERE c.id = i.customer_id
                          AND c.name ILIKE '%%' || %(search)s || '%%'))
          AND (%(after_date)s::date IS NULL OR (issue_date, id) < (%(after_date)s, %(after_id)s))
        ORDER BY issue_date DESC, id DESC
        LIMIT %(limit)s
        """,
        {
            "customer_id": customer_id,
            "search": search,
            "today": today,
            "after_date": after[0] if after else None,
            "after_id": after[1] if after else None,
            "limit": limit,
        },
    )
    return [_invoice(row, []) for row in rows]


def next_number(uow: UnitOfWork, document_type: str) -> int:
    """The next number of `document_type`, taken under a row lock held until the transaction
    ends: concurrent issues wait, and a rolled-back issue gives its number back (gapless)."""
    row = uow.fetch_one(
        """
        INSERT INTO number_sequences (document_type, last_number) VALUES (%(type)s, 1)
        ON CONFLICT (document_type) DO UPDATE SET last_number = number_sequences.last_number + 1
        RETURNING last_number
        """,
        {"type": document_type},
    )
    assert row is not None
    return int(row["last_number"])


def setting(uow: UnitOfWork, key: str) -> object | None:
    """One of the organization's settings (`sales.invoice_number_format`, ...), or None."""
    row = uow.fetch_one("SELECT value FROM organization_settings WHERE key = %(key)s", {"key": key})
    return row["value"] if row else None


def issued_invoices_of_customer(uow: UnitOfWork, customer_id: UUID) -> list[Invoice]:
    """Every issued invoice of the customer (without lines), oldest first."""
    rows = uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM invoices
        WHERE customer_id = %(id)s AND status = 'issued'
        ORDER BY issue_date, sequence_number
        """,
        {"id": customer_id},
    )
    return [_invoice(row, []) for row in rows]


def mark_sent(uow: UnitOfWork, invoice_id: UUID, sent_at: datetime) -> None:
    """Record when the invoice was (last) sent to the customer."""
    uow.execute(
        "UPDATE invoices SET sent_at = %(at)s, updated_at = now() WHERE id = %(id)s", {"id": invoice_id, "at": sent_at}
    )


def set_setting(uow: UnitOfWork, key: str, value: object) -> None:
    """Write one of the organization's `sales.*` settings."""
    uow.execute(
        """
        INSERT INTO organization_settings (key, value) VALUES (%(key)s, %(value)s)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()
        """,
        {"key": key, "value": json.dumps(value)},
    )
