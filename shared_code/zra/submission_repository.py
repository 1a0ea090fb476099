"""SQL for fiscalisation: the submissions waiting for or given a ZRA receipt, and the per-branch lease."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from shared_code.platform.db import UnitOfWork


@dataclass(frozen=True)
class Submission:
    """One document on its way to (or through) the VSDC."""

    id: UUID
    position: int
    """Its place in the branch's order: documents go in the order they were issued."""
    document_type: str
    """`invoice`, `credit_note` or `debit_note`."""
    document_id: UUID
    document_number: str
    """Our number, sent as `cisInvcNo`."""
    branch_id: str
    submitted_by: UUID
    """Who issued the document (the request's `regrId`)."""
    status: str
    """`pending`, `fiscalised` or `rejected` (the VSDC refused its content)."""
    request: str | None
    """The exact JSON text sent, stored before the first attempt."""
    attempts: int
    next_attempt_at: datetime
    last_result_code: str | None
    last_error: str | None
    receipt: dict[str, Any] | None
    """The VSDC's answer: `rcptNo`, `sdcId`, `intrlData`, `rcptSign`, `vsdcRcptPbctDate`, `qrCodeUrl` ..."""
    fiscalised_at: datetime | None


_COLUMNS = """id, position, document_type, document_id, document_number, branch_id, submitted_by, status, request,
    attempts, next_attempt_at, last_result_code, last_error, receipt, fiscalised_at"""


def insert(
    uow: UnitOfWork,
    *,
    submission_id: UUID,
    document_type: str,
    document_id: UUID,
    document_number: str,
    branch_id: str,
    submitted_by: UUID,
) -> bool:
    """Add a document to its branch's queue; False if it is already there."""
    row = uow.fetch_one(
        """
        INSERT INTO zra_submissions (id, document_type, document_id, document_number, branch_id, submitted_by)
        VALUES (%(id)s, %(type)s, %(document)s, %(number)s, %(branch)s, %(by)s)
        ON CONFLICT (document_type, document_id) DO NOTHING RETURNING id
        """,
        {
            "id": submission_id,
            "type": document_type,
            "document": document_id,
            "number": document_number,
            "branch": branch_id,
            "by": submitted_by,
        },
    )
    return row is not None


def branch_of_document(uow: UnitOfWork, document_type: str, document_id: UUID) -> str | None:
    """The branch a document is issued from: an invoice's own; a note's, its invoice's (the branch
    that fiscalised it); None when the invoice names none."""
    if document_type == "invoice":
        row = uow.fetch_one("SELECT branch_id FROM invoices WHERE id = %(id)s", {"id": document_id})
        return row["branch_id"] if row else None
    table = "credit_notes" if document_type == "credit_note" else "debit_notes"
    row = uow.fetch_one(
        f"""
        SELECT coalesce(s.branch_id, i.branch_id) AS branch_id FROM {table} n
        JOIN invoices i ON i.id = n.invoice_id
        LEFT JOIN zra_submissions s ON s.document_type = 'invoice' AND s.document_id = n.invoice_id
        WHERE n.id = %(id)s
        """,
        {"id": document_id},
    )
    return row["branch_id"] if row else None


def of_document(uow: UnitOfWork, document_type: str, document_id: UUID) -> Submission | None:
    """The submission of a document, if it was queued."""
    row = uow.fetch_one(
        f"SELECT {_COLUMNS} FROM zra_submissions WHERE document_type = %(type)s AND document_id = %(id)s",
        {"type": document_type, "id": document_id},
    )
    return Submission(**row) if row else None


def of_documents(uow: UnitOfWork, document_type: str, document_ids: list[UUID]) -> dict[UUID, Submission]:
    """The submissions of several documents of one type (one read), by document."""
    rows = uow.fetch_all(
        f"SELECT {_COLUMNS} FROM zra_submissions WHERE document_type = %(type)s AND document_id = ANY(%(ids)s)",
        {"type": document_type, "ids": document_ids},
    )
    return {row["document_id"]: Submission(**row) for row in rows}


def head_of_branch(uow: UnitOfWork, branch_id: str) -> Submission | None:
    """The oldest pending submission of the branch, locked: the next one to send."""
    row = uow.fetch_one(
        f"""
        SELECT {_COLUMNS} FROM zra_submissions
        WHERE branch_id = %(branch)s AND status = 'pending'
        ORDER BY position LIMIT 1 FOR UPDATE
        """,
        {"branch": branch_id},
    )
    return Submission(**row) if row else None


def branches_due(uow: UnitOfWork, now: datetime) -> list[str]:
    """Initialised branches whose next submission may be tried now."""
    rows = uow.fetch_all(
        """
        SELECT DISTINCT ON (s.branch_id) s.branch_id, s.next_attempt_at
        FROM zra_submissions s JOIN zra_devices d ON d.branch_id = s.branch_id AND d.sdc_id IS NOT NULL
        WHERE s.status = 'pending' ORDER BY s.branch_id, s.position
        """,
        {},
    )
    return [row["branch_id"] for row in rows if row["next_attempt_at"] <= now]


def list_submissions(uow: UnitOfWork, *, status: str | None, before: int | None, limit: int) -> list[Submission]:
    """Submissions newest first (by position), optionally of one status, before position `before`."""
    rows = uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM zra_submissions
        WHERE (%(status)s::text IS NULL OR status = %(status)s)
          AND (%(before)s::bigint IS NULL OR position < %(before)s)
        ORDER BY position DESC LIMIT %(limit)s
        """,
        {"status": status, "before": before, "limit": limit},
    )
    return [Submission(**row) for row in rows]


def store_request(uow: UnitOfWork, submission_id: UUID, request: str) -> None:
    """Keep the exact request text; every retry sends it unchanged."""
    uow.execute(
        "UPDATE zra_submissions SET request = %(request)s WHERE id = %(id)s", {"request": request, "id": submission_id}
    )


def mark_fiscalised(uow: UnitOfWork, submission_id: UUID, receipt: dict[str, Any], *, code: str, at: datetime) -> None:
    """The VSDC signed it: keep the receipt."""
    uow.execute(
        """
        UPDATE zra_submissions SET status = 'fiscalised', receipt = %(receipt)s, fiscalised_at = %(at)s,
            attempts = attempts + 1, last_result_code = %(code)s, last_error = NULL
        WHERE id = %(id)s
        """,
        {"receipt": Jsonb(receipt), "at": at, "code": code, "id": submission_id},
    )


def mark_retry(
    uow: UnitOfWork, submission_id: UUID, *, code: str | None, error: str, next_attempt_at: datetime
) -> None:
    """No answer, or ZRA unreachable from the VSDC: try the same request again later."""
    uow.execute(
        """
        UPDATE zra_submissions SET attempts = attempts + 1, last_result_code = %(code)s, last_error = %(error)s,
            next_attempt_at = %(next)s
        WHERE id = %(id)s
        """,
        {"code": code, "error": error[:1000], "next": next_attempt_at, "id": submission_id},
    )


def mark_rejected(uow: UnitOfWork, submission_id: UUID, *, code: str, error: str) -> None:
    """The VSDC refused the content: nothing was recorded, so the request may be rebuilt once fixed."""
    uow.execute(
        """
        UPDATE zra_submissions SET status = 'rejected', attempts = attempts + 1, last_result_code = %(code)s,
            last_error = %(error)s, request = NULL
        WHERE id = %(id)s
        """,
        {"code": code, "error": error[:1000], "id": submission_id},
    )


def requeue(uow: UnitOfWork, submission_id: UUID, now: datetime) -> bool:
    """Put a rejected submission back in its branch's queue (after its cause was fixed), as new:
    its earlier attempts stay in the integration log."""
    row = uow.fetch_one(
        """
        UPDATE zra_submissions SET status = 'pending', next_attempt_at = %(now)s, attempts = 0,
            last_result_code = NULL, last_error = NULL
        WHERE id = %(id)s AND status = 'rejected' RETURNING id
        """,
        {"id": submission_id, "now": now},
    )
    return row is not None


def take_lease(uow: UnitOfWork, branch_id: str, holder: UUID, now: datetime, seconds: int) -> bool:
    """Become the branch's only sender until `now + seconds`; False if another holds it."""
    uow.execute(
        "INSERT INTO zra_branch_leases (branch_id) VALUES (%(branch)s) ON CONFLICT DO NOTHING", {"branch": branch_id}
    )
    row = uow.fetch_one(
        """
        UPDATE zra_branch_leases SET holder = %(holder)s, leased_until = %(until)s
        WHERE branch_id = %(branch)s AND (leased_until < %(now)s OR holder = %(holder)s) RETURNING branch_id
        """,
        {"branch": branch_id, "holder": holder, "now": now, "until": now + timedelta(seconds=seconds)},
    )
    return row is not None


def release_lease(uow: UnitOfWork, branch_id: str, holder: UUID) -> None:
    """Give the branch back."""
    uow.execute(
        """
        UPDATE zra_branch_leases SET holder = NULL, leased_until = '-infinity'
        WHERE branch_id = %(branch)s AND holder = %(holder)s
        """,
        {"branch": branch_id, "holder": holder},
    )
