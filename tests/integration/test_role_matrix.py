"""The role-by-endpoint matrix: every organization route, called by a real member of each
built-in role, decides exactly as the permission it declares says.

The routes come from the app's route table, so routes added later are covered without
touching this test. Only the authorisation decision is under test: a permitted role may
still get 404 or 422 for the dummy ids and empty bodies sent here, but never 403
`permission_denied`; a role without the permission gets exactly that; someone who is not a
member gets 404 `organization_not_found`, as if the organization did not exist.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from shared_code.api.auth import PERMISSION_ATTRIBUTE
from shared_code.identity.permissions import BUILT_IN_ROLES, PERMISSIONS, resolve_permissions
from tests.fixtures.identity import Identity, TestUser

ORG_PREFIX = "/api/v1/orgs/{org_id}"
ROLES_LEAST_FIRST = ("viewer", "staff", "approver", "accountant", "admin", "owner")
"""The order roles call a route in: whatever a permitted call changes lands only on the
more powerful roles after it, which are permitted too."""
BODY_METHODS = {"POST", "PUT", "PATCH"}
DUMMIES: dict[Any, Callable[[], str]] = {UUID: lambda: str(uuid4()), int: lambda: "1", date: lambda: "2024-01-31"}
"""A well-formed value per path parameter type (anything else gets "x")."""


@dataclass(frozen=True)
class OrgRoute:
    """One method of one organization route and the permissions it declares."""

    method: str
    path: str
    permissions: frozenset[str]
    path_types: dict[str, Any]
    organization_status: str
    """The status the organization must be in for the route to apply (normally `active`)."""

    def url(self, org_id: UUID) -> str:
        """The route's address in `org_id`, with a dummy value of the right type for every other parameter."""

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "org_id":
                return str(org_id)
            return DUMMIES.get(self.path_types.get(name), lambda: "x")()

        return re.sub(r"\{(\w+)(?::\w+)?\}", value, self.path)


def _declared(dependant: Any) -> set[str]:
    found = set()
    for sub in dependant.dependencies:
        permission = getattr(sub.call, PERMISSION_ATTRIBUTE, None)
        if permission:
            found.add(permission)
        found |= _declared(sub)
    return found


def _organization_status(dependant: Any) -> str:
    """The organization status the route's permission dependency accepts first: `restore`,
    say, applies to organizations pending deletion only (`require_permission(...,
    organization_statuses=...)`, read from the dependency's closure)."""
    for sub in dependant.dependencies:
        if getattr(sub.call, PERMISSION_ATTRIBUTE, None) and sub.call.__closure__:
            statuses = inspect.getclosurevars(sub.call).nonlocals.get("organization_statuses", ("active",))
            return str(statuses[0])
        found = _organization_status(sub)
        if found != "active":
            return found
    return "active"


def _path_params(dependant: Any) -> list[Any]:
    return [*dependant.path_params, *(p for sub in dependant.dependencies for p in _path_params(sub))]


def org_routes(app: Any) -> list[OrgRoute]:
    """Every organization route whose permissions come from the taxonomy.

    Routes under the prefix that declare something else (say, only `authenticated`) are
    not role-based; `test_access_control` decides whether they may exist at all.
    """
    routes = []
    for route in iter_route_contexts(app.routes):
        path = route.path or ""
        if not path.startswith(ORG_PREFIX):
            continue
        permissions = frozenset(_declared(route.dependant))
        if not permissions or not permissions <= set(PERMISSIONS):
            continue
        path_types = {p.name: p.field_info.annotation for p in _path_params(route.dependant)}
        status = _organization_status(route.dependant)
        routes.extend(
            OrgRoute(method, path, permissions, path_types, status)
            for method in sorted((route.methods or set()) - {"HEAD"})
        )
    return routes


def _call(api: TestClient, route: OrgRoute, org_id: UUID, user: TestUser | None) -> Any:
    headers = {"Idempotency-Key": str(uuid4())}
    if user is not None:
        headers |= user.headers
    return api.request(
        route.method, route.url(org_id), headers=headers, json={} if route.method in BODY_METHODS else None
    )


def _code(response: Any) -> str | None:
    """The problem code of an error response (None for anything else)."""
    if not response.headers.get("content-type", "").startswith("application/problem+json"):
        return None
    return str(response.json()["code"])


def test_every_role_gets_exactly_what_each_route_declares(identity: Identity, api: TestClient) -> None:
    routes = org_routes(api.app)
    assert len(routes) >= 10, "the organization routes were not found"
    owner = identity.new_user(name="Matrix Owner")
    members = {role: identity.new_user(name=f"Matrix {role.title()}") for role in ROLES_LEAST_FIRST if role != "owner"}
    members["owner"] = owner
    outsider = identity.new_user(name="Matrix Outsider")
    assert set(members) == set(BUILT_IN_ROLES)

    failures = []
    for route in routes:
        org_id = identity.new_organization(owner, f"Matrix {route.method} {route.path}"[:200])
        with identity.services.db.unit_of_work() as uow:
            uow.execute(
                "UPDATE platform.organizations SET status = %s WHERE id = %s", [route.organization_status, org_id]
            )
            for role, user in members.items():
                if role != "owner":
                    uow.execute(
                        "INSERT INTO platform.memberships (organization_id, user_id, role) VALUES (%s, %s, %s)",
                        [org_id, user.id, role],
                    )
            uow.commit()

        anonymous = _call(api, route, org_id, None)
        if (anonymous.status_code, _code(anonymous)) != (401, "unauthenticated"):
            failures.append(f"{route.method} {route.path} without a token: {anonymous.status_code} {_code(anonymous)}")
        stranger = _call(api, route, org_id, outsider)
        if (stranger.status_code, _code(stranger)) != (404, "organization_not_found"):
            failures.append(f"{route.method} {route.path} as a non-member: {stranger.status_code} {_code(stranger)}")

        for role in ROLES_LEAST_FIRST:
            response = _call(api, route, org_id, members[role])
            outcome = (response.status_code, _code(response))
            allowed = route.permissions <= resolve_permissions(role)
            if allowed and (
                outcome == (403, "permission_denied") or response.status_code in {401} | set(range(500, 600))
            ):
                failures.append(f"{route.method} {route.path} as {role} (allowed): {outcome}")
            if not allowed and outcome != (403, "permission_denied"):
                failures.append(f"{route.method} {route.path} as {role} (denied): {outcome}")

    assert failures == []


def test_the_matrix_finds_the_team_routes(api: TestClient) -> None:
    declared = {(r.method, r.path): r.permissions for r in org_routes(api.app)}
    assert declared[("GET", f"{ORG_PREFIX}/members")] == {"users:read"}
    assert declared[("POST", f"{ORG_PREFIX}/invitations")] == {"users:invite"}
    assert declared[("PATCH", f"{ORG_PREFIX}/roles/{{role_key}}")] == {"roles:manage"}
    assert declared[("GET", f"{ORG_PREFIX}/audit-log")] == {"audit:read"}
    route = next(r for r in org_routes(api.app) if r.path.endswith("/members/{user_id}"))
    org_id = uuid4()
    assert re.fullmatch(rf"/api/v1/orgs/{org_id}/members/[0-9a-f-]{{36}}", route.url(org_id))


def test_the_matrix_finds_the_purchases_routes(api: TestClient) -> None:
    declared = {(r.method, r.path): r.permissions for r in org_routes(api.app)}
    assert declared[("POST", f"{ORG_PREFIX}/suppliers")] == {"suppliers:manage"}
    assert declared[("GET", f"{ORG_PREFIX}/reports/payables-aging")] == {"suppliers:read"}
    assert declared[("POST", f"{ORG_PREFIX}/expenses/{{purchase_id}}/approve")] == {"expenses:approve"}
    assert declared[("POST", f"{ORG_PREFIX}/bills/{{purchase_id}}/post")] == {"expenses:post"}
    assert declared[("POST", f"{ORG_PREFIX}/supplier-payments")] == {"expenses:post"}
    assert declared[("GET", f"{ORG_PREFIX}/expenses/{{expense_id}}/receipts/{{receipt_id}}/file")] == {"expenses:read"}
    assert "expenses:post" not in resolve_permissions("approver")
    assert "suppliers:read" in resolve_permissions("viewer")
