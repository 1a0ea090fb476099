"""Export all of an organization's data: a zip of JSON and CSV, plus its files from Blob.

Layout of the zip:
    manifest.json                 what is inside, when it was made, row counts
    organization/*.json           profile, members, roles, invitations, security events
    tables/<table>.csv|.json      every table of the tenant schema
    files/<blob path>             receipts, invoice PDFs, logo, reports
Secrets never leave: password hashes, token hashes, MFA secrets and integration
credentials are not exported (credential columns are named `*_encrypted`).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from shared_code.identity.memberships import team_export
from shared_code.organizations import repository
from shared_code.platform.db import Transactions
from shared_code.platform.ports import FileStore
from shared_code.platform.tenancy import tenant_table_rows

_SECRET_COLUMN_SUFFIXES = ("_encrypted", "_hash", "password", "secret")


def _json_default(value: object) -> str:
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _dump(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, default=_json_default, indent=2, ensure_ascii=False)


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                json.dumps(row[c], default=_json_default)
                if isinstance(row[c], dict | list)
                else ("" if row[c] is None else str(row[c]))
                for c in columns
            ]
        )
    return out.getvalue()


def export_organization(db: Transactions, files: FileStore, organization_id: UUID, *, now: datetime) -> bytes:
    """The zip of everything the organization has (see the module docstring).

    Each capability gives its own part: the organization's records, identity's team, and
    every table of the tenant schema (whichever capability made it).
    """
    buffer = io.BytesIO()
    counts: dict[str, int] = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with db.unit_of_work() as uow:
            parts = {**repository.organization_export_rows(uow, organization_id), **team_export(uow, organization_id)}
        for name, rows in parts.items():
            archive.writestr(f"organization/{name}.json", _dump(rows))
            counts[f"organization/{name}"] = len(rows)
        with db.unit_of_work(organization_id) as uow:
            for table, columns, rows in tenant_table_rows(uow, exclude_column_suffixes=_SECRET_COLUMN_SUFFIXES):
                archive.writestr(f"tables/{table}.json", _dump(rows))
                archive.writestr(f"tables/{table}.csv", _csv(rows, columns))
                counts[f"tables/{table}"] = len(rows)
        blobs = files.list(f"orgs/{organization_id}/")
        for info in blobs:
            archive.writestr(f"files/{info.name.removeprefix(f'orgs/{organization_id}/')}", files.get(info.name))
        counts["files"] = len(blobs)
        archive.writestr(
            "manifest.json",
            json.dumps(
                {
                    "organization_id": str(organization_id),
                    "generated_at": now.isoformat(),
                    "format": "intellifin-export-1",
                    "counts": counts,
                    "excluded": "password hashes, token hashes, MFA secrets, encrypted integration credentials",
                },
                indent=2,
            ),
        )
    return buffer.getvalue()
