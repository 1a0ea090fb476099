"""SQL for expenses and bills, their lines and the purchase number sequences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.platform.db import Row, UnitOfWork
from shared_code.purchases.model import (
    Evidence,
    LineAmounts,
    Purchase,
    PurchaseHeader,
    PurchaseKind,
    PurchaseLine,
    PurchasePaymentMethod,
    PurchaseStatus,
    SupplyKind,
    VatTreatment,
)
from shared_code.purchases.posting import PurchaseAmounts
from shared_code.sales.tax import DocumentTax

_COLUMNS = """id, kind, status, number, supplier_id, document_date, due_date, supplier_reference, payment_method,
    paid_from_account_id, paid_by_user_id, prices_include_vat, supply_kind, zra_receipt_number, sdc_id, zra_qr,
    customs_entry_number, import_vat, claim_input_vat, notes, total_taxable, total_vat, total_amount,
    input_vat_claimable, vat_cost, reverse_charge_vat, vat_reason, amount_due, amount_paid, amount_credited,
    journal_entry_id, reversal_entry_id, reimbursement_entry_id, created_by, submitted_by, approved_by,
    rejection_reason"""
_LINE_COLUMNS = """purchase_id, line_number, category_id, account_id, description, quantity, unit_price, stated_vat,
    treatment, claimable_share, tax_category, vat_rate, total_amount, taxable_amount, vat_amount"""


@dataclass(frozen=True)
class Totals:
    """What a purchase came to, as stored beside it."""

    tax: DocumentTax
    """The engine's amounts."""
    amounts: PurchaseAmounts
    """What it posts."""
    vat_reason: str | None
    """Why its VAT is not claimed."""


def _params(header: PurchaseHeader, totals: Totals) -> dict[str, object]:
    evidence = header.evidence
    return {
        "kind": header.kind.value,
        "supplier_id": header.supplier_id,
        "document_date": header.document_date,
        "due_date": header.due_date,
        "supplier_reference": header.supplier_reference,
        "payment_method": header.payment_method.value if header.payment_method else None,
        "paid_from_account_id": header.paid_from_account_id,
        "paid_by_user_id": header.paid_by_user_id,
        "prices_include_vat": header.prices_include_vat,
        "supply_kind": header.supply_kind.value,
        "zra_receipt_number": evidence.zra_receipt_number,
        "sdc_id": evidence.sdc_id,
        "zra_qr": evidence.zra_qr,
        "customs_entry_number": evidence.customs_entry_number,
        "import_vat": header.import_vat,
        "claim_input_vat": header.claim_input_vat,
        "notes": header.notes,
        "total_taxable": totals.tax.total_taxable,
        "total_vat": totals.tax.total_tax,
        "total_amount": totals.tax.total_amount,
        "input_vat_claimable": totals.amounts.input_vat,
        "vat_cost": totals.amounts.vat_cost,
        "reverse_charge_vat": totals.amounts.reverse_charge_vat,
        "vat_reason": totals.vat_reason,
        "amount_due": totals.amounts.paid,
    }


_WRITTEN = """supplier_id, document_date, due_date, supplier_reference, payment_method, paid_from_account_id,
    paid_by_user_id, prices_include_vat, supply_kind, zra_receipt_number, sdc_id, zra_qr, customs_entry_number,
    import_vat, claim_input_vat, notes, total_taxable, total_vat, total_amount, input_vat_claimable, vat_cost,
    reverse_charge_vat, vat_reason, amount_due"""


def _placeholders(columns: str) -> str:
    return ", ".join(f"%({name.strip()})s" for name in columns.split(","))


def insert_draft(
    uow: UnitOfWork, purchase_id: UUID, header: PurchaseHeader, totals: Totals, *, created_by: UUID, key: str | None
) -> bool:
    """Insert a draft; False (nothing written) if another purchase was made with `key`."""
    cursor = uow.execute(
        f"""
        INSERT INTO purchases (id, kind, status, {_WRITTEN}, idempotency_key, created_by)
        VALUES (%(id)s, %(kind)s, 'draft', {_placeholders(_WRITTEN)}, %(key)s, %(created_by)s)
        ON CONFLICT (idempotency_key) DO NOTHING
        """,
        {**_params(header, totals), "id": purchase_id, "key": key, "created_by": created_by},
    )
    return cursor.rowcount == 1


def purchase_id_for_key(uow: UnitOfWork, key: str) -> UUID | None:
    """The purchase made with the idempotency key `key`, if any."""
    row = uow.fetch_one("SELECT id FROM purchases WHERE idempotency_key = %(key)s", {"key": key})
    return row["id"] if row else None


def update_draft(uow: UnitOfWork, purchase_id: UUID, header: PurchaseHeader, totals: Totals) -> None:
    """Write a purchase's header and totals (a draft's, or an approved one's as posted)."""
    assignments = ", ".join(f"{name.strip()} = %({name.strip()})s" for name in _WRITTEN.split(","))
    uow.execute(
        f"UPDATE purchases SET {assignments}, updated_at = now() WHERE id = %(id)s",
        {**_params(header, totals), "id": purchase_id},
    )


def replace_lines(uow: UnitOfWork, purchase_id: UUID, lines: Sequence[PurchaseLine], tax: DocumentTax) -> None:
    """Make `lines` (with their computed amounts) the purchase's lines."""
    uow.execute("DELETE FROM purchase_lines WHERE purchase_id = %(id)s", {"id": purchase_id})
    with uow.connection.cursor() as cursor:
        cursor.executemany(
            """
            INSERT INTO purchase_lines (purchase_id, line_number, category_id, account_id, description, quantity,
                                        unit_price, stated_vat, tax_category, vat_rate, treatment,
                                        claimable_share, total_amount, taxable_amount, vat_amount)
            VALUES (%(purchase_id)s, %(line_number)s, %(category_id)s, %(account_id)s, %(description)s,
                    %(quantity)s, %(unit_price)s, %(stated_vat)s, %(tax_category)s, %(vat_rate)s, %(treatment)s,
                    %(claimable_share)s, %(total)s, %(taxable)s, %(vat)s)
            """,
            [
                {
                    "purchase_id": purchase_id,
                    "line_number": number,
                    "category_id": line.category_id,
                    "account_id": line.account_id,
                    "description": line.description.strip(),
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                    "stated_vat": line.stated_vat,
                    "tax_category": taxed.category.value,
                    "vat_rate": taxed.vat_rate,
                    "treatment": line.treatment.value,
                    "claimable_share": line.claimable_share,
                    "total": taxed.total_amount,
                    "taxable": taxed.taxable_amount,
                    "vat": taxed.vat_amount,
                }
                for number, (line, taxed) in enumerate(zip(lines, tax.lines, strict=True), start=1)
            ],
        )


def _purchase(row: Row, lines: list[Row]) -> Purchase:
    header = PurchaseHeader(
        kind=PurchaseKind(row["kind"]),
        supplier_id=row["supplier_id"],
        document_date=row["document_date"],
        due_date=row["due_date"],
        prices_include_vat=row["prices_include_vat"],
        supply_kind=SupplyKind(row["supply_kind"]),
        evidence=Evidence(
            zra_receipt_number=row["zra_receipt_number"],
            sdc_id=row["sdc_id"],
            zra_qr=row["zra_qr"],
            customs_entry_number=row["customs_entry_number"],
        ),
        payment_method=PurchasePaymentMethod(row["payment_method"]) if row["payment_method"] else None,
        paid_from_account_id=row["paid_from_account_id"],
        paid_by_user_id=row["paid_by_user_id"],
        import_vat=row["import_vat"],
        claim_input_vat=row["claim_input_vat"],
        supplier_reference=row["supplier_reference"],
        notes=row["notes"],
    )
    return Purchase(
        id=row["id"],
        status=PurchaseStatus(row["status"]),
        header=header,
        lines=tuple(
            PurchaseLine(
                category_id=line["category_id"],
                account_id=line["account_id"],
                description=line["description"],
                quantity=line["quantity"],
                unit_price=line["unit_price"],
                treatment=VatTreatment(line["treatment"]),
                claimable_share=line["claimable_share"],
                stated_vat=line["stated_vat"],
            )
            for line in lines
        ),
        number=row["number"],
        total_taxable=row["total_taxable"],
        total_vat=row["total_vat"],
        total_amount=row["total_amount"],
        input_vat_claimable=row["input_vat_claimable"],
        vat_cost=row["vat_cost"],
        reverse_charge_vat=row["reverse_charge_vat"],
        vat_reason=row["vat_reason"],
        amount_due=row["amount_due"],
        amount_paid=row["amount_paid"],
        amount_credited=row["amount_credited"],
        journal_entry_id=row["journal_entry_id"],
        reversal_entry_id=row["reversal_entry_id"],
        reimbursement_entry_id=row["reimbursement_entry_id"],
        created_by=row["created_by"],
        submitted_by=row["submitted_by"],
        approved_by=row["approved_by"],
        rejection_reason=row["rejection_reason"],
        line_amounts=tuple(
            LineAmounts(
                tax_category=line["tax_category"],
                vat_rate=line["vat_rate"],
                total_amount=line["total_amount"],
                taxable_amount=line["taxable_amount"],
                vat_amount=line["vat_amount"],
            )
            for line in lines
        ),
    )


def get_purchase(uow: UnitOfWork, purchase_id: UUID, *, for_update: bool = False) -> Purchase | None:
    """The purchase with its lines, or None."""
    lock = "FOR UPDATE" if for_update else ""
    row = uow.fetch_one(f"SELECT {_COLUMNS} FROM purchases WHERE id = %(id)s {lock}", {"id": purchase_id})
    if row is None:
        return None
    lines = uow.fetch_all(
        f"SELECT {_LINE_COLUMNS} FROM purchase_lines WHERE purchase_id = %(id)s ORDER BY line_number",
        {"id": purchase_id},
    )
    return _purchase(row, lines)


def purchases_by_ids(
    uow: UnitOfWork, purchase_ids: Sequence[UUID], *, for_update: bool = False
) -> dict[UUID, Purchase]:
    """The purchases among `purchase_ids` (without lines), by id; locked in id order if `for_update`."""
    if not purchase_ids:
        return {}
    lock = "FOR UPDATE" if for_update else ""
    rows = uow.fetch_all(
        f"SELECT {_COLUMNS} FROM purchases WHERE id = ANY(%(ids)s) ORDER BY id {lock}", {"ids": list(purchase_ids)}
    )
    return {row["id"]: _purchase(row, []) for row in rows}


def set_status(uow: UnitOfWork, purchase_id: UUID, status: PurchaseStatus, **changes: object) -> None:
    """Move a purchase to `status`, recording who did it and when (`submitted_by`, `approved_at`, ...)."""
    allowed = {
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "posted_by",
        "posted_at",
        "voided_at",
        "number",
        "sequence_number",
        "journal_entry_id",
        "reversal_entry_id",
        "rejection_reason",
    }
    if set(changes) - allowed:
        raise ValueError(f"not a status column: {sorted(set(changes) - allowed)}")
    assignments = "".join(f", {name} = %({name})s" for name in sorted(changes))
    uow.execute(
        f"UPDATE purchases SET status = %(status)s{assignments}, updated_at = now() WHERE id = %(id)s",
        {**changes, "status": status.value, "id": purchase_id},
    )


def mark_reimbursed(uow: UnitOfWork, purchase_id: UUID, entry_id: UUID) -> None:
    """Record the entry that paid the staff member back."""
    uow.execute(
        "UPDATE purchases SET reimbursement_entry_id = %(entry)s, updated_at = now() WHERE id = %(id)s",
        {"id": purchase_id, "entry": entry_id},
    )


def add_settled(uow: UnitOfWork, bill_id: UUID, *, paid: Decimal = Decimal(0), credited: Decimal = Decimal(0)) -> None:
    """Add to what was paid and credited on a bill."""
    uow.execute(
        """
        UPDATE purchases SET amount_paid = amount_paid + %(paid)s, amount_credited = amount_credited + %(credited)s,
                             updated_at = now()
        WHERE id = %(id)s
        """,
        {"id": bill_id, "paid": paid, "credited": credited},
    )


def delete_draft(uow: UnitOfWork, purchase_id: UUID) -> None:
    """Delete a draft and its lines."""
    uow.execute("DELETE FROM purchases WHERE id = %(id)s AND status = 'draft'", {"id": purchase_id})


def next_number(uow: UnitOfWork, document_type: str) -> int:
    """The next number of `document_type` (`expense`, `bill`, ...), under a row lock held until the
    transaction ends: gapless, like sales' numbers."""
    row = uow.fetch_one(
        """
        INSERT INTO purchase_number_sequences (document_type, last_number) VALUES (%(type)s, 1)
        ON CONFLICT (document_type) DO UPDATE SET last_number = purchase_number_sequences.last_number + 1
        RETURNING last_number
        """,
        {"type": document_type},
    )
    assert row is not None
    return int(row["last_number"])


@dataclass(frozen=True)
class PurchaseFilter:
    """What a listing keeps."""

    kind: PurchaseKind
    status: str | None = None
    """A stored status, or `unpaid`, `partly_paid`, `paid` (posted bills by what is settled)."""
    supplier_id: UUID | None = None
    category_id: UUID | None = None
    date_from: date | None = None
    date_to: date | None = None
    claimable_vat: bool | None = None
    """True: only those claiming input VAT; False: only those claiming none."""
    has_receipt: bool | None = None
    """True: only those with a receipt kept; False: only those without one."""
    search: str | None = None
    """Matches the start of the number or of the supplier's reference, in any case."""


def _prefix(search: str | None) -> str | None:
    """`search` lower-cased with LIKE's wildcards escaped, so it matches only as a prefix."""
    if search is None:
        return None
    return search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_purchases(
    uow: UnitOfWork, where: PurchaseFilter, *, after: tuple[date, UUID] | None, limit: int
) -> list[Purchase]:
    """Up to `limit` purchases (without lines), newest first, after the keyset position `after`."""
    rows = uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM purchases p
        WHERE kind = %(kind)s
          AND (%(status)s::text IS NULL
               OR (%(status)s IN ('draft', 'submitted', 'approved', 'posted', 'void') AND status = %(status)s)
               OR (%(status)s = 'unpaid' AND status = 'posted' AND amount_paid + amount_credited < amount_due)
               OR (%(status)s = 'partly_paid' AND status = 'posted' AND amount_paid + amount_credited > 0
                   AND amount_paid + amount_credited < amount_due)
               OR (%(status)s = 'paid' AND status = 'posted' AND amount_paid + amount_credited >= amount_due))
          AND (%(supplier_id)s::uuid IS NULL OR supplier_id = %(supplier_id)s)
          AND (%(category_id)s::uuid IS NULL
               OR EXISTS (SELECT 1 FROM purchase_lines l
                          WHERE l.purchase_id = p.id AND l.category_id = %(category_id)s))
          AND (%(date_from)s::date IS NULL OR document_date >= %(date_from)s)
          AND (%(date_to)s::date IS NULL OR document_date <= %(date_to)s)
          AND (%(claimable)s::boolean IS NULL OR (input_vat_claimable > 0) = %(claimable)s)
          AND (%(has_receipt)s::boolean IS NULL
               OR EXISTS (SELECT 1 FROM receipts r WHERE r.purchase_id = p.id) = %(has_receipt)s)
          AND (%(search)s::text IS NULL OR lower(number) LIKE %(search)s || '%%'
               OR lower(supplier_reference) LIKE %(search)s || '%%')
          AND (%(after_date)s::date IS NULL OR (document_date, id) < (%(after_date)s, %(after_id)s))
        ORDER BY document_date DESC, id DESC
        LIMIT %(limit)s
        """,
        {
            "kind": where.kind.value,
            "status": where.status,
            "supplier_id": where.supplier_id,
            "category_id": where.category_id,
            "date_from": where.date_from,
            "date_to": where.date_to,
            "claimable": where.claimable_vat,
            "has_receipt": where.has_receipt,
            "search": _prefix(where.search),
            "after_date": after[0] if after else None,
            "after_id": after[1] if after else None,
            "limit": limit,
        },
    )
    return [_purchase(row, []) for row in rows]


def posted_bills(uow: UnitOfWork, supplier_id: UUID | None = None) -> list[Purchase]:
    """Posted bills (without lines), of one supplier or all, oldest first."""
    rows = uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM purchases
        WHERE kind = 'bill' AND status = 'posted' AND (%(supplier)s::uuid IS NULL OR supplier_id = %(supplier)s)
        ORDER BY document_date, number
        """,
        {"supplier": supplier_id},
    )
    return [_purchase(row, []) for row in rows]
