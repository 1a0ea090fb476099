"""SQL of approval policies, requests, steps, decisions, delegations and the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from shared_code.platform.db import Row, UnitOfWork

# --- policies ----------------------------------------------------------------------------------


def latest_policy(uow: UnitOfWork) -> Row | None:
    """The newest stored policy version."""
    return uow.fetch_one("SELECT version, enabled, document FROM approval_policies ORDER BY version DESC LIMIT 1")


def policy_version(uow: UnitOfWork, version: int) -> Row | None:
    """One stored policy version."""
    return uow.fetch_one(
        "SELECT version, enabled, document FROM approval_policies WHERE version = %(v)s", {"v": version}
    )


def policy_versions(uow: UnitOfWork) -> list[Row]:
    """Every stored version, newest first."""
    return uow.fetch_all(
        "SELECT version, enabled, document, created_by, created_at FROM approval_policies ORDER BY version DESC"
    )


def insert_policy(uow: UnitOfWork, *, enabled: bool, document: dict[str, Any], created_by: UUID) -> int:
    """Store a new version (the table lock serialises concurrent saves); returns its number."""
    uow.execute("LOCK TABLE approval_policies IN SHARE ROW EXCLUSIVE MODE")
    row = uow.fetch_one(
        """
        INSERT INTO approval_policies (version, enabled, document, created_by)
        SELECT coalesce(max(version), 0) + 1, %(enabled)s, %(document)s, %(by)s FROM approval_policies
        RETURNING version
        """,
        {"enabled": enabled, "document": Jsonb(document), "by": created_by},
    )
    assert row is not None
    return int(row["version"])


# --- requests and steps ------------------------------------------------------------------------

_REQUEST = """id, purchase_id, purchase_kind, round, status, policy_version, rule_name, amount, submitted_by,
    drafted_by, last_decided_by, current_step, version, created_at, decided_at, posted_at, finished_at, posting_key"""


def request(uow: UnitOfWork, request_id: UUID, *, for_update: bool = False) -> Row | None:
    """One request."""
    lock = " FOR UPDATE" if for_update else ""
    return uow.fetch_one(f"SELECT {_REQUEST} FROM approval_requests WHERE id = %(id)s{lock}", {"id": request_id})


def request_for_purchase(uow: UnitOfWork, purchase_id: UUID, *, for_update: bool = False) -> Row | None:
    """The request of a purchase, if it has one."""
    lock = " FOR UPDATE" if for_update else ""
    return uow.fetch_one(
        f"SELECT {_REQUEST} FROM approval_requests WHERE purchase_id = %(id)s{lock}", {"id": purchase_id}
    )


def insert_request(
    uow: UnitOfWork,
    *,
    request_id: UUID,
    purchase_id: UUID,
    purchase_kind: str,
    policy_version: int,
    rule_name: str,
    amount: Decimal,
    submitted_by: UUID,
    drafted_by: UUID,
) -> None:
    """A new request, in its first round."""
    uow.execute(
        """
        INSERT INTO approval_requests (id, purchase_id, purchase_kind, status, policy_version, rule_name, amount,
            submitted_by, drafted_by)
        VALUES (%(id)s, %(purchase)s, %(kind)s, 'open', %(policy)s, %(rule)s, %(amount)s, %(by)s, %(drafted)s)
        """,
        {
            "id": request_id,
            "purchase": purchase_id,
            "kind": purchase_kind,
            "policy": policy_version,
            "rule": rule_name,
            "amount": amount,
            "by": submitted_by,
            "drafted": drafted_by,
        },
    )


def start_round(
    uow: UnitOfWork,
    request_id: UUID,
    *,
    policy_version: int,
    rule_name: str,
    amount: Decimal,
    submitted_by: UUID,
    drafted_by: UUID,
) -> int:
    """Reopen a request in a new round (a resubmission); returns the round."""
    row = uow.fetch_one(
        """
        UPDATE approval_requests SET round = round + 1, status = 'open', policy_version = %(policy)s,
            rule_name = %(rule)s, amount = %(amount)s, submitted_by = %(by)s, drafted_by = %(drafted)s,
            current_step = 0, version = version + 1, decided_at = NULL, last_decided_by = NULL,
            finished_at = NULL
        WHERE id = %(id)s RETURNING round
        """,
        {
            "id": request_id,
            "policy": policy_version,
            "rule": rule_name,
            "amount": amount,
            "by": submitted_by,
            "drafted": drafted_by,
        },
    )
    assert row is not None
    return int(row["round"])


def update_request(uow: UnitOfWork, request_id: UUID, **fields: Any) -> None:
    """Change a request's columns and bump its version."""
    assignments = "".join(f"{name} = %({name})s, " for name in fields)
    uow.execute(
        f"UPDATE approval_requests SET {assignments}version = version + 1 WHERE id = %(request_id)s",
        {**fields, "request_id": request_id},
    )


def insert_step(
    uow: UnitOfWork,
    *,
    request_id: UUID,
    round: int,
    step_index: int,
    name: str,
    quorum: str,
    approvers: Sequence[UUID],
    reminder_hours: Decimal,
    escalation_hours: Decimal,
) -> None:
    """One step of a round, pending."""
    uow.execute(
        """
        INSERT INTO approval_steps (request_id, round, step_index, name, quorum, approvers, status, reminder_hours,
            escalation_hours)
        VALUES (%(request)s, %(round)s, %(index)s, %(name)s, %(quorum)s, %(approvers)s, 'pending', %(reminder)s,
            %(escalation)s)
        """,
        {
            "request": request_id,
            "round": round,
            "index": step_index,
            "name": name,
            "quorum": quorum,
            "approvers": list(approvers),
            "reminder": reminder_hours,
            "escalation": escalation_hours,
        },
    )


def steps(uow: UnitOfWork, request_id: UUID, round: int) -> list[Row]:
    """The steps of a round, in order."""
    return uow.fetch_all(
        """
        SELECT step_index, name, quorum, approvers, status, reminder_hours, escalation_hours, opened_at, remind_at,
            escalate_at, reminded_at, escalated_at, notified_at
        FROM approval_steps WHERE request_id = %(id)s AND round = %(round)s ORDER BY step_index
        """,
        {"id": request_id, "round": round},
    )


def update_step(uow: UnitOfWork, request_id: UUID, round: int, step_index: int, **fields: Any) -> None:
    """Change a step's columns."""
    assignments = ", ".join(f"{name} = %({name})s" for name in fields)
    uow.execute(
        f"UPDATE approval_steps SET {assignments} "
        "WHERE request_id = %(request_id)s AND round = %(round_)s AND step_index = %(step_index_)s",
        {**fields, "request_id": request_id, "round_": round, "step_index_": step_index},
    )


def open_requests(uow: UnitOfWork) -> list[Row]:
    """Requests whose workflow is unfinished (open, or decided and not yet carried to the purchase)."""
    return uow.fetch_all(f"SELECT {_REQUEST} FROM approval_requests WHERE finished_at IS NULL ORDER BY created_at")


def list_requests(
    uow: UnitOfWork,
    *,
    waiting_for: Sequence[UUID] | None,
    submitted_by: UUID | None,
    status: str | None,
    limit: int,
) -> list[Row]:
    """Requests, newest first; `waiting_for` keeps open ones whose open step names one of those users."""
    return uow.fetch_all(
        f"""
        SELECT {", ".join("r." + c.strip() for c in _REQUEST.split(","))} FROM approval_requests r
        WHERE (%(status)s::text IS NULL OR r.status = %(status)s)
          AND (%(submitter)s::uuid IS NULL OR r.submitted_by = %(submitter)s)
          AND (%(waiting)s::uuid[] IS NULL OR (r.status = 'open' AND EXISTS (
                SELECT 1 FROM approval_steps s WHERE s.request_id = r.id AND s.round = r.round
                  AND s.step_index = r.current_step AND s.status = 'open' AND s.approvers && %(waiting)s::uuid[]
                  AND NOT EXISTS (SELECT 1 FROM approval_decisions d WHERE d.request_id = r.id AND d.round = r.round
                        AND d.step_index = s.step_index
                        AND coalesce(d.on_behalf_of, d.decided_by) = ANY(%(waiting)s)))))
        ORDER BY r.created_at DESC, r.id DESC LIMIT %(limit)s
        """,
        {
            "status": status,
            "submitter": submitted_by,
            "waiting": list(waiting_for) if waiting_for is not None else None,
            "limit": limit,
        },
    )


# --- decisions ---------------------------------------------------------------------------------


def insert_decision(
    uow: UnitOfWork,
    *,
    decision_id: UUID,
    request_id: UUID,
    round: int,
    step_index: int,
    decision: str,
    decided_by: UUID,
    on_behalf_of: UUID | None,
    comment: str | None,
    at: datetime,
) -> None:
    """Store a decision (not yet consumed by the orchestration)."""
    uow.execute(
        """
        INSERT INTO approval_decisions (id, request_id, round, step_index, decision, decided_by, on_behalf_of, comment,
            created_at)
        VALUES (%(id)s, %(request)s, %(round)s, %(step)s, %(decision)s, %(by)s, %(for)s, %(comment)s, %(at)s)
        """,
        {
            "id": decision_id,
            "request": request_id,
            "round": round,
            "step": step_index,
            "decision": decision,
            "by": decided_by,
            "for": on_behalf_of,
            "comment": comment,
            "at": at,
        },
    )


def decisions(uow: UnitOfWork, request_id: UUID) -> list[Row]:
    """Every decision on a request, oldest first."""
    return uow.fetch_all(
        """
        SELECT id, round, step_index, decision, decided_by, on_behalf_of, comment, created_at, consumed_at
        FROM approval_decisions WHERE request_id = %(id)s ORDER BY created_at, id
        """,
        {"id": request_id},
    )


def mark_consumed(uow: UnitOfWork, request_id: UUID, at: datetime) -> int:
    """Mark every decision on the request as seen by its orchestration; returns how many were new."""
    return uow.execute(
        "UPDATE approval_decisions SET consumed_at = %(at)s WHERE request_id = %(id)s AND consumed_at IS NULL",
        {"id": request_id, "at": at},
    ).rowcount


def unconsumed(uow: UnitOfWork, before: datetime) -> list[Row]:
    """Requests with decisions made before `before` that no orchestration has consumed."""
    return uow.fetch_all(
        """
        SELECT DISTINCT r.id, r.purchase_id, r.round FROM approval_decisions d
        JOIN approval_requests r ON r.id = d.request_id
        WHERE d.consumed_at IS NULL AND d.created_at < %(before)s
        """,
        {"before": before},
    )


# --- delegations -------------------------------------------------------------------------------

_DELEGATION = "id, delegator, delegate, starts_on, ends_on, created_by, created_at, revoked_at"


def insert_delegation(
    uow: UnitOfWork, *, delegation_id: UUID, delegator: UUID, delegate: UUID, starts_on: date, ends_on: date, by: UUID
) -> None:
    """Store a delegation."""
    uow.execute(
        """
        INSERT INTO approval_delegations (id, delegator, delegate, starts_on, ends_on, created_by)
        VALUES (%(id)s, %(delegator)s, %(delegate)s, %(starts)s, %(ends)s, %(by)s)
        """,
        {
            "id": delegation_id,
            "delegator": delegator,
            "delegate": delegate,
            "starts": starts_on,
            "ends": ends_on,
            "by": by,
        },
    )


def delegation(uow: UnitOfWork, delegation_id: UUID) -> Row | None:
    """One delegation."""
    return uow.fetch_one(f"SELECT {_DELEGATION} FROM approval_delegations WHERE id = %(id)s", {"id": delegation_id})


def delegations(uow: UnitOfWork, *, involving: UUID | None) -> list[Row]:
    """Live delegations (all, or those given or received by one member), newest first."""
    return uow.fetch_all(
        f"""
        SELECT {_DELEGATION} FROM approval_delegations
        WHERE revoked_at IS NULL AND (%(who)s::uuid IS NULL OR delegator = %(who)s OR delegate = %(who)s)
        ORDER BY created_at DESC
        """,
        {"who": involving},
    )


def overlapping(uow: UnitOfWork, members: Sequence[UUID], starts_on: date, ends_on: date) -> list[Row]:
    """Live delegations over any day of the range given or received by any of `members`."""
    uow.execute("LOCK TABLE approval_delegations IN SHARE ROW EXCLUSIVE MODE")
    return uow.fetch_all(
        f"""
        SELECT {_DELEGATION} FROM approval_delegations
        WHERE revoked_at IS NULL AND starts_on <= %(ends)s AND ends_on >= %(starts)s
          AND (delegator = ANY(%(members)s) OR delegate = ANY(%(members)s))
        """,
        {"members": list(members), "starts": starts_on, "ends": ends_on},
    )


def delegators_of(uow: UnitOfWork, delegate: UUID, day: date) -> list[UUID]:
    """Whose approvals `delegate` holds on `day`."""
    rows = uow.fetch_all(
        """
        SELECT delegator FROM approval_delegations
        WHERE revoked_at IS NULL AND delegate = %(d)s AND starts_on <= %(day)s AND ends_on >= %(day)s
        """,
        {"d": delegate, "day": day},
    )
    return [row["delegator"] for row in rows]


def revoke_delegation(uow: UnitOfWork, delegation_id: UUID, at: datetime) -> None:
    """End a delegation."""
    uow.execute(
        "UPDATE approval_delegations SET revoked_at = %(at)s WHERE id = %(id)s", {"id": delegation_id, "at": at}
    )


# --- audit trail -------------------------------------------------------------------------------


def insert_event(
    uow: UnitOfWork,
    *,
    request_id: UUID,
    round: int,
    kind: str,
    step_index: int | None = None,
    actor: UUID | None = None,
    on_behalf_of: UUID | None = None,
    comment: str | None = None,
    data: dict[str, Any] | None = None,
    at: datetime,
) -> None:
    """Append one event to the trail."""
    uow.execute(
        """
        INSERT INTO approval_events (request_id, round, step_index, kind, actor, on_behalf_of, comment, data,
            created_at)
        VALUES (%(request)s, %(round)s, %(step)s, %(kind)s, %(actor)s, %(for)s, %(comment)s, %(data)s, %(at)s)
        """,
        {
            "request": request_id,
            "round": round,
            "step": step_index,
            "kind": kind,
            "actor": actor,
            "for": on_behalf_of,
            "comment": comment,
            "data": Jsonb(data or {}),
            "at": at,
        },
    )


def events(uow: UnitOfWork, request_id: UUID) -> list[Row]:
    """The trail of a request, in order."""
    return uow.fetch_all(
        """
        SELECT id, round, step_index, kind, actor, on_behalf_of, comment, data, created_at
        FROM approval_events WHERE request_id = %(id)s ORDER BY id
        """,
        {"id": request_id},
    )
