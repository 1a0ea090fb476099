"""Expense approval: one durable orchestration per approval request and round.

The orchestrator only decides; its activities read and write PostgreSQL. Per step it waits
for whichever comes first, a decision (the API stored it and raised `decision`) or the step's
next deadline; it then re-reads the stored state, reminds at the reminder deadline, escalates
to the owners at the escalation deadline, and when the request is decided hands the outcome
to the purchase (posting it once when approved). Each durable timer is at most 6 days;
longer waits loop.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import datetime, timedelta
from typing import Any

import azure.durable_functions as df

from orchestrations import bp

ORCHESTRATION = "expense_approval"
MAX_TIMER = timedelta(days=6)


@bp.orchestration_trigger(context_name="context", orchestration=ORCHESTRATION)
def expense_approval(context: df.DurableOrchestrationContext) -> Generator[Any, Any, dict[str, Any]]:
    """Wait for decisions and deadlines until the request is decided, then finish it."""
    data: dict[str, Any] = context.get_input()
    retry = df.RetryOptions(first_retry_interval_in_milliseconds=1000, max_number_of_attempts=5)
    # One outstanding wait for "decision" at a time: an abandoned wait would take the next
    # event (events go to the oldest waiter), so it is kept until it completes.
    decision = None
    while True:
        state = yield context.call_activity_with_retry("approval_state", retry, data)
        status = state["status"]
        if status == "superseded":
            return {"status": status}
        if status != "open":
            context.set_custom_status({"status": status})
            outcome = yield context.call_activity_with_retry("approval_finish", retry, data)
            return {"status": outcome}
        context.set_custom_status({"status": "open", "step": state["step"]})
        now = context.current_utc_datetime
        step_data = {**data, "step": state["step"]}
        due: datetime | None = None
        action = None
        if state.get("remind_at"):
            due, action = datetime.fromisoformat(state["remind_at"]), "approval_remind"
        elif state.get("escalate_at"):
            due, action = datetime.fromisoformat(state["escalate_at"]), "approval_escalate"
        if due is not None and action is not None and due <= _aware(now):
            yield context.call_activity_with_retry(action, retry, step_data)
            continue
        fire_at = _aware(now) + MAX_TIMER if due is None else min(due, _aware(now) + MAX_TIMER)
        timer = context.create_timer(fire_at)
        if decision is None:
            decision = context.wait_for_external_event("decision")
        winner = yield context.task_any([decision, timer])
        if winner == decision:
            timer.cancel()
            decision = None


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _ports() -> Any:
    from shared_code.bootstrap import get_services

    return get_services()


def _ids(data: dict[str, Any]) -> tuple[Any, Any, int]:
    from uuid import UUID

    return UUID(data["organization_id"]), UUID(data["request_id"]), int(data["round"])


@bp.activity_trigger(input_name="data", activity="approval_state")
def approval_state(data: dict[str, Any]) -> dict[str, Any]:
    """The stored state of the request (stored decisions are marked consumed)."""
    from shared_code.approvals.workflow import state

    services = _ports()
    org, request_id, round = _ids(data)
    with services.db.unit_of_work(org) as uow:
        result = state(uow, request_id, round, services.clock)
        uow.commit()
    return result


@bp.activity_trigger(input_name="data", activity="approval_remind")
def approval_remind(data: dict[str, Any]) -> bool:
    """Remind the open step's approvers (once)."""
    from shared_code.approvals.workflow import remind

    services = _ports()
    org, request_id, round = _ids(data)
    with services.db.unit_of_work(org) as uow:
        done = remind(
            uow,
            request_id,
            round,
            int(data["step"]),
            clock=services.clock,
            base_url=services.settings.public_base_url,
        )
        uow.commit()
    return done


@bp.activity_trigger(input_name="data", activity="approval_escalate")
def approval_escalate(data: dict[str, Any]) -> bool:
    """Escalate the open step to the owners (once)."""
    from shared_code.approvals.workflow import escalate

    services = _ports()
    org, request_id, round = _ids(data)
    with services.db.unit_of_work(org) as uow:
        done = escalate(
            uow,
            request_id,
            round,
            int(data["step"]),
            clock=services.clock,
            base_url=services.settings.public_base_url,
        )
        uow.commit()
    return done


@bp.activity_trigger(input_name="data", activity="approval_finish")
def approval_finish(data: dict[str, Any]) -> str:
    """Carry the outcome to the purchase (post it once if approved)."""
    from shared_code.approvals.workflow import finish

    services = _ports()
    org, request_id, round = _ids(data)
    with services.db.unit_of_work(org) as uow:
        outcome = finish(uow, request_id, round, clock=services.clock, base_url=services.settings.public_base_url)
        uow.commit()
    return outcome
