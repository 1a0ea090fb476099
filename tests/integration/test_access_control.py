"""Access control: tampered tokens, the route table, roles, and other organizations."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from shared_code.api.auth import PERMISSION_ATTRIBUTE, PUBLIC_ROUTES
from shared_code.identity.permissions import BUILT_IN_ROLES, PERMISSIONS, resolve_permissions
from tests.fixtures.identity import Identity

FRAMEWORK_ROUTES = {"/api/openapi.json", "/api/docs", "/api/docs/oauth2-redirect"}


def _declared_permissions(dependant: Any) -> set[str]:
    found = set()
    for sub in dependant.dependencies:
        permission = getattr(sub.call, PERMISSION_ATTRIBUTE, None)
        if permission:
            found.add(permission)
        found |= _declared_permissions(sub)
    return found


def _routes(api: TestClient) -> list[tuple[str, str, set[str]]]:
    routes = []
    for route in iter_route_contexts(api.app.routes):  # type: ignore[attr-defined]
        if route.path in FRAMEWORK_ROUTES:
            continue
        for method in sorted(route.methods - {"HEAD"}):
            routes.append((method, route.path, _declared_permissions(route.dependant)))
    return routes


def test_every_route_declares_a_permission_or_is_on_the_public_list(api: TestClient) -> None:
    routes = _routes(api)
    assert len(routes) > 10
    undeclared = [(m, p) for m, p, perms in routes if not perms and (m, p) not in PUBLIC_ROUTES]
    assert undeclared == []
    org_routes = [(m, p, perms) for m, p, perms in routes if p.startswith("/api/v1/orgs/{org_id}")]
    assert org_routes
    assert all(perms and perms <= set(PERMISSIONS) for _, _, perms in org_routes)
    listed_but_missing = PUBLIC_ROUTES - {(m, p) for m, p, _ in routes}
    assert listed_but_missing == set()


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


@pytest.mark.parametrize(
    "tamper",
    ["alg_none", "wrong_key", "expired", "wrong_audience", "edited_claims", "unknown_kid", "garbage"],
)
def test_tampered_access_tokens_are_refused(identity: Identity, api: TestClient, tamper: str) -> None:
    user = identity.new_user()
    token = user.access_token or ""
    claims = _claims(token)
    header = jwt.get_unverified_header(token)
    if tamper == "alg_none":
        forged = f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': header['kid']})}.{_b64(claims)}."
    elif tamper == "wrong_key":
        forged = jwt.encode(claims, b"x" * 64, algorithm="HS256", headers={"kid": header["kid"]})
    elif tamper == "expired":
        key = identity.services.secrets.get(f"jwt-signing-key-{header['kid']}")
        forged = jwt.encode(
            {**claims, "exp": int(time.time()) - 60},
            base64.b64decode(key),
            algorithm="HS256",
            headers={"kid": header["kid"]},
        )
    elif tamper == "wrong_audience":
        key = identity.services.secrets.get(f"jwt-signing-key-{header['kid']}")
        forged = jwt.encode(
            {**claims, "aud": "someone-else"},
            base64.b64decode(key),
            algorithm="HS256",
            headers={"kid": header["kid"]},
        )
    elif tamper == "edited_claims":
        head, _, signature = token.split(".")
        forged = f"{head}.{_b64({**claims, 'sub': '00000000-0000-0000-0000-000000000000'})}.{signature}"
    elif tamper == "unknown_kid":
        forged = jwt.encode(claims, b"y" * 64, algorithm="HS256", headers={"kid": "k9"})
    else:
        forged = "not.a.token"
    assert api.get("/api/v1/me", headers=user.headers).status_code == 200
    response = api.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response.headers["www-authenticate"] == "Bearer"


def test_no_token_is_401(api: TestClient) -> None:
    assert api.get("/api/v1/me").json()["code"] == "unauthenticated"


def test_another_organizations_id_answers_404(identity: Identity, api: TestClient) -> None:
    alice, bob = identity.new_user(), identity.new_user()
    alices = identity.new_organization(alice, "Alice Traders")
    bobs = identity.new_organization(bob, "Bob Farms")
    assert api.get(f"/api/v1/orgs/{alices}", headers=alice.headers).status_code == 200
    for org_id in (bobs, "8f2c1bd8-2a47-4f61-9a53-9b8f1f0e7c11"):
        response = api.get(f"/api/v1/orgs/{org_id}", headers=alice.headers)
        assert response.status_code == 404 and response.json()["code"] == "organization_not_found"
    assert [o["name"] for o in api.get("/api/v1/organizations", headers=alice.headers).json()] == ["Alice Traders"]


def test_a_user_has_a_role_in_each_of_several_organizations(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    first = identity.new_organization(owner, "First Ltd")
    second = identity.new_organization(owner, "Second Ltd")
    member = identity.add_member(first, "viewer")
    with identity.services.db.unit_of_work() as uow:
        uow.execute(
            "INSERT INTO platform.memberships (organization_id, user_id, role) VALUES (%s, %s, 'staff')",
            [second, member.id],
        )
        uow.commit()
    roles = {
        o["organization_name"]: o["role"] for o in api.get("/api/v1/me", headers=member.headers).json()["organizations"]
    }
    assert roles == {"First Ltd": "viewer", "Second Ltd": "staff"}


def test_built_in_roles_inherit() -> None:
    viewer = resolve_permissions("viewer")
    accountant = resolve_permissions("accountant")
    admin = resolve_permissions("admin")
    owner = resolve_permissions("owner")
    assert viewer < accountant < admin < owner == frozenset(PERMISSIONS)
    assert resolve_permissions("staff") < resolve_permissions("approver") < accountant
    assert "ledger:read" not in resolve_permissions("staff")
    assert all(
        not p.endswith(
            (
                ":manage",
                ":post",
                ":create",
                ":approve",
                ":invite",
                ":delete",
                ":issue",
                ":void",
                ":record",
                ":share",
                ":request_payment",
            )
        )
        for p in viewer
    )
    assert set(BUILT_IN_ROLES) == {"owner", "admin", "accountant", "approver", "staff", "viewer"}


def test_the_token_also_travels_in_the_static_web_apps_safe_header(identity: Identity, api: TestClient) -> None:
    user = identity.new_user()
    token = user.access_token
    swa_overwritten = {"Authorization": "Bearer swa-own-token", "X-IntelliFin-Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/me", headers=swa_overwritten).json()["email"] == user.email
    forged = {"Authorization": f"Bearer {token}", "X-IntelliFin-Authorization": "Bearer forged"}
    assert api.get("/api/v1/me", headers=forged).status_code == 401
    assert api.post("/api/v1/auth/logout", headers={"X-IntelliFin-Authorization": f"Bearer {token}"}).status_code == 204
    assert api.get("/api/v1/me", headers=user.headers).status_code == 401
