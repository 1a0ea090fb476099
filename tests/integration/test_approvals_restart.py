"""Approvals survive the durable runtime dying: its in-memory instances are lost, decisions are
made while it is down, and after a restart `workflows.resume_pending` (with the sweeper) brings
every request to where the stored decisions say, each approved expense posted exactly once.

Sized to stay fast (20 requests, five restarts); bench/approvals_restart.py runs the full
size the issue names (200 requests, 10 kills)."""

from __future__ import annotations

import asyncio
import os
import random
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from local_runtime.durable import LocalDurableRuntime
from local_runtime.durable_index import collect_durable_functions
from shared_code import workflows
from shared_code.api.dependencies import set_default_durable_client
from shared_code.bootstrap import Services, set_services
from tests.fixtures.identity import Identity
from tests.integration.approvals_org import ApprovalOrg, policy, role, step
from tests.integration.purchases_org import Org

pytestmark = pytest.mark.timeout(int(os.environ.get("APPROVALS_RESTART_TIMEOUT", "300")))
REQUESTS = int(os.environ.get("APPROVALS_RESTART_REQUESTS", "20"))
RESTARTS = int(os.environ.get("APPROVALS_RESTART_RESTARTS", "5"))


def test_decisions_made_while_the_runtime_is_down_are_applied_once_after_resume(
    identity: Identity, api: TestClient, services: Services, indexed_functions: list[Any]
) -> None:
    functions = collect_durable_functions(fn.raw for fn in indexed_functions)
    runtime = LocalDurableRuntime(functions)
    set_services(services)
    set_default_durable_client(runtime.start())
    try:
        owner = identity.new_user(name="Restart Owner")
        org = Org(id=identity.new_organization(owner, name="Restart Ltd"), owner=owner, client=api)
        appr = ApprovalOrg(
            org=org,
            identity=identity,
            staff=identity.add_member(org.id, "staff"),
            approver=identity.add_member(org.id, "approver"),
        )
        appr.set_policy(policy(step("Approver", role("approver")), step("Owner", {"kind": "owners", "value": None})))
        requests = [appr.submit_expense(f"{20 + i}.00") for i in range(REQUESTS)]
        rng = random.Random(17)
        # The reference model: what each request must end as.
        expected: dict[str, str] = {}
        plan = {rid: rng.choice(["approve", "approve", "reject", "send_back"]) for _, rid in requests}
        for _restart in range(RESTARTS):
            runtime.stop()  # every in-memory instance is gone, as after a SIGKILL
            set_default_durable_client(None)
            for _, rid in requests:
                if rid in expected or rng.random() < 0.4:
                    continue
                detail = appr.detail(rid)
                if detail["current_step"] == 0:
                    decision = plan[rid]
                    comment = None if decision == "approve" else "Fix it"
                    assert appr.decide(rid, appr.approver, decision, comment).status_code == 200
                    if decision != "approve":
                        expected[rid] = "rejected" if decision == "reject" else "sent_back"
                else:
                    assert appr.decide(rid, owner).status_code == 200
                    expected[rid] = "posted"
            runtime = LocalDurableRuntime(functions)
            client = runtime.start()
            set_default_durable_client(client)
            asyncio.run(workflows.resume_pending(services, client))
            time.sleep(rng.uniform(0.2, 1.0))
        for _, rid in requests:
            if rid not in expected:
                if appr.detail(rid)["current_step"] == 0:
                    assert appr.decide(rid, appr.approver).status_code == 200
                assert appr.decide(rid, owner).status_code == 200
                expected[rid] = "posted"
        for expense_id, rid in requests:
            done = appr.wait_for(rid, expected[rid], timeout=60)
            kinds = [e["kind"] for e in done["events"]]
            assert kinds.count("posted") == (1 if expected[rid] == "posted" else 0), kinds
            expense = appr.expense(expense_id)
            if expected[rid] == "posted":
                assert expense["status"] == "paid" and expense["journal_entry_id"]
        with services.db.unit_of_work(org.id) as uow:
            posted = uow.fetch_one(
                "SELECT count(*) AS entries, count(DISTINCT source_id) AS sources FROM journal_entries "
                "WHERE source_id = ANY(%s)",
                [[expense_id for expense_id, _ in requests]],
            )
        assert posted is not None and posted["entries"] == posted["sources"] == list(expected.values()).count("posted")
    finally:
        set_default_durable_client(None)
        set_services(None)
        runtime.stop()
