"""Expense approval through the local durable runtime: chains, rejection, reminders and
escalation, sending back, delegation, races, bad input and the append-only trail."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.fixtures.identity import Identity
from tests.integration.approvals_org import OWNERS, ApprovalOrg, member, policy, role, step
from tests.integration.purchases_org import Org, problem

pytestmark = [pytest.mark.usefixtures("orchestrations"), pytest.mark.timeout(120)]


@pytest.fixture
def appr(identity: Identity, api: TestClient) -> ApprovalOrg:
    owner = identity.new_user(name="Chanda Owner")
    org = Org(id=identity.new_organization(owner, name="Chanda Hardware Ltd"), owner=owner, client=api)
    return ApprovalOrg(
        org=org,
        identity=identity,
        staff=identity.add_member(org.id, "staff"),
        approver=identity.add_member(org.id, "approver"),
    )


def _subjects(identity: Identity, email: str) -> list[str]:
    return [m.subject for m in identity.mails_to(email)]


def test_the_policy_is_off_by_default_and_submitting_then_approves_directly(appr: ApprovalOrg) -> None:
    assert appr.org.get("/approval-policy").json()["enabled"] is False
    expense_id, _ = (
        appr.org.send(
            "POST",
            "/expenses",
            {
                "payment_method": "cash",
                "document_date": "2026-03-02",
                "lines": [{"category_id": appr.category(), "unit_price": "10.00"}],
            },
            user=appr.staff,
        ).json()["id"],
        None,
    )
    assert appr.org.send("POST", f"/expenses/{expense_id}/submit", user=appr.staff).status_code == 200
    assert appr.org.get("/approvals").json()["items"] == []
    assert appr.org.send("POST", f"/expenses/{expense_id}/approve", user=appr.approver).json()["status"] == "approved"


def test_a_two_step_chain_is_approved_and_the_expense_posted_once(appr: ApprovalOrg) -> None:
    saved = appr.set_policy(policy(step("Approver", role("approver")), step("Owner", OWNERS)))
    assert saved["version"] == 1
    expense_id, request_id = appr.submit_expense("120.00")
    # The direct approval is closed while the workflow owns the decision.
    assert problem(appr.org.send("POST", f"/expenses/{expense_id}/approve", user=appr.approver), 409)["code"] == (
        "approval_workflow_active"
    )
    waiting = appr.org.get("/approvals", appr.approver, waiting_for="me").json()["items"]
    assert [w["id"] for w in waiting] == [request_id]
    assert appr.org.get("/approvals", appr.org.owner, waiting_for="me").json()["items"] == []
    first = appr.decide(request_id, appr.approver)
    assert first.status_code == 200, first.text
    assert first.json()["current_step"] == 1
    assert [w["id"] for w in appr.org.get("/approvals", appr.org.owner, waiting_for="me").json()["items"]] == [
        request_id
    ]
    assert appr.decide(request_id, appr.org.owner).status_code == 200
    done = appr.wait_for(request_id, "posted")
    expense = appr.expense(expense_id)
    assert expense["status"] == "paid" and expense["journal_entry_id"] and expense["number"] == "EXP-2026-00001"
    assert [e["kind"] for e in done["events"]] == [
        "submitted",
        "step_opened",
        "approve",
        "step_approved",
        "step_opened",
        "approve",
        "step_approved",
        "approved",
        "posted",
    ]
    assert done["policy_version"] == 1
    assert "Approval needed" in " ".join(_subjects(appr.identity, appr.approver.email))
    assert any(s.startswith("Approved:") for s in _subjects(appr.identity, appr.staff.email))
    needed = next(m for m in appr.identity.mails_to(appr.approver.email) if m.subject.startswith("Approval needed"))
    assert f"/approvals/{request_id}" in (needed.text or "")
    # A later policy version does not reroute what was decided; a decided request is closed.
    assert problem(appr.decide(request_id, appr.org.owner), 409)["code"] == "step_already_decided"


def test_a_rejection_needs_a_reason_and_posts_nothing(appr: ApprovalOrg) -> None:
    appr.set_policy(policy(step("Approver", role("approver"))))
    expense_id, request_id = appr.submit_expense()
    assert problem(appr.decide(request_id, appr.approver, "reject"), 422)["code"] == "reason_required"
    assert appr.decide(request_id, appr.approver, "reject", "No receipt attached").status_code == 200
    appr.wait_for(request_id, "rejected")
    deadline = time.monotonic() + 10
    while appr.expense(expense_id)["status"] != "draft" and time.monotonic() < deadline:
        time.sleep(0.1)
    expense = appr.expense(expense_id)
    assert expense["status"] == "draft" and expense["journal_entry_id"] is None
    assert expense["rejection_reason"] == "No receipt attached"
    assert any(s.startswith("Rejected:") for s in _subjects(appr.identity, appr.staff.email))


def test_nobody_decides_their_own_request_and_others_are_not_approvers(appr: ApprovalOrg, identity: Identity) -> None:
    appr.set_policy(policy(step("Approvers", role("approver"), OWNERS)))
    _, request_id = appr.submit_expense(user=appr.approver)
    assert problem(appr.decide(request_id, appr.approver), 403)["code"] == "self_approval_forbidden"
    accountant = identity.add_member(appr.org.id, "accountant")
    assert problem(appr.decide(request_id, accountant), 403)["code"] == "not_an_approver"
    assert problem(appr.decide(request_id, appr.staff), 403)["code"] == "permission_denied"
    assert problem(appr.decide(request_id, appr.org.owner, expected_version=999), 409)["code"] == (
        "step_already_decided"
    )
    assert appr.decide(request_id, appr.org.owner).status_code == 200
    appr.wait_for(request_id, "posted")


def test_an_undecided_step_is_reminded_then_escalated_to_the_owners(appr: ApprovalOrg) -> None:
    appr.set_policy(policy(step("Approver", member(appr.approver), remind_s=2, escalate_s=4)))
    _, request_id = appr.submit_expense()
    appr.wait_for_event(request_id, "reminded")
    escalated = appr.wait_for_event(request_id, "escalated")
    kinds = [e["kind"] for e in escalated["events"]]
    assert kinds.index("reminded") < kinds.index("escalated")
    assert str(appr.org.owner.id) in escalated["steps"][0]["approver_ids"]
    assert any(s.startswith("Reminder:") for s in _subjects(appr.identity, appr.approver.email))
    assert any(s.startswith("Escalated to you:") for s in _subjects(appr.identity, appr.org.owner.email))
    assert appr.decide(request_id, appr.org.owner).status_code == 200
    appr.wait_for(request_id, "posted")


def test_sent_back_then_resubmitted_starts_a_new_round(appr: ApprovalOrg) -> None:
    appr.set_policy(policy(step("Approver", role("approver"))))
    expense_id, request_id = appr.submit_expense("80.00")
    assert appr.decide(request_id, appr.approver, "send_back", "Add the receipt number").status_code == 200
    appr.wait_for(request_id, "sent_back")
    deadline = time.monotonic() + 10
    while appr.expense(expense_id)["status"] != "draft" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert appr.expense(expense_id)["status"] == "draft"
    assert any(s.startswith("Changes needed:") for s in _subjects(appr.identity, appr.staff.email))
    assert appr.org.send("POST", f"/expenses/{expense_id}/submit", user=appr.staff).status_code == 200
    again = appr.detail(request_id)
    assert (again["round"], again["status"], again["current_step"]) == (2, "open", 0)
    assert appr.decide(request_id, appr.approver).status_code == 200
    done = appr.wait_for(request_id, "posted")
    assert [e["kind"] for e in done["events"]].count("posted") == 1
    assert appr.expense(expense_id)["status"] == "paid"


def test_a_delegate_decides_on_behalf_of_the_approver(appr: ApprovalOrg, identity: Identity) -> None:
    stand_in = identity.add_member(appr.org.id, "approver")
    today = date.today()
    body = {
        "delegate_id": str(stand_in.id),
        "starts_on": str(today - timedelta(days=1)),
        "ends_on": str(today + timedelta(days=1)),
    }
    assert (
        problem(
            appr.org.send(
                "POST", "/approval-delegations", {**body, "delegate_id": str(appr.approver.id)}, user=appr.approver
            ),
            422,
        )["code"]
        == "delegation_to_self"
    )
    staff_target = {**body, "delegate_id": str(appr.staff.id)}
    assert problem(appr.org.send("POST", "/approval-delegations", staff_target, user=appr.approver), 422)["code"] == (
        "delegate_lacks_permission"
    )
    created = appr.org.send("POST", "/approval-delegations", body, user=appr.approver)
    assert created.status_code == 201, created.text
    assert problem(appr.org.send("POST", "/approval-delegations", body, user=appr.approver), 422)["code"] == (
        "delegation_overlaps"
    )
    back = {**body, "delegate_id": str(appr.approver.id)}
    assert problem(appr.org.send("POST", "/approval-delegations", back, user=stand_in), 422)["code"] == (
        "delegation_chain"
    )
    appr.set_policy(policy(step("Approver", member(appr.approver))))
    _, request_id = appr.submit_expense()
    assert [w["id"] for w in appr.org.get("/approvals", stand_in, waiting_for="me").json()["items"]] == [request_id]
    assert appr.decide(request_id, stand_in).status_code == 200
    done = appr.wait_for(request_id, "posted")
    [decision] = done["decisions"]
    assert (decision["decided_by"], decision["on_behalf_of"]) == (str(stand_in.id), str(appr.approver.id))


def test_two_approvers_racing_on_a_one_of_step_one_wins_the_other_gets_409(
    appr: ApprovalOrg, identity: Identity
) -> None:
    second = identity.add_member(appr.org.id, "approver")
    appr.set_policy(policy(step("Approvers", role("approver"), quorum="one")))
    _, request_id = appr.submit_expense()
    version = appr.detail(request_id)["version"]
    results: list[Any] = []
    barrier = threading.Barrier(2)

    def race(user: Any) -> None:
        barrier.wait()
        results.append(appr.decide(request_id, user, expected_version=version).status_code)

    threads = [threading.Thread(target=race, args=(u,)) for u in (appr.approver, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 409]
    done = appr.wait_for(request_id, "posted")
    assert len(done["decisions"]) == 1


def test_an_all_of_step_waits_for_every_approver(appr: ApprovalOrg, identity: Identity) -> None:
    second = identity.add_member(appr.org.id, "approver")
    appr.set_policy(policy(step("Both", member(appr.approver), member(second), quorum="all")))
    _, request_id = appr.submit_expense()
    assert appr.decide(request_id, appr.approver).json()["status"] == "open"
    assert problem(appr.decide(request_id, appr.approver), 409)["code"] == "step_already_decided"
    assert appr.decide(request_id, second).json()["status"] == "approved"
    appr.wait_for(request_id, "posted")


def test_the_submitter_withdraws(appr: ApprovalOrg) -> None:
    appr.set_policy(policy(step("Approver", role("approver"))))
    expense_id, request_id = appr.submit_expense()
    assert problem(appr.org.send("POST", f"/approvals/{request_id}/withdraw", {}, user=appr.approver), 403)["code"] in (
        "not_the_submitter",
        "forbidden",
    )
    assert (
        appr.org.send("POST", f"/approvals/{request_id}/withdraw", {"comment": "wrong"}, user=appr.staff).status_code
        == 200
    )
    appr.wait_for(request_id, "withdrawn")
    deadline = time.monotonic() + 10
    while appr.expense(expense_id)["status"] != "draft" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert appr.expense(expense_id)["status"] == "draft"


def test_bad_policies_are_refused_with_stable_codes_and_nothing_is_written(appr: ApprovalOrg) -> None:
    def code(body: dict[str, Any]) -> str:
        return str(problem(appr.org.send("PUT", "/approval-policy", body), 422)["code"])

    assert code({"enabled": True, "rules": [{"name": "x", "priority": 1, "steps": [step("s", OWNERS)]}]}) == (
        "default_rule_required"
    )
    assert code(policy(step("s"))) == "approvers_required"
    band = {
        "name": "band",
        "priority": 1,
        "conditions": {"min_amount": "500.00", "max_amount": "100.00"},
        "steps": [step("s", OWNERS)],
    }
    assert code(policy(step("s", OWNERS), rules=[band])) == "min_above_max"
    unknown = {"name": "c", "priority": 1, "conditions": {"categories": ["no_such"]}, "steps": [step("s", OWNERS)]}
    assert code(policy(step("s", OWNERS), rules=[unknown])) == "unknown_category"
    assert appr.org.get("/approval-policy").json()["version"] == 0
    assert appr.org.get("/approval-policy/versions").json()["items"] == []
    assert appr.org.send("PUT", "/approval-policy", policy(step("s", OWNERS)), user=appr.approver).status_code == 403


def test_the_simulator_says_who_would_approve(appr: ApprovalOrg) -> None:
    big = {
        "name": "Big",
        "priority": 1,
        "conditions": {"min_amount": "1000.00"},
        "steps": [step("Approver", role("approver")), step("Owner", OWNERS)],
    }
    appr.set_policy(policy(step("Owner", OWNERS), rules=[big]))
    response = appr.org.send(
        "POST", "/approval-policy/simulate", {"amount": "1000.00", "submitter_id": str(appr.staff.id)}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "rule": "Big",
        "steps": [
            {"name": "Approver", "quorum": "one", "approver_ids": [str(appr.approver.id)]},
            {"name": "Owner", "quorum": "one", "approver_ids": [str(appr.org.owner.id)]},
        ],
    }
    small = appr.org.send("POST", "/approval-policy/simulate", {"amount": "999.99"}).json()
    assert small["rule"] == "Everything"


def test_bulk_decisions_give_a_result_per_item(appr: ApprovalOrg) -> None:
    appr.set_policy(policy(step("Approver", role("approver"))))
    ids = [appr.submit_expense(f"{10 + i}.00")[1] for i in range(3)]
    _, own = appr.submit_expense(user=appr.approver)
    response = appr.org.send(
        "POST", "/approvals/bulk-decision", {"request_ids": [*ids, own], "decision": "approve"}, user=appr.approver
    )
    assert response.status_code == 200, response.text
    results = {r["request_id"]: (r["status"], r["code"]) for r in response.json()["results"]}
    assert results == {**dict.fromkeys(ids, (200, None)), own: (403, "self_approval_forbidden")}
    for request_id in ids:
        appr.wait_for(request_id, "posted")


def test_the_trail_is_append_only(appr: ApprovalOrg, identity: Identity) -> None:
    appr.set_policy(policy(step("Approver", role("approver"))))
    _, request_id = appr.submit_expense()
    with identity.services.db.unit_of_work(appr.org.id) as uow:
        with pytest.raises(psycopg.Error, match="append-only"):
            uow.execute("UPDATE approval_events SET comment = 'x' WHERE request_id = %s", [request_id])
    with identity.services.db.unit_of_work(appr.org.id) as uow:
        with pytest.raises(psycopg.Error, match="append-only"):
            uow.execute("DELETE FROM approval_events WHERE request_id = %s", [request_id])
