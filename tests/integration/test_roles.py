"""Roles: the built-in six with their resolved permissions, and custom roles (create,
update, delete), usable in invitations and role changes, never beyond their author's reach."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from shared_code.identity.permissions import BUILT_IN_ROLES, PERMISSIONS, resolve_permissions
from shared_code.identity.roles import role_slug
from tests.fixtures.identity import PASSWORD, Identity, TestUser


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


def _roles(api: TestClient, user: TestUser, org: UUID) -> dict[str, dict[str, Any]]:
    response = api.get(f"/api/v1/orgs/{org}/roles", headers=user.headers)
    assert response.status_code == 200, response.text
    return {role["key"]: role for role in response.json()}


def _create(api: TestClient, user: TestUser, org: UUID, **body: Any) -> Any:
    return api.post(f"/api/v1/orgs/{org}/roles", json=body, headers=user.headers)


def _errors(response: Any) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in _problem(response, 422, "validation_failed")["errors"]]


def test_the_built_in_roles_are_listed_with_everything_they_allow(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    listed = api.get(f"/api/v1/orgs/{org}/roles", headers=owner.headers).json()
    assert [r["key"] for r in listed] == ["owner", "admin", "accountant", "approver", "staff", "viewer"]
    for role in listed:
        assert role["built_in"] is True
        assert set(role["permissions"]) == resolve_permissions(role["key"])
        assert set(role["direct_permissions"]) == BUILT_IN_ROLES[role["key"]].permissions
    assert set(listed[0]["permissions"]) == set(PERMISSIONS)


def test_a_custom_role_is_created_assigned_updated_and_deleted(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    created = _create(
        api,
        owner,
        org,
        name="  Sales   Clerk ",
        description="Counter sales only.",
        permissions=["invoices:create", "customers:manage"],
        inherits=["viewer"],
    )
    assert created.status_code == 201, created.text
    role = created.json()
    assert (role["key"], role["name"], role["built_in"], role["inherits"]) == (
        "custom:sales-clerk",
        "Sales Clerk",
        False,
        ["viewer"],
    )
    assert set(role["permissions"]) == resolve_permissions("viewer") | {"invoices:create", "customers:manage"}
    assert list(_roles(api, owner, org))[-1] == "custom:sales-clerk"

    clerk = identity.add_member(org, "staff")
    assert (
        api.patch(
            f"/api/v1/orgs/{org}/members/{clerk.id}", json={"role": "custom:sales-clerk"}, headers=owner.headers
        ).status_code
        == 200
    )
    [membership] = api.get("/api/v1/me", headers=clerk.headers).json()["organizations"]
    assert membership["role"] == "custom:sales-clerk" and "ledger:read" in membership["permissions"]

    updated = api.patch(
        f"/api/v1/orgs/{org}/roles/custom:sales-clerk",
        json={"name": "Counter Clerk", "permissions": ["invoices:create"], "inherits": []},
        headers=owner.headers,
    )
    assert updated.status_code == 200, updated.text
    assert (updated.json()["key"], updated.json()["name"]) == ("custom:sales-clerk", "Counter Clerk")
    [membership] = api.get("/api/v1/me", headers=clerk.headers).json()["organizations"]
    assert membership["permissions"] == ["invoices:create"]  # at once, on the next request
    _problem(api.get(f"/api/v1/orgs/{org}", headers=clerk.headers), 403, "permission_denied")

    in_use = api.delete(f"/api/v1/orgs/{org}/roles/custom:sales-clerk", headers=owner.headers)
    _problem(in_use, 409, "role_in_use")
    api.patch(f"/api/v1/orgs/{org}/members/{clerk.id}", json={"role": "staff"}, headers=owner.headers)
    assert api.delete(f"/api/v1/orgs/{org}/roles/custom:sales-clerk", headers=owner.headers).status_code == 204
    assert "custom:sales-clerk" not in _roles(api, owner, org)
    _problem(api.delete(f"/api/v1/orgs/{org}/roles/custom:sales-clerk", headers=owner.headers), 404, "role_not_found")

    with identity.services.db.unit_of_work() as uow:
        events = uow.fetch_all(
            "SELECT event_type, details FROM platform.security_events WHERE organization_id = %s "
            "AND event_type LIKE 'role_%%' ORDER BY occurred_at",
            [org],
        )
    assert [e["event_type"] for e in events] == ["role_created", "role_updated", "role_deleted"]
    assert events[1]["details"]["changes"]["name"] == {"from": "Sales Clerk", "to": "Counter Clerk"}


def test_a_custom_role_works_in_an_invitation_and_is_in_use_while_it_is_pending(
    identity: Identity, api: TestClient
) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    assert (
        _create(api, owner, org, name="Auditor Plus", permissions=["audit:read"], inherits=["viewer"]).status_code
        == 201
    )
    email = f"auditor.{uuid4().hex[:8]}@example.co.zm"
    invited = api.post(
        f"/api/v1/orgs/{org}/invitations", json={"email": email, "role": "custom:auditor-plus"}, headers=owner.headers
    )
    assert invited.status_code == 201, invited.text
    assert "as Auditor Plus" in identity.mails_to(email)[0].text
    _problem(api.delete(f"/api/v1/orgs/{org}/roles/custom:auditor-plus", headers=owner.headers), 409, "role_in_use")

    token = identity.link_token(email, "/accept-invitation")
    assert api.post("/api/v1/invitations/preview", json={"token": token}).json()["role_name"] == "Auditor Plus"
    joined = api.post(
        "/api/v1/invitations/register", json={"token": token, "full_name": "Ruth Auditor", "password": PASSWORD}
    )
    assert joined.status_code == 201, joined.text
    auditor = TestUser(email=email, password=PASSWORD, full_name="Ruth Auditor")
    identity.sign_in(auditor)
    assert api.get(f"/api/v1/orgs/{org}/audit-log", headers=auditor.headers).status_code == 200
    _problem(api.get(f"/api/v1/orgs/{org}/members", headers=auditor.headers), 403, "permission_denied")


def test_bad_role_definitions_answer_field_errors(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    unknown = _create(api, owner, org, name="Odd", permissions=["invoices:read", "invoices:steal", "x:y"])
    assert _errors(unknown) == [("permissions.1", "permission_unknown"), ("permissions.2", "permission_unknown")]
    assert _errors(_create(api, owner, org, name="Boss", inherits=["owner"])) == [
        ("inherits.0", "role_not_inheritable")
    ]
    assert _errors(_create(api, owner, org, name="Odd", inherits=["custom:x"])) == [
        ("inherits.0", "role_not_inheritable")
    ]
    assert _errors(_create(api, owner, org, name="Empty")) == [("permissions", "role_empty")]
    assert _errors(_create(api, owner, org, name="!!!", permissions=["invoices:read"])) == [("name", "name_invalid")]
    assert _errors(_create(api, owner, org, name="x" * 81, permissions=["invoices:read"]))[0][0] == "name"
    assert _errors(_create(api, owner, org, name="Odd", permissions=["invoices:read"] * 101))[0][0] == "permissions"
    _problem(
        api.post(
            f"/api/v1/orgs/{org}/roles", content=b"{", headers={**owner.headers, "Content-Type": "application/json"}
        ),
        400,
        "malformed_json",
    )

    assert _create(api, owner, org, name="Cashier", permissions=["payments:record"]).status_code == 201
    _problem(_create(api, owner, org, name="cashier", permissions=["payments:record"]), 409, "role_exists")
    _problem(_create(api, owner, org, name="Admin", permissions=["payments:record"]), 409, "role_exists")
    _problem(_create(api, owner, org, name="Cashier!", permissions=["payments:record"]), 409, "role_exists")
    assert _create(api, owner, org, name="Night Shift", permissions=["payments:record"]).status_code == 201
    rename = api.patch(f"/api/v1/orgs/{org}/roles/custom:night-shift", json={"name": "CASHIER"}, headers=owner.headers)
    _problem(rename, 409, "role_exists")
    built_in = api.patch(f"/api/v1/orgs/{org}/roles/admin", json={"description": "x"}, headers=owner.headers)
    _problem(built_in, 409, "role_built_in")
    _problem(api.delete(f"/api/v1/orgs/{org}/roles/viewer", headers=owner.headers), 409, "role_built_in")
    missing = api.patch(f"/api/v1/orgs/{org}/roles/custom:nobody", json={"description": "x"}, headers=owner.headers)
    _problem(missing, 404, "role_not_found")
    bad_update = api.patch(
        f"/api/v1/orgs/{org}/roles/custom:cashier", json={"permissions": ["nope"]}, headers=owner.headers
    )
    assert _errors(bad_update) == [("permissions.0", "permission_unknown")]


def test_a_role_manager_cannot_define_roles_beyond_their_own_reach(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    admin = identity.add_member(org, "admin")
    _problem(_create(api, admin, org, name="Mine", permissions=["invoices:read"]), 403, "permission_denied")

    assert (
        _create(api, owner, org, name="Role Manager", permissions=["roles:manage"], inherits=["viewer"]).status_code
        == 201
    )
    manager = identity.add_member(org, "custom:role-manager")
    _problem(
        _create(api, manager, org, name="Poster", permissions=["ledger:post"]), 403, "role_exceeds_your_permissions"
    )
    _problem(
        _create(api, manager, org, name="Deputy", permissions=["roles:manage"], inherits=["accountant"]),
        403,
        "role_exceeds_your_permissions",
    )
    assert _create(api, manager, org, name="Reader", permissions=["ledger:read"]).status_code == 201
    widen = api.patch(
        f"/api/v1/orgs/{org}/roles/custom:role-manager", json={"inherits": ["admin"]}, headers=manager.headers
    )
    _problem(widen, 403, "role_exceeds_your_permissions")
    assert _create(api, owner, org, name="Poster", permissions=["ledger:post"]).status_code == 201
    _problem(
        api.delete(f"/api/v1/orgs/{org}/roles/custom:poster", headers=manager.headers),
        403,
        "role_exceeds_your_permissions",
    )


def test_role_slugs() -> None:
    assert role_slug("Sales Clerk") == "sales-clerk"
    assert role_slug("  Chef d'équipe / Ndola ") == "chef-d-equipe-ndola"
    assert role_slug("!!!") == ""
    assert len(role_slug("Very long name " * 10)) <= 40 and not role_slug("a " * 30).endswith("-")
