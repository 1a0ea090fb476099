"""Pure builders: the journal draft of a categorised wallet transaction.

Money in: Dr the wallet account with the amount; Cr each part's account (income, or the
customer's receivable) with its amount less the VAT in it, and Cr VAT output with that VAT.
Money out: Cr the wallet with the amount; Dr each part's account (an expense, or the
supplier's payable) with its amount less VAT, and Dr VAT input with the VAT. Airtel's
charges on either: Dr bank charges / Cr the wallet. VAT is worked out of a VAT-inclusive
part at the rate the user gave, rounded to the ngwee once per part, so every draft balances
by construction. Only a `TS` transaction is ever built (the use case refuses the others).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from shared_code.ledger.model import Party, SourceDocument
from shared_code.ledger.posting import DraftLine, JournalDraft, credit, debit
from shared_code.mobile_money.model import CAT, NGWEE, ZERO, Direction, WalletTransaction

SOURCE_TYPE = "mobile_money"
ROLES = ("bank_charges",)
"""Chart roles every wallet posting needs (VAT adds `vat_output` or `vat_input`)."""


@dataclass(frozen=True)
class Part:
    """A share of a transaction and where it goes (one part unless the user splits it)."""

    account_id: UUID
    """Income or receivable for money in; expense or payable for money out."""
    amount: Decimal
    """Its share of the amount, VAT included; the parts add up to the transaction's amount."""
    vat_rate: Decimal | None = None
    """The VAT rate (e.g. 16) when the user says VAT applies; None when it does not."""
    party: Party | None = None
    """The customer or supplier, on a receivable or payable."""
    memo: str = ""


@dataclass(frozen=True)
class PostingAccounts:
    """The accounts a wallet posting uses besides each part's."""

    wallet: UUID
    """The wallet's own mobile-money account."""
    charges: UUID
    """`bank_charges`: Airtel's fees."""
    vat_output: UUID | None = None
    """`vat_output`, needed when money in carries VAT."""
    vat_input: UUID | None = None
    """`vat_input`, needed when money out carries VAT."""


def vat_in(amount: Decimal, rate: Decimal | None) -> Decimal:
    """The VAT inside a VAT-inclusive `amount` at `rate` percent (zero without a rate)."""
    if not rate:
        return ZERO
    return (amount * rate / (Decimal(100) + rate)).quantize(NGWEE, rounding=ROUND_HALF_UP)


def parts_problem(transaction: WalletTransaction, parts: Sequence[Part]) -> str | None:
    """Why `parts` cannot categorise `transaction` (None if they can)."""
    if not parts:
        return "Give at least one account."
    if any(part.amount <= 0 for part in parts):
        return "Every part needs a positive amount."
    if sum((part.amount for part in parts), ZERO) != transaction.amount:
        return (
            f"The parts add up to {sum((p.amount for p in parts), ZERO)}, not the transaction's {transaction.amount}."
        )
    if any(part.vat_rate is not None and not (Decimal(0) <= part.vat_rate <= Decimal(100)) for part in parts):
        return "A VAT rate is between 0 and 100."
    return None


def transaction_draft(
    transaction: WalletTransaction,
    transaction_id: UUID,
    parts: Sequence[Part],
    accounts: PostingAccounts,
    *,
    description: str | None = None,
) -> JournalDraft:
    """The entry of a successful wallet transaction categorised into `parts`."""
    problem = parts_problem(transaction, parts)
    if problem:
        raise ValueError(problem)
    money_in = transaction.direction is Direction.IN
    memo = f"Airtel {transaction.airtel_id}"
    lines: list[DraftLine] = []
    if money_in:
        lines.append(debit(accounts.wallet, transaction.amount, memo))
    for part in parts:
        vat = vat_in(part.amount, part.vat_rate)
        net = part.amount - vat
        side = credit if money_in else debit
        if net > 0:
            lines.append(side(part.account_id, net, part.memo or memo, part.party))
        if vat > 0:
            vat_account = accounts.vat_output if money_in else accounts.vat_input
            if vat_account is None:
                raise ValueError("VAT applies but the chart has no VAT account")
            lines.append(side(vat_account, vat, f"VAT on {memo}"))
    if not money_in:
        lines.append(credit(accounts.wallet, transaction.amount, memo))
    if transaction.charges > 0:
        lines.append(debit(accounts.charges, transaction.charges, f"Airtel charges on {transaction.airtel_id}"))
        lines.append(credit(accounts.wallet, transaction.charges, f"Airtel charges on {transaction.airtel_id}"))
    who = transaction.counterparty_name or transaction.counterparty_msisdn or "Airtel Money"
    return JournalDraft(
        entry_date=transaction.occurred_at.astimezone(CAT).date(),
        description=(description or f"Airtel Money {'from' if money_in else 'to'} {who}")[:500],
        lines=tuple(lines),
        source=SourceDocument(SOURCE_TYPE, transaction_id),
        idempotency_key=f"{SOURCE_TYPE}:{transaction_id}",
    )
