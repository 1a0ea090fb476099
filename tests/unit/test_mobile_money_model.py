"""Mobile money's pure rules: Airtel Zambia numbers, reading Airtel's rows leniently, the
posting builder (every draft balances, whatever the amounts, charges, VAT and split), rules,
and suggestions that get better as the organization categorises more."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from local_runtime.sandboxes.airtel.history import Merchant
from shared_code.ledger.model import ZERO
from shared_code.mobile_money.categorisation import Example, Rule, first_match, suggest, suggest_with_rules
from shared_code.mobile_money.model import (
    CAT,
    Direction,
    MalformedRow,
    Status,
    WalletTransaction,
    map_api_row,
    msisdn_problems,
    normalise_msisdn,
    parse_amount,
    parse_expires_in,
    parse_time,
)
from shared_code.mobile_money.posting import Part, PostingAccounts, transaction_draft, vat_in

MERCHANT = "971234567"


@pytest.mark.parametrize(
    "text", ["0971234567", "+260 97 123 4567", "260971234567", "00260971234567", "971234567", "097-123-4567"]
)
def test_airtel_numbers_are_stored_in_the_apis_nine_digit_form(text: str) -> None:
    assert normalise_msisdn(text) == "971234567"
    assert msisdn_problems("msisdn", text) == []


@pytest.mark.parametrize("text", ["0771234567", "0571234567"])
def test_every_airtel_zambia_prefix_is_accepted(text: str) -> None:
    assert msisdn_problems("msisdn", text) == []


@pytest.mark.parametrize(
    ("text", "code", "word"),
    [
        ("0961234567", "not_airtel_number", "MTN"),
        ("0761234567", "not_airtel_number", "MTN"),
        ("0951234567", "not_airtel_number", "Zamtel"),
        ("0981234567", "not_airtel_number", "Airtel"),
        ("097123456", "invalid_msisdn", "9 digits"),
        ("+254 712 345678", "invalid_msisdn", "9 digits"),
        ("hello", "invalid_msisdn", "9 digits"),
    ],
)
def test_other_networks_and_malformed_numbers_are_refused_with_a_reason(text: str, code: str, word: str) -> None:
    [problem] = msisdn_problems("msisdn", text)
    assert problem.code == code and word in problem.message


def row(**transaction: object) -> dict[str, object]:
    base: dict[str, object] = {
        "airtel_money_id": "MP260105.1022.A00001",
        "amount": "1,250.50",
        "created_at": "2026-01-05 10:22:33",
        "id": "SBX1-0000001",
        "reference_number": "Till 1234",
        "status": "TS",
    }
    base.update(transaction)
    return {
        "charges": {"service": "0.00"},
        "payee": {"currency": "ZMW", "msisdn": MERCHANT, "name": "Chanda Hardware"},
        "payer": {"currency": "ZMW", "msisdn": "977000111", "name": "Mwila Banda"},
        "service": {"type": "MERCHPAY"},
        "transaction": base,
    }


def test_an_api_row_maps_direction_counterparty_amount_and_time() -> None:
    mapped = map_api_row(row(), MERCHANT)
    assert mapped.direction is Direction.IN and mapped.counterparty_msisdn == "977000111"
    assert mapped.amount == Decimal("1250.50") and mapped.status is Status.SUCCESS
    assert mapped.occurred_at == datetime(2026, 1, 5, 10, 22, 33, tzinfo=CAT)
    out = row()
    out["payer"], out["payee"] = out["payee"], {"msisdn": "0977000222", "name": "ZESCO"}
    out["charges"] = {"service": 5}
    mapped_out = map_api_row(out, MERCHANT)
    assert mapped_out.direction is Direction.OUT and mapped_out.counterparty_name == "ZESCO"
    assert mapped_out.charges == Decimal("5.00") and mapped_out.signed_amount == Decimal("-1255.50")
    assert map_api_row(row(amount=1250), MERCHANT).amount == Decimal("1250.00")


def test_times_are_read_leniently() -> None:
    assert parse_time(1_767_225_600) == datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_time("1767225600000") == datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_time("2026-01-01T02:00:00+02:00") == datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "broken",
    [
        {"transaction": "garbled"},
        {"oops": True},
        row(airtel_money_id=None, id=None),
        row(status="WHATEVER"),
        row(amount="lots"),
        row(amount=12.5),
        row(amount="1.234"),
        row(created_at=None),
    ],
)
def test_malformed_rows_are_refused_not_guessed(broken: dict[str, object]) -> None:
    with pytest.raises(MalformedRow):
        map_api_row(broken, MERCHANT)


def test_only_a_success_moves_money_and_pending_states_are_not_final() -> None:
    assert [s.value for s in Status if s.final] == ["TS", "TF", "TE"]
    assert [s.value for s in Status if s.moves_money] == ["TS"]


def test_expires_in_is_parsed_leniently() -> None:
    assert [parse_expires_in(v) for v in ("180", 180, "180s", " 3600 ", "180.0", None, "soon", -5, True)] == [
        180,
        180,
        180,
        3600,
        180,
        180,
        180,
        180,
        180,
    ]


def test_amounts_never_pass_through_a_float() -> None:
    assert parse_amount("37,600.00") == Decimal("37600.00")
    assert parse_amount("--") == ZERO
    with pytest.raises(MalformedRow):
        parse_amount(0.1)


ACCOUNTS = PostingAccounts(wallet=uuid4(), charges=uuid4(), vat_output=uuid4(), vat_input=uuid4())


def tx(direction: Direction, amount: Decimal, charges: Decimal = ZERO, **extra: object) -> WalletTransaction:
    fields: dict[str, object] = {
        "airtel_id": "MP260105.1022.A00001",
        "occurred_at": datetime(2026, 1, 5, 23, 30, tzinfo=UTC),
        "direction": direction,
        "amount": amount,
        "charges": charges,
        "status": Status.SUCCESS,
        "service_type": "MERCHPAY",
        "counterparty_name": "Mwila Banda",
        "counterparty_msisdn": "977000111",
        "reference": "Till 1234",
    }
    fields.update(extra)
    return WalletTransaction(**fields)  # type: ignore[arg-type]


def test_money_in_with_vat_debits_the_wallet_and_credits_income_and_vat_output() -> None:
    income = uuid4()
    draft = transaction_draft(
        tx(Direction.IN, Decimal("116.00")), uuid4(), [Part(income, Decimal("116.00"), Decimal(16))], ACCOUNTS
    )
    lines = {(line.account_id, line.debit, line.credit) for line in draft.lines}
    assert lines == {
        (ACCOUNTS.wallet, Decimal("116.00"), ZERO),
        (income, ZERO, Decimal("100.00")),
        (ACCOUNTS.vat_output, ZERO, Decimal("16.00")),
    }
    assert draft.entry_date.isoformat() == "2026-01-06", "the date is Zambia's"
    assert draft.idempotency_key and draft.source.document_type == "mobile_money"


def test_money_out_with_charges_credits_the_wallet_twice() -> None:
    expense = uuid4()
    draft = transaction_draft(
        tx(Direction.OUT, Decimal("500.00"), Decimal("5.00")), uuid4(), [Part(expense, Decimal("500.00"))], ACCOUNTS
    )
    wallet = sum(line.credit - line.debit for line in draft.lines if line.account_id == ACCOUNTS.wallet)
    assert wallet == Decimal("505.00")
    assert {(line.account_id, line.debit) for line in draft.lines if line.debit} == {
        (expense, Decimal("500.00")),
        (ACCOUNTS.charges, Decimal("5.00")),
    }


def test_parts_that_do_not_add_up_are_refused() -> None:
    with pytest.raises(ValueError, match="add up"):
        transaction_draft(tx(Direction.IN, Decimal("10.00")), uuid4(), [Part(uuid4(), Decimal("9.99"))], ACCOUNTS)


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999.99"), places=2)


@settings(max_examples=300, deadline=None)
@given(
    direction=st.sampled_from(Direction),
    amount=money,
    charges=st.one_of(st.just(ZERO), money),
    split=st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=5),
    rates=st.lists(st.sampled_from([None, Decimal(16), Decimal(0), Decimal("7.5")]), min_size=5, max_size=5),
)
def test_every_wallet_draft_balances_and_moves_the_wallet_by_the_signed_amount(
    direction: Direction, amount: Decimal, charges: Decimal, split: list[int], rates: list[Decimal | None]
) -> None:
    cents = int(amount * 100)
    weights = split[: max(1, min(len(split), cents))]
    shares = [cents * w // sum(weights) for w in weights]
    shares[0] += cents - sum(shares)
    parts = [Part(uuid4(), Decimal(share) / 100, rates[index]) for index, share in enumerate(shares) if share > 0]
    transaction = tx(direction, amount, charges)
    draft = transaction_draft(transaction, uuid4(), parts, ACCOUNTS)
    assert sum(line.debit for line in draft.lines) == sum(line.credit for line in draft.lines)
    assert all((line.debit > 0) != (line.credit > 0) for line in draft.lines)
    wallet = sum(line.debit - line.credit for line in draft.lines if line.account_id == ACCOUNTS.wallet)
    assert wallet == transaction.signed_amount
    vat = sum(
        line.debit + line.credit for line in draft.lines if line.account_id in (ACCOUNTS.vat_output, ACCOUNTS.vat_input)
    )
    assert vat == sum(vat_in(part.amount, part.vat_rate) for part in parts)


def test_rules_match_on_every_condition_and_the_first_by_priority_wins() -> None:
    rent, sales = uuid4(), uuid4()
    rules = [
        Rule(uuid4(), "Sales", sales, direction=Direction.IN, priority=200),
        Rule(uuid4(), "Rent", rent, text_contains="rent", direction=Direction.OUT, min_amount=Decimal(100)),
    ]
    assert first_match(rules, tx(Direction.OUT, Decimal(2000), reference="Payment for rent")).account_id == rent  # type: ignore[union-attr]
    assert first_match(rules, tx(Direction.OUT, Decimal(50), reference="Payment for rent")) is None
    assert first_match(rules, tx(Direction.IN, Decimal(50))).account_id == sales  # type: ignore[union-attr]
    by_number = Rule(uuid4(), "Mwila", rent, counterparty="977000111")
    assert first_match([by_number], tx(Direction.IN, Decimal(1))) is by_number
    assert first_match([by_number], tx(Direction.IN, Decimal(1), counterparty_msisdn="977000999")) is None
    suggestion = suggest_with_rules(rules, [], tx(Direction.IN, Decimal(5)))
    assert suggestion is not None and suggestion.confidence == Decimal("1.00") and suggestion.reason == "rule: Sales"


def _labelled(count: int, seed: int) -> list[tuple[WalletTransaction, UUID]]:
    """Sandbox-shaped transactions, each labelled with where a bookkeeper would put it."""
    accounts = {name: UUID(int=index + 1) for index, name in enumerate(
        ["sales", "owner_capital", "stock", "electricity", "delivery", "airtime", "stationery", "rent", "drawings"]
    )}  # fmt: skip
    merchant = Merchant("c", "s", MERCHANT, seed=seed, count=count, start=1_767_225_600, spacing_seconds=600)
    labelled = []
    for raw in merchant.rows():
        transaction = map_api_row(merchant.wire(raw), MERCHANT)
        if raw.service_type == "MERCHPAY":
            label = "sales"
        elif raw.service_type == "CASHIN":
            label = "owner_capital"
        elif raw.service_type == "CASHOUT":
            label = "drawings"
        elif raw.service_type == "REVERSAL":
            label = "sales"
        else:
            label = raw.reference_number.removeprefix("Payment for ")
        labelled.append((transaction, accounts[label]))
    random.Random(seed).shuffle(labelled)
    return labelled


def _accuracy(examples: list[Example], held_out: list[tuple[WalletTransaction, UUID]]) -> float:
    right = 0
    for transaction, account in held_out:
        suggestion = suggest(examples, transaction)
        right += suggestion is not None and suggestion.account_id == account
    return right / len(held_out)


def test_suggestions_get_more_accurate_as_the_organization_categorises_more() -> None:
    data = _labelled(1200, seed=7)
    held_out, pool = data[:200], data[200:]
    accuracy = []
    for size in (3, 20, 100, 800):
        examples = [Example(transaction, account) for transaction, account in pool[:size]]
        accuracy.append(_accuracy(examples, held_out))
    assert accuracy == sorted(accuracy), accuracy
    assert accuracy[0] < 0.7 < accuracy[-1], accuracy
    assert accuracy[-1] >= 0.9, accuracy


def test_a_suggestion_is_surer_with_a_known_counterparty_than_with_a_stranger() -> None:
    sales, stock = uuid4(), uuid4()
    examples = [Example(tx(Direction.IN, Decimal(100 + i), airtel_id=f"X{i}"), sales) for i in range(6)]
    examples += [Example(tx(Direction.OUT, Decimal(900), airtel_id="Y", counterparty_msisdn="977999999"), stock)]
    known = suggest(examples, tx(Direction.IN, Decimal(120), airtel_id="new"))
    stranger = suggest(examples, tx(Direction.IN, Decimal(120), airtel_id="new2", counterparty_msisdn="970000001"))
    assert known is not None and known.account_id == sales and known.reason == "same counterparty"
    assert stranger is None or stranger.confidence < known.confidence
