"""The sandbox VSDC's state: one SQLite file, so a restart finds every device and receipt.

Like the real VSDC's `sidb.db`, it holds the devices, registered items, recorded sales with
their receipts, stock, purchases and the reference data. JSON bodies are stored as text with
numbers as strings, so no amount ever passes through a float.

Reference data carries a change stamp (`yyyyMMddHHmmss`) from a logical clock that never
repeats or goes back: each change gets max(now, last stamp + 1 s). A `select*` call returns
what changed after its `lastReqDt`, at most a page at a time, and its `resultDt` is the stamp
to ask from next: paging by `lastReqDt` then neither repeats nor skips a record.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from local_runtime.sandboxes.zra import reference
from local_runtime.sandboxes.zra.rules import LUSAKA

STAMP = "%Y%m%d%H%M%S"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    id INTEGER PRIMARY KEY,
    tpin TEXT NOT NULL,
    bhf_id TEXT NOT NULL,
    dvc_srl_no TEXT NOT NULL,
    sdc_id TEXT,
    mrc_no TEXT,
    sign_key TEXT NOT NULL,
    initialised_at TEXT,
    last_sale_rcpt_no INTEGER NOT NULL DEFAULT 0,
    last_train_no INTEGER NOT NULL DEFAULT 0,
    last_proforma_no INTEGER NOT NULL DEFAULT 0,
    last_copy_no INTEGER NOT NULL DEFAULT 0,
    last_purchase_no INTEGER NOT NULL DEFAULT 0,
    total_receipts INTEGER NOT NULL DEFAULT 0,
    UNIQUE (tpin, bhf_id)
);
CREATE TABLE IF NOT EXISTS items (
    tpin TEXT NOT NULL, item_cd TEXT NOT NULL, body TEXT NOT NULL, stamp TEXT NOT NULL,
    PRIMARY KEY (tpin, item_cd)
);
CREATE TABLE IF NOT EXISTS sales (
    device_id INTEGER NOT NULL REFERENCES devices (id),
    cis_invc_no TEXT NOT NULL,
    rcpt_no INTEGER NOT NULL,
    sales_ty_cd TEXT NOT NULL,
    rcpt_ty_cd TEXT NOT NULL,
    cust_tpin TEXT,
    org_invc_no INTEGER,
    org_sdc_id TEXT,
    tot_amt TEXT NOT NULL,
    request TEXT NOT NULL,
    receipt TEXT NOT NULL,
    stamp TEXT NOT NULL,
    PRIMARY KEY (device_id, cis_invc_no)
);
CREATE INDEX IF NOT EXISTS sales_by_receipt ON sales (device_id, rcpt_no);
CREATE INDEX IF NOT EXISTS sales_by_customer ON sales (cust_tpin, stamp);
CREATE TABLE IF NOT EXISTS stock_movements (
    device_id INTEGER NOT NULL, sar_no TEXT NOT NULL, body TEXT NOT NULL, stamp TEXT NOT NULL,
    PRIMARY KEY (device_id, sar_no)
);
CREATE TABLE IF NOT EXISTS stock_master (
    device_id INTEGER NOT NULL, item_cd TEXT NOT NULL, rsd_qty TEXT NOT NULL, stamp TEXT NOT NULL,
    PRIMARY KEY (device_id, item_cd)
);
CREATE TABLE IF NOT EXISTS purchases (
    device_id INTEGER NOT NULL, invc_no TEXT NOT NULL, body TEXT NOT NULL, stamp TEXT NOT NULL,
    PRIMARY KEY (device_id, invc_no)
);
CREATE TABLE IF NOT EXISTS import_items (
    tpin TEXT NOT NULL, bhf_id TEXT NOT NULL, task_cd TEXT NOT NULL, item_seq INTEGER NOT NULL,
    body TEXT NOT NULL, stamp TEXT NOT NULL,
    PRIMARY KEY (tpin, bhf_id, task_cd, item_seq)
);
CREATE TABLE IF NOT EXISTS code_classes (cd_cls TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS codes (
    cd_cls TEXT NOT NULL, cd TEXT NOT NULL, body TEXT NOT NULL, stamp TEXT NOT NULL,
    PRIMARY KEY (cd_cls, cd)
);
CREATE TABLE IF NOT EXISTS item_classes (item_cls_cd TEXT PRIMARY KEY, body TEXT NOT NULL, stamp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notices (notice_no INTEGER PRIMARY KEY, body TEXT NOT NULL, stamp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, result_cd TEXT, fault TEXT, at TEXT NOT NULL
);
"""


def dumps(value: Any) -> str:
    """JSON text with every number as a string (no floats on the way in or out)."""
    return json.dumps(value, default=_plain, separators=(",", ":"))


def _plain(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def loads(text: str) -> Any:
    """Parse stored JSON (numbers come back as `Decimal`)."""
    return json.loads(text, parse_float=Decimal)


def now_stamp(now: datetime | None = None) -> str:
    """The VSDC's time now, `yyyyMMddHHmmss` in Lusaka."""
    return (now or datetime.now(LUSAKA)).astimezone(LUSAKA).strftime(STAMP)


class Store:
    """The sandbox's database. Every method takes the store's lock: one request at a time
    changes state, as one VSDC (a single-JVM application) does."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        with self.transaction():
            if self._db.execute("SELECT count(*) FROM codes").fetchone()[0] == 0:
                self._seed()

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic change (rolled back if the block raises)."""
        with self.lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def query(self, sql: str, params: Mapping[str, Any] | tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """Rows of a read."""
        with self.lock:
            return self._db.execute(sql, params).fetchall()

    def next_stamp(self, db: sqlite3.Connection) -> str:
        """A change stamp later than every earlier one (call inside a transaction)."""
        row = db.execute("SELECT value FROM meta WHERE key = 'last_stamp'").fetchone()
        now = datetime.now(LUSAKA).replace(tzinfo=None, microsecond=0)
        stamp = now
        if row is not None:
            last = datetime.strptime(row[0], STAMP)  # noqa: DTZ007 (stamps are Lusaka wall-clock time)
            stamp = max(now, last + timedelta(seconds=1))
        text = stamp.strftime(STAMP)
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('last_stamp', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (text,),
        )
        return text

    def reserve_stamp(self) -> str:
        """The `resultDt` of a complete answer, taken before its rows are read.

        Now, or the last change stamp if that is later; it is stored as the last stamp, so any
        change made from here on is stamped after it and the next `lastReqDt` sees it (a change
        in the same second as the answer would otherwise fall between two syncs).
        """
        with self.transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'last_stamp'").fetchone()
            current = now_stamp()
            stamp = max(current, row[0]) if row else current
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('last_stamp', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (stamp,),
            )
        return stamp

    def _seed(self) -> None:
        db = self._db
        for cls, name, entry in reference.seeded_codes():
            db.execute("INSERT OR IGNORE INTO code_classes (cd_cls, name) VALUES (?, ?)", (cls, name))
            db.execute(
                "INSERT INTO codes (cd_cls, cd, body, stamp) VALUES (?, ?, ?, ?)",
                (cls, entry["cd"], dumps(entry), reference.SEEDED_AT),
            )
        for code, name, level, tax_type in reference.ITEM_CLASSES:
            db.execute(
                "INSERT INTO item_classes (item_cls_cd, body, stamp) VALUES (?, ?, ?)",
                (code, dumps(reference.item_class_entry(code, name, level, tax_type)), reference.SEEDED_AT),
            )
        for notice in reference.NOTICES:
            db.execute(
                "INSERT INTO notices (notice_no, body, stamp) VALUES (?, ?, ?)",
                (notice["noticeNo"], dumps(notice), reference.SEEDED_AT),
            )
        db.execute("INSERT INTO meta (key, value) VALUES ('last_stamp', ?)", (reference.SEEDED_AT,))

    def record_call(self, path: str, result_cd: str | None, fault: str | None) -> None:
        """Note a call (the admin endpoint lists them; tests count them)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO calls (path, result_cd, fault, at) VALUES (?, ?, ?, ?)",
                (path, result_cd, fault, now_stamp()),
            )
