"""A merchant's generated, reproducible Airtel Money history.

Row `i` of a merchant depends only on (`seed`, `i`), so a longer history starts with the
same rows as a shorter one, and a restarted sandbox shows exactly what it showed before.
Rows are `spacing_seconds` apart (plus a jitter smaller than that), oldest first, from
`start` (epoch seconds); a row in the future is not visible yet, so a history can grow
while a client syncs.

The mix: customers paying the till (`MERCHPAY`, in), deposits at an agent (`CASHIN`, in),
payments to suppliers (`B2C`, out, charged), withdrawals (`CASHOUT`, out, charged) and
reversals of earlier till payments (`REVERSAL`, out, `reference_number` = the reversed
row's `airtel_money_id`). Statuses: mostly `TS`, some `TF`, a few `TIP` and `TA` (pending
until an admin call settles them). Amounts are strings on even rows and numbers on odd ones,
as the reference says both are seen.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

CAT = timezone(timedelta(hours=2), "CAT")
"""Zambia's time zone: `created_at` is written in it (the reference leaves this open)."""
CENTS = Decimal("0.01")

CUSTOMERS = (
    "Mwila Banda", "Chanda Mulenga", "Bwalya Phiri", "Natasha Zulu", "Kelvin Tembo", "Grace Mwansa",
    "Joseph Lungu", "Mercy Daka", "Brian Sakala", "Ruth Chileshe", "Moses Ngoma", "Esther Kabwe",
    "Patrick Musonda", "Agnes Mumba", "Charles Mbewe", "Loveness Sichone", "Peter Hamoonga", "Faith Nyirenda",
    "David Chola", "Beatrice Kasonde",
)  # fmt: skip
SUPPLIERS = (
    ("Lusaka Wholesale Ltd", "stock"),
    ("ZESCO prepaid", "electricity"),
    ("Kabwata Transport", "delivery"),
    ("Airtel airtime", "airtime"),
    ("Cairo Road Stationers", "stationery"),
    ("Mulenga Properties", "rent"),
)
PREFIXES = ("97", "77", "57")


def _msisdn(rng: random.Random) -> str:
    return rng.choice(PREFIXES) + f"{rng.randrange(10_000_000):07d}"


def _pool(seed: int) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    rng = random.Random(seed * 7919 + 17)  # noqa: S311 (reproducible test data)
    customers = [(name, _msisdn(rng)) for name in CUSTOMERS]
    suppliers = [(name, _msisdn(rng), what) for name, what in SUPPLIERS]
    return customers, suppliers


def tiered_charge(amount: Decimal) -> Decimal:
    """The sandbox's fee for an outgoing transaction (a tier table, like Airtel's)."""
    for ceiling, fee in ((Decimal(150), Decimal("2.50")), (Decimal(500), Decimal("5.00")), (Decimal(1000), Decimal(9))):
        if amount <= ceiling:
            return fee
    return (amount * Decimal("0.01")).quantize(CENTS)


@dataclass(frozen=True)
class Row:
    """One generated transaction, as the sandbox keeps it."""

    index: int
    at: datetime
    """When it happened (UTC)."""
    service_type: str
    incoming: bool
    amount: Decimal
    charges: Decimal
    counterparty_name: str
    counterparty_msisdn: str
    transaction_id: str
    airtel_money_id: str
    reference_number: str
    status: str

    @property
    def epoch(self) -> int:
        """`at` in epoch seconds."""
        return int(self.at.timestamp())


@dataclass
class Merchant:
    """A merchant (one Open API app) and its history."""

    client_id: str
    client_secret: str
    msisdn: str
    name: str = "Chanda Hardware"
    seed: int = 1
    count: int = 1000
    start: int = 1_767_225_600
    """Epoch seconds of the first row (2026-01-01 00:00 UTC by default)."""
    spacing_seconds: int = 600
    opening_balance: Decimal = Decimal("250000.00")
    rate_limit_per_minute: int | None = None
    expires_in_as: str = "string"
    """`string` ("180", as the reference's sample) or `int`."""
    settled: dict[int, str] = field(default_factory=dict)
    """Rows whose pending status an admin call settled: index → final status."""
    _rows: list[Row] | None = field(default=None, repr=False)
    _epochs: list[int] = field(default_factory=list, repr=False)
    _texts: dict[tuple[int, str], str] = field(default_factory=dict, repr=False)

    def to_json(self) -> dict[str, Any]:
        """What `merchants.json` keeps."""
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "msisdn": self.msisdn,
            "name": self.name,
            "seed": self.seed,
            "count": self.count,
            "start": self.start,
            "spacing_seconds": self.spacing_seconds,
            "opening_balance": str(self.opening_balance),
            "rate_limit_per_minute": self.rate_limit_per_minute,
            "expires_in_as": self.expires_in_as,
            "settled": {str(k): v for k, v in self.settled.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Merchant:
        """Read one back."""
        return cls(
            client_id=str(data["client_id"]),
            client_secret=str(data["client_secret"]),
            msisdn=str(data["msisdn"]),
            name=str(data.get("name", "Chanda Hardware")),
            seed=int(data.get("seed", 1)),
            count=int(data.get("count", 1000)),
            start=int(data.get("start", 1_767_225_600)),
            spacing_seconds=max(1, int(data.get("spacing_seconds", 600))),
            opening_balance=Decimal(str(data.get("opening_balance", "250000.00"))),
            rate_limit_per_minute=(
                int(data["rate_limit_per_minute"]) if data.get("rate_limit_per_minute") is not None else None
            ),
            expires_in_as=str(data.get("expires_in_as", "string")),
            settled={int(k): str(v) for k, v in dict(data.get("settled", {})).items()},
        )

    def rows(self) -> list[Row]:
        """Every generated row, oldest first (generated once)."""
        if self._rows is None or len(self._rows) != self.count:
            self._rows = generate(self.seed, self.count, self.start, self.spacing_seconds)
            self._epochs = [row.epoch for row in self._rows]
        return self._rows

    def between(self, start: int, end: int, now: float) -> list[Row]:
        """Visible rows created in [start, end] (epoch seconds), oldest first."""
        rows = self.rows()
        last = min(end, int(now))
        return rows[bisect_left(self._epochs, start) : bisect_right(self._epochs, last)]

    def status_of(self, row: Row) -> str:
        """The row's status now (a settled pending row shows its final state)."""
        return self.settled.get(row.index, row.status)

    def visible(self, now: float) -> list[Row]:
        """Rows that have happened by `now` (epoch seconds)."""
        rows = self.rows()
        return rows[: bisect_right(self._epochs, int(now))]

    def balance(self, now: float) -> Decimal:
        """The wallet balance after every successful visible row."""
        total = self.opening_balance
        for row in self.visible(now):
            if self.status_of(row) != "TS":
                continue
            total += row.amount if row.incoming else -(row.amount + row.charges)
        return total

    def wire_text(self, row: Row, to_json: Callable[[Any], str]) -> str:
        """`wire(row)` as JSON text, written once per row and status."""
        key = (row.index, self.status_of(row))
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = to_json(self.wire(row))
        return text

    def wire(self, row: Row) -> dict[str, Any]:
        """The row as the Transactions Summary answers it."""
        merchant = {"currency": "ZMW", "msisdn": self.msisdn, "name": self.name}
        other = {"currency": "ZMW", "msisdn": row.counterparty_msisdn, "name": row.counterparty_name}
        amount: Any = format(row.amount, "f") if row.index % 2 == 0 else row.amount
        return {
            "charges": {"service": format(row.charges, "f")},
            "payee": merchant if row.incoming else other,
            "payer": other if row.incoming else merchant,
            "service": {"type": row.service_type},
            "transaction": {
                "airtel_money_id": row.airtel_money_id,
                "amount": amount,
                "created_at": row.at.astimezone(CAT).strftime("%Y-%m-%d %H:%M:%S"),
                "id": row.transaction_id,
                "reference_number": row.reference_number,
                "status": self.status_of(row),
            },
        }


def _airtel_id(prefix: str, at: datetime, index: int) -> str:
    local = at.astimezone(CAT)
    letter = chr(ord("A") + (index // 100_000) % 26)
    return f"{prefix}{local:%y%m%d}.{local:%H%M}.{letter}{index % 100_000:05d}"


def generate(seed: int, count: int, start: int, spacing_seconds: int) -> list[Row]:
    """Rows 0..count-1 of the history of `seed`."""
    customers, suppliers = _pool(seed)
    rows: list[Row] = []
    till_payments: list[Row] = []
    for index in range(count):
        rng = random.Random(seed * 1_000_003 + index)  # noqa: S311 (reproducible test data)
        at = datetime.fromtimestamp(start + index * spacing_seconds + rng.randrange(spacing_seconds), UTC)
        roll = rng.random()
        status_roll = rng.random()
        status = "TS" if status_roll < 0.88 else "TF" if status_roll < 0.95 else "TIP" if status_roll < 0.98 else "TA"
        if roll < 0.04 and till_payments:
            original = till_payments[rng.randrange(len(till_payments))]
            kind, incoming, amount = "REVERSAL", False, original.amount
            name, number, reference, prefix = original.counterparty_name, original.counterparty_msisdn, "", "RV"
            reference = original.airtel_money_id
            charges = Decimal("0.00")
        elif roll < 0.60:
            name, number = customers[rng.randrange(len(customers))]
            kind, incoming, prefix = "MERCHPAY", True, "MP"
            amount = Decimal(rng.randrange(500, 500_000)) / 100
            charges, reference = Decimal("0.00"), f"Till {rng.randrange(1000, 9999)}"
        elif roll < 0.70:
            name, number = "Airtel agent " + str(rng.randrange(100, 999)), _msisdn(rng)
            kind, incoming, prefix = "CASHIN", True, "CI"
            amount = Decimal(rng.randrange(10_000, 2_000_000)) / 100
            charges, reference = Decimal("0.00"), "Deposit"
        elif roll < 0.90:
            name, number, what = suppliers[rng.randrange(len(suppliers))]
            kind, incoming, prefix = "B2C", False, "PP"
            amount = Decimal(rng.randrange(2_000, 300_000)) / 100
            charges, reference = tiered_charge(amount), f"Payment for {what}"
        else:
            name, number = "Airtel agent " + str(rng.randrange(100, 999)), _msisdn(rng)
            kind, incoming, prefix = "CASHOUT", False, "CO"
            amount = Decimal(rng.randrange(10_000, 500_000)) / 100
            charges, reference = tiered_charge(amount), "Withdrawal"
        row = Row(
            index=index,
            at=at,
            service_type=kind,
            incoming=incoming,
            amount=amount.quantize(CENTS),
            charges=charges.quantize(CENTS),
            counterparty_name=name,
            counterparty_msisdn=number,
            transaction_id=f"SBX{seed}-{index:07d}",
            airtel_money_id=_airtel_id(prefix, at, index),
            reference_number=reference,
            status=status,
        )
        rows.append(row)
        if kind == "MERCHPAY" and status == "TS":
            till_payments.append(row)
    return rows
