"""Invitations: invite by e-mail with a role, accept as a new or an existing user, resend,
withdraw, list; the privilege guard, conflicts, expiry and the hourly limit."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from shared_code.identity import rate_limits
from tests.fixtures.identity import PASSWORD, Identity, TestUser

ACCEPT = "/accept-invitation"


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


def _invite(api: TestClient, inviter: TestUser, org_id: UUID, email: str, role: str) -> Any:
    return api.post(f"/api/v1/orgs/{org_id}/invitations", json={"email": email, "role": role}, headers=inviter.headers)


def _events(identity: Identity, org_id: UUID) -> list[tuple[str, dict[str, Any]]]:
    with identity.services.db.unit_of_work() as uow:
        rows = uow.fetch_all(
            "SELECT event_type, details FROM platform.security_events WHERE organization_id = %s ORDER BY occurred_at",
            [org_id],
        )
    return [(row["event_type"], row["details"]) for row in rows]


def test_a_new_person_registers_from_the_invitation_and_is_a_member(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user(name="Chanda Mulenga")
    org = identity.new_organization(owner, "Chanda Hardware Ltd")
    email = f"new.{uuid4().hex[:8]}@example.co.zm"

    response = _invite(api, owner, org, email, "accountant")
    assert response.status_code == 201, response.text
    sent = response.json()
    assert (sent["email"], sent["role"], sent["status"], sent["invited_by_name"]) == (
        email,
        "accountant",
        "pending",
        "Chanda Mulenga",
    )

    [mail] = identity.mails_to(email)
    assert mail.subject == "Chanda Mulenga invited you to Chanda Hardware Ltd on IntelliFin"
    assert "Chanda Hardware Ltd" in mail.text and "as Accountant" in mail.text
    token = identity.link_token(email, ACCEPT)

    preview = api.post("/api/v1/invitations/preview", json={"token": token})
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["organization_name"] == "Chanda Hardware Ltd"
    assert (body["email"], body["role"], body["role_name"], body["next_step"]) == (
        email,
        "accountant",
        "Accountant",
        "register",
    )
    assert body["invited_by_name"] == "Chanda Mulenga"
    assert preview.headers["cache-control"] == "no-store"

    weak = api.post(
        "/api/v1/invitations/register", json={"token": token, "full_name": "Mutale Phiri", "password": "mutale"}
    )
    codes = {(e["field"], e["code"]) for e in _problem(weak, 422, "validation_failed")["errors"]}
    assert codes == {("password", "password_too_short"), ("password", "password_contains_personal_info")}

    joined = api.post(
        "/api/v1/invitations/register", json={"token": token, "full_name": "Mutale Phiri", "password": PASSWORD}
    )
    assert joined.status_code == 201, joined.text
    assert (joined.json()["organization_id"], joined.json()["role"]) == (str(org), "accountant")

    newcomer = TestUser(email=email, password=PASSWORD, full_name="Mutale Phiri")
    assert identity.sign_in(newcomer).status_code == 200  # verified by the invitation link
    me = api.get("/api/v1/me", headers=newcomer.headers).json()
    assert me["email_verified"] is True
    assert [(o["organization_name"], o["role"]) for o in me["organizations"]] == [("Chanda Hardware Ltd", "accountant")]

    _problem(api.post("/api/v1/invitations/preview", json={"token": token}), 404, "invitation_invalid")
    again = api.post(
        "/api/v1/invitations/register", json={"token": token, "full_name": "Someone", "password": PASSWORD}
    )
    _problem(again, 404, "invitation_invalid")
    assert api.get(f"/api/v1/orgs/{org}/invitations", headers=owner.headers).json()["items"] == []
    assert [event for event, _ in _events(identity, org)][-2:] == ["invitation_sent", "invitation_accepted"]


def test_an_existing_user_accepts_signed_in_with_the_invited_address(identity: Identity, api: TestClient) -> None:
    owner, invitee, someone_else = identity.new_user(), identity.new_user(), identity.new_user()
    org = identity.new_organization(owner, "Lusaka Grain Traders")
    assert _invite(api, owner, org, invitee.email.upper(), "viewer").status_code == 201
    token = identity.link_token(invitee.email.upper(), ACCEPT)
    assert api.post("/api/v1/invitations/preview", json={"token": token}).json()["next_step"] == "sign_in"

    _problem(api.post("/api/v1/invitations/accept", json={"token": token}), 401, "unauthenticated")
    _problem(
        api.post("/api/v1/invitations/accept", json={"token": token}, headers=someone_else.headers),
        403,
        "invitation_email_mismatch",
    )
    registering = api.post(
        "/api/v1/invitations/register", json={"token": token, "full_name": "X Y", "password": PASSWORD}
    )
    _problem(registering, 409, "account_exists")

    accepted = api.post("/api/v1/invitations/accept", json={"token": token}, headers=invitee.headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["organization_name"] == "Lusaka Grain Traders" and accepted.json()["role"] == "viewer"
    assert api.get(f"/api/v1/orgs/{org}", headers=invitee.headers).json()["role"] == "viewer"
    _problem(
        api.post("/api/v1/invitations/accept", json={"token": token}, headers=invitee.headers),
        404,
        "invitation_invalid",
    )
    _problem(api.get(f"/api/v1/orgs/{org}", headers=someone_else.headers), 404, "organization_not_found")
    accepted_event = _events(identity, org)[-1]
    assert accepted_event[0] == "invitation_accepted" and accepted_event[1]["role"] == "viewer"


def test_resending_kills_the_old_link_and_withdrawing_kills_the_new_one(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    email = f"late.{uuid4().hex[:8]}@example.co.zm"
    invitation_id = _invite(api, owner, org, email, "staff").json()["id"]
    first = identity.link_token(email, ACCEPT)

    resent = api.post(f"/api/v1/orgs/{org}/invitations/{invitation_id}/resend", headers=owner.headers)
    assert resent.status_code == 200, resent.text
    second = identity.link_token(email, ACCEPT)
    assert second != first
    _problem(api.post("/api/v1/invitations/preview", json={"token": first}), 404, "invitation_invalid")
    assert api.post("/api/v1/invitations/preview", json={"token": second}).status_code == 200

    listed = api.get(f"/api/v1/orgs/{org}/invitations", headers=owner.headers).json()["items"]
    assert [(i["id"], i["status"]) for i in listed] == [(invitation_id, "pending")]

    revoked = api.delete(f"/api/v1/orgs/{org}/invitations/{invitation_id}", headers=owner.headers)
    assert revoked.status_code == 204
    _problem(api.post("/api/v1/invitations/preview", json={"token": second}), 404, "invitation_invalid")
    again = api.delete(f"/api/v1/orgs/{org}/invitations/{invitation_id}", headers=owner.headers)
    _problem(again, 409, "invitation_not_pending")
    resend = api.post(f"/api/v1/orgs/{org}/invitations/{invitation_id}/resend", headers=owner.headers)
    _problem(resend, 409, "invitation_not_pending")
    assert api.get(f"/api/v1/orgs/{org}/invitations", headers=owner.headers).json()["items"] == []
    assert [event for event, _ in _events(identity, org)][-3:] == [
        "invitation_sent",
        "invitation_resent",
        "invitation_revoked",
    ]


def test_an_expired_invitation_is_invalid_listed_as_expired_and_can_be_renewed(
    identity: Identity, api: TestClient
) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    email = f"slow.{uuid4().hex[:8]}@example.co.zm"
    invitation_id = _invite(api, owner, org, email, "viewer").json()["id"]
    token = identity.link_token(email, ACCEPT)
    with identity.services.db.unit_of_work() as uow:
        uow.execute(
            "UPDATE platform.invitations SET expires_at = now() - interval '1 minute' WHERE id = %s", [invitation_id]
        )
        uow.commit()

    _problem(api.post("/api/v1/invitations/preview", json={"token": token}), 404, "invitation_invalid")
    register = api.post(
        "/api/v1/invitations/register", json={"token": token, "full_name": "Late Comer", "password": PASSWORD}
    )
    _problem(register, 404, "invitation_invalid")
    listed = api.get(f"/api/v1/orgs/{org}/invitations", headers=owner.headers).json()["items"]
    assert [(i["id"], i["status"]) for i in listed] == [(invitation_id, "expired")]

    renewed = _invite(api, owner, org, email, "staff")  # the expired one is withdrawn and replaced
    assert renewed.status_code == 201, renewed.text
    listed = api.get(f"/api/v1/orgs/{org}/invitations", headers=owner.headers).json()["items"]
    assert [(i["id"], i["role"], i["status"]) for i in listed] == [(renewed.json()["id"], "staff", "pending")]
    expires_in = listed[0]["expires_at"]
    assert expires_in > renewed.json()["created_at"]


def test_conflicts_and_bad_input_answer_stable_codes(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    member = identity.add_member(org, "staff")
    _problem(_invite(api, owner, org, member.email, "viewer"), 409, "already_member")
    email = f"twice.{uuid4().hex[:8]}@example.co.zm"
    assert _invite(api, owner, org, email, "viewer").status_code == 201
    _problem(_invite(api, owner, org, email.upper(), "staff"), 409, "invitation_pending")

    invalid = _problem(_invite(api, owner, org, "not-an-email", "viewer"), 422, "validation_failed")
    assert [(e["field"], e["code"]) for e in invalid["errors"]] == [("email", "email_invalid")]
    unknown = _problem(_invite(api, owner, org, "a@example.co.zm", "custom:nobody"), 422, "validation_failed")
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("role", "role_unknown")]
    _problem(_invite(api, owner, org, "a" * 250 + "@example.co.zm", "viewer"), 422, "validation_failed")
    _problem(_invite(api, owner, org, "a@example.co.zm", "Bad Role!"), 422, "validation_failed")
    _problem(api.post("/api/v1/invitations/preview", json={"token": "short"}), 422, "validation_failed")
    _problem(api.post("/api/v1/invitations/preview", json={"token": "x" * 43}), 404, "invitation_invalid")
    missing = api.post(f"/api/v1/orgs/{org}/invitations/{uuid4()}/resend", headers=owner.headers)
    _problem(missing, 404, "invitation_not_found")


def test_nobody_invites_with_more_than_they_hold(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    admin = identity.add_member(org, "admin")
    staff = identity.add_member(org, "staff")

    def email() -> str:
        return f"guest.{uuid4().hex[:8]}@example.co.zm"

    _problem(_invite(api, admin, org, email(), "owner"), 403, "role_exceeds_your_permissions")
    assert _invite(api, admin, org, email(), "admin").status_code == 201
    assert _invite(api, admin, org, email(), "accountant").status_code == 201
    assert _invite(api, owner, org, email(), "owner").status_code == 201
    _problem(_invite(api, staff, org, email(), "viewer"), 403, "permission_denied")

    created = api.post(
        f"/api/v1/orgs/{org}/roles",
        json={"name": "Role Keeper", "permissions": ["roles:manage"], "inherits": ["viewer"]},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    _problem(_invite(api, admin, org, email(), "custom:role-keeper"), 403, "role_exceeds_your_permissions")
    assert _invite(api, owner, org, email(), "custom:role-keeper").status_code == 201

    owners_invitation = next(
        i["id"]
        for i in api.get(f"/api/v1/orgs/{org}/invitations", headers=owner.headers).json()["items"]
        if i["role"] == "owner"
    )
    revoke = api.delete(f"/api/v1/orgs/{org}/invitations/{owners_invitation}", headers=admin.headers)
    _problem(revoke, 403, "role_exceeds_your_permissions")


def test_an_invitation_grants_only_what_its_inviter_may_still_grant(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    admin = identity.add_member(org, "admin")
    email = f"ally.{uuid4().hex[:8]}@example.co.zm"
    assert _invite(api, admin, org, email, "admin").status_code == 201
    token = identity.link_token(email, ACCEPT)
    demoted = api.patch(f"/api/v1/orgs/{org}/members/{admin.id}", json={"role": "viewer"}, headers=owner.headers)
    assert demoted.status_code == 200, demoted.text

    register = api.post(
        "/api/v1/invitations/register", json={"token": token, "full_name": "Ally Banda", "password": PASSWORD}
    )
    _problem(register, 404, "invitation_invalid")


def test_invitations_of_another_organization_are_not_found(identity: Identity, api: TestClient) -> None:
    alice, bob = identity.new_user(), identity.new_user()
    alices, bobs = identity.new_organization(alice, "Alice Traders"), identity.new_organization(bob, "Bob Farms")
    bobs_invitation = _invite(api, bob, bobs, f"x.{uuid4().hex[:8]}@example.co.zm", "viewer").json()["id"]
    for request in (
        api.post(f"/api/v1/orgs/{alices}/invitations/{bobs_invitation}/resend", headers=alice.headers),
        api.delete(f"/api/v1/orgs/{alices}/invitations/{bobs_invitation}", headers=alice.headers),
    ):
        _problem(request, 404, "invitation_not_found")
    _problem(api.get(f"/api/v1/orgs/{bobs}/invitations", headers=alice.headers), 404, "organization_not_found")


def test_invitations_are_limited_per_inviter(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    limit = rate_limits.LIMITS["invite:account"]
    with identity.services.db.unit_of_work() as uow:
        for _ in range(limit.hits):
            rate_limits.hit(uow, "invite:account", str(owner.id), identity.services.clock.now())
        uow.commit()
    refused = _problem(_invite(api, owner, org, "one.more@example.co.zm", "viewer"), 429, "rate_limited")
    assert refused["title"]
    assert (
        0
        < int(_invite(api, owner, org, "x@example.co.zm", "viewer").headers["retry-after"])
        <= int(limit.window / timedelta(seconds=1)) + 1
    )


def test_invitation_tokens_never_travel_in_a_url(
    identity: Identity, api: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    from fastapi.routing import iter_route_contexts

    assert not [route.path for route in iter_route_contexts(api.app.routes) if "{token}" in route.path]  # type: ignore[attr-defined]
    owner = identity.new_user()
    org = identity.new_organization(owner)
    email = f"quiet.{uuid4().hex[:8]}@example.co.zm"
    assert _invite(api, owner, org, email, "viewer").status_code == 201
    token = identity.link_token(email, ACCEPT)
    with caplog.at_level(logging.INFO, logger="intellifin.http"):
        assert api.post("/api/v1/invitations/preview", json={"token": token}).status_code == 200
        api.post("/api/v1/invitations/register", json={"token": token, "full_name": "Q", "password": "short"})
    logged = [record for record in caplog.records if record.name == "intellifin.http"]
    assert [getattr(record, "http_path", None) for record in logged] == [
        "/api/v1/invitations/preview",
        "/api/v1/invitations/register",
    ]
    assert all(token not in record.getMessage() for record in logged)
