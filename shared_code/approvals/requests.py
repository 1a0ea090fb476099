"""Approval requests: start one when a purchase is submitted, decide, withdraw, read.

The API writes every decision here first (version check, in the request's row lock) and
only then wakes the request's orchestration; the orchestration acts on this stored state.
A step's effect therefore happens exactly once, however often the wake-up arrives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from shared_code.approvals import approval_repository as repo
from shared_code.approvals.business_hours import add_business_hours
from shared_code.approvals.errors import (
    not_an_approver,
    not_withdrawable,
    only_submitter_withdraws,
    rejected,
    request_not_found,
    self_approval_forbidden,
    step_already_decided,
)
from shared_code.approvals.model import (
    BusinessHoursConfig,
    Quorum,
    Subject,
    escalation_targets,
    evaluate,
    resolve_approvers,
)
from shared_code.approvals.policies import Directory, current_policy, directory, policy_at
from shared_code.identity.memberships import user_names
from shared_code.notifications.notify import notify
from shared_code.platform.clock import Clock, today_in_zambia
from shared_code.platform.db import Row, UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.ids import new_id
from shared_code.purchases.categories import categories_by_ids
from shared_code.purchases.model import Purchase

ORCHESTRATION = "expense_approval"
DECISIONS = ("approve", "reject", "send_back")
CENT = Decimal("0.01")


def instance_id(request_id: UUID, round: int) -> str:
    """The orchestration instance of one round of one request."""
    return f"approval-{request_id}-r{round}"


@dataclass(frozen=True)
class Started:
    """An approval round that was opened: what to start its orchestration with."""

    request_id: UUID
    round: int

    @property
    def instance_id(self) -> str:
        """Its orchestration instance."""
        return instance_id(self.request_id, self.round)

    def orchestration_input(self, organization_id: UUID) -> dict[str, Any]:
        """What the orchestration is started with."""
        return {"organization_id": str(organization_id), "request_id": str(self.request_id), "round": self.round}


def subject_of(uow: UnitOfWork, purchase: Purchase, team: Directory, submitter: UUID) -> Subject:
    """What evaluation sees of a purchase."""
    codes = categories_by_ids(uow, sorted({line.category_id for line in purchase.lines}))
    header = purchase.header
    method = (
        header.payment_method.value if header.payment_method else ("credit" if header.kind.value == "bill" else None)
    )
    document_type = "reimbursement" if method == "staff" else header.kind.value
    return Subject(
        document_type=document_type,
        amount=purchase.total_amount.quantize(CENT, ROUND_HALF_UP),
        categories=tuple(
            sorted({codes[line.category_id].code for line in purchase.lines if line.category_id in codes})
        ),
        supplier=str(header.supplier_id) if header.supplier_id else None,
        payment_method=method,
        submitter_role=team.role_of.get(submitter),
    )


def _link(base_url: str, request_id: UUID) -> str:
    return f"{base_url.rstrip('/')}/approvals/{request_id}"


def _message(uow: UnitOfWork, request: Row, base_url: str, **extra: Any) -> dict[str, Any]:
    names = user_names(uow, [request["submitted_by"]])
    return {
        "document": f"{request['purchase_kind']} {str(request['purchase_id'])[:8]}",
        "amount": f"{request['amount']:,.2f}",
        "submitter": names.get(request["submitted_by"], "A member"),
        "link": _link(base_url, request["id"]),
        **extra,
    }


def start_for_purchase(
    uow: UnitOfWork, purchase: Purchase, *, submitted_by: UUID, clock: Clock, base_url: str
) -> Started | None:
    """Open an approval round for a purchase just submitted, if the policy is on (else None).

    The policy version used is stored with the request; each step's approvers are resolved now
    (a step with none eligible goes to the owners)."""
    policy = current_policy(uow)
    if not policy.enabled:
        return None
    team = directory(uow)
    subject = subject_of(uow, purchase, team, submitted_by)
    rule = evaluate(policy, subject)
    existing = repo.request_for_purchase(uow, purchase.id, for_update=True)
    common: dict[str, Any] = {
        "policy_version": policy.version,
        "rule_name": rule.name,
        "amount": subject.amount,
        "submitted_by": submitted_by,
        "drafted_by": purchase.created_by,
    }
    if existing is None:
        request_id = new_id()
        repo.insert_request(
            uow, request_id=request_id, purchase_id=purchase.id, purchase_kind=purchase.header.kind.value, **common
        )
        round = 1
    else:
        request_id = existing["id"]
        round = repo.start_round(uow, request_id, **common)
    now = clock.now()
    excluded = {submitted_by, purchase.created_by}
    for index, step in enumerate(rule.steps):
        approvers = tuple(
            a
            for a in resolve_approvers(
                step,
                members_by_role=team.members_by_role,
                owners=team.owners,
                can_approve=team.can_approve,
                submitter=submitted_by,
            )
            if a not in excluded
        )
        if not approvers:
            approvers = escalation_targets(team.owners, submitted_by)
            repo.insert_event(
                uow,
                request_id=request_id,
                round=round,
                step_index=index,
                kind="no_eligible_approver",
                at=now,
                data={"escalated_to": [str(a) for a in approvers]},
            )
        repo.insert_step(
            uow,
            request_id=request_id,
            round=round,
            step_index=index,
            name=step.name,
            quorum=step.quorum.value,
            approvers=approvers,
            reminder_hours=step.reminder_hours,
            escalation_hours=step.escalation_hours,
        )
    repo.insert_event(
        uow,
        request_id=request_id,
        round=round,
        kind="submitted",
        actor=submitted_by,
        at=now,
        data={"policy_version": policy.version, "rule": rule.name, "amount": str(subject.amount)},
    )
    request = repo.request(uow, request_id)
    assert request is not None
    open_step(uow, request, 0, clock=clock, base_url=base_url)
    return Started(request_id, round)


def open_step(uow: UnitOfWork, request: Row, index: int, *, clock: Clock, base_url: str) -> None:
    """Open step `index` of the request's round: its deadlines, its approvers told."""
    policy = policy_at(uow, request["policy_version"])
    steps = repo.steps(uow, request["id"], request["round"])
    step = steps[index]
    now = clock.now()
    config: BusinessHoursConfig = policy.business_hours
    repo.update_step(
        uow,
        request["id"],
        request["round"],
        index,
        status="open",
        opened_at=now,
        remind_at=add_business_hours(now, step["reminder_hours"], config),
        escalate_at=add_business_hours(now, step["escalation_hours"], config),
        notified_at=now,
    )
    if request["current_step"] != index:
        repo.update_request(uow, request["id"], current_step=index)
    repo.insert_event(
        uow,
        request_id=request["id"],
        round=request["round"],
        step_index=index,
        kind="step_opened",
        at=now,
        data={"step": step["name"], "approvers": [str(a) for a in step["approvers"]]},
    )
    for approver in step["approvers"]:
        notify(uow, approver, "approval_needed", _message(uow, request, base_url, step=step["name"]))


def _principal(uow: UnitOfWork, actor: UUID, approvers: list[UUID], clock: Clock) -> UUID | None:
    """Who `actor` decides for: themselves if named, else the approver who delegated to them today."""
    if actor in approvers:
        return None
    for delegator in repo.delegators_of(uow, actor, today_in_zambia(clock)):
        if delegator in approvers:
            return delegator
    raise not_an_approver()


def decide(
    uow: UnitOfWork,
    request_id: UUID,
    *,
    actor: UUID,
    decision: str,
    comment: str | None,
    expected_version: int | None,
    clock: Clock,
    base_url: str,
) -> Row:
    """Record `decision` on the request's open step and apply it; returns the request as it is now.

    403 `self_approval_forbidden` for the submitter (or their delegate), 409
    `step_already_decided` for a decided step or a stale version, 422 `reason_required`."""
    if decision not in DECISIONS:
        raise rejected([FieldError("decision", "unknown_decision", "approve, reject or send_back.")])
    comment = (comment or "").strip() or None
    if decision in ("reject", "send_back") and comment is None:
        raise rejected([FieldError("comment", "reason_required", "Say why.")], "A reason is required.")
    request = repo.request(uow, request_id, for_update=True)
    if request is None:
        raise request_not_found()
    submitters = {request["submitted_by"], request["drafted_by"]}
    if actor in submitters:
        raise self_approval_forbidden()
    if request["status"] != "open" or (expected_version is not None and expected_version != request["version"]):
        raise step_already_decided()
    index = request["current_step"]
    steps = repo.steps(uow, request_id, request["round"])
    step = steps[index]
    if step["status"] != "open":
        raise step_already_decided()
    on_behalf_of = _principal(uow, actor, list(step["approvers"]), clock)
    if on_behalf_of in submitters:
        raise self_approval_forbidden()
    principal = on_behalf_of or actor
    prior = [d for d in repo.decisions(uow, request_id) if d["round"] == request["round"] and d["step_index"] == index]
    if any((d["on_behalf_of"] or d["decided_by"]) == principal for d in prior):
        raise step_already_decided()
    now = clock.now()
    repo.insert_decision(
        uow,
        decision_id=new_id(),
        request_id=request_id,
        round=request["round"],
        step_index=index,
        decision=decision,
        decided_by=actor,
        on_behalf_of=on_behalf_of,
        comment=comment,
        at=now,
    )
    repo.insert_event(
        uow,
        request_id=request_id,
        round=request["round"],
        step_index=index,
        kind=decision,
        actor=actor,
        on_behalf_of=on_behalf_of,
        comment=comment,
        at=now,
    )
    if decision == "approve":
        approved = {(d["on_behalf_of"] or d["decided_by"]) for d in prior if d["decision"] == "approve"} | {principal}
        satisfied = step["quorum"] == Quorum.ONE.value or set(step["approvers"]) <= approved
        if not satisfied:
            repo.update_request(uow, request_id, last_decided_by=actor)
        else:
            repo.update_step(uow, request_id, request["round"], index, status="approved")
            repo.insert_event(
                uow, request_id=request_id, round=request["round"], step_index=index, kind="step_approved", at=now
            )
            if index + 1 < len(steps):
                repo.update_request(uow, request_id, last_decided_by=actor)
                fresh = repo.request(uow, request_id)
                assert fresh is not None
                open_step(uow, fresh, index + 1, clock=clock, base_url=base_url)
            else:
                repo.update_request(uow, request_id, status="approved", decided_at=now, last_decided_by=actor)
                repo.insert_event(uow, request_id=request_id, round=request["round"], kind="approved", at=now)
    else:
        status = "rejected" if decision == "reject" else "sent_back"
        repo.update_step(uow, request_id, request["round"], index, status=status)
        repo.update_request(uow, request_id, status=status, decided_at=now, last_decided_by=actor)
        names = user_names(uow, [actor])
        notify(
            uow,
            request["submitted_by"],
            f"approval_{status}",
            _message(uow, request, base_url, decided_by=names.get(actor, "An approver"), comment=comment),
        )
    fresh = repo.request(uow, request_id)
    assert fresh is not None
    return fresh


def withdraw(uow: UnitOfWork, request_id: UUID, *, actor: UUID, comment: str | None, clock: Clock) -> Row:
    """The submitter takes an open request back (it returns to draft)."""
    request = repo.request(uow, request_id, for_update=True)
    if request is None:
        raise request_not_found()
    if actor != request["submitted_by"]:
        raise only_submitter_withdraws()
    if request["status"] != "open":
        raise not_withdrawable()
    now = clock.now()
    index = request["current_step"]
    repo.insert_decision(
        uow,
        decision_id=new_id(),
        request_id=request_id,
        round=request["round"],
        step_index=index,
        decision="withdraw",
        decided_by=actor,
        on_behalf_of=None,
        comment=comment,
        at=now,
    )
    repo.update_step(uow, request_id, request["round"], index, status="withdrawn")
    repo.update_request(uow, request_id, status="withdrawn", decided_at=now, last_decided_by=actor)
    repo.insert_event(
        uow,
        request_id=request_id,
        round=request["round"],
        step_index=index,
        kind="withdrawn",
        actor=actor,
        comment=comment,
        at=now,
    )
    fresh = repo.request(uow, request_id)
    assert fresh is not None
    return fresh


def waiting_for(uow: UnitOfWork, user_id: UUID, clock: Clock) -> list[UUID]:
    """The approvers whose open steps `user_id` may decide today: themselves and their delegators."""
    return [user_id, *repo.delegators_of(uow, user_id, today_in_zambia(clock))]


def request_detail(uow: UnitOfWork, request_id: UUID) -> Mapping[str, Any]:
    """A request with its current round's steps, every decision and the timeline."""
    request = repo.request(uow, request_id)
    if request is None:
        raise request_not_found()
    return {
        **request,
        "steps": repo.steps(uow, request_id, request["round"]),
        "decisions": repo.decisions(uow, request_id),
        "events": repo.events(uow, request_id),
    }


def last_step_deadline(request: Row, steps: list[Row]) -> datetime | None:
    """When the open step next needs attention (its reminder, then its escalation)."""
    step = steps[request["current_step"]]
    if step["reminded_at"] is None:
        return step["remind_at"]  # type: ignore[no-any-return]
    if step["escalated_at"] is None:
        return step["escalate_at"]  # type: ignore[no-any-return]
    return None
