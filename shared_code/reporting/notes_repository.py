"""SQL for the statements' notes page."""

from __future__ import annotations

from shared_code.platform.db import UnitOfWork
from shared_code.reporting.model import Framework, Notes


def insert_notes(uow: UnitOfWork, notes: Notes) -> None:
    """Save a new version of the notes."""
    uow.execute(
        """
        INSERT INTO report_notes (id, basis_of_preparation, framework, policies, saved_by, saved_at)
        VALUES (%(id)s, %(basis)s, %(framework)s, %(policies)s, %(by)s, %(at)s)
        """,
        {
            "id": notes.id,
            "basis": notes.basis_of_preparation,
            "framework": notes.framework.value,
            "policies": notes.policies,
            "by": notes.saved_by,
            "at": notes.saved_at,
        },
    )


def latest_notes(uow: UnitOfWork) -> Notes | None:
    """The newest saved notes, or None if none were saved."""
    row = uow.fetch_one(
        """
        SELECT id, basis_of_preparation, framework, policies, saved_by, saved_at
        FROM report_notes ORDER BY saved_at DESC, id DESC LIMIT 1
        """
    )
    if row is None:
        return None
    return Notes(
        id=row["id"],
        basis_of_preparation=row["basis_of_preparation"],
        framework=Framework(row["framework"]),
        policies=row["policies"],
        saved_by=row["saved_by"],
        saved_at=row["saved_at"],
    )
