"""An organization with an approval policy on, its members, and helpers to drive requests."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from tests.fixtures import identity as people
from tests.fixtures.identity import Identity
from tests.integration.purchases_org import DAY, Org

ALWAYS_OPEN = {
    "timezone": "Africa/Lusaka",
    "start_hour": 0,
    "end_hour": 24,
    "weekdays": [0, 1, 2, 3, 4, 5, 6],
    "holiday_country": None,
}
"""A calendar where business hours are elapsed time, so deadlines can be seconds long."""


def step(
    name: str, *approvers: dict[str, Any], quorum: str = "one", remind_s: float = 600, escalate_s: float = 1200
) -> dict[str, Any]:
    """A policy step with its deadlines in seconds."""
    return {
        "name": name,
        "approvers": list(approvers),
        "quorum": quorum,
        "reminder_hours": f"{remind_s / 3600:.4f}",
        "escalation_hours": f"{escalate_s / 3600:.4f}",
    }


def role(name: str) -> dict[str, Any]:
    return {"kind": "role", "value": name}


def member(user: people.TestUser) -> dict[str, Any]:
    return {"kind": "member", "value": str(user.id)}


OWNERS = {"kind": "owners", "value": None}


def policy(*steps: dict[str, Any], enabled: bool = True, rules: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A policy whose default rule is `steps`."""
    default = {"name": "Everything", "priority": 1000, "is_default": True, "steps": list(steps)}
    return {"enabled": enabled, "business_hours": ALWAYS_OPEN, "rules": [*(rules or []), default]}


@dataclass
class ApprovalOrg:
    org: Org
    identity: Identity
    staff: people.TestUser
    approver: people.TestUser

    def set_policy(self, body: dict[str, Any]) -> dict[str, Any]:
        response = self.org.send("PUT", "/approval-policy", body)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def category(self, code: str = "travel") -> str:
        items = self.org.get("/expense-categories").json()["items"]
        return str(next(c["id"] for c in items if c["code"] == code))

    def submit_expense(self, amount: str = "50.00", user: people.TestUser | None = None) -> tuple[str, str]:
        """Draft and submit a cash expense as `user` (staff); returns (expense id, approval id)."""
        user = user or self.staff
        body = {
            "payment_method": "cash",
            "document_date": DAY,
            "lines": [{"category_id": self.category(), "unit_price": amount}],
        }
        created = self.org.send("POST", "/expenses", body, user=user)
        assert created.status_code == 201, created.text
        expense_id = created.json()["id"]
        submitted = self.org.send("POST", f"/expenses/{expense_id}/submit", user=user)
        assert submitted.status_code == 200, submitted.text
        return expense_id, self.request_of(expense_id, user)

    def request_of(self, expense_id: str, user: people.TestUser | None = None) -> str:
        items = self.org.get("/approvals", user or self.org.owner, limit=200).json()["items"]
        return str(next(i["id"] for i in items if i["purchase_id"] == expense_id))

    def decide(
        self,
        request_id: str,
        user: people.TestUser,
        decision: str = "approve",
        comment: str | None = None,
        **extra: Any,
    ) -> Any:
        body = {"decision": decision, "comment": comment, **extra}
        return self.org.send("POST", f"/approvals/{request_id}/decision", body, user=user)

    def detail(self, request_id: str) -> dict[str, Any]:
        response = self.org.get(f"/approvals/{request_id}")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def wait_for(self, request_id: str, *statuses: str, timeout: float = 20) -> dict[str, Any]:
        """The request once its status is one of `statuses` and its orchestration carried it out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body = self.detail(request_id)
            kinds = [e["kind"] for e in body["events"]]
            if body["status"] in statuses and (
                (body["status"] != "approved" and (body["status"] != "open")) or "posted" in kinds
            ):
                return body
            time.sleep(0.1)
        body = self.detail(request_id)
        import asyncio

        from shared_code.api.dependencies import get_durable_client

        status = asyncio.run(get_durable_client().get_status(f"approval-{request_id}-r{body['round']}"))
        raise AssertionError(
            f"request {request_id} never reached {statuses}: {body['status']}; orchestration "
            f"{status.runtime_status} {status.output} {status.custom_status}"
        )

    def wait_for_event(self, request_id: str, kind: str, timeout: float = 20) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body = self.detail(request_id)
            if any(e["kind"] == kind for e in body["events"]):
                return body
            time.sleep(0.1)
        raise AssertionError(f"no {kind} event on {request_id}")

    def expense(self, expense_id: str) -> dict[str, Any]:
        body: dict[str, Any] = self.org.get(f"/expenses/{expense_id}").json()
        return body
