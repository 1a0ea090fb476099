"""Pure categorisation: the user's rules, and suggestions learned from the organization's choices.

A rule matches on any of: counterparty (number, or words of the name), text the reference or
name contains, an amount range, a direction; it names an account and a tax treatment. Rules
are tried in priority order; the first match wins.

Suggestions are a nearest-neighbour vote over the organization's own categorised
transactions of the same direction: a past choice counts for more the more it looks like
the new one (same counterparty number above all, then shared words of name and reference,
same service type, an amount of the same size). The confidence is the winning account's
share of the votes, damped while there are few examples.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from shared_code.mobile_money.model import Direction, WalletTransaction

NEIGHBOURS = 15
_WORD = re.compile(r"[a-z0-9]{2,}")
_STOP = frozenset({"for", "to", "from", "the", "and", "of", "payment", "airtel", "money", "zmw", "ltd", "limited"})


@dataclass(frozen=True)
class Rule:
    """A categorisation rule the user wrote (or made with "always do this")."""

    id: UUID
    name: str
    account_id: UUID
    """Where matching transactions go."""
    vat_rate: Decimal | None = None
    """The tax treatment: VAT at this rate is inside the amount (None: no VAT)."""
    counterparty: str | None = None
    """A 9-digit number (exact), or words the counterparty's name contains."""
    text_contains: str | None = None
    """Words the reference or counterparty name contains (case-insensitive)."""
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    direction: Direction | None = None
    priority: int = 100
    """Lower first."""


def _haystack(transaction: WalletTransaction) -> str:
    return f"{transaction.counterparty_name} {transaction.reference} {transaction.service_type}".lower()


def rule_matches(rule: Rule, transaction: WalletTransaction) -> bool:
    """Whether every condition of `rule` holds for `transaction`."""
    if rule.direction is not None and transaction.direction is not rule.direction:
        return False
    if rule.min_amount is not None and transaction.amount < rule.min_amount:
        return False
    if rule.max_amount is not None and transaction.amount > rule.max_amount:
        return False
    if rule.counterparty:
        wanted = rule.counterparty.strip().lower()
        if wanted.isdigit():
            if transaction.counterparty_msisdn != wanted:
                return False
        elif wanted not in transaction.counterparty_name.lower():
            return False
    return not (rule.text_contains and rule.text_contains.strip().lower() not in _haystack(transaction))


def first_match(rules: Iterable[Rule], transaction: WalletTransaction) -> Rule | None:
    """The first rule, by priority then name, that matches."""
    for rule in sorted(rules, key=lambda r: (r.priority, r.name, str(r.id))):
        if rule_matches(rule, transaction):
            return rule
    return None


@dataclass(frozen=True)
class Example:
    """A past choice: a transaction and the account the user put it in."""

    transaction: WalletTransaction
    account_id: UUID
    vat_rate: Decimal | None = None


@dataclass(frozen=True)
class Suggestion:
    """Where a transaction probably goes, and how sure that is."""

    account_id: UUID
    confidence: Decimal
    """0 to 1, two places."""
    vat_rate: Decimal | None
    """The VAT treatment most often chosen with that account for similar transactions."""
    reason: str
    """Why, in words (`rule`, `same counterparty`, `similar description`)."""
    rule_id: UUID | None = None


def words(transaction: WalletTransaction) -> frozenset[str]:
    """The words of a transaction's counterparty name and reference, for similarity."""
    return frozenset(w for w in _WORD.findall(_haystack(transaction)) if w not in _STOP and not w.isdigit())


def similarity(a: WalletTransaction, b: WalletTransaction, a_words: frozenset[str], b_words: frozenset[str]) -> float:
    """How alike two transactions of the same direction are (0..1)."""
    score = 0.0
    if a.counterparty_msisdn and a.counterparty_msisdn == b.counterparty_msisdn:
        score += 0.6
    if a_words or b_words:
        score += 0.25 * len(a_words & b_words) / len(a_words | b_words)
    if a.service_type == b.service_type:
        score += 0.1
    if a.amount > 0 and b.amount > 0 and abs(math.log10(float(a.amount) / float(b.amount))) < 0.5:
        score += 0.05
    return score


def suggest(examples: Sequence[Example], transaction: WalletTransaction) -> Suggestion | None:
    """The account the organization's own past choices point to (None with nothing to go on)."""
    mine = words(transaction)
    scored = [
        (similarity(transaction, example.transaction, mine, words(example.transaction)), example)
        for example in examples
        if example.transaction.direction is transaction.direction
        and example.transaction.airtel_id != transaction.airtel_id
    ]
    scored = sorted((item for item in scored if item[0] > 0.1), key=lambda item: -item[0])[:NEIGHBOURS]
    if not scored:
        return None
    votes: dict[UUID, float] = defaultdict(float)
    vat_votes: dict[tuple[UUID, Decimal | None], float] = defaultdict(float)
    for weight, example in scored:
        votes[example.account_id] += weight**2
        vat_votes[(example.account_id, example.vat_rate)] += weight**2
    best = max(votes, key=lambda account: votes[account])
    share = votes[best] / sum(votes.values())
    top = scored[0][0]
    damp = len(scored) / (len(scored) + 2)
    confidence = Decimal(str(round(share * min(1.0, top / 0.7) * damp, 2)))
    vat_rate = max((key for key in vat_votes if key[0] == best), key=lambda key: vat_votes[key])[1]
    same_party = any(weight >= 0.6 and example.account_id == best for weight, example in scored)
    return Suggestion(
        account_id=best,
        confidence=confidence,
        vat_rate=vat_rate,
        reason="same counterparty" if same_party else "similar description",
    )


def suggest_with_rules(
    rules: Iterable[Rule], examples: Sequence[Example], transaction: WalletTransaction
) -> Suggestion | None:
    """A matching rule's account (confidence 1), else the learned suggestion."""
    rule = first_match(rules, transaction)
    if rule is not None:
        return Suggestion(rule.account_id, Decimal("1.00"), rule.vat_rate, f"rule: {rule.name}", rule.id)
    return suggest(examples, transaction)
