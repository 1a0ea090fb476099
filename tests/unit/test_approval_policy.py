"""Approval policy evaluation and business-hours deadlines (pure, property-tested)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from shared_code.approvals.business_hours import add_business_hours
from shared_code.approvals.model import (
    Approver,
    ApproverKind,
    BusinessHoursConfig,
    Conditions,
    Policy,
    Rule,
    Step,
    Subject,
    default_policy,
    escalation_targets,
    evaluate,
    policy_from_dict,
    policy_to_dict,
    resolve_approvers,
    simulate,
    validate_policy,
)

OWNER_STEP = Step(name="Owner", approvers=(Approver(ApproverKind.OWNERS),))
DEFAULT = Rule("Default", 1000, Conditions(), (OWNER_STEP,), is_default=True)
amounts = st.decimals(min_value=Decimal(0), max_value=Decimal("10000000"), places=2)


def _rule(name: str, priority: int, **conditions: object) -> Rule:
    return Rule(name, priority, Conditions(**conditions), (OWNER_STEP,))  # type: ignore[arg-type]


@given(low=amounts, high=amounts, amount=amounts)
def test_an_amount_range_includes_its_minimum_and_excludes_its_maximum(
    low: Decimal, high: Decimal, amount: Decimal
) -> None:
    rule = _rule("band", 1, min_amount=low, max_amount=high)
    chosen = evaluate(Policy(True, (rule, DEFAULT)), Subject("expense", amount))
    assert (chosen is rule) == (low <= amount < high)


@given(bound=amounts)
def test_boundaries_exactly(bound: Decimal) -> None:
    below = _rule("below", 1, max_amount=bound)
    above = _rule("above", 2, min_amount=bound)
    policy = Policy(True, (above, below, DEFAULT))
    assert evaluate(policy, Subject("expense", bound)) is above
    if bound > 0:
        assert evaluate(policy, Subject("expense", bound - Decimal("0.01"))) is below


@given(
    priorities=st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=8, unique=True), amount=amounts
)
def test_the_first_matching_rule_by_priority_wins_whatever_the_order(priorities: list[int], amount: Decimal) -> None:
    rules = [_rule(f"r{p}", p, min_amount=Decimal(p)) for p in priorities]
    chosen = evaluate(Policy(True, (*reversed(rules), DEFAULT)), Subject("expense", amount))
    matching = sorted(p for p in priorities if amount >= p)
    assert chosen.name == (f"r{matching[0]}" if matching else "Default")


@given(amount=amounts, doc=st.sampled_from(["expense", "bill", "reimbursement"]))
def test_the_default_applies_when_nothing_else_matches(amount: Decimal, doc: str) -> None:
    other = _rule("fuel only", 1, categories=("fuel",))
    assert evaluate(Policy(True, (DEFAULT, other)), Subject(doc, amount, categories=("stationery",))) is DEFAULT
    assert evaluate(Policy(True, (DEFAULT, other)), Subject(doc, amount, categories=("fuel",))) is other


def test_every_condition_is_checked() -> None:
    rule = _rule(
        "narrow", 1, suppliers=("s1",), payment_methods=("cash",), document_types=("bill",), submitter_roles=("staff",)
    )
    policy = Policy(True, (rule, DEFAULT))
    hit = Subject("bill", Decimal(5), supplier="s1", payment_method="cash", submitter_role="staff")
    assert evaluate(policy, hit) is rule
    for miss in (
        Subject("expense", Decimal(5), supplier="s1", payment_method="cash", submitter_role="staff"),
        Subject("bill", Decimal(5), supplier="s2", payment_method="cash", submitter_role="staff"),
        Subject("bill", Decimal(5), supplier="s1", payment_method="bank", submitter_role="staff"),
        Subject("bill", Decimal(5), supplier="s1", payment_method="cash", submitter_role="accountant"),
    ):
        assert evaluate(policy, miss) is DEFAULT


def test_validation_codes() -> None:
    def codes(policy: Policy, **kw: object) -> set[str]:
        return {e.code for e in validate_policy(policy, **kw)}  # type: ignore[arg-type]

    assert codes(default_policy()) == set()
    assert "default_rule_required" in codes(Policy(True, (_rule("x", 1),)))
    assert "min_above_max" in codes(
        Policy(True, (_rule("x", 1, min_amount=Decimal(10), max_amount=Decimal(5)), DEFAULT))
    )
    no_approvers = Rule("x", 1, Conditions(), (Step("s", ()),))
    assert "approvers_required" in codes(Policy(True, (no_approvers, DEFAULT)))
    assert "unknown_category" in codes(
        Policy(True, (_rule("x", 1, categories=("nope",)), DEFAULT)), known_categories=["fuel"]
    )
    assert "duplicate_priority" in codes(Policy(True, (_rule("x", 1), _rule("y", 1), DEFAULT)))


def test_the_json_form_round_trips() -> None:
    rule = Rule(
        "big",
        1,
        Conditions(min_amount=Decimal("1000.50")),
        (OWNER_STEP, Step("Role", (Approver(ApproverKind.ROLE, "accountant"),))),
    )
    policy = Policy(True, (rule, DEFAULT), version=3)
    parsed, errors = policy_from_dict(policy_to_dict(policy), version=3)
    assert errors == [] and parsed == policy


def test_approvers_exclude_the_submitter_and_those_without_permission() -> None:
    owner, accountant, staff, outsider = uuid4(), uuid4(), uuid4(), uuid4()
    step = Step(
        "s",
        (
            Approver(ApproverKind.ROLE, "accountant"),
            Approver(ApproverKind.OWNERS),
            Approver(ApproverKind.MEMBER, str(outsider)),
        ),
    )
    found = resolve_approvers(
        step,
        members_by_role={"accountant": [accountant, staff]},
        owners=[owner],
        can_approve=[owner, accountant],
        submitter=accountant,
    )
    assert found == (owner,)
    assert escalation_targets([owner], owner) == (owner,)
    assert escalation_targets([owner, accountant], owner) == (accountant,)


LUSAKA = BusinessHoursConfig()
LUSAKA_ZONE = ZoneInfo("Africa/Lusaka")


def test_business_hours_skip_nights_weekends_and_holidays() -> None:
    # Friday 2026-12-04 16:00 Lusaka (14:00 UTC) + 2h → Monday 2026-12-07 09:00 Lusaka
    assert add_business_hours(datetime(2026, 12, 4, 14, tzinfo=UTC), Decimal(2), LUSAKA) == datetime(
        2026, 12, 7, 7, tzinfo=UTC
    )
    # Thursday 2026-12-24 16:00 + 2h → Christmas Friday skipped → Monday 28th 09:00
    assert add_business_hours(datetime(2026, 12, 24, 14, tzinfo=UTC), Decimal(2), LUSAKA) == datetime(
        2026, 12, 28, 7, tzinfo=UTC
    )
    # before opening counts from 08:00
    assert add_business_hours(datetime(2026, 12, 7, 3, tzinfo=UTC), Decimal(1), LUSAKA) == datetime(
        2026, 12, 7, 7, tzinfo=UTC
    )


ALWAYS = BusinessHoursConfig(start_hour=0, end_hour=24, weekdays=(0, 1, 2, 3, 4, 5, 6), holiday_country=None)


@given(seconds=st.integers(min_value=1, max_value=10**7))
def test_an_always_open_calendar_counts_elapsed_time(seconds: int) -> None:
    start = datetime(2026, 12, 4, 14, tzinfo=UTC)
    end = add_business_hours(start, Decimal(seconds) / 3600, ALWAYS)
    assert abs((end - start).total_seconds() - seconds) < 0.01


@given(hours=st.decimals(min_value=Decimal("0.1"), max_value=Decimal(200), places=1))
def test_business_deadlines_fall_inside_working_hours_and_grow_with_hours(hours: Decimal) -> None:
    start = datetime(2026, 12, 4, 10, tzinfo=UTC)
    end = add_business_hours(start, hours, LUSAKA).astimezone(LUSAKA_ZONE)
    assert end.weekday() < 5 and (8 <= end.hour < 17 or (end.hour == 17 and end.minute == 0 and end.second == 0))
    assert add_business_hours(start, hours + 1, LUSAKA) > add_business_hours(start, hours, LUSAKA)


def test_the_simulator_names_who_would_approve() -> None:
    owner, accountant, submitter = uuid4(), uuid4(), uuid4()
    big = Rule(
        "big",
        1,
        Conditions(min_amount=Decimal(5000)),
        (Step("Acc", (Approver(ApproverKind.ROLE, "accountant"),)), OWNER_STEP),
    )
    policy = Policy(True, (big, DEFAULT))
    route = simulate(
        policy,
        Subject("expense", Decimal(5000)),
        members_by_role={"accountant": [accountant]},
        owners=[owner],
        can_approve=[owner, accountant],
        submitter=submitter,
    )
    assert route.rule is big and route.approvers == ((accountant,), (owner,))
    small = simulate(
        policy,
        Subject("expense", Decimal("4999.99")),
        members_by_role={},
        owners=[owner],
        can_approve=[owner],
        submitter=owner,
    )
    assert small.rule is DEFAULT and small.approvers == ((owner,),)
