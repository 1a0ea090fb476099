"""Mobile money's model and pure rules: MSISDNs, wallet transactions, mapping Airtel's rows.

No I/O here. An Airtel Zambia MSISDN is stored in the API's 9-digit national form
(`97XXXXXXX`, no country code, no trunk 0). A row of the Transactions Summary (or of an
imported statement) becomes a `WalletTransaction`; only a final state books, and of the
final states only `TS` moves money (reference §6.1).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any
from uuid import UUID

from shared_code.platform.errors import FieldError

CAT = timezone(timedelta(hours=2), "CAT")
"""Zambia's time (UTC+2, no daylight saving): a wall-clock time without an offset is read in it."""
NGWEE = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal("9999999999.99")

AIRTEL_PREFIXES = ("97", "77", "57")
"""Airtel Zambia's national prefixes in 9-digit form: 097x and 077x (C+), 057x (newer range, S/I)."""
OTHER_NETWORKS = {"96": "MTN", "76": "MTN", "95": "Zamtel", "75": "Zamtel"}
"""Prefixes of the other Zambian networks, named in the refusal."""

ENVIRONMENTS = {
    "uat": "https://openapiuat.airtel.co.zm",
    "live": "https://openapi.airtel.co.zm",
    "uat_africa": "https://openapiuat.airtel.africa",
    "live_africa": "https://openapi.airtel.africa",
}
"""Airtel's hosts (reference §1); `custom` takes a base URL (the hosts are changing)."""


class Direction(StrEnum):
    """Which way money moved, seen from the business's wallet."""

    IN = "in"
    OUT = "out"


class Status(StrEnum):
    """Airtel's transaction status (`data.transaction.status`)."""

    SUCCESS = "TS"
    FAILED = "TF"
    AMBIGUOUS = "TA"
    IN_PROGRESS = "TIP"
    EXPIRED = "TE"

    @property
    def final(self) -> bool:
        """`TS`, `TF` and `TE` are final; `TA` and `TIP` may still change."""
        return self in (Status.SUCCESS, Status.FAILED, Status.EXPIRED)

    @property
    def moves_money(self) -> bool:
        """Only a success moves money (and becomes a book entry)."""
        return self is Status.SUCCESS


_STATUS_WORDS = {
    "TS": Status.SUCCESS,
    "SUCCESS": Status.SUCCESS,
    "SUCCESSFUL": Status.SUCCESS,
    "COMPLETED": Status.SUCCESS,
    "TF": Status.FAILED,
    "FAILED": Status.FAILED,
    "ROLLBACKED": Status.FAILED,
    "TA": Status.AMBIGUOUS,
    "AMBIGUOUS": Status.AMBIGUOUS,
    "TIP": Status.IN_PROGRESS,
    "PENDING": Status.IN_PROGRESS,
    "IN PROGRESS": Status.IN_PROGRESS,
    "TE": Status.EXPIRED,
    "EXPIRED": Status.EXPIRED,
}


def parse_status(value: Any) -> Status | None:
    """An Airtel status code or a statement's word for it; None if unknown."""
    return _STATUS_WORDS.get(str(value).strip().upper()) if value is not None else None


# ---- MSISDN --------------------------------------------------------------------------------


def normalise_msisdn(text: str) -> str:
    """Digits of a Zambian number in 9-digit national form (`+260 97…`, `0097…`, `097…` → `97…`).

    Returns what it can; `msisdn_problems` says whether it is an Airtel Zambia number.
    """
    if len(text) == 9 and text.isdigit():
        return text
    digits = re.sub(r"[\s\-().]", "", text.strip())
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("260") and len(digits) == 12:
        digits = digits[3:]
    if digits.startswith("0") and len(digits) == 10:
        digits = digits[1:]
    return digits


def msisdn_problems(field: str, text: str) -> list[FieldError]:
    """Why `text` is not an Airtel Zambia number (empty if it is)."""
    digits = normalise_msisdn(text)
    if not digits.isdigit() or len(digits) != 9 or digits.startswith("0"):
        return [
            FieldError(
                field,
                "invalid_msisdn",
                "A Zambian mobile number has 9 digits after +260 (e.g. 097 1234567 or +260 97 1234567).",
            )
        ]
    if digits[:2] not in AIRTEL_PREFIXES:
        network = OTHER_NETWORKS.get(digits[:2])
        owner = f"an {network} number" if network == "MTN" else f"a {network} number" if network else "not Airtel's"
        return [
            FieldError(
                field,
                "not_airtel_number",
                f"0{digits[:2]}… is {owner}; an Airtel Zambia number starts 097, 077 or 057.",
            )
        ]
    return []


def airtel_msisdn(text: str) -> str:
    """The 9-digit form of an Airtel Zambia number; `ValueError` if it is not one."""
    problems = msisdn_problems("msisdn", text)
    if problems:
        raise ValueError(problems[0].message)
    return normalise_msisdn(text)


def masked_msisdn(msisdn: str) -> str:
    """`97*****67`: a number as logs and lists may show it."""
    return msisdn[:2] + "*" * max(len(msisdn) - 4, 0) + msisdn[-2:] if len(msisdn) > 4 else "***"


# ---- wallets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WalletCredentials:
    """What the business's own Airtel Open API app gives it (stored encrypted)."""

    client_id: str
    """The app's client id (developer portal, Key management)."""
    client_secret: str
    """The app's client secret."""
    signing_key: str | None = None
    """Where message signing is on: the RSA public key details (PEM or base64 DER); unused by sync."""
    pin: str | None = None
    """A pre-encrypted disbursement PIN some portals issue; unused by sync."""


@dataclass(frozen=True)
class Wallet:
    """A linked Airtel Money wallet."""

    id: UUID
    name: str
    """What the business calls it, e.g. `Main till`."""
    msisdn: str
    """The merchant number in 9-digit form."""
    environment: str
    """`uat`, `live`, `uat_africa`, `live_africa` or `custom`."""
    base_url: str
    """Where its Open API is (from the environment, or the custom URL)."""
    account_id: UUID
    """Its mobile-money wallet account in the ledger."""
    status: str
    """`linked` or `unlinked` (history kept)."""
    linked_at: datetime
    unlinked_at: datetime | None
    last_synced_at: datetime | None
    """When a sync last finished."""
    sync_cursor: datetime | None
    """Everything up to here is stored; the next sync reads from here minus the overlap."""
    balance: Decimal | None
    """The balance Airtel reported at linking or the last sync (None if the product does not allow it)."""
    balance_at: datetime | None
    client_id_hint: str
    """The client id's last four characters (the id itself is stored encrypted)."""


# ---- transactions -------------------------------------------------------------------------


@dataclass(frozen=True)
class WalletTransaction:
    """One movement on a wallet, from the Transactions Summary or a statement."""

    airtel_id: str
    """Airtel's transaction id (`airtel_money_id`, e.g. `MP260105.1022.A00001`): the de-duplication key."""
    occurred_at: datetime
    """When it happened (aware)."""
    direction: Direction
    amount: Decimal
    """The amount moved, positive, two places."""
    charges: Decimal
    """Airtel's charges borne by the wallet (`charges.service`), positive or zero."""
    status: Status
    service_type: str
    """`MERCHPAY`, `CASHIN`, … (statement rows: what the statement says, upper-cased)."""
    counterparty_name: str
    counterparty_msisdn: str | None
    reference: str
    """Airtel's `reference_number` or the statement's details."""
    partner_id: str | None = None
    """`transaction.id`: the partner's (or Airtel's) own id, when present."""

    @property
    def signed_amount(self) -> Decimal:
        """Effect on the wallet balance when it succeeds: +amount in, -(amount + charges) out."""
        if self.direction is Direction.IN:
            return self.amount - self.charges
        return -(self.amount + self.charges)


class MalformedRow(ValueError):
    """An API or statement row that cannot be read as a transaction."""


def parse_amount(value: Any, what: str = "amount") -> Decimal:
    """A money amount from a string (`"1,250.00"`), an int or a Decimal; never a float."""
    kind = type(value)
    if kind is str:
        cleaned = value.strip()
        if not cleaned[:1].isdigit() or "," in cleaned or not cleaned[-1:].isdigit():
            cleaned = cleaned.replace(",", "").replace("ZMW", "").replace("K", "").strip()
            if cleaned in ("", "--", "-"):
                return ZERO
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise MalformedRow(f"{what} {value!r} is not a number") from None
    elif kind is Decimal or kind is int:
        number = Decimal(value)
    elif value is None:
        return ZERO
    elif isinstance(value, bool | float):
        raise MalformedRow(f"{what} is not a decimal number")
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        raise MalformedRow(f"{what} is not a number")
    if not number.is_finite():
        raise MalformedRow(f"{what} is not a number")
    if number < 0:
        number = -number
    if number > MAX_AMOUNT:
        raise MalformedRow(f"{what} is too large")
    rounded = number.quantize(NGWEE)
    if rounded != number:
        raise MalformedRow(f"{what} {value!r} has more than two decimal places")
    return rounded


def parse_time(value: Any) -> datetime:
    """`created_at`, leniently: epoch seconds or milliseconds, ISO 8601, or `yyyy-mm-dd hh:mm:ss` (CAT)."""
    if isinstance(value, bool):
        raise MalformedRow("created_at is not a time")
    if isinstance(value, int | Decimal) or (isinstance(value, str) and value.strip().isdigit()):
        epoch = int(value)
        if epoch > 100_000_000_000:
            epoch //= 1000
        return datetime.fromtimestamp(epoch, UTC)
    if not isinstance(value, str) or not value.strip():
        raise MalformedRow("created_at is missing")
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise MalformedRow(f"created_at {value!r} is not a time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=CAT)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _object(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def map_api_row(row: Any, merchant_msisdn: str) -> WalletTransaction:
    """A Transactions Summary item as a `WalletTransaction`; `MalformedRow` if it is not one.

    Direction: money in when the merchant is the payee, out when it is the payer; a row
    naming neither is judged by its service type (`MERCHPAY`, `CASHIN` and `REFUND…` in).
    """
    if not isinstance(row, Mapping):
        raise MalformedRow("a transaction is not an object")
    transaction = row.get("transaction")
    if not isinstance(transaction, Mapping):
        raise MalformedRow("the row has no transaction object")
    airtel_id = _text(transaction.get("airtel_money_id")) or _text(transaction.get("id"))
    if not airtel_id or len(airtel_id) > 100:
        raise MalformedRow("the row has no airtel_money_id")
    status = parse_status(transaction.get("status"))
    if status is None:
        raise MalformedRow(f"status {transaction.get('status')!r} is not one Airtel uses")
    payer, payee, service, charges = (_object(row.get(key)) for key in ("payer", "payee", "service", "charges"))
    service_type = _text(service.get("type")).upper() or "UNKNOWN"
    payer_number = normalise_msisdn(_text(payer.get("msisdn")))
    payee_number = normalise_msisdn(_text(payee.get("msisdn")))
    if payee_number == merchant_msisdn and payer_number != merchant_msisdn:
        direction = Direction.IN
    elif payer_number == merchant_msisdn:
        direction = Direction.OUT
    else:
        direction = (
            Direction.IN if service_type in ("MERCHPAY", "CASHIN") or "REFUND" in service_type else Direction.OUT
        )
    other = payer if direction is Direction.IN else payee
    return WalletTransaction(
        airtel_id=airtel_id,
        occurred_at=parse_time(transaction.get("created_at")),
        direction=direction,
        amount=parse_amount(transaction.get("amount")),
        charges=parse_amount(charges.get("service"), "charges"),
        status=status,
        service_type=service_type[:40],
        counterparty_name=_text(other.get("name"))[:200],
        counterparty_msisdn=normalise_msisdn(_text(other.get("msisdn"))) or None,
        reference=_text(transaction.get("reference_number"))[:500],
        partner_id=_text(transaction.get("id"))[:100] or None,
    )


def parse_expires_in(value: Any, default: int = 180) -> int:
    """`expires_in` leniently: `"180"`, `180`, `"180s"`, `180.0`; the default if unreadable."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value if value > 0 else default
    text = _text(value).lower().rstrip("s").strip()
    try:
        seconds = int(Decimal(text))
    except (InvalidOperation, ValueError):
        return default
    return seconds if seconds > 0 else default


def wallet_problems(name: str, environment: str, base_url: str | None, msisdn: str) -> list[FieldError]:
    """Every problem with a wallet's linking details, at once."""
    problems: list[FieldError] = []
    if not name.strip() or len(name) > 100:
        problems.append(FieldError("name", "invalid_name", "Give the wallet a name of at most 100 characters."))
    if environment not in (*ENVIRONMENTS, "custom"):
        problems.append(
            FieldError("environment", "invalid_environment", "Choose uat, live, uat_africa, live_africa or custom.")
        )
    elif environment == "custom" and not (
        base_url and re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[^\s]*)?", base_url.strip())
    ):
        problems.append(
            FieldError("base_url", "invalid_url", "Give the Open API's base URL, e.g. https://openapi.airtel.co.zm.")
        )
    problems += msisdn_problems("msisdn", msisdn)
    return problems
