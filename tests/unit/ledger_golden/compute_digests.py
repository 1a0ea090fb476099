"""Golden digests for the ledger's hash chain, computed from the documentation alone.

`tests/unit/test_ledger_chain.py` pins the hashes of three journal entries. Those expected
values must not come from the code they check (`entry_hash(entry) == entry.hash` compares
the code with itself), so they were computed once by this script and pasted into the test.

This script deliberately imports nothing from IntelliFin. It re-implements the canonical
form as `docs/ledger.md` ("Tamper evidence") describes it: a JSON object with the keys
`v`, `number`, `id`, `date`, `description`, `source_type`, `source_id`, `idempotency_key`,
`reverses`, `created_by`, `posted_at` (UTC, microseconds), `previous_hash` and `lines`
(`[line number, account, debit, credit, memo, party type, party id]`, amounts as two-place
strings), serialised with sorted keys, no whitespace, non-ASCII kept, UTF-8; SHA-256 hex.
The first entry links to SHA-256 of `intellifin-ledger-genesis:<organization id>`.

The three entries (the same ones the test writes out as `JournalEntry` values):

1. a manual cash sale with a non-ASCII, quoted description and no party;
2. an invoice with a customer party on the receivable line, memos, a source id, an
   idempotency key, three lines and a posting instant given in Lusaka time (UTC+2), which
   the canonical form turns into UTC;
3. the reversal of entry 2 (the `reverses` link), with amounts mirrored.

Run `python tests/unit/ledger_golden/compute_digests.py`; it prints the genesis hash and
each entry's digest. If the documented form ever changes, bump its version and add new
vectors; never regenerate these from the application.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

TENANT = "00000000-0000-7000-8000-0000000000aa"
ACCOUNTANT = "00000000-0000-7000-8000-00000000a001"
CASH = "00000000-0000-0000-0000-0000000003f2"
RECEIVABLES = "00000000-0000-0000-0000-000000000488"
SALES = "00000000-0000-0000-0000-000000000faa"
VAT_OUTPUT = "00000000-0000-0000-0000-000000000834"
CUSTOMER = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
INVOICE = "0193a1b2-c3d4-7e5f-8a9b-00000000f001"

ENTRIES: list[dict[str, Any]] = [
    {
        "v": 1,
        "number": 1,
        "id": "00000000-0000-0000-0000-000000000001",
        "date": "2026-01-05",
        "description": 'Cash sale at Café Ngoma, "Lusaka" branch',
        "source_type": "manual",
        "source_id": None,
        "idempotency_key": None,
        "reverses": None,
        "created_by": ACCOUNTANT,
        "posted_at": "2026-01-05T08:15:30.000123+00:00",
        "lines": [
            [1, CASH, "250.50", "0.00", "", None, None],
            [2, SALES, "0.00", "250.50", "", None, None],
        ],
    },
    {
        "v": 1,
        "number": 2,
        "id": "00000000-0000-0000-0000-000000000002",
        "date": "2026-01-31",
        "description": "Invoice INV-0001",
        "source_type": "invoice",
        "source_id": INVOICE,
        "idempotency_key": f"invoice:{INVOICE}:issue",
        "reverses": None,
        "created_by": ACCOUNTANT,
        # 2026-02-01 01:30:00.5 in Lusaka (UTC+2) is the evening before in UTC.
        "posted_at": "2026-01-31T23:30:00.500000+00:00",
        "lines": [
            [1, RECEIVABLES, "1160.00", "0.00", "Due in 30 days", "customer", CUSTOMER],
            [2, SALES, "0.00", "1000.00", "Consulting, January", None, None],
            [3, VAT_OUTPUT, "0.00", "160.00", "VAT 16%", None, None],
        ],
    },
    {
        "v": 1,
        "number": 3,
        "id": "00000000-0000-0000-0000-000000000003",
        "date": "2026-02-02",
        "description": "Reversal of entry 2: Invoice INV-0001",
        "source_type": "invoice",
        "source_id": INVOICE,
        "idempotency_key": None,
        "reverses": "00000000-0000-0000-0000-000000000002",
        "created_by": ACCOUNTANT,
        "posted_at": "2026-02-02T10:00:00.000000+00:00",
        "lines": [
            [1, RECEIVABLES, "0.00", "1160.00", "Due in 30 days", "customer", CUSTOMER],
            [2, SALES, "1000.00", "0.00", "Consulting, January", None, None],
            [3, VAT_OUTPUT, "160.00", "0.00", "VAT 16%", None, None],
        ],
    },
]


def genesis(tenant: str) -> str:
    """The previous hash of an organization's first entry."""
    return hashlib.sha256(f"intellifin-ledger-genesis:{tenant}".encode()).hexdigest()


def digest(entry: dict[str, Any], previous_hash: str) -> str:
    """SHA-256 hex of the documented canonical form of `entry` linked to `previous_hash`."""
    document = {**entry, "previous_hash": previous_hash}
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    """Print the genesis hash and the chained digest of each entry."""
    previous = genesis(TENANT)
    print(f"genesis  {previous}")
    for entry in ENTRIES:
        previous = digest(entry, previous)
        print(f"entry {entry['number']}  {previous}")


if __name__ == "__main__":
    main()
