"""Approval policies and the pure rules that route a purchase to its approvers.

A policy (per organization, versioned) is an ordered list of rules; each rule has
conditions and a chain of steps. Evaluation is pure: the first rule, by priority, whose
conditions all hold; a default rule (no conditions) is required so every document routes.

Pure: no I/O. Money is `Decimal`, VAT-inclusive ZMW.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any
from uuid import UUID

from shared_code.platform.errors import FieldError

DOCUMENT_TYPES = ("expense", "bill", "reimbursement")
PAYMENT_METHODS = ("cash", "bank", "wallet", "card", "staff", "credit")
"""How a purchase is paid: purchases' methods, and `credit` for a bill."""
MAX_RULES = 50
MAX_STEPS = 10


class ApproverKind(StrEnum):
    """Who a step asks."""

    MEMBER = "member"
    """One named member (`value` is the user id)."""
    ROLE = "role"
    """Every member holding a role (`value` is the role name)."""
    OWNERS = "owners"
    """The organization's owners."""


class Quorum(StrEnum):
    """How many of a step's approvers must approve."""

    ONE = "one"
    """Any one of them."""
    ALL = "all"
    """Every one of them."""


@dataclass(frozen=True)
class Approver:
    """One entry of a step's approver list."""

    kind: ApproverKind
    """Member, role or owners."""
    value: str | None = None
    """The user id (member) or role name (role); None for owners."""


@dataclass(frozen=True)
class Step:
    """One level of a chain."""

    name: str
    """What people call the step ("Manager", "Owner")."""
    approvers: tuple[Approver, ...]
    """Who may decide it."""
    quorum: Quorum = Quorum.ONE
    """One of them or all of them."""
    reminder_hours: Decimal = Decimal(8)
    """Business hours after the step opens when the approvers are reminded."""
    escalation_hours: Decimal = Decimal(16)
    """Business hours after the step opens when it escalates to the owners."""


@dataclass(frozen=True)
class Conditions:
    """What a document must match for a rule to apply; an empty field matches anything."""

    min_amount: Decimal | None = None
    """Inclusive lower bound of the VAT-inclusive total."""
    max_amount: Decimal | None = None
    """Exclusive upper bound of the VAT-inclusive total."""
    categories: tuple[str, ...] = ()
    """Expense category codes; any line's category matching is enough."""
    suppliers: tuple[str, ...] = ()
    """Supplier ids (as strings)."""
    payment_methods: tuple[str, ...] = ()
    """How it was paid."""
    document_types: tuple[str, ...] = ()
    """Expense, bill or reimbursement."""
    submitter_roles: tuple[str, ...] = ()
    """The submitter's role."""

    @property
    def is_empty(self) -> bool:
        """True if the conditions match every document."""
        return (
            self.min_amount is None
            and self.max_amount is None
            and not (
                self.categories or self.suppliers or self.payment_methods or self.document_types or self.submitter_roles
            )
        )


@dataclass(frozen=True)
class Rule:
    """Conditions and the chain of steps they lead to."""

    name: str
    """What people call it."""
    priority: int
    """Lower is tried first."""
    conditions: Conditions
    """What it matches."""
    steps: tuple[Step, ...]
    """The chain, in order."""
    is_default: bool = False
    """The rule that applies when no other does (no conditions)."""


@dataclass(frozen=True)
class Policy:
    """An organization's approval policy, one version of it."""

    enabled: bool
    """Off by default: purchases are approved directly."""
    rules: tuple[Rule, ...]
    """Ordered by priority when evaluated."""
    version: int = 0
    """The stored version; 0 before it is saved."""
    business_hours: BusinessHoursConfig = field(default_factory=lambda: BusinessHoursConfig())
    """How deadlines are counted."""


@dataclass(frozen=True)
class BusinessHoursConfig:
    """When the business works; deadlines count only these hours."""

    timezone: str = "Africa/Lusaka"
    """IANA zone the hours are in."""
    start_hour: int = 8
    """First working hour."""
    end_hour: int = 17
    """End of the working day (exclusive)."""
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    """Working days, Monday = 0."""
    holiday_country: str | None = "ZM"
    """Public holidays of this country are not worked; None for none."""


@dataclass(frozen=True)
class Subject:
    """What is being approved, as evaluation sees it."""

    document_type: str
    """Expense, bill or reimbursement."""
    amount: Decimal
    """VAT-inclusive total in ZMW."""
    categories: tuple[str, ...] = ()
    """Category codes of its lines."""
    supplier: str | None = None
    """Supplier id, if any."""
    payment_method: str | None = None
    """How it was or will be paid."""
    submitter_role: str | None = None
    """The submitter's role in the organization."""


def matches(conditions: Conditions, subject: Subject) -> bool:
    """True if every non-empty condition holds for the subject."""
    if conditions.min_amount is not None and subject.amount < conditions.min_amount:
        return False
    if conditions.max_amount is not None and subject.amount >= conditions.max_amount:
        return False
    if conditions.categories and not set(conditions.categories) & set(subject.categories):
        return False
    if conditions.suppliers and subject.supplier not in conditions.suppliers:
        return False
    if conditions.payment_methods and subject.payment_method not in conditions.payment_methods:
        return False
    if conditions.document_types and subject.document_type not in conditions.document_types:
        return False
    return not (conditions.submitter_roles and subject.submitter_role not in conditions.submitter_roles)


def evaluate(policy: Policy, subject: Subject) -> Rule:
    """The rule that routes `subject`: first non-default match by priority, else the default."""
    ordered = sorted((r for r in policy.rules if not r.is_default), key=lambda r: r.priority)
    for rule in ordered:
        if matches(rule.conditions, subject):
            return rule
    for rule in policy.rules:
        if rule.is_default:
            return rule
    raise ValueError("a policy without a default rule cannot be evaluated")


def validate_policy(
    policy: Policy, *, known_categories: Iterable[str] | None = None, known_roles: Iterable[str] | None = None
) -> list[FieldError]:
    """Every problem with the policy (empty if it may be stored)."""
    errors: list[FieldError] = []
    categories = set(known_categories) if known_categories is not None else None
    roles = set(known_roles) if known_roles is not None else None
    defaults = [i for i, r in enumerate(policy.rules) if r.is_default]
    if len(defaults) != 1:
        errors.append(FieldError("rules", "default_rule_required", "The policy needs exactly one default rule."))
    if len(policy.rules) > MAX_RULES:
        errors.append(FieldError("rules", "too_many", f"At most {MAX_RULES} rules."))
    priorities = [r.priority for r in policy.rules if not r.is_default]
    if len(set(priorities)) != len(priorities):
        errors.append(FieldError("rules", "duplicate_priority", "Two rules have the same priority."))
    for i, rule in enumerate(policy.rules):
        where = f"rules.{i}"
        if not rule.name.strip():
            errors.append(FieldError(f"{where}.name", "required", "A rule needs a name."))
        c = rule.conditions
        if rule.is_default and not c.is_empty:
            errors.append(
                FieldError(f"{where}.conditions", "default_rule_conditions", "The default has no conditions.")
            )
        for bound in ("min_amount", "max_amount"):
            value = getattr(c, bound)
            if value is not None and value < 0:
                errors.append(FieldError(f"{where}.conditions.{bound}", "negative", "Amounts are not negative."))
        if c.min_amount is not None and c.max_amount is not None and c.min_amount >= c.max_amount:
            errors.append(
                FieldError(f"{where}.conditions.min_amount", "min_above_max", "The minimum must be below the maximum.")
            )
        if categories is not None:
            for code in c.categories:
                if code not in categories:
                    errors.append(FieldError(f"{where}.conditions.categories", "unknown_category", f"No {code!r}."))
        for dt in c.document_types:
            if dt not in DOCUMENT_TYPES:
                errors.append(FieldError(f"{where}.conditions.document_types", "unknown_document_type", f"No {dt!r}."))
        for pm in c.payment_methods:
            if pm not in PAYMENT_METHODS:
                errors.append(
                    FieldError(f"{where}.conditions.payment_methods", "unknown_payment_method", f"No {pm!r}.")
                )
        if roles is not None:
            for role in c.submitter_roles:
                if role not in roles:
                    errors.append(FieldError(f"{where}.conditions.submitter_roles", "unknown_role", f"No {role!r}."))
        if not rule.steps:
            errors.append(FieldError(f"{where}.steps", "steps_required", "A rule needs at least one step."))
        if len(rule.steps) > MAX_STEPS:
            errors.append(FieldError(f"{where}.steps", "too_many", f"At most {MAX_STEPS} steps."))
        for j, step in enumerate(rule.steps):
            at = f"{where}.steps.{j}"
            if not step.approvers:
                errors.append(FieldError(f"{at}.approvers", "approvers_required", "A step needs approvers."))
            for k, approver in enumerate(step.approvers):
                if approver.kind is not ApproverKind.OWNERS and not approver.value:
                    errors.append(FieldError(f"{at}.approvers.{k}.value", "required", "Name the member or role."))
                if approver.kind is ApproverKind.ROLE and roles is not None and approver.value not in roles:
                    errors.append(FieldError(f"{at}.approvers.{k}.value", "unknown_role", "No such role."))
            if step.reminder_hours <= 0 or step.escalation_hours <= 0:
                errors.append(FieldError(f"{at}", "interval_not_positive", "Intervals must be above zero."))
            elif step.escalation_hours < step.reminder_hours:
                errors.append(
                    FieldError(f"{at}.escalation_hours", "escalation_before_reminder", "Escalate after reminding.")
                )
    return errors


def default_policy() -> Policy:
    """The policy an organization has until it writes one: off, owners approve."""
    return Policy(
        enabled=False,
        rules=(
            Rule(
                name="Everything else",
                priority=1000,
                conditions=Conditions(),
                steps=(Step(name="Owner", approvers=(Approver(ApproverKind.OWNERS),)),),
                is_default=True,
            ),
        ),
    )


# --- (de)serialisation: the policy is stored and shown as JSON ---------------------------------


def _decimal(value: Any, where: str, errors: list[FieldError]) -> Decimal | None:
    if value is None:
        return None
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        errors.append(FieldError(where, "not_a_number", "Not a number."))
        return None
    if not result.is_finite():
        errors.append(FieldError(where, "not_a_number", "Not a number."))
        return None
    return result


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    """The JSON form (money and hours as strings)."""
    bh = policy.business_hours
    return {
        "enabled": policy.enabled,
        "version": policy.version,
        "business_hours": {
            "timezone": bh.timezone,
            "start_hour": bh.start_hour,
            "end_hour": bh.end_hour,
            "weekdays": list(bh.weekdays),
            "holiday_country": bh.holiday_country,
        },
        "rules": [
            {
                "name": r.name,
                "priority": r.priority,
                "is_default": r.is_default,
                "conditions": {
                    "min_amount": None if r.conditions.min_amount is None else str(r.conditions.min_amount),
                    "max_amount": None if r.conditions.max_amount is None else str(r.conditions.max_amount),
                    "categories": list(r.conditions.categories),
                    "suppliers": list(r.conditions.suppliers),
                    "payment_methods": list(r.conditions.payment_methods),
                    "document_types": list(r.conditions.document_types),
                    "submitter_roles": list(r.conditions.submitter_roles),
                },
                "steps": [
                    {
                        "name": s.name,
                        "quorum": s.quorum.value,
                        "reminder_hours": str(s.reminder_hours),
                        "escalation_hours": str(s.escalation_hours),
                        "approvers": [{"kind": a.kind.value, "value": a.value} for a in s.approvers],
                    }
                    for s in r.steps
                ],
            }
            for r in policy.rules
        ],
    }


def policy_from_dict(data: Mapping[str, Any], version: int = 0) -> tuple[Policy | None, list[FieldError]]:
    """Parse the JSON form; returns the policy or the problems."""
    errors: list[FieldError] = []
    rules: list[Rule] = []
    raw_rules: Sequence[Any] = data.get("rules") or []
    for i, raw in enumerate(raw_rules):
        c = raw.get("conditions") or {}
        steps: list[Step] = []
        for j, s in enumerate(raw.get("steps") or []):
            approvers: list[Approver] = []
            for k, a in enumerate(s.get("approvers") or []):
                try:
                    approvers.append(Approver(ApproverKind(a.get("kind")), a.get("value")))
                except ValueError:
                    errors.append(FieldError(f"rules.{i}.steps.{j}.approvers.{k}.kind", "unknown_kind", "Unknown."))
            try:
                quorum = Quorum(s.get("quorum", "one"))
            except ValueError:
                errors.append(FieldError(f"rules.{i}.steps.{j}.quorum", "unknown_quorum", "One or all."))
                quorum = Quorum.ONE
            steps.append(
                Step(
                    name=str(s.get("name") or f"Step {j + 1}"),
                    approvers=tuple(approvers),
                    quorum=quorum,
                    reminder_hours=_decimal(s.get("reminder_hours", 8), f"rules.{i}.steps.{j}", errors) or Decimal(0),
                    escalation_hours=_decimal(s.get("escalation_hours", 16), f"rules.{i}.steps.{j}", errors)
                    or Decimal(0),
                )
            )
        rules.append(
            Rule(
                name=str(raw.get("name") or ""),
                priority=int(raw.get("priority", 0)),
                is_default=bool(raw.get("is_default", False)),
                conditions=Conditions(
                    min_amount=_decimal(c.get("min_amount"), f"rules.{i}.conditions.min_amount", errors),
                    max_amount=_decimal(c.get("max_amount"), f"rules.{i}.conditions.max_amount", errors),
                    categories=tuple(c.get("categories") or ()),
                    suppliers=tuple(str(x) for x in c.get("suppliers") or ()),
                    payment_methods=tuple(c.get("payment_methods") or ()),
                    document_types=tuple(c.get("document_types") or ()),
                    submitter_roles=tuple(c.get("submitter_roles") or ()),
                ),
                steps=tuple(steps),
            )
        )
    bh = data.get("business_hours") or {}
    config = BusinessHoursConfig(
        timezone=str(bh.get("timezone", "Africa/Lusaka")),
        start_hour=int(bh.get("start_hour", 8)),
        end_hour=int(bh.get("end_hour", 17)),
        weekdays=tuple(int(d) for d in bh.get("weekdays", (0, 1, 2, 3, 4))),
        holiday_country=bh.get("holiday_country", "ZM"),
    )
    if not 0 <= config.start_hour < config.end_hour <= 24:
        errors.append(FieldError("business_hours", "bad_hours", "Start before end, within the day."))
    if not config.weekdays or any(not 0 <= d <= 6 for d in config.weekdays):
        errors.append(FieldError("business_hours.weekdays", "bad_weekdays", "Days 0 (Monday) to 6."))
    if errors:
        return None, errors
    return Policy(
        enabled=bool(data.get("enabled", False)), rules=tuple(rules), version=version, business_hours=config
    ), []


@dataclass(frozen=True)
class Route:
    """What the simulator answers: the rule and, per step, who would be asked."""

    rule: Rule
    """The rule that applies."""
    approvers: tuple[tuple[UUID, ...], ...]
    """Per step, the member ids eligible to decide (the submitter excluded)."""


def resolve_approvers(
    step: Step,
    *,
    members_by_role: Mapping[str, Iterable[UUID]],
    owners: Iterable[UUID],
    can_approve: Iterable[UUID],
    submitter: UUID | None,
) -> tuple[UUID, ...]:
    """The members who may decide `step`: named, holding `expenses:approve`, never the submitter.

    An empty result means the step escalates to the owners (see `escalation_targets`)."""
    allowed = set(can_approve)
    found: list[UUID] = []
    for approver in step.approvers:
        if approver.kind is ApproverKind.OWNERS:
            candidates: Iterable[UUID] = owners
        elif approver.kind is ApproverKind.ROLE:
            candidates = members_by_role.get(approver.value or "", ())
        else:
            try:
                candidates = (UUID(approver.value or ""),)
            except ValueError:
                candidates = ()
        for member in candidates:
            if member in allowed and member != submitter and member not in found:
                found.append(member)
    return tuple(found)


def escalation_targets(owners: Iterable[UUID], submitter: UUID | None) -> tuple[UUID, ...]:
    """Who a step escalates to: the owners, except the submitter (all of them if that leaves none)."""
    everyone = tuple(dict.fromkeys(owners))
    others = tuple(o for o in everyone if o != submitter)
    return others or everyone


def simulate(
    policy: Policy,
    subject: Subject,
    *,
    members_by_role: Mapping[str, Iterable[UUID]],
    owners: Iterable[UUID],
    can_approve: Iterable[UUID],
    submitter: UUID | None,
) -> Route:
    """Who would approve `subject`: the rule and each step's eligible approvers (escalated if none)."""
    rule = evaluate(policy, subject)
    owners = tuple(owners)
    allowed = tuple(can_approve)
    per_step = []
    for step in rule.steps:
        found = resolve_approvers(
            step, members_by_role=members_by_role, owners=owners, can_approve=allowed, submitter=submitter
        )
        per_step.append(found or escalation_targets(owners, submitter))
    return Route(rule=rule, approvers=tuple(per_step))
