"""Request and response models shared by the approval routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from shared_code.api.types import Money, MoneyIn, RequestBody


class ApproverDoc(RequestBody):
    """Who a step asks: a member (user id), a role, or the owners."""

    kind: Literal["member", "role", "owners"]
    value: str | None = Field(default=None, max_length=100)


class StepDoc(RequestBody):
    """One level of a chain."""

    name: str = Field(min_length=1, max_length=100)
    approvers: list[ApproverDoc] = Field(max_length=20)
    quorum: Literal["one", "all"] = "one"
    reminder_hours: str = Field(default="8", pattern=r"^\d{1,4}(\.\d{1,4})?$")
    escalation_hours: str = Field(default="16", pattern=r"^\d{1,4}(\.\d{1,4})?$")


class ConditionsDoc(RequestBody):
    """What a document must match; an empty field matches anything. Amounts VAT-inclusive ZMW."""

    min_amount: MoneyIn | None = None
    max_amount: MoneyIn | None = None
    categories: list[str] = Field(default_factory=list, max_length=100)
    suppliers: list[str] = Field(default_factory=list, max_length=100)
    payment_methods: list[str] = Field(default_factory=list, max_length=10)
    document_types: list[str] = Field(default_factory=list, max_length=3)
    submitter_roles: list[str] = Field(default_factory=list, max_length=20)


class RuleDoc(RequestBody):
    """Conditions and the chain they lead to."""

    name: str = Field(max_length=100)
    priority: int = Field(ge=0, le=100000)
    is_default: bool = False
    conditions: ConditionsDoc = Field(default_factory=ConditionsDoc)
    steps: list[StepDoc] = Field(max_length=20)


class BusinessHoursDoc(RequestBody):
    """When deadlines count."""

    timezone: str = Field(default="Africa/Lusaka", max_length=50)
    start_hour: int = Field(default=8, ge=0, le=23)
    end_hour: int = Field(default=17, ge=1, le=24)
    weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4], max_length=7)
    holiday_country: str | None = Field(default="ZM", max_length=2)


class PolicyIn(RequestBody):
    """An approval policy to store as the next version."""

    enabled: bool
    rules: list[RuleDoc] = Field(max_length=60)
    business_hours: BusinessHoursDoc = Field(default_factory=BusinessHoursDoc)


class PolicyOut(BaseModel):
    """The policy in force (version 0: the built-in default, never saved)."""

    enabled: bool
    version: int
    rules: list[dict[str, Any]]
    business_hours: dict[str, Any]


class PolicyVersionOut(PolicyOut):
    """A stored version."""

    created_by: UUID
    created_at: datetime


class PolicyVersionList(BaseModel):
    """Every stored version, newest first."""

    items: list[PolicyVersionOut]


class SimulateIn(RequestBody):
    """A document to route, as the policy sees it."""

    document_type: Literal["expense", "bill", "reimbursement"] = "expense"
    amount: MoneyIn
    categories: list[str] = Field(default_factory=list, max_length=50)
    supplier_id: str | None = Field(default=None, max_length=100)
    payment_method: str | None = Field(default=None, max_length=20)
    submitter_id: UUID | None = None
    policy: PolicyIn | None = None


class SimulatedStep(BaseModel):
    """One step and who would be asked."""

    name: str
    quorum: str
    approver_ids: list[UUID]


class SimulateOut(BaseModel):
    """Who would approve it."""

    rule: str
    steps: list[SimulatedStep]


class DecisionIn(RequestBody):
    """A decision on the request's open step."""

    decision: Literal["approve", "reject", "send_back"]
    comment: str | None = Field(default=None, max_length=2000)
    expected_version: int | None = None


class WithdrawIn(RequestBody):
    """The submitter takes the request back."""

    comment: str | None = Field(default=None, max_length=2000)


class BulkDecisionIn(RequestBody):
    """Up to 100 requests decided alike, each on its own."""

    request_ids: list[UUID] = Field(min_length=1, max_length=100)
    decision: Literal["approve", "reject"]
    comment: str | None = Field(default=None, max_length=2000)


class StepOut(BaseModel):
    """A step of the current round."""

    step_index: int
    name: str
    quorum: str
    approver_ids: list[UUID]
    status: str
    opened_at: datetime | None
    remind_at: datetime | None
    escalate_at: datetime | None
    reminded_at: datetime | None
    escalated_at: datetime | None


class DecisionOut(BaseModel):
    """A decision, "by X on behalf of Y"."""

    id: UUID
    round: int
    step_index: int
    decision: str
    decided_by: UUID
    on_behalf_of: UUID | None
    comment: str | None
    created_at: datetime


class EventOut(BaseModel):
    """One entry of the timeline."""

    id: int
    round: int
    step_index: int | None
    kind: str
    actor: UUID | None
    on_behalf_of: UUID | None
    comment: str | None
    data: dict[str, Any]
    created_at: datetime


class ApprovalOut(BaseModel):
    """An approval request."""

    id: UUID
    purchase_id: UUID
    purchase_kind: str
    round: int
    status: str
    policy_version: int
    rule_name: str
    amount: Money
    submitted_by: UUID
    current_step: int
    version: int
    created_at: datetime
    decided_at: datetime | None
    posted_at: datetime | None


class ApprovalDetail(ApprovalOut):
    """A request with its steps, decisions and timeline."""

    steps: list[StepOut]
    decisions: list[DecisionOut]
    events: list[EventOut]


class ApprovalList(BaseModel):
    """Requests, newest first."""

    items: list[ApprovalOut]


class BulkDecisionResult(BaseModel):
    """What happened to one request of a bulk decision."""

    request_id: UUID
    status: int
    code: str | None = None
    request: ApprovalOut | None = None


class BulkOut(BaseModel):
    """A result per item."""

    results: list[BulkDecisionResult]


class DelegationIn(RequestBody):
    """Hand your approvals (or, with approvals:manage, someone's) to a delegate for a date range."""

    delegate_id: UUID
    starts_on: date
    ends_on: date
    delegator_id: UUID | None = None


class DelegationOut(BaseModel):
    """A delegation."""

    id: UUID
    delegator: UUID
    delegate: UUID
    starts_on: date
    ends_on: date
    created_by: UUID
    created_at: datetime


class DelegationList(BaseModel):
    """Live delegations."""

    items: list[DelegationOut]


def approval_out(row: dict[str, Any]) -> ApprovalOut:
    """The response of one request row."""
    return ApprovalOut.model_validate({k: row[k] for k in ApprovalOut.model_fields})


def step_out(row: dict[str, Any]) -> StepOut:
    """The response of one step row."""
    return StepOut.model_validate({**row, "approver_ids": list(row["approvers"])})
