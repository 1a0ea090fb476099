"""SQL for debit notes and what they add to their invoices."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.platform.db import UnitOfWork
from shared_code.sales.model import DocumentLine
from shared_code.sales.tax import DocumentTax, Levy, TaxCategory


@dataclass(frozen=True)
class DebitNoteRow:
    """A debit note as stored."""

    id: UUID
    """Stable identity."""
    invoice_id: UUID
    """The invoice it adds to."""
    number: str
    """Its own document number."""
    issue_date: date
    """Its date (and its entry's)."""
    reason_code: str
    """ZRA's reason code."""
    reason: str
    """Free text."""
    amount: Decimal
    """What it adds to the invoice, to the ngwee."""
    journal_entry_id: UUID
    """The entry that posted it."""


_COLUMNS = "id, invoice_id, number, issue_date, reason_code, reason, amount, journal_entry_id"


def debit_note_id_for_key(uow: UnitOfWork, key: str) -> UUID | None:
    """The debit note made with idempotency key `key`, if any."""
    row = uow.fetch_one("SELECT id FROM debit_notes WHERE idempotency_key = %(key)s", {"key": key})
    return row["id"] if row else None


def insert_debit_note(
    uow: UnitOfWork,
    note: DebitNoteRow,
    *,
    sequence_number: int,
    lines: list[DocumentLine],
    tax: DocumentTax,
    created_by: UUID,
    key: str | None,
) -> None:
    """Insert a debit note with its lines and add its amount to the invoice's debited total."""
    uow.execute(
        """
        INSERT INTO debit_notes (id, invoice_id, number, sequence_number, issue_date, reason_code, reason,
                                 total_taxable, total_tax, total_amount, amount, tax_buckets, journal_entry_id,
                                 idempotency_key, created_by)
        VALUES (%(id)s, %(invoice_id)s, %(number)s, %(sequence)s, %(issue_date)s, %(reason_code)s, %(reason)s,
                %(taxable)s, %(tax)s, %(total)s, %(amount)s, %(buckets)s, %(entry)s, %(key)s, %(created_by)s)
        """,
        {
            **note.__dict__,
            "sequence": sequence_number,
            "taxable": tax.total_taxable,
            "tax": tax.total_tax,
            "total": tax.total_amount,
            "buckets": json.dumps(
                [{"code": b.code, "taxable": str(b.taxable_amount), "tax": str(b.tax_amount)} for b in tax.buckets]
            ),
            "entry": note.journal_entry_id,
            "key": key,
            "created_by": created_by,
        },
    )
    with uow.connection.cursor() as cursor:
        cursor.executemany(
            """
            INSERT INTO debit_note_lines (debit_note_id, line_number, item_id, description, quantity, unit_price,
                                          discount_rate, tax_category, levy, income_account_id, total_amount,
                                          taxable_amount, vat_amount, levy_amount)
            VALUES (%(id)s, %(number)s, %(item_id)s, %(description)s, %(quantity)s, %(unit_price)s,
                    %(discount_rate)s, %(tax_category)s, %(levy)s, %(income_account_id)s, %(total)s, %(taxable)s,
                    %(vat)s, %(levy_amount)s)
            """,
            [
                {
                    "id": note.id,
                    "number": number,
                    "item_id": line.item_id,
                    "description": line.description.strip(),
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                    "discount_rate": line.discount_rate,
                    "tax_category": line.tax_category.value,
                    "levy": line.levy.value if line.levy else None,
                    "income_account_id": line.income_account_id,
                    "total": taxed.total_amount,
                    "taxable": taxed.taxable_amount,
                    "vat": taxed.vat_amount,
                    "levy_amount": taxed.levy_amount,
                }
                for number, (line, taxed) in enumerate(zip(lines, tax.lines, strict=True), start=1)
            ],
        )
    uow.execute(
        "UPDATE invoices SET amount_debited = amount_debited + %(amount)s, updated_at = now() WHERE id = %(id)s",
        {"amount": note.amount, "id": note.invoice_id},
    )


def get_debit_note(uow: UnitOfWork, debit_note_id: UUID) -> DebitNoteRow | None:
    """One debit note, or None."""
    row = uow.fetch_one(f"SELECT {_COLUMNS} FROM debit_notes WHERE id = %(id)s", {"id": debit_note_id})
    return DebitNoteRow(**row) if row else None


def debit_notes_of_customer(uow: UnitOfWork, customer_id: UUID) -> list[DebitNoteRow]:
    """Every debit note against the customer's invoices, oldest first."""
    rows = uow.fetch_all(
        f"""
        SELECT {", ".join("n." + c.strip() for c in _COLUMNS.split(","))}
        FROM debit_notes n JOIN invoices i ON i.id = n.invoice_id
        WHERE i.customer_id = %(id)s
        ORDER BY n.issue_date, n.number
        """,
        {"id": customer_id},
    )
    return [DebitNoteRow(**row) for row in rows]


def lines_of(uow: UnitOfWork, debit_note_id: UUID) -> list[DocumentLine]:
    """The note's lines as written, in order (an RRP is not kept on a debit note's line)."""
    rows = uow.fetch_all(
        """
        SELECT description, quantity, unit_price, tax_category, income_account_id, discount_rate, levy, item_id
        FROM debit_note_lines WHERE debit_note_id = %(id)s ORDER BY line_number
        """,
        {"id": debit_note_id},
    )
    return [
        DocumentLine(
            description=row["description"],
            quantity=row["quantity"],
            unit_price=row["unit_price"],
            tax_category=TaxCategory(row["tax_category"]),
            income_account_id=row["income_account_id"],
            discount_rate=row["discount_rate"],
            levy=Levy(row["levy"]) if row["levy"] else None,
            item_id=row["item_id"],
        )
        for row in rows
    ]
