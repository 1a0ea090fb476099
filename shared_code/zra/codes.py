"""ZRA's standard codes, cached per organization and refreshed from a bookmark.

`selectCodes` answers the codes changed after `lastReqDt`; its `resultDt` is the next
bookmark (reference 4.2). The rates of the tax types and levies (code classes 04, 60, 61,
62, `userDfnCd1`) fill the header buckets of every saveSales request, so a rate ZRA changes
reaches the next request without a release.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from shared_code.platform.clock import Clock
from shared_code.platform.db import Transactions, UnitOfWork
from shared_code.zra import device_repository
from shared_code.zra.client import VsdcAnswer, VsdcClient

CODES = "codes"
ITEM_CLASSES = "item_classes"
FIRST_REQUEST = "20000101000000"
"""The bookmark of a first sync: everything."""
COUNTRIES, QUANTITY_UNITS, PACKAGING_UNITS = "05", "10", "17"
RATE_CLASSES = ["04", "60", "61", "62"]
"""Tax types, excise, insurance premium levy, tourism levy: their rates are in `userDfnCd1`."""
MAX_PAGES = 100
"""At about a thousand a page, enough for ZRA's 40,000 item classes in one run."""
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

    def keep(uow: UnitOfWork, data: Any) -> int:
        classes = data.get("clsList") if isinstance(data, dict) else None
        codes = [
            (str(cls["cdCls"]), str(entry["cd"]), entry)
            for cls in classes or []
            if isinstance(cls, dict) and cls.get("cdCls")
            for entry in cls.get("dtlList") or []
            if isinstance(entry, dict) and entry.get("cd") not in (None, "")
        ]
        device_repository.upsert_codes(uow, codes)
        return len(codes)

    return _sync(db, organization_id, CODES, client.select_codes, keep, clock=clock)


def sync_item_classes(db: Transactions, organization_id: UUID, client: VsdcClient, *, clock: Clock) -> int:
    """Fetch the item classifications changed since their bookmark (`selectItemsClass`, about a
    thousand a page, paged by `resultDt`); returns how many arrived. Raises like `sync_codes`."""

    def keep(uow: UnitOfWork, data: Any) -> int:
        found = data.get("itemClsList") if isinstance(data, dict) else None
        classes = [
            (str(entry["itemClsCd"]), entry)
            for entry in found or []
            if isinstance(entry, dict) and entry.get("itemClsCd") not in (None, "")
        ]
        device_repository.upsert_item_classes(uow, classes)
        return len(classes)

    return _sync(db, organization_id, ITEM_CLASSES, client.select_item_classes, keep, clock=clock)


def _sync(
    db: Transactions,
    organization_id: UUID,
    endpoint: str,
    fetch: Callable[[str], VsdcAnswer],
    keep: Callable[[UnitOfWork, Any], int],
    *,
    clock: Clock,
) -> int:
    """Page through one `select*` endpoint from its bookmark, keeping each page with its bookmark."""
    with db.unit_of_work(organization_id) as uow:
        found = device_repository.bookmark(uow, endpoint)
    last = str(found["last_request"]) if found else FIRST_REQUEST
    received = 0
    # The first page asks from a second before the bookmark: `resultDt` has a resolution of
    # one second, and a change stamped in the same second as the bookmark would otherwise be
    # missed for good (the sandbox shows it). Entries are upserted, so seeing one twice is harmless.
    ask = _second_before(last)
    for _ in range(MAX_PAGES):
        answer = fetch(ask)
        if answer.nothing_found:
            with db.unit_of_work(organization_id) as uow:
                device_repository.set_bookmark(uow, endpoint, last, clock.now())
                uow.commit()
            break
        if not answer.succeeded:
            raise CodeSyncFailed(answer.result_code, answer.message)
        following = answer.result_date if answer.result_date and _STAMP.fullmatch(answer.result_date) else None
        with db.unit_of_work(organization_id) as uow:
            received += keep(uow, answer.data)
            device_repository.set_bookmark(uow, endpoint, following or last, clock.now())
            uow.commit()
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


def last_sync(uow: UnitOfWork, endpoint: str = CODES) -> Any:
    """When the codes (or item classes) were last synced (None if never)."""
    found = device_repository.bookmark(uow, endpoint)
    return found["synced_at"] if found else None


def item_class_count(uow: UnitOfWork) -> int:
    """How many item classifications are cached."""
    return device_repository.item_class_count(uow)


def reference_problems(uow: UnitOfWork, items: list[tuple[str, str, str, str, str]]) -> list[str]:
    """Every way the items (code, classification, packaging unit, quantity unit, origin country)
    name something ZRA's cached codes do not hold. A list not cached yet checks nothing."""
    known: dict[str, set[str]] = {}
    for row in device_repository.codes_of(uow, [PACKAGING_UNITS, QUANTITY_UNITS, COUNTRIES]):
        if row["body"].get("useYn", "Y") == "Y":
            known.setdefault(str(row["code_class"]), set()).add(str(row["code"]))
    classes = device_repository.item_classes_in(uow, sorted({item[1] for item in items}))
    have_classes = device_repository.item_class_count(uow) > 0
    problems: list[str] = []
    for code, classification, packaging, unit, origin in items:
        if have_classes and classification not in classes:
            problems.append(f"Item {code}: {classification} is not one of ZRA's item classifications.")
        for code_class, value, what in (
            (PACKAGING_UNITS, packaging, "packaging unit"),
            (QUANTITY_UNITS, unit, "quantity unit"),
            (COUNTRIES, origin, "country of origin"),
        ):
            if code_class in known and value not in known[code_class]:
                problems.append(f"Item {code}: {value} is not a ZRA {what} code.")
    return problems
