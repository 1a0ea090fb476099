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
from typing import TYPE_CHECKING, Any
from uuid import UUID

from psycopg import sql

from shared_code.platform.db import tenant_schema_name

if TYPE_CHECKING:
    from shared_code.bootstrap import Services

_PLATFORM_QUERIES = {
    "profile": "SELECT * FROM platform.organization_profiles WHERE organization_id = %(org)s",
    "organization": "SELECT id, name, status, require_mfa, created_at FROM platform.organizations WHERE id = %(org)s",
    "members": """
        SELECT u.id AS user_id, u.email, u.full_name, m.role, m.status, m.created_at
        FROM platform.memberships m JOIN platform.users u ON u.id = m.user_id WHERE m.organization_id = %(org)s
    """,
    "custom_roles": "SELECT key, name, description, inherits, permissions FROM platform.custom_roles "
    "WHERE organization_id = %(org)s",
    "invitations": "SELECT id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at "
    "FROM platform.invitations WHERE organization_id = %(org)s",
    "security_events": "SELECT id, occurred_at, event_type, user_id, actor_id, ip_address, user_agent, details "
    "FROM platform.security_events WHERE organization_id = %(org)s ORDER BY occurred_at",
}
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


def export_organization(services: Services, organization_id: UUID, *, now: datetime) -> bytes:
    """The zip of everything the organization has (see the module docstring)."""
    buffer = io.BytesIO()
    counts: dict[str, int] = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with services.db.unit_of_work() as uow:
            for name, query in _PLATFORM_QUERIES.items():
                rows = uow.fetch_all(query, {"org": organization_id})
                archive.writestr(f"organization/{name}.json", _dump(rows))
                counts[f"organization/{name}"] = len(rows)
        with services.db.unit_of_work(organization_id) as uow:
            tables = [
                row["table_name"]
                for row in uow.fetch_all(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = %(schema)s "
                    "AND table_type = 'BASE TABLE' ORDER BY table_name",
                    {"schema": tenant_schema_name(organization_id)},
                )
            ]
            for table in tables:
                columns = [
                    row["column_name"]
                    for row in uow.fetch_all(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema = %(schema)s "
                        "AND table_name = %(table)s ORDER BY ordinal_position",
                        {"schema": tenant_schema_name(organization_id), "table": table},
                    )
                    if not row["column_name"].endswith(_SECRET_COLUMN_SUFFIXES)
                ]
                rows = uow.fetch_all(
                    sql.SQL("SELECT {} FROM {}").format(
                        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
                    )
                )
                archive.writestr(f"tables/{table}.json", _dump(rows))
                archive.writestr(f"tables/{table}.csv", _csv(rows, columns))
                counts[f"tables/{table}"] = len(rows)
        files = services.blob.list(f"orgs/{organization_id}/")
        for info in files:
            archive.writestr(
                f"files/{info.name.removeprefix(f'orgs/{organization_id}/')}", services.blob.get(info.name)
            )
        counts["files"] = len(files)
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
