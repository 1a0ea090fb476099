"""SQL for credit notes and what they take off their invoices."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.platform.db import UnitOfWork
from shared_code.sales.tax import DocumentTax


@dataclass(frozen=True)
class CreditNoteRow:
    """A credit note as stored."""

    id: UUID
    """Stable identity."""
    invoice_id: UUID
    """The invoice it credits."""
    number: str
    """Its own document number."""
    issue_date: date
    """Its date (and its entry's)."""
    reason_code: str
    """ZRA's reason code."""
    reason: str
    """Free text."""
    amount: Decimal
    """What it takes off the invoice, to the ngwee."""
    journal_entry_id: UUID
    """The entry that posted it."""


_COLUMNS = "id, invoice_id, number, issue_date, reason_code, reason, amount, journal_entry_id"


def credited_quantities(uow: UnitOfWork, invoice_id: UUID) -> dict[int, Decimal]:
    """Invoice line number → quantity credited so far."""
    rows = uow.fetch_all(
        """
        SELECT l.invoice_line_number, sum(l.quantity) AS quantity
        FROM credit_note_lines l JOIN credit_notes n ON n.id = l.credit_note_id
        WHERE n.invoice_id = %(id)s
        GROUP BY l.invoice_line_number
        """,
        {"id": invoice_id},
    )
    return {row["invoice_line_number"]: row["quantity"] for row in rows}


def credit_note_id_for_key(uow: UnitOfWork, key: str) -> UUID | None:
    """The credit note made with idempotency key `key`, if any."""
    row = uow.fetch_one("SELECT id FROM credit_notes WHERE idempotency_key = %(key)s", {"key": key})
    return row["id"] if row else None


def insert_credit_note(
    uow: UnitOfWork,
    note: CreditNoteRow,
    *,
    sequence_number: int,
    tax: DocumentTax,
    line_numbers: list[int],
    quantities: list[Decimal],
    created_by: UUID,
    key: str | None,
) -> None:
    """Insert a credit note with its lines and add its amount to the invoice's credited total."""
    uow.execute(
        """
        INSERT INTO credit_notes (id, invoice_id, number, sequence_number, issue_date, reason_code, reason,
                                  total_taxable, total_tax, total_amount, amount, tax_buckets, journal_entry_id,
                                  idempotency_key, created_by)
        VALUES (%(id)s, %(invoice_id)s, %(number)s, %(sequence)s, %(issue_date)s, %(reason_code)s, %(reason)s,
                %(taxable)s, %(tax)s, %(total)s, %(amount)s, %(buckets)s, %(entry)s, %(key)s, %(created_by)s)
        """,
        {
            "id": note.id,
            "invoice_id": note.invoice_id,
            "number": note.number,
            "sequence": sequence_number,
            "issue_date": note.issue_date,
            "reason_code": note.reason_code,
            "reason": note.reason,
            "taxable": tax.total_taxable,
            "tax": tax.total_tax,
            "total": tax.total_amount,
            "amount": note.amount,
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
            INSERT INTO credit_note_lines (credit_note_id, line_number, invoice_line_number, quantity, total_amount,
                                           taxable_amount, vat_amount, levy_amount)
            VALUES (%(id)s, %(number)s, %(invoice_line)s, %(quantity)s, %(total)s, %(taxable)s, %(vat)s, %(levy)s)
            """,
            [
                {
                    "id": note.id,
                    "number": number,
                    "invoice_line": invoice_line,
                    "quantity": quantity,
                    "total": taxed.total_amount,
                    "taxable": taxed.taxable_amount,
                    "vat": taxed.vat_amount,
                    "levy": taxed.levy_amount,
                }
                for number, (invoice_line, quantity, taxed) in enumerate(
                    zip(line_numbers, quantities, tax.lines, strict=True), start=1
                )
            ],
        )
    uow.execute(
        "UPDATE invoices SET amount_credited = amount_credited + %(amount)s, updated_at = now() WHERE id = %(id)s",
        {"amount": note.amount, "id": note.invoice_id},
    )


def get_credit_note(uow: UnitOfWork, credit_note_id: UUID) -> CreditNoteRow | None:
    """One credit note, or None."""
    row = uow.fetch_one(f"SELECT {_COLUMNS} FROM credit_notes WHERE id = %(id)s", {"id": credit_note_id})
    return CreditNoteRow(**row) if row else None


def credit_notes_of_customer(uow: UnitOfWork, customer_id: UUID) -> list[CreditNoteRow]:
    """Every credit note against the customer's invoices, oldest first."""
    rows = uow.fetch_all(
        f"""
        SELECT {", ".join("n." + c.strip() for c in _COLUMNS.split(","))}
        FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id
        WHERE i.customer_id = %(id)s
        ORDER BY n.issue_date, n.number
        """,
        {"id": customer_id},
    )
    return [CreditNoteRow(**row) for row in rows]


def list_credit_notes(
    uow: UnitOfWork,
    *,
    invoice_id: UUID | None,
    customer_id: UUID | None,
    after: tuple[date, UUID] | None,
    limit: int,
) -> list[CreditNoteRow]:
    """Up to `limit` credit notes, newest first, of one invoice or customer if given, after `after`."""
    rows = uow.fetch_all(
        f"""
        SELECT {", ".join("n." + c.strip() for c in _COLUMNS.split(","))}
        FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id
        WHERE (%(invoice_id)s::uuid IS NULL OR n.invoice_id = %(invoice_id)s)
          AND (%(customer_id)s::uuid IS NULL OR i.customer_id = %(customer_id)s)
          AND (%(after_date)s::date IS NULL OR (n.issue_date, n.id) < (%(after_date)s, %(after_id)s))
        ORDER BY n.issue_date DESC, n.id DESC
        LIMIT %(limit)s
        """,
        {
            "invoice_id": invoice_id,
            "customer_id": customer_id,
            "after_date": after[0] if after else None,
            "after_id": after[1] if after else None,
            "limit": limit,
        },
    )
    return [CreditNoteRow(**row) for row in rows]


def lines_of(uow: UnitOfWork, credit_note_id: UUID) -> list[tuple[int, Decimal]]:
    """(invoice line number, quantity credited) of each line of the credit note, in order."""
    rows = uow.fetch_all(
        """
        SELECT invoice_line_number, quantity FROM credit_note_lines
        WHERE credit_note_id = %(id)s ORDER BY line_number
        """,
        {"id": credit_note_id},
    )
    return [(row["invoice_line_number"], row["quantity"]) for row in rows]
