"""Unchanged Durable Functions 1.x orchestrators, run on the local durable runtime.

The blueprint below is written exactly as for Azure (`df.Blueprint` decorators, df context
API). It is registered on a `df.DFApp`, indexed with `get_functions()` like the local runtime
does, and run on `LocalDurableRuntime` (durabletask's in-process backend).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Generator, Iterator
from datetime import timedelta
from typing import Any

import azure.durable_functions as df
import azure.functions as func
import pytest

from local_runtime.durable import DurableClientError, LocalDurableClient, LocalDurableRuntime
from local_runtime.durable_index import collect_durable_functions

pytestmark = pytest.mark.timeout(15)

Orchestration = Generator[Any, Any, Any]
"""What a df orchestrator function returns: a generator of tasks."""

bp = df.Blueprint()

_calls_lock = threading.Lock()
_calls: list[tuple[str, Any]] = []
_attempts: dict[str, int] = {}


def _record(activity: str, payload: Any) -> None:
    with _calls_lock:
        _calls.append((activity, payload))


def calls_for(expense_id: str) -> list[str]:
    """The activities that ran for one expense, in order."""
    with _calls_lock:
        return [name for name, payload in _calls if payload.get("expense_id") == expense_id]


@bp.orchestration_trigger(context_name="context")
def expense_approval(context: df.DurableOrchestrationContext) -> Orchestration:
    expense = context.get_input()
    yield context.call_activity(notify_approver, expense)  # df v2: the function itself names it
    context.set_custom_status({"stage": "awaiting_approval", "approver": expense["approver"]})

    deadline = context.current_utc_datetime + timedelta(seconds=expense["timeout_seconds"])
    timeout = context.create_timer(deadline)
    decision = context.wait_for_external_event("ApprovalDecision")
    winner = yield context.task_any([decision, timeout])

    if winner == decision:
        timeout.cancel()
        verdict = decision.result
        receipt = yield context.call_activity("record_decision", {"expense_id": expense["expense_id"], **verdict})
        outcome = "approved" if verdict["approved"] else "rejected"
        return {"outcome": outcome, "by": verdict["by"], "receipt": receipt}
    return {"outcome": "timed_out"}


@bp.activity_trigger(input_name="expense")
def notify_approver(expense: dict[str, Any]) -> str:
    _record("notify_approver", expense)
    return f"mail sent to {expense['approver']}"


@bp.activity_trigger(input_name="decision")
async def record_decision(decision: dict[str, Any]) -> str:
    await asyncio.sleep(0)
    _record("record_decision", decision)
    return f"decision on {decision['expense_id']} recorded"


@bp.orchestration_trigger(context_name="context")
def export_statement(context: df.DurableOrchestrationContext) -> Orchestration:
    return (yield context.call_activity("render_statement", context.get_input()))


@bp.activity_trigger(input_name="request")
def render_statement(request: dict[str, Any]) -> str:
    raise RuntimeError(f"template missing for {request['period']}")


@bp.orchestration_trigger(context_name="context")
def guarded_export(context: df.DurableOrchestrationContext) -> Orchestration:
    try:
        yield context.call_activity("render_statement", context.get_input())
    except Exception as error:
        return {"exported": False, "reason": str(error)}
    return {"exported": True}


@bp.orchestration_trigger(context_name="context")
def sync_airtel(context: df.DurableOrchestrationContext) -> Orchestration:
    retry = df.RetryOptions(first_retry_interval_in_milliseconds=100, max_number_of_attempts=3)
    return (yield context.call_activity_with_retry("fetch_airtel_page", retry, context.get_input()))


@bp.activity_trigger(input_name="request")
def fetch_airtel_page(request: dict[str, Any]) -> dict[str, Any]:
    with _calls_lock:
        _attempts[request["link_id"]] = attempt = _attempts.get(request["link_id"], 0) + 1
    if attempt < request["fail_times"] + 1:
        raise ConnectionError(f"Airtel timed out (attempt {attempt})")
    return {"link_id": request["link_id"], "attempts": attempt, "transactions": 2}


@bp.orchestration_trigger(context_name="context", orchestration="settle_expenses")
def settle_expenses_orchestrator(context: df.DurableOrchestrationContext) -> Orchestration:
    expenses = context.get_input()
    settlements = [
        context.call_sub_orchestrator(
            "settle_expense", expense, instance_id=f"{context.instance_id}:{expense['expense_id']}"
        )
        for expense in expenses
    ]
    results = yield context.task_all(settlements)
    return {"settled": results, "total_ngwee": sum(r["amount_ngwee"] for r in results)}


@bp.orchestration_trigger(context_name="context")
def settle_expense(context: df.DurableOrchestrationContext) -> Orchestration:
    expense = context.get_input()
    reference = yield context.call_activity("post_settlement", expense)
    return {"reference": reference, "amount_ngwee": expense["amount_ngwee"], "by": context.instance_id}


@bp.activity_trigger(input_name="expense", activity="post_settlement")
def post_settlement_activity(expense: dict[str, Any]) -> str:
    _record("post_settlement", expense)
    return f"JV-{expense['expense_id']}"


@bp.orchestration_trigger(context_name="context")
def reminder_cycle(context: df.DurableOrchestrationContext) -> Orchestration:
    remaining = context.get_input()
    yield context.call_activity("notify_approver", {"expense_id": "cycle", "approver": f"r{remaining}"})
    if remaining > 0:
        context.continue_as_new(remaining - 1)
        return None
    return "done"


app = df.DFApp(http_auth_level=func.AuthLevel.ANONYMOUS)
app.register_functions(bp)


@pytest.fixture(scope="module")
def client() -> Iterator[LocalDurableClient]:
    functions = collect_durable_functions(app.get_functions())
    with LocalDurableRuntime(functions) as runtime:
        yield runtime.client


async def _wait_for_custom_status(client: LocalDurableClient, instance_id: str) -> Any:
    for _ in range(200):
        status = await client.get_status(instance_id)
        if status.custom_status is not None:
            return status
        await asyncio.sleep(0.02)
    raise AssertionError(f"{instance_id} never published a custom status")


def _expense(expense_id: str, timeout_seconds: float) -> dict[str, Any]:
    return {
        "expense_id": expense_id,
        "approver": "mwaba@example.zm",
        "amount_ngwee": 125_000,
        "timeout_seconds": timeout_seconds,
    }


def test_decision_beats_timer_and_both_activities_run(client: LocalDurableClient) -> None:
    async def scenario() -> Any:
        instance_id = await client.start_new("expense_approval", None, _expense("EXP-1", 30))
        waiting = await _wait_for_custom_status(client, instance_id)
        assert waiting.runtime_status == df.OrchestrationRuntimeStatus.Running
        assert waiting.custom_status == {"stage": "awaiting_approval", "approver": "mwaba@example.zm"}
        await client.raise_event(instance_id, "ApprovalDecision", {"approved": True, "by": "mwaba"})
        return await client.wait_for_completion(instance_id, timeout=5)

    done = asyncio.run(scenario())

    assert done.runtime_status == df.OrchestrationRuntimeStatus.Completed
    assert done.output == {"outcome": "approved", "by": "mwaba", "receipt": "decision on EXP-1 recorded"}
    assert calls_for("EXP-1") == ["notify_approver", "record_decision"]


def test_rejection_is_reported(client: LocalDurableClient) -> None:
    async def scenario() -> Any:
        instance_id = await client.start_new("expense_approval", "approval-EXP-2", _expense("EXP-2", 30))
        await _wait_for_custom_status(client, instance_id)
        await client.raise_event(instance_id, "ApprovalDecision", {"approved": False, "by": "chanda"})
        return await client.wait_for_completion(instance_id, timeout=5)

    done = asyncio.run(scenario())

    assert done.instance_id == "approval-EXP-2"
    assert done.output["outcome"] == "rejected"


def test_timer_fires_when_no_decision_comes(client: LocalDurableClient) -> None:
    async def scenario() -> Any:
        instance_id = await client.start_new("expense_approval", None, _expense("EXP-3", 1))
        return await client.wait_for_completion(instance_id, timeout=5)

    done = asyncio.run(scenario())

    assert done.runtime_status == df.OrchestrationRuntimeStatus.Completed
    assert done.output == {"outcome": "timed_out"}
    assert calls_for("EXP-3") == ["notify_approver"]


def test_custom_status_and_input_are_readable_while_waiting(client: LocalDurableClient) -> None:
    async def scenario() -> tuple[Any, Any]:
        instance_id = await client.start_new("expense_approval", None, _expense("EXP-4", 30))
        await _wait_for_custom_status(client, instance_id)
        waiting = await client.get_status(instance_id, show_input=True)
        await client.terminate(instance_id, "expense withdrawn")
        return waiting, await client.wait_for_completion(instance_id, timeout=5)

    waiting, ended = asyncio.run(scenario())

    assert waiting.runtime_status == df.OrchestrationRuntimeStatus.Running
    assert waiting.custom_status["stage"] == "awaiting_approval"
    assert waiting.input_ == _expense("EXP-4", 30)
    assert waiting.output is None
    assert waiting.created_time.tzinfo is not None
    assert ended.runtime_status == df.OrchestrationRuntimeStatus.Terminated
    assert ended.output == "expense withdrawn"


def test_failing_activity_fails_the_orchestration(client: LocalDurableClient) -> None:
    async def scenario() -> Any:
        instance_id = await client.start_new("export_statement", None, {"period": "2026-10"})
        return await client.wait_for_completion(instance_id, timeout=5)

    failed = asyncio.run(scenario())

    assert failed.runtime_status == df.OrchestrationRuntimeStatus.Failed
    assert "template missing for 2026-10" in failed.output


def test_activity_failure_is_raised_into_the_orchestrator(client: LocalDurableClient) -> None:
    async def scenario() -> Any:
        instance_id = await client.start_new("guarded_export", None, {"period": "2026-11"})
        return await client.wait_for_completion(instance_id, timeout=5)

    done = asyncio.run(scenario())

    assert done.runtime_status == df.OrchestrationRuntimeStatus.Completed
    assert done.output["exported"] is False
    assert "template missing for 2026-11" in done.output["reason"]


def test_retry_options_retry_a_flaky_activity_until_it_succeeds(client: LocalDurableClient) -> None:
    async def scenario() -> Any:
        instance_id = await client.start_new("sync_airtel", None, {"link_id": "L-1", "fail_times": 2})
        return await client.wait_for_completion(instance_id, timeout=5)

    done = asyncio.run(scenario())

    assert done.runtime_status == df.OrchestrationRuntimeStatus.Completed
    assert done.output == {"link_id": "L-1", "attempts": 3, "transactions": 2}


def test_retries_give_up_after_max_attempts(client: LocalDurableClient) -> None:
    async def scenario() -> Any:
        instance_id = await client.start_new("sync_airtel", None, {"link_id": "L-2", "fail_times": 5})
        return await client.wait_for_completion(instance_id, timeout=5)

    failed = asyncio.run(scenario())

    assert failed.runtime_status == df.OrchestrationRuntimeStatus.Failed
    assert "attempt 3" in failed.output
    assert _attempts["L-2"] == 3


def test_sub_orchestrations_fan_out_and_join(client: LocalDurableClient) -> None:
    expenses = [
        {"expense_id": "EXP-5", "amount_ngwee": 10_050},
        {"expense_id": "EXP-6", "amount_ngwee": 2_500},
    ]

    async def scenario() -> Any:
        instance_id = await client.start_new("settle_expenses", "batch-7", expenses)
        return await client.wait_for_completion(instance_id, timeout=5)

    done = asyncio.run(scenario())

    assert done.runtime_status == df.OrchestrationRuntimeStatus.Completed
    assert done.output == {
        "settled": [
            {"reference": "JV-EXP-5", "amount_ngwee": 10_050, "by": "batch-7:EXP-5"},
            {"reference": "JV-EXP-6", "amount_ngwee": 2_500, "by": "batch-7:EXP-6"},
        ],
        "total_ngwee": 12_550,
    }
    assert calls_for("EXP-5") == ["post_settlement"]


def test_continue_as_new_restarts_with_the_new_input(client: LocalDurableClient) -> None:
    async def scenario() -> Any:
        instance_id = await client.start_new("reminder_cycle", None, 2)
        return await client.wait_for_completion(instance_id, timeout=5)

    done = asyncio.run(scenario())

    assert done.output == "done"
    with _calls_lock:
        approvers = [p["approver"] for name, p in _calls if p.get("expense_id") == "cycle"]
    assert approvers == ["r2", "r1", "r0"]


def test_client_refuses_what_dfs_client_refuses(client: LocalDurableClient) -> None:
    async def scenario() -> Any:
        with pytest.raises(DurableClientError, match="not an orchestrator"):
            await client.start_new("notify_approver")
        with pytest.raises(DurableClientError, match="No instance"):
            await client.raise_event("no-such-instance", "ApprovalDecision", {})
        return await client.get_status("no-such-instance")

    missing = asyncio.run(scenario())

    assert not missing


def test_reusing_the_id_of_a_finished_instance_starts_afresh(client: LocalDurableClient) -> None:
    async def scenario() -> tuple[Any, Any]:
        first = await client.start_new("expense_approval", "approval-EXP-8", _expense("EXP-8", 0.5))
        await _wait_for_custom_status(client, first)
        await client.raise_event(first, "ApprovalDecision", {"approved": True, "by": "mwaba"})
        await client.wait_for_completion(first, timeout=5)
        second = await client.start_new("expense_approval", "approval-EXP-8", _expense("EXP-8", 30))
        await asyncio.sleep(0.8)  # past the first instance's timer, which must not reach the second
        status = await client.get_status(second)
        with pytest.raises(DurableClientError, match="already"):
            await client.start_new("expense_approval", "approval-EXP-8", _expense("EXP-8", 30))
        await client.raise_event(second, "ApprovalDecision", {"approved": False, "by": "chanda"})
        return status, await client.wait_for_completion(second, timeout=5)

    waiting, done = asyncio.run(scenario())

    assert waiting.runtime_status == df.OrchestrationRuntimeStatus.Running
    assert done.output["outcome"] == "rejected"
