"""SQL for the organization's VSDC devices (one per branch) and the items registered with them."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from shared_code.platform.db import Row, UnitOfWork

_COLUMNS = "branch_id, tpin, connection, updated_at, init_response, sdc_id, mrc_no, initialised_at"


def get_device(uow: UnitOfWork, branch_id: str | None = None, *, for_update: bool = False) -> Row | None:
    """The device of `branch_id`; without one, the organization's main device (the head office's,
    else the lowest branch id's)."""
    lock = " FOR UPDATE" if for_update else ""
    return uow.fetch_one(
        f"""
        SELECT {_COLUMNS} FROM zra_devices WHERE %(branch)s::text IS NULL OR branch_id = %(branch)s
        ORDER BY branch_id <> '000', branch_id LIMIT 1{lock}
        """,
        {"branch": branch_id},
    )


def list_devices(uow: UnitOfWork) -> list[Row]:
    """Every branch's device, by branch id."""
    return uow.fetch_all(f"SELECT {_COLUMNS} FROM zra_devices ORDER BY branch_id", {})


def delete_uninitialised(uow: UnitOfWork, branch_id: str) -> bool:
    """Forget a branch's settings before its device is initialised; False if there is none such."""
    row = uow.fetch_one(
        "DELETE FROM zra_devices WHERE branch_id = %(branch)s AND sdc_id IS NULL RETURNING branch_id",
        {"branch": branch_id},
    )
    return row is not None


def replace_device(
    uow: UnitOfWork, *, branch_id: str, tpin: str, connection: bytes, updated_by: UUID, at: datetime
) -> None:
    """Save the settings of a branch's device not yet initialised (other branches keep theirs)."""
    uow.execute(
        """
        INSERT INTO zra_devices (branch_id, tpin, connection, updated_by, updated_at)
        VALUES (%(branch)s, %(tpin)s, %(connection)s, %(by)s, %(at)s)
        ON CONFLICT (branch_id) DO UPDATE SET tpin = excluded.tpin, connection = excluded.connection,
            updated_by = excluded.updated_by, updated_at = excluded.updated_at
        """,
        {"branch": branch_id, "tpin": tpin, "connection": connection, "by": updated_by, "at": at},
    )


def update_connection(uow: UnitOfWork, branch_id: str, *, connection: bytes, updated_by: UUID, at: datetime) -> None:
    """Change the (encrypted) address of an initialised device."""
    uow.execute(
        """
        UPDATE zra_devices SET connection = %(connection)s, updated_by = %(by)s, updated_at = %(at)s
        WHERE branch_id = %(branch)s
        """,
        {"branch": branch_id, "connection": connection, "by": updated_by, "at": at},
    )


def store_identity(
    uow: UnitOfWork,
    branch_id: str,
    *,
    init_response: dict[str, Any],
    sdc_id: str,
    mrc_no: str | None,
    initialised_by: UUID,
    at: datetime,
) -> bool:
    """Keep what initialisation issued; False if the device already had an identity."""
    row = uow.fetch_one(
        """
        UPDATE zra_devices SET init_response = %(response)s, sdc_id = %(sdc)s, mrc_no = %(mrc)s,
            initialised_at = %(at)s, initialised_by = %(by)s
        WHERE branch_id = %(branch)s AND sdc_id IS NULL RETURNING branch_id
        """,
        {
            "response": Jsonb(init_response),
            "sdc": sdc_id,
            "mrc": mrc_no,
            "at": at,
            "by": initialised_by,
            "branch": branch_id,
        },
    )
    return row is not None


def registered_items(uow: UnitOfWork, item_ids: list[UUID]) -> dict[UUID, str]:
    """The fingerprint each item was registered with, for those registered."""
    rows = uow.fetch_all("SELECT item_id, fingerprint FROM zra_items WHERE item_id = ANY(%(ids)s)", {"ids": item_ids})
    return {row["item_id"]: row["fingerprint"] for row in rows}


def record_item(uow: UnitOfWork, item_id: UUID, *, item_code: str, fingerprint: str, at: datetime) -> None:
    """The item is registered with ZRA as `fingerprint` describes."""
    uow.execute(
        """
        INSERT INTO zra_items (item_id, item_code, fingerprint, registered_at, updated_at)
        VALUES (%(id)s, %(code)s, %(fingerprint)s, %(at)s, %(at)s)
        ON CONFLICT (item_id) DO UPDATE SET item_code = excluded.item_code, fingerprint = excluded.fingerprint,
            updated_at = excluded.updated_at
        """,
        {"id": item_id, "code": item_code, "fingerprint": fingerprint, "at": at},
    )


def bookmark(uow: UnitOfWork, endpoint: str) -> Row | None:
    """Where the last sync of `endpoint` got to (`last_request`) and when it ran."""
    return uow.fetch_one(
        "SELECT last_request, synced_at FROM zra_sync_bookmarks WHERE endpoint = %(endpoint)s", {"endpoint": endpoint}
    )


def set_bookmark(uow: UnitOfWork, endpoint: str, last_request: str, at: datetime) -> None:
    """Remember the `resultDt` to ask from next time."""
    uow.execute(
        """
        INSERT INTO zra_sync_bookmarks (endpoint, last_request, synced_at) VALUES (%(endpoint)s, %(last)s, %(at)s)
        ON CONFLICT (endpoint) DO UPDATE SET last_request = excluded.last_request, synced_at = excluded.synced_at
        """,
        {"endpoint": endpoint, "last": last_request, "at": at},
    )


def upsert_codes(uow: UnitOfWork, codes: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Keep each (class, code, entry) as ZRA sent it, replacing an older copy."""
    for code_class, code, body in codes:
        uow.execute(
            """
            INSERT INTO zra_codes (code_class, code, body) VALUES (%(cls)s, %(code)s, %(body)s)
            ON CONFLICT (code_class, code) DO UPDATE SET body = excluded.body
            """,
            {"cls": code_class, "code": code, "body": Jsonb(body)},
        )


def codes_of(uow: UnitOfWork, code_classes: list[str]) -> list[Row]:
    """The cached codes of some classes."""
    return uow.fetch_all(
        "SELECT code_class, code, body FROM zra_codes WHERE code_class = ANY(%(classes)s) ORDER BY code_class, code",
        {"classes": code_classes},
    )


def code_count(uow: UnitOfWork) -> int:
    """How many codes are cached."""
    row = uow.fetch_one("SELECT count(*) AS n FROM zra_codes", {})
    return int(row["n"]) if row else 0


def upsert_item_classes(uow: UnitOfWork, classes: list[tuple[str, dict[str, Any]]]) -> None:
    """Keep each item classification as ZRA sent it, replacing an older copy (a page in one statement;
    a code repeated in the page keeps its last copy)."""
    latest = dict(classes)
    if not latest:
        return
    uow.execute(
        """
        INSERT INTO zra_item_classes (code, body)
        SELECT code, body FROM unnest(%(codes)s::text[], %(bodies)s::jsonb[]) AS page (code, body)
        ON CONFLICT (code) DO UPDATE SET body = excluded.body
        """,
        {"codes": list(latest), "bodies": [Jsonb(body) for body in latest.values()]},
    )


def item_class_count(uow: UnitOfWork) -> int:
    """How many item classifications are cached."""
    row = uow.fetch_one("SELECT count(*) AS n FROM zra_item_classes", {})
    return int(row["n"]) if row else 0


def item_classes_in(uow: UnitOfWork, codes: list[str]) -> set[str]:
    """Which of these classifications are cached and in use."""
    rows = uow.fetch_all(
        "SELECT code FROM zra_item_classes WHERE code = ANY(%(codes)s) AND coalesce(body->>'useYn', 'Y') = 'Y'",
        {"codes": codes},
    )
    return {row["code"] for row in rows}


def search_item_classes(uow: UnitOfWork, text: str | None, limit: int) -> list[Row]:
    """Cached classifications in use whose code starts with, or name contains, `text`, by code."""
    return uow.fetch_all(
        """
        SELECT code, body FROM zra_item_classes
        WHERE coalesce(body->>'useYn', 'Y') = 'Y'
          AND (%(text)s::text IS NULL OR code LIKE %(text)s || '%%'
               OR lower(body->>'itemClsNm') LIKE '%%' || lower(%(text)s) || '%%')
        ORDER BY code LIMIT %(limit)s
        """,
        {"text": text, "limit": limit},
    )
