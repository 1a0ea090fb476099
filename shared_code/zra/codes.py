"""ZRA's standard codes, cached per organization and refreshed from a bookmark.

`selectCodes` answers the codes changed after `lastReqDt`; its `resultDt` is the next
bookmark (reference 4.2). The rates of the tax types and levies (code classes 04, 60, 61,
62, `userDfnCd1`) fill the header buckets of every saveSales request, so a rate ZRA changes
reaches the next request without a release.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from shared_code.platform.clock import Clock
from shared_code.platform.db import Transactions, UnitOfWork
from shared_code.zra import device_repository
from shared_code.zra.client import VsdcClient

CODES = "codes"
FIRST_REQUEST = "20000101000000"
"""The bookmark of a first sync: everything."""
RATE_CLASSES = ["04", "60", "61", "62"]
"""Tax types, excise, insurance premium levy, tourism levy: their rates are in `userDfnCd1`."""
MAX_PAGES = 50
_STAMP = re.compile(r"[0-9]{14}")


class CodeSyncFailed(Exception):
    """The VSDC answered with a code other than 000/001: the cache is unchanged."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def sync_codes(db: Transactions, organization_id: UUID, client: VsdcClient, *, clock: Clock) -> int:
    """Fetch the codes changed since the bookmark, page by page; returns how many arrived.

    Raises `VsdcUnavailable` (no answer) or `CodeSyncFailed`; each page is kept as it comes,
    with its bookmark, so a failure part-way loses nothing already fetched.
    """
    with db.unit_of_work(organization_id) as uow:
        found = device_repository.bookmark(uow, CODES)
    last = str(found["last_request"]) if found else FIRST_REQUEST
    received = 0
    # The first page asks from a second before the bookmark: `resultDt` has a resolution of
    # one second, and a change stamped in the same second as the bookmark would otherwise be
    # missed for good (the sandbox shows it). Codes are upserted, so seeing one twice is harmless.
    ask = _second_before(last)
    for _ in range(MAX_PAGES):
        answer = client.select_codes(ask)
        if answer.nothing_found:
            with db.unit_of_work(organization_id) as uow:
                device_repository.set_bookmark(uow, CODES, last, clock.now())
                uow.commit()
            break
        if not answer.succeeded:
            raise CodeSyncFailed(answer.result_code, answer.message)
        classes = answer.data.get("clsList") if isinstance(answer.data, dict) else None
        codes = [
            (str(cls["cdCls"]), str(entry["cd"]), entry)
            for cls in classes or []
            if isinstance(cls, dict) and cls.get("cdCls")
            for entry in cls.get("dtlList") or []
            if isinstance(entry, dict) and entry.get("cd") not in (None, "")
        ]
        following = answer.result_date if answer.result_date and _STAMP.fullmatch(answer.result_date) else None
        with db.unit_of_work(organization_id) as uow:
            device_repository.upsert_codes(uow, codes)
            device_repository.set_bookmark(uow, CODES, following or last, clock.now())
            uow.commit()
        received += len(codes)
        if following is None or following == last:
            break
        last = ask = following
    return received


def _second_before(stamp: str) -> str:
    if stamp == FIRST_REQUEST:
        return stamp
    return (datetime.strptime(stamp, "%Y%m%d%H%M%S") - timedelta(seconds=1)).strftime("%Y%m%d%H%M%S")  # noqa: DTZ007


def have_codes(uow: UnitOfWork) -> bool:
    """Whether any codes are cached (a first sync has run)."""
    return device_repository.code_count(uow) > 0


def code_count(uow: UnitOfWork) -> int:
    """How many codes are cached."""
    return device_repository.code_count(uow)


def bucket_rates(uow: UnitOfWork) -> dict[str, Decimal]:
    """Each tax type's and levy's rate in percent, by code, as ZRA's codes publish it."""
    rates: dict[str, Decimal] = {}
    for row in device_repository.codes_of(uow, RATE_CLASSES):
        body: dict[str, Any] = row["body"]
        if body.get("useYn", "Y") != "Y" or body.get("userDfnCd1") in (None, ""):
            continue
        try:
            rates[str(row["code"])] = Decimal(str(body["userDfnCd1"]))
        except InvalidOperation:
            continue
    return rates


def last_sync(uow: UnitOfWork) -> Any:
    """When the codes were last synced (None if never)."""
    found = device_repository.bookmark(uow, CODES)
    return found["synced_at"] if found else None
