"""What the `expense_approval` orchestration's activities do: read the stored state, remind,
escalate, finish. Each is idempotent (it checks the stored state under the request's row lock),
so a replayed or repeated activity changes nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from uuid import UUID

from shared_code.approvals import approval_repository as repo
from shared_code.approvals.model import escalation_targets
from shared_code.approvals.policies import directory
from shared_code.approvals.requests import ORCHESTRATION, _message, instance_id
from shared_code.notifications.notify import notify
from shared_code.platform.clock import Clock
from shared_code.platform.db import Transactions, UnitOfWork
from shared_code.platform.tenancy import live_tenants
from shared_code.purchases.model import PurchaseKind
from shared_code.purchases.purchasing import complete_approval, return_to_draft

FINISHED = ("posted", "rejected", "sent_back", "withdrawn")


def state(uow: UnitOfWork, request_id: UUID, round: int, clock: Clock) -> dict[str, Any]:
    """The request as the orchestration decides on it; every stored decision is marked consumed."""
    request = repo.request(uow, request_id, for_update=True)
    if request is None or request["round"] != round:
        return {"status": "superseded"}
    repo.mark_consumed(uow, request_id, clock.now())
    result: dict[str, Any] = {
        "status": request["status"],
        "step": request["current_step"],
        "version": request["version"],
    }
    if request["status"] == "open":
        step = repo.steps(uow, request_id, round)[request["current_step"]]
        result["remind_at"] = None if step["reminded_at"] else step["remind_at"].isoformat()
        result["escalate_at"] = None if step["escalated_at"] else step["escalate_at"].isoformat()
    return result


def remind(uow: UnitOfWork, request_id: UUID, round: int, step_index: int, *, clock: Clock, base_url: str) -> bool:
    """Remind the open step's approvers who have not decided; False if it was done or moot."""
    request = repo.request(uow, request_id, for_update=True)
    if (
        request is None
        or request["round"] != round
        or request["status"] != "open"
        or request["current_step"] != step_index
    ):
        return False
    step = repo.steps(uow, request_id, round)[step_index]
    if step["reminded_at"] is not None:
        return False
    now = clock.now()
    repo.update_step(uow, request_id, round, step_index, reminded_at=now)
    decided = {
        d["on_behalf_of"] or d["decided_by"]
        for d in repo.decisions(uow, request_id)
        if d["round"] == round and d["step_index"] == step_index
    }
    for approver in step["approvers"]:
        if approver not in decided:
            notify(uow, approver, "approval_reminder", _message(uow, request, base_url, step=step["name"]))
    repo.insert_event(uow, request_id=request_id, round=round, step_index=step_index, kind="reminded", at=now)
    return True


def escalate(uow: UnitOfWork, request_id: UUID, round: int, step_index: int, *, clock: Clock, base_url: str) -> bool:
    """Hand the open step to the owners as well (they are told); False if it was done or moot."""
    request = repo.request(uow, request_id, for_update=True)
    if (
        request is None
        or request["round"] != round
        or request["status"] != "open"
        or request["current_step"] != step_index
    ):
        return False
    step = repo.steps(uow, request_id, round)[step_index]
    if step["escalated_at"] is not None:
        return False
    now = clock.now()
    owners = escalation_targets(directory(uow).owners, request["submitted_by"])
    owners = tuple(o for o in owners if o not in (request["submitted_by"], request["drafted_by"])) or owners
    added = [o for o in owners if o not in step["approvers"]]
    # An escalated step is decided by any one of its approvers or the owners.
    repo.update_step(
        uow, request_id, round, step_index, escalated_at=now, approvers=[*step["approvers"], *added], quorum="one"
    )
    repo.update_request(uow, request_id)
    for owner in owners:
        notify(uow, owner, "approval_escalated", _message(uow, request, base_url, step=step["name"]))
    repo.insert_event(
        uow,
        request_id=request_id,
        round=round,
        step_index=step_index,
        kind="escalated",
        at=now,
        data={"to": [str(o) for o in owners]},
    )
    return True


def finish(uow: UnitOfWork, request_id: UUID, round: int, *, clock: Clock, base_url: str) -> str:
    """Carry the outcome to the purchase: post an approved one (once: one posting key per
    purchase and round), return the others to draft. Returns the request's final status."""
    request = repo.request(uow, request_id, for_update=True)
    if request is None or request["round"] != round:
        return "superseded"
    kind = PurchaseKind(request["purchase_kind"])
    now = clock.now()
    if request["status"] == "approved":
        key = f"{request['purchase_id']}:{round}"
        complete_approval(uow, kind, request["purchase_id"], approved_by=request["last_decided_by"], clock=clock)
        repo.update_request(uow, request_id, status="posted", posted_at=now, posting_key=key, finished_at=now)
        repo.insert_event(uow, request_id=request_id, round=round, kind="posted", at=now, data={"posting_key": key})
        notify(uow, request["submitted_by"], "approval_approved", _message(uow, request, base_url))
        return "posted"
    if request["status"] in ("rejected", "sent_back", "withdrawn"):
        comments = [d["comment"] for d in repo.decisions(uow, request_id) if d["round"] == round and d["comment"]]
        return_to_draft(uow, kind, request["purchase_id"], reason=comments[-1] if comments else request["status"])
        if request["finished_at"] is None:
            repo.update_request(uow, request_id, finished_at=now)
    return str(request["status"])


async def resume(db: Transactions, client: Any) -> list[str]:
    """Start again the orchestration of every unfinished request of every organization whose
    instance is unknown (after a restart of an in-memory durable backend)."""

    def pending() -> list[tuple[str, dict[str, Any]]]:
        found: list[tuple[str, dict[str, Any]]] = []
        with db.unit_of_work() as uow:
            tenants = live_tenants(uow)
        for tenant in tenants:
            with db.unit_of_work(tenant) as uow:
                for row in repo.open_requests(uow):
                    data = {"organization_id": str(tenant), "request_id": str(row["id"]), "round": row["round"]}
                    found.append((instance_id(row["id"], row["round"]), data))
        return found

    resumed = []
    for instance, data in await asyncio.to_thread(pending):
        status = await client.get_status(instance)
        if not status or getattr(status.runtime_status, "value", status.runtime_status) in ("Failed", "Terminated"):
            await client.start_new(ORCHESTRATION, instance, data)
            resumed.append(instance)
    return resumed


async def sweep_unconsumed(db: Transactions, client: Any, clock: Clock, older_than: timedelta) -> list[str]:
    """Wake every orchestration with a stored decision it has not consumed for `older_than`
    (its wake-up was lost); one that is gone is started again from the stored state."""

    def pending() -> list[tuple[str, dict[str, Any]]]:
        found = []
        with db.unit_of_work() as uow:
            tenants = live_tenants(uow)
        for tenant in tenants:
            with db.unit_of_work(tenant) as uow:
                for row in repo.unconsumed(uow, clock.now() - older_than):
                    data = {"organization_id": str(tenant), "request_id": str(row["id"]), "round": row["round"]}
                    found.append((instance_id(row["id"], row["round"]), data))
        return found

    woken = []
    for instance, data in await asyncio.to_thread(pending):
        try:
            await client.raise_event(instance, "decision", {"sweep": True})
        except Exception:
            await client.start_new(ORCHESTRATION, instance, data)
        woken.append(instance)
    return woken
