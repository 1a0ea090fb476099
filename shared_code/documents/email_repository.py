"""SQL of the e-mails of documents and their delivery status."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from shared_code.documents.model import DocumentEmail, DocumentKind, EmailStatus
from shared_code.platform.db import Row, UnitOfWork

_COLUMNS = """id, document_type, document_id, recipient, subject, message, attachment, status, attempts,
              last_error, queued_by, queued_at, sent_at"""


def _email(row: Row) -> DocumentEmail:
    return DocumentEmail(
        **{**row, "document_type": DocumentKind(row["document_type"]), "status": EmailStatus(row["status"])}
    )


def insert_email(uow: UnitOfWork, email: DocumentEmail) -> None:
    """Record a queued e-mail."""
    uow.execute(
        """
        INSERT INTO document_emails (id, document_type, document_id, recipient, subject, message, attachment,
                                     status, attempts, queued_by, queued_at, updated_at)
        VALUES (%(id)s, %(type)s, %(document)s, %(recipient)s, %(subject)s, %(message)s, %(attachment)s,
                %(status)s, 0, %(by)s, %(at)s, %(at)s)
        """,
        {
            "id": email.id,
            "type": email.document_type.value,
            "document": email.document_id,
            "recipient": email.recipient,
            "subject": email.subject,
            "message": email.message,
            "attachment": email.attachment,
            "status": email.status.value,
            "by": email.queued_by,
            "at": email.queued_at,
        },
    )


def get_email(uow: UnitOfWork, email_id: UUID, *, for_update: bool = False) -> DocumentEmail | None:
    """One e-mail, locked against a concurrent delivery if `for_update`."""
    row = uow.fetch_one(
        f"SELECT {_COLUMNS} FROM document_emails WHERE id = %(id)s" + (" FOR UPDATE" if for_update else ""),
        {"id": email_id},
    )
    return _email(row) if row else None


def emails_of(uow: UnitOfWork, kind: DocumentKind, document_id: UUID) -> list[DocumentEmail]:
    """Every e-mail of a document, newest first."""
    rows = uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM document_emails
        WHERE document_type = %(type)s AND document_id = %(document)s
        ORDER BY queued_at DESC, id DESC
        """,
        {"type": kind.value, "document": document_id},
    )
    return [_email(row) for row in rows]


def mark_sent(uow: UnitOfWork, email_id: UUID, *, smtp_message_id: str, at: datetime) -> None:
    """The mail server took it."""
    uow.execute(
        """
        UPDATE document_emails
        SET status = 'sent', attempts = attempts + 1, message_id = %(mid)s, sent_at = %(at)s, updated_at = %(at)s
        WHERE id = %(id)s
        """,
        {"id": email_id, "mid": smtp_message_id, "at": at},
    )


def record_failure(uow: UnitOfWork, email_id: UUID, *, reason: str, final: bool, at: datetime) -> None:
    """An attempt failed: still queued (it will be retried) unless `final`."""
    uow.execute(
        """
        UPDATE document_emails
        SET status = CASE WHEN %(final)s THEN 'failed' ELSE status END,
            attempts = attempts + 1, last_error = %(reason)s, updated_at = %(at)s
        WHERE id = %(id)s AND status = 'queued'
        """,
        {"id": email_id, "reason": reason[:2000], "final": final, "at": at},
    )
