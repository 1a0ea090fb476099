"""Categorising wallet transactions: rules, suggestions, and posting through the ledger.

Categorising a successful transaction builds its entry with the pure builder
(`posting.transaction_draft`) and posts it with `ledger.service.post_entry` (or `post_entries`
for a bulk action) in the same unit of work that records the choice, so the choice and its
entry land together or not at all. "Always do this" also writes a rule from the choice (the
counterparty's number, or its name, and the direction). Suggestions come from the rules first
(confidence 1), then from the organization's own past single-account choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from shared_code.ledger import accounts as ledger_accounts
from shared_code.ledger.model import Party, PartyType
from shared_code.ledger.service import post_entries
from shared_code.mobile_money import errors, rule_repository, transaction_repository, wallet_repository
from shared_code.mobile_money.categorisation import Example, Rule, Suggestion, suggest_with_rules
from shared_code.mobile_money.model import Direction, Status, WalletTransaction
from shared_code.mobile_money.posting import ROLES, Part, PostingAccounts, parts_problem, transaction_draft
from shared_code.platform.clock import Clock
from shared_code.platform.db import Row, UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.ids import new_id

EXAMPLES = 2000
"""How many recent choices suggestions learn from."""


def transaction_of(row: Row) -> WalletTransaction:
    """A stored row as the model."""
    return WalletTransaction(
        airtel_id=row["airtel_id"],
        occurred_at=row["occurred_at"],
        direction=Direction(row["direction"]),
        amount=row["amount"],
        charges=row["charges"],
        status=Status(row["status"]),
        service_type=row["service_type"],
        counterparty_name=row["counterparty_name"],
        counterparty_msisdn=row["counterparty_msisdn"],
        reference=row["reference"],
        partner_id=row["partner_id"],
    )


def rule_of(row: Row) -> Rule:
    """A stored rule as the model."""
    return Rule(
        id=row["id"],
        name=row["name"],
        account_id=row["account_id"],
        vat_rate=row["vat_rate"],
        counterparty=row["counterparty"],
        text_contains=row["text_contains"],
        min_amount=row["min_amount"],
        max_amount=row["max_amount"],
        direction=Direction(row["direction"]) if row["direction"] else None,
        priority=row["priority"],
    )


# ---- rules ---------------------------------------------------------------------------------


def _rule_problems(uow: UnitOfWork, values: dict[str, Any]) -> list[FieldError]:
    problems: list[FieldError] = []
    account = ledger_accounts.accounts_by_ids(uow, [values["account_id"]]).get(values["account_id"])
    if account is None:
        problems.append(FieldError("account_id", "account_not_found", "No such account in this organization."))
    elif account.is_header or account.is_archived:
        problems.append(FieldError("account_id", "account_not_postable", f"{account.code} cannot be posted to."))
    low, high = values.get("min_amount"), values.get("max_amount")
    if low is not None and high is not None and low > high:
        problems.append(FieldError("max_amount", "amount_range_inverted", "The maximum is below the minimum."))
    if not any(values.get(key) for key in ("counterparty", "text_contains", "min_amount", "max_amount", "direction")):
        problems.append(
            FieldError(
                "counterparty",
                "rule_matches_everything",
                "Give at least one condition (counterparty, text, amount, direction).",
            )
        )
    return problems


def create_rule(uow: UnitOfWork, values: dict[str, Any], *, created_by: UUID, clock: Clock) -> Row:
    """Add a rule; 422 listing every problem."""
    problems = _rule_problems(uow, values)
    if problems:
        raise errors.invalid_rule(problems)
    rule_id = new_id()
    rule_repository.insert_rule(uow, rule_id, values, by=created_by, at=clock.now())
    row = rule_repository.get_rule(uow, rule_id)
    assert row is not None
    return row


def update_rule(uow: UnitOfWork, rule_id: UUID, values: dict[str, Any], *, clock: Clock) -> Row:
    """Replace a rule."""
    if rule_repository.get_rule(uow, rule_id) is None:
        raise errors.rule_not_found()
    problems = _rule_problems(uow, values)
    if problems:
        raise errors.invalid_rule(problems)
    rule_repository.update_rule(uow, rule_id, values, at=clock.now())
    row = rule_repository.get_rule(uow, rule_id)
    assert row is not None
    return row


def delete_rule(uow: UnitOfWork, rule_id: UUID) -> None:
    """Remove a rule (transactions it categorised keep their entries)."""
    if not rule_repository.delete_rule(uow, rule_id):
        raise errors.rule_not_found()


# ---- suggestions ---------------------------------------------------------------------------


def suggestions_for(uow: UnitOfWork, rows: Sequence[Row]) -> dict[UUID, Suggestion]:
    """A suggestion for each uncategorised successful row that has one."""
    waiting = [row for row in rows if row["categorised_at"] is None and row["status"] == "TS"]
    if not waiting:
        return {}
    rules = [rule_of(row) for row in rule_repository.list_rules(uow)]
    examples = [
        Example(transaction_of(row), UUID(row["parts"][0]["account_id"]), _decimal(row["parts"][0].get("vat_rate")))
        for row in transaction_repository.categorised_examples(uow, limit=EXAMPLES)
    ]
    found = {}
    for row in waiting:
        suggestion = suggest_with_rules(rules, examples, transaction_of(row))
        if suggestion is not None:
            found[row["id"]] = suggestion
    return found


def _decimal(value: Any) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


# ---- categorising --------------------------------------------------------------------------


@dataclass(frozen=True)
class PartIn:
    """Where (part of) a transaction goes, as the user chose."""

    account_id: UUID
    amount: Decimal | None = None
    """None with a single part: the whole amount."""
    vat_rate: Decimal | None = None
    party_type: str | None = None
    party_id: UUID | None = None
    memo: str = ""


@dataclass(frozen=True)
class Choice:
    """A categorisation of one transaction."""

    transaction_id: UUID
    parts: tuple[PartIn, ...]
    always: bool = False
    """Also make a rule from this choice ("always do this")."""
    rule_id: UUID | None = None
    """The rule the choice followed, if the user accepted a rule's suggestion."""
    description: str | None = None


@dataclass
class _Prepared:
    row: Row
    transaction: WalletTransaction
    parts: list[Part]
    choice: Choice
    problems: list[FieldError] = field(default_factory=list)


def _prepare(uow: UnitOfWork, choice: Choice, prefix: str) -> _Prepared:
    row = transaction_repository.get_transaction(uow, choice.transaction_id, for_update=True)
    if row is None:
        raise errors.transaction_not_found()
    if row["status"] != "TS":
        raise errors.not_bookable(row["status"])
    if row["categorised_at"] is not None:
        raise errors.already_categorised()
    transaction = transaction_of(row)
    parts = [
        Part(
            account_id=part.account_id,
            amount=part.amount if part.amount is not None else transaction.amount,
            vat_rate=part.vat_rate,
            party=Party(PartyType(part.party_type), part.party_id) if part.party_type and part.party_id else None,
            memo=part.memo,
        )
        for part in choice.parts
    ]
    prepared = _Prepared(row, transaction, parts, choice)
    problem = parts_problem(transaction, parts)
    if problem:
        prepared.problems.append(FieldError(f"{prefix}parts", "parts_do_not_add_up", problem))
    if len(parts) > 1 and choice.always:
        prepared.problems.append(
            FieldError(
                f"{prefix}always",
                "rule_needs_one_account",
                "A rule puts a transaction in one account; split ones cannot become a rule.",
            )
        )
    return prepared


def categorise(uow: UnitOfWork, choices: Sequence[Choice], *, categorised_by: UUID, clock: Clock) -> list[Row]:
    """Post each choice's entry and record it, all or nothing; 422 listing every problem."""
    prepared = [
        _prepare(uow, choice, f"items.{index}." if len(choices) > 1 else "") for index, choice in enumerate(choices)
    ]
    if len({p.row["id"] for p in prepared}) != len(prepared):
        raise errors.invalid_categorisation(
            [FieldError("items", "duplicate_transaction", "A transaction is listed twice.")]
        )
    problems = [problem for p in prepared for problem in p.problems]
    if problems:
        raise errors.invalid_categorisation(problems)
    needs_vat_out = any(
        p.transaction.direction is Direction.IN and any(part.vat_rate for part in p.parts) for p in prepared
    )
    needs_vat_in = any(
        p.transaction.direction is Direction.OUT and any(part.vat_rate for part in p.parts) for p in prepared
    )
    roles = list(ROLES) + (["vat_output"] if needs_vat_out else []) + (["vat_input"] if needs_vat_in else [])
    found = ledger_accounts.accounts_for_roles(uow, roles)
    wallets = {
        wallet_id: wallet_repository.get_wallet(uow, wallet_id) for wallet_id in {p.row["wallet_id"] for p in prepared}
    }
    drafts = []
    for p in prepared:
        wallet = wallets[p.row["wallet_id"]]
        assert wallet is not None
        accounts = PostingAccounts(
            wallet=wallet["account_id"],
            charges=found["bank_charges"].id,
            vat_output=found["vat_output"].id if "vat_output" in found else None,
            vat_input=found["vat_input"].id if "vat_input" in found else None,
        )
        drafts.append(
            transaction_draft(p.transaction, p.row["id"], p.parts, accounts, description=p.choice.description)
        )
    entries = post_entries(uow, drafts, posted_by=categorised_by, clock=clock)
    now = clock.now()
    for p, entry in zip(prepared, entries, strict=True):
        rule_id = p.choice.rule_id
        if p.choice.always:
            rule_id = _rule_from_choice(uow, p, categorised_by=categorised_by, clock=clock)
        transaction_repository.mark_categorised(
            uow,
            p.row["id"],
            parts=[
                {
                    "account_id": str(part.account_id),
                    "amount": str(part.amount),
                    "vat_rate": str(part.vat_rate) if part.vat_rate is not None else None,
                    "party_type": part.party.party_type.value if part.party else None,
                    "party_id": str(part.party.party_id) if part.party else None,
                    "memo": part.memo,
                }
                for part in p.parts
            ],
            rule_id=rule_id,
            journal_entry_id=entry.id,
            by=categorised_by,
            at=now,
        )
    result = []
    for p in prepared:
        row = transaction_repository.get_transaction(uow, p.row["id"])
        assert row is not None
        result.append(row)
    return result


def _rule_from_choice(uow: UnitOfWork, p: _Prepared, *, categorised_by: UUID, clock: Clock) -> UUID:
    transaction = p.transaction
    who = transaction.counterparty_msisdn or transaction.counterparty_name.strip()
    values: dict[str, Any] = {
        "name": f"Always: {transaction.counterparty_name or who or transaction.service_type}"[:100],
        "account_id": p.parts[0].account_id,
        "vat_rate": p.parts[0].vat_rate,
        "counterparty": who or None,
        "text_contains": None if who else transaction.service_type.lower(),
        "min_amount": None,
        "max_amount": None,
        "direction": transaction.direction.value,
        "priority": 100,
    }
    return UUID(str(create_rule(uow, values, created_by=categorised_by, clock=clock)["id"]))
