"""The security audit log: who, what, when, from where; the organization's own events and
its members' account events (only while they are members); filters, paging; append-only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.fixtures.identity import Identity, TestUser


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


def _log(api: TestClient, user: TestUser, org: UUID, **query: Any) -> Any:
    return api.get(f"/api/v1/orgs/{org}/audit-log", params=query, headers=user.headers)


def _entries(api: TestClient, user: TestUser, org: UUID, **query: Any) -> list[dict[str, Any]]:
    response = _log(api, user, org, **query)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _sign_in_from(identity: Identity, user: TestUser, ip: str, *, password: str | None = None) -> int:
    response = identity.api.post(
        "/api/v1/auth/login",
        json={"email": user.email, "password": password or user.password},
        headers={"X-Forwarded-For": ip, "User-Agent": "Tecno Spark 10 / Chrome 120"},
    )
    return response.status_code


def test_owners_see_their_members_sign_ins_and_the_organizations_own_events(
    identity: Identity, api: TestClient
) -> None:
    owner = identity.new_user(name="Esther Tembo")
    org = identity.new_organization(owner)
    member = identity.add_member(org, "accountant")  # signed in once before joining: not the org's business
    outsider = identity.new_user()
    assert _sign_in_from(identity, member, "41.77.10.20", password="wrong password 1") == 401
    assert _sign_in_from(identity, member, "41.77.10.20") == 200
    assert _sign_in_from(identity, outsider, "41.77.10.99") == 200
    api.patch(f"/api/v1/orgs/{org}/members/{member.id}", json={"role": "approver"}, headers=owner.headers)

    entries = _entries(api, owner, org)
    kinds = [(e["event_type"], e["user_id"]) for e in entries]
    assert kinds[:3] == [
        ("member_role_changed", str(member.id)),
        ("login_succeeded", str(member.id)),
        ("login_failed", str(member.id)),
    ]
    assert ("organization_created", str(owner.id)) in kinds
    assert all(e["user_id"] != str(outsider.id) for e in entries)
    assert sum(1 for kind in kinds if kind == ("login_succeeded", str(member.id))) == 1

    changed, signed_in, failed = entries[:3]
    assert (changed["actor_id"], changed["actor_name"], changed["user_email"]) == (
        str(owner.id),
        "Esther Tembo",
        member.email,
    )
    assert changed["details"] == {"from": "accountant", "to": "approver"}
    assert (signed_in["ip_address"], signed_in["user_agent"]) == ("41.77.10.20", "Tecno Spark 10 / Chrome 120")
    assert failed["details"] == {"reason": "password"}
    moments = [datetime.fromisoformat(e["occurred_at"]) for e in entries]
    assert moments == sorted(moments, reverse=True)


def test_the_log_filters_and_pages_newest_first(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    member = identity.add_member(org, "staff")
    for attempt in range(3):
        assert _sign_in_from(identity, member, "41.77.10.20", password=f"wrong password {attempt}") == 401
    everything = _entries(api, owner, org, limit=100)

    pages: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = _log(api, owner, org, limit=2, **({"cursor": cursor} if cursor else {})).json()
        assert len(page["items"]) <= 2
        pages += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [e["id"] for e in pages] == [e["id"] for e in everything]

    failed = _entries(api, owner, org, event_type="login_failed")
    assert len(failed) == 3 and {e["user_id"] for e in failed} == {str(member.id)}
    assert {e["event_type"] for e in _entries(api, owner, org, user_id=str(owner.id))} == {"organization_created"}
    now = datetime.now(UTC)
    assert _entries(api, owner, org, to=(now - timedelta(days=1)).isoformat()) == []
    assert len(_entries(api, owner, org, **{"from": (now - timedelta(hours=1)).isoformat()})) == len(everything)
    naive = (now - timedelta(hours=1)).replace(tzinfo=None).isoformat()
    assert len(_entries(api, owner, org, **{"from": naive})) == len(everything)

    _problem(_log(api, owner, org, **{"from": now.isoformat(), "to": now.isoformat()}), 422, "validation_failed")
    _problem(_log(api, owner, org, event_type="DROP TABLE"), 422, "validation_failed")
    _problem(_log(api, owner, org, user_id="not-a-uuid"), 422, "validation_failed")
    _problem(_log(api, owner, org, limit=101), 422, "validation_failed")
    _problem(_log(api, owner, org, cursor="bm9wZQ"), 400, "cursor_invalid")


def test_only_owners_and_admins_read_it_and_never_another_organizations(identity: Identity, api: TestClient) -> None:
    owner, other_owner = identity.new_user(), identity.new_user()
    org = identity.new_organization(owner, "Mine Ltd")
    other = identity.new_organization(other_owner, "Theirs Ltd")
    admin = identity.add_member(org, "admin")
    accountant = identity.add_member(org, "accountant")
    api.post(
        f"/api/v1/orgs/{other}/invitations",
        json={"email": "secret.hire@example.co.zm", "role": "viewer"},
        headers=other_owner.headers,
    )
    assert _log(api, admin, org).status_code == 200
    _problem(_log(api, accountant, org), 403, "permission_denied")
    _problem(_log(api, owner, other), 404, "organization_not_found")
    assert all(e["event_type"] != "invitation_sent" for e in _entries(api, owner, org))


def test_a_deactivated_members_later_sign_ins_are_not_shown(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    member = identity.add_member(org, "staff")
    assert _sign_in_from(identity, member, "41.77.10.21") == 200
    api.post(f"/api/v1/orgs/{org}/members/{member.id}/deactivate", headers=owner.headers)
    assert _sign_in_from(identity, member, "41.77.10.22") == 200
    sign_ins = [
        e["ip_address"] for e in _entries(api, owner, org, event_type="login_succeeded", user_id=str(member.id))
    ]
    assert sign_ins == ["41.77.10.21"]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE platform.security_events SET event_type = 'nothing_happened'",
        "UPDATE platform.security_events SET ip_address = NULL WHERE organization_id = %(org)s",
        "DELETE FROM platform.security_events WHERE organization_id = %(org)s",
        "DELETE FROM platform.security_events",
    ],
)
def test_the_log_is_append_only_even_for_direct_sql(identity: Identity, statement: str) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    with identity.services.db.unit_of_work() as uow:
        before = uow.fetch_all("SELECT * FROM platform.security_events ORDER BY id")
    assert before

    with identity.services.db.unit_of_work() as uow, pytest.raises(psycopg.errors.InsufficientPrivilege):
        uow.execute(statement, {"org": org})
        uow.commit()

    with identity.services.db.unit_of_work() as uow:
        assert uow.fetch_all("SELECT * FROM platform.security_events ORDER BY id") == before
