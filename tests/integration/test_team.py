"""Team management: list members (filter, sort, page), change roles, deactivate and
reactivate; the last owner stays, admins leave owners alone, nobody grants beyond their role."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from tests.fixtures.identity import Identity, TestUser


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


def _members(api: TestClient, user: TestUser, org: UUID, **query: Any) -> Any:
    return api.get(f"/api/v1/orgs/{org}/members", params=query, headers=user.headers)


def _all_pages(api: TestClient, user: TestUser, org: UUID, **query: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        response = _members(api, user, org, **query, **({"cursor": cursor} if cursor else {}))
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= query.get("limit", 50)
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def _set_role(api: TestClient, actor: TestUser, org: UUID, user: TestUser, role: str) -> Any:
    return api.patch(f"/api/v1/orgs/{org}/members/{user.id}", json={"role": role}, headers=actor.headers)


def _post(api: TestClient, actor: TestUser, org: UUID, user: TestUser, action: str) -> Any:
    return api.post(f"/api/v1/orgs/{org}/members/{user.id}/{action}", headers=actor.headers)


def _add(identity: Identity, org: UUID, name: str, role: str) -> TestUser:
    user = identity.new_user(name=name)
    with identity.services.db.unit_of_work() as uow:
        uow.execute(
            "INSERT INTO platform.memberships (organization_id, user_id, role) VALUES (%s, %s, %s)",
            [org, user.id, role],
        )
        uow.commit()
    return user


def test_members_are_filtered_sorted_and_paged(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user(name="Esther Tembo")
    org = identity.new_organization(owner)
    abel = _add(identity, org, "Abel Mumba", "admin")
    bwalya = _add(identity, org, "bwalya Zulu", "accountant")
    chipo = _add(identity, org, "Chipo Daka", "viewer")
    dalitso = _add(identity, org, "Dalitso Phiri", "viewer")
    assert _post(api, owner, org, dalitso, "deactivate").status_code == 200

    by_name = _all_pages(api, owner, org, sort="name", limit=2)
    assert [m["full_name"] for m in by_name] == [
        "Abel Mumba",
        "bwalya Zulu",
        "Chipo Daka",
        "Dalitso Phiri",
        "Esther Tembo",
    ]
    first = by_name[0]
    assert (first["user_id"], first["email"], first["role"], first["status"], first["mfa_enabled"]) == (
        str(abel.id),
        abel.email,
        "admin",
        "active",
        False,
    )
    assert [m["full_name"] for m in _all_pages(api, owner, org, sort="name", order="desc", limit=3)] == list(
        reversed([m["full_name"] for m in by_name])
    )
    emails = [m["email"] for m in _all_pages(api, owner, org, sort="email", limit=2)]
    assert sorted(emails) == sorted(u.email for u in (owner, abel, bwalya, chipo, dalitso))
    assert [m["email"] for m in _all_pages(api, owner, org, sort="email", order="desc", limit=1)] == emails[::-1]
    joined = _all_pages(api, owner, org, sort="joined", limit=2)
    assert [m["user_id"] for m in joined] == [str(u.id) for u in (owner, abel, bwalya, chipo, dalitso)]

    def names(**query: Any) -> list[str]:
        return [m["full_name"] for m in _all_pages(api, owner, org, **query)]

    assert names(role="viewer") == ["Chipo Daka", "Dalitso Phiri"]
    assert names(status="deactivated") == ["Dalitso Phiri"]
    assert names(status="active", role="viewer") == ["Chipo Daka"]
    assert names(q="ZULU") == ["bwalya Zulu"]
    assert names(q=bwalya.email.split("@")[0]) == ["bwalya Zulu"]
    assert names(q="%") == [] and names(q="_") == []

    _problem(_members(api, owner, org, cursor="not-a-cursor"), 400, "cursor_invalid")
    name_cursor = _members(api, owner, org, sort="name", limit=1).json()["next_cursor"]
    _problem(_members(api, owner, org, sort="email", limit=1, cursor=name_cursor), 400, "cursor_invalid")
    for bad in ({"limit": 0}, {"limit": 101}, {"sort": "salary"}, {"status": "gone"}, {"q": "x" * 101}):
        _problem(_members(api, owner, org, **bad), 422, "validation_failed")


def test_roles_change_and_every_change_is_audited(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    member = identity.add_member(org, "accountant")

    changed = _set_role(api, owner, org, member, "approver")
    assert changed.status_code == 200, changed.text
    assert changed.json()["role"] == "approver"
    assert api.get(f"/api/v1/orgs/{org}", headers=member.headers).json()["role"] == "approver"
    assert _set_role(api, owner, org, member, "approver").status_code == 200  # no change, no event
    unknown = _problem(_set_role(api, owner, org, member, "custom:ghost"), 422, "validation_failed")
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("role", "role_unknown")]
    _problem(_set_role(api, owner, org, member, "Not A Key"), 422, "validation_failed")
    missing = api.patch(f"/api/v1/orgs/{org}/members/{uuid4()}", json={"role": "viewer"}, headers=owner.headers)
    _problem(missing, 404, "member_not_found")

    with identity.services.db.unit_of_work() as uow:
        events = uow.fetch_all(
            "SELECT event_type, user_id, actor_id, details FROM platform.security_events "
            "WHERE organization_id = %s AND event_type = 'member_role_changed'",
            [org],
        )
    assert [(e["user_id"], e["actor_id"], e["details"]) for e in events] == [
        (member.id, owner.id, {"from": "accountant", "to": "approver"})
    ]


def test_the_last_owner_can_be_neither_demoted_nor_deactivated(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    admin = identity.add_member(org, "admin")
    _problem(_set_role(api, owner, org, owner, "admin"), 409, "last_owner")
    _problem(_post(api, owner, org, owner, "deactivate"), 409, "last_owner")

    assert _set_role(api, owner, org, admin, "owner").json()["role"] == "owner"
    assert _set_role(api, owner, org, owner, "admin").json()["role"] == "admin"  # another owner exists now
    _problem(_set_role(api, admin, org, admin, "viewer"), 409, "last_owner")
    _problem(_post(api, admin, org, admin, "deactivate"), 409, "last_owner")
    assert api.get(f"/api/v1/orgs/{org}", headers=admin.headers).json()["role"] == "owner"


def test_admins_leave_owners_alone_and_grant_no_more_than_they_hold(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    admin = identity.add_member(org, "admin")
    staff = identity.add_member(org, "staff")

    _problem(_set_role(api, admin, org, owner, "viewer"), 403, "owner_required")
    _problem(_post(api, admin, org, owner, "deactivate"), 403, "owner_required")
    _problem(_set_role(api, admin, org, staff, "owner"), 403, "role_exceeds_your_permissions")
    _problem(_set_role(api, admin, org, admin, "owner"), 403, "role_exceeds_your_permissions")
    assert _set_role(api, admin, org, staff, "accountant").status_code == 200
    _problem(_set_role(api, staff, org, staff, "admin"), 403, "permission_denied")

    keeper = api.post(
        f"/api/v1/orgs/{org}/roles", json={"name": "Keeper", "permissions": ["roles:manage"]}, headers=owner.headers
    )
    assert keeper.status_code == 201, keeper.text
    _problem(_set_role(api, admin, org, staff, "custom:keeper"), 403, "role_exceeds_your_permissions")
    assert _set_role(api, owner, org, staff, "custom:keeper").status_code == 200
    _problem(_set_role(api, admin, org, staff, "viewer"), 403, "role_exceeds_your_permissions")
    _problem(_post(api, admin, org, staff, "deactivate"), 403, "role_exceeds_your_permissions")


def test_a_deactivated_member_loses_access_until_reactivated(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    member = identity.add_member(org, "accountant")
    assert api.get(f"/api/v1/orgs/{org}", headers=member.headers).status_code == 200

    deactivated = _post(api, owner, org, member, "deactivate")
    assert deactivated.status_code == 200 and deactivated.json()["status"] == "deactivated"
    assert _post(api, owner, org, member, "deactivate").json()["status"] == "deactivated"  # idempotent
    _problem(api.get(f"/api/v1/orgs/{org}", headers=member.headers), 404, "organization_not_found")
    assert api.get("/api/v1/me", headers=member.headers).json()["organizations"] == []
    _problem(_set_role(api, owner, org, member, "viewer"), 409, "member_deactivated")

    reactivated = _post(api, owner, org, member, "reactivate")
    assert reactivated.status_code == 200 and reactivated.json()["status"] == "active"
    assert api.get(f"/api/v1/orgs/{org}", headers=member.headers).json()["role"] == "accountant"
    with identity.services.db.unit_of_work() as uow:
        events = [
            row["event_type"]
            for row in uow.fetch_all(
                "SELECT event_type FROM platform.security_events WHERE organization_id = %s AND user_id = %s "
                "ORDER BY occurred_at",
                [org, member.id],
            )
        ]
    assert events == ["member_deactivated", "member_reactivated"]


def test_members_of_another_organization_are_not_found(identity: Identity, api: TestClient) -> None:
    alice, bob = identity.new_user(), identity.new_user()
    alices, bobs = identity.new_organization(alice, "Alice Traders"), identity.new_organization(bob, "Bob Farms")
    bobs_member = identity.add_member(bobs, "staff")
    _problem(_set_role(api, alice, alices, bobs_member, "viewer"), 404, "member_not_found")
    _problem(_post(api, alice, alices, bobs_member, "deactivate"), 404, "member_not_found")
    _problem(_members(api, alice, bobs), 404, "organization_not_found")
    assert [m["full_name"] for m in _members(api, alice, alices).json()["items"]] == [alice.full_name]
