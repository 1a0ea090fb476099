"""SQL for the spending report, inside the caller's tenant unit of work."""

from __future__ import annotations

from datetime import date

from shared_code.platform.db import Row, UnitOfWork

# Posted expenses and bills only (a voided one was reversed; drafts are not spending yet).
_IN_PERIOD = "p.status = 'posted' AND p.document_date BETWEEN %(date_from)s AND %(date_to)s"


def by_category(uow: UnitOfWork, date_from: date, date_to: date) -> list[Row]:
    """Per category: documents, net (without VAT), VAT and total of the period's lines."""
    return uow.fetch_all(
        f"""
        SELECT l.category_id AS key_id, c.name, count(DISTINCT p.id) AS documents,
               sum(l.total_amount - l.vat_amount) AS net, sum(l.vat_amount) AS vat, sum(l.total_amount) AS total
        FROM purchase_lines l
        JOIN purchases p ON p.id = l.purchase_id
        JOIN expense_categories c ON c.id = l.category_id
        WHERE {_IN_PERIOD}
        GROUP BY l.category_id, c.name
        """,
        {"date_from": date_from, "date_to": date_to},
    )


def by_supplier(uow: UnitOfWork, date_from: date, date_to: date) -> list[Row]:
    """Per supplier (NULL for expenses without one): documents, net, VAT and total."""
    return uow.fetch_all(
        f"""
        SELECT p.supplier_id AS key_id, s.name, count(*) AS documents,
               sum(p.total_amount - p.total_vat) AS net, sum(p.total_vat) AS vat, sum(p.total_amount) AS total
        FROM purchases p
        LEFT JOIN suppliers s ON s.id = p.supplier_id
        WHERE {_IN_PERIOD}
        GROUP BY p.supplier_id, s.name
        """,
        {"date_from": date_from, "date_to": date_to},
    )
