"""SQL for sign-offs of statement sets."""

from __future__ import annotations

from datetime import date
from typing import Any

from psycopg.types.json import Jsonb

from shared_code.platform.db import UnitOfWork
from shared_code.reporting.model import SignOff, SignOffStatus, StatementKind

_COLUMNS = """id, date_from, date_to, status, layout_versions, ledger_entry_number, ledger_hash, note,
               signed_by, signed_at"""


def insert_sign_off(uow: UnitOfWork, sign_off: SignOff, idempotency_key: str | None = None) -> bool:
    """Record a sign-off (permanent: the table refuses updates and deletes); False, and
    nothing recorded, if another was recorded with `idempotency_key` meanwhile."""
    cursor = uow.execute(
        """
        INSERT INTO report_sign_offs (id, date_from, date_to, status, layout_versions, ledger_entry_number,
                                      ledger_hash, note, signed_by, signed_at, idempotency_key)
        VALUES (%(id)s, %(date_from)s, %(date_to)s, %(status)s, %(layouts)s, %(number)s, %(hash)s, %(note)s,
                %(by)s, %(at)s, %(key)s)
        ON CONFLICT (idempotency_key) DO NOTHING
        """,
        {
            "id": sign_off.id,
            "date_from": sign_off.date_from,
            "date_to": sign_off.date_to,
            "status": sign_off.status.value,
            "layouts": Jsonb({kind.value: reference for kind, reference in sign_off.layout_versions.items()}),
            "number": sign_off.ledger_entry_number,
            "hash": sign_off.ledger_hash,
            "note": sign_off.note,
            "by": sign_off.signed_by,
            "at": sign_off.signed_at,
            "key": idempotency_key,
        },
    )
    return cursor.rowcount == 1


def sign_off_for_key(uow: UnitOfWork, idempotency_key: str) -> SignOff | None:
    """The sign-off recorded with `idempotency_key`, if any."""
    row = uow.fetch_one(
        f"SELECT {_COLUMNS} FROM report_sign_offs WHERE idempotency_key = %(key)s", {"key": idempotency_key}
    )
    return _sign_off(row) if row else None


def list_sign_offs(uow: UnitOfWork, date_from: date | None, date_to: date | None) -> list[SignOff]:
    """Sign-offs, newest first, of periods overlapping `date_from`..`date_to` if given."""
    rows = uow.fetch_all(
        f"""
        SELECT {_COLUMNS}
        FROM report_sign_offs
        WHERE (%(date_to)s::date IS NULL OR date_from <= %(date_to)s)
          AND (%(date_from)s::date IS NULL OR date_to >= %(date_from)s)
        ORDER BY signed_at DESC, id
        LIMIT 500
        """,
        {"date_from": date_from, "date_to": date_to},
    )
    return [_sign_off(row) for row in rows]


def _sign_off(row: dict[str, Any]) -> SignOff:
    return SignOff(
        id=row["id"],
        date_from=row["date_from"],
        date_to=row["date_to"],
        status=SignOffStatus(row["status"]),
        layout_versions={StatementKind(k): str(v) for k, v in row["layout_versions"].items()},
        ledger_entry_number=row["ledger_entry_number"],
        ledger_hash=row["ledger_hash"],
        note=row["note"],
        signed_by=row["signed_by"],
        signed_at=row["signed_at"],
    )
