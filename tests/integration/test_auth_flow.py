"""Registration, verification, sign-in, refresh rotation and sign-out, as a user goes through them."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from tests.fixtures.identity import PASSWORD, Identity


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code, body
    return body


def test_register_verify_sign_in_and_see_yourself(identity: Identity, api: TestClient) -> None:
    user = identity.new_user(verified=False)
    [mail] = identity.mails_to(user.email)
    assert mail.subject == "Confirm your e-mail address for IntelliFin"
    _problem(identity.sign_in(user), 403, "email_not_verified")

    token = identity.link_token(user.email, "/verify-email")
    assert api.post("/api/v1/auth/verify-email", json={"token": token}).status_code == 200
    # The same link opened again: the address is confirmed, there is nothing to fix.
    _problem(api.post("/api/v1/auth/verify-email", json={"token": token}), 409, "email_already_verified")
    _problem(api.post("/api/v1/auth/verify-email", json={"token": "not-a-real-token"}), 400, "token_invalid")

    response = identity.sign_in(user)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    refresh_cookie = response.headers.get_list("set-cookie")
    refresh = next(c for c in refresh_cookie if c.startswith("intellifin_refresh="))
    assert "HttpOnly" in refresh and "Secure" in refresh and "SameSite=strict" in refresh
    assert "Path=/api/v1/auth" in refresh
    me = api.get("/api/v1/me", headers=user.headers).json()
    assert me["email"] == user.email and me["email_verified"] is True and me["organizations"] == []


def test_resend_verification_sends_a_new_link_and_the_old_one_stops_working(
    identity: Identity, api: TestClient
) -> None:
    user = identity.new_user(verified=False)
    first = identity.link_token(user.email, "/verify-email")
    assert api.post("/api/v1/auth/verify-email/resend", json={"email": user.email}).status_code == 202
    second = identity.link_token(user.email, "/verify-email")
    assert first != second
    _problem(api.post("/api/v1/auth/verify-email", json={"token": first}), 400, "token_invalid")
    assert api.post("/api/v1/auth/verify-email", json={"token": second}).status_code == 200


def test_register_answers_the_same_for_known_and_unknown_addresses(identity: Identity, api: TestClient) -> None:
    existing = identity.new_user()
    again = api.post(
        "/api/v1/auth/register",
        json={"email": existing.email.upper(), "full_name": "Someone Else", "password": PASSWORD},
    )
    fresh = api.post(
        "/api/v1/auth/register",
        json={"email": "brand.new@example.co.zm", "full_name": "Someone Else", "password": PASSWORD},
    )
    assert again.status_code == fresh.status_code == 202
    assert again.json() == fresh.json()
    assert identity.mails_to(existing.email)[0].subject == "Someone tried to register with your e-mail address"


def test_password_rules_are_reported_together(api: TestClient) -> None:
    body = _problem(
        api.post(
            "/api/v1/auth/register",
            json={"email": "not-an-email", "full_name": "Mutale Phiri", "password": "mutale"},
        ),
        422,
        "validation_failed",
    )
    codes = {(e["field"], e["code"]) for e in body["errors"]}
    assert codes == {
        ("email", "email_invalid"),
        ("password", "password_too_short"),
        ("password", "password_contains_personal_info"),
    }
    common = _problem(
        api.post(
            "/api/v1/auth/register",
            json={"email": "a@example.co.zm", "full_name": "Ann", "password": "iloveyou"},
        ),
        422,
        "validation_failed",
    )
    assert [e["code"] for e in common["errors"]] == ["password_too_common"]
    long_ok = api.post(
        "/api/v1/auth/register", json={"email": "b@example.co.zm", "full_name": "Ben", "password": "x7" * 40}
    )
    assert long_ok.status_code == 202


REQUEST_ID = {"X-Request-ID": "same-answer-check"}
"""Both sign-ins carry the same request id, which the answer echoes (body and header)."""


def test_wrong_password_and_unknown_email_get_the_same_answer(
    identity: Identity, api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Byte for byte the same answer, and exactly one argon2 verification on each path.

    The verification is counted at argon2's own `PasswordHasher.verify`, the seam every
    password check goes through, so the count does not depend on how the identity code is
    arranged. Breaks tried: skipping `verify_password` when the e-mail is unknown (the
    count was 0) and giving the unknown case its own title (the bodies differed); this test
    failed both times.
    """
    user = identity.new_user(sign_in=False)
    verifications: list[str] = []
    real_verify = PasswordHasher.verify

    def counted_verify(hasher: PasswordHasher, hash: str | bytes, password: str | bytes) -> Literal[True]:
        verifications.append(str(hash))
        return real_verify(hasher, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted_verify)
    answers = []
    for email in (user.email, "nobody@example.co.zm"):
        verifications.clear()
        answers.append(
            api.post("/api/v1/auth/login", json={"email": email, "password": "not the password"}, headers=REQUEST_ID)
        )
        assert len(verifications) == 1, f"{email}: {len(verifications)} password verifications"
    known, unknown = answers
    _problem(known, 401, "invalid_credentials")
    assert (unknown.status_code, unknown.content) == (known.status_code, known.content)

    def headers(response: Any) -> list[tuple[str, str]]:
        return sorted((name, value) for name, value in response.headers.multi_items() if name != "date")

    assert headers(unknown) == headers(known)
    assert "set-cookie" not in known.headers


def test_refresh_rotates_and_reuse_revokes_the_whole_family(identity: Identity, api: TestClient) -> None:
    user = identity.new_user()
    first_refresh = user.cookies["intellifin_refresh"]
    csrf = {"X-CSRF-Token": user.csrf_token or ""}

    rotated = api.post("/api/v1/auth/refresh", headers=csrf)
    assert rotated.status_code == 200, rotated.text
    second_refresh = rotated.cookies["intellifin_refresh"]
    assert second_refresh != first_refresh
    new_access = {"Authorization": f"Bearer {rotated.json()['access_token']}"}
    assert api.get("/api/v1/me", headers=new_access).status_code == 200

    api.cookies.set("intellifin_refresh", first_refresh, path="/api/v1/auth")  # an attacker replays the old one
    _problem(api.post("/api/v1/auth/refresh", headers=csrf), 401, "refresh_token_reused")

    api.cookies.set("intellifin_refresh", second_refresh, path="/api/v1/auth")  # the family is dead
    _problem(api.post("/api/v1/auth/refresh", headers=csrf), 401, "session_ended")
    _problem(api.get("/api/v1/me", headers=new_access), 401, "unauthenticated")


def test_refresh_needs_the_csrf_token(identity: Identity, api: TestClient) -> None:
    identity.new_user()
    _problem(api.post("/api/v1/auth/refresh"), 403, "csrf_failed")
    _problem(api.post("/api/v1/auth/refresh", headers={"X-CSRF-Token": "forged"}), 403, "csrf_failed")


def test_logout_and_logout_everywhere_end_sessions(identity: Identity, api: TestClient) -> None:
    user = identity.new_user()
    phone_headers = dict(user.headers)
    identity.sign_in(user)  # a second device
    laptop_headers = dict(user.headers)
    sessions = api.get("/api/v1/me/sessions", headers=laptop_headers).json()
    assert len(sessions) == 2 and sum(s["current"] for s in sessions) == 1

    other = next(s for s in sessions if not s["current"])
    assert api.delete(f"/api/v1/me/sessions/{other['id']}", headers=laptop_headers).status_code == 204
    _problem(api.get("/api/v1/me", headers=phone_headers), 401, "unauthenticated")
    _problem(api.delete(f"/api/v1/me/sessions/{other['id']}", headers=laptop_headers), 404, "session_not_found")

    assert api.post("/api/v1/auth/logout", headers=laptop_headers).status_code == 204
    _problem(api.get("/api/v1/me", headers=laptop_headers), 401, "unauthenticated")

    identity.sign_in(user)
    first = dict(user.headers)
    identity.sign_in(user)
    assert api.post("/api/v1/auth/logout-all", headers=user.headers).status_code == 204
    _problem(api.get("/api/v1/me", headers=first), 401, "unauthenticated")
    _problem(api.get("/api/v1/me", headers=user.headers), 401, "unauthenticated")


def test_repeated_failures_are_throttled_then_locked(identity: Identity, api: TestClient) -> None:
    user = identity.new_user(sign_in=False)
    answers = [
        api.post("/api/v1/auth/login", json={"email": user.email, "password": f"wrong {n}"}).status_code
        for n in range(7)
    ]
    assert answers[:4] == [401] * 4
    assert 429 in answers[4:]
    locked = api.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    body = _problem(locked, 429, "rate_limited")
    assert int(locked.headers["retry-after"]) > 0 and "Try again" in body["detail"]


def test_unknown_accounts_are_throttled_like_known_ones(api: TestClient) -> None:
    answers = [
        api.post("/api/v1/auth/login", json={"email": "ghost@example.co.zm", "password": f"x{n}"}).status_code
        for n in range(12)
    ]
    assert answers[:10] == [401] * 10 and answers[10:] == [429, 429]


def test_a_password_hashed_with_old_parameters_is_rehashed_at_sign_in(identity: Identity, api: TestClient) -> None:
    from argon2 import PasswordHasher

    user = identity.new_user(sign_in=False)
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    with identity.services.db.unit_of_work() as uow:
        uow.execute("UPDATE platform.users SET password_hash = %s WHERE email = %s", [weak, user.email])
        uow.commit()
    assert identity.sign_in(user).status_code == 200
    with identity.services.db.unit_of_work() as uow:
        stored = uow.fetch_one("SELECT password_hash FROM platform.users WHERE email = %s", [user.email])
    assert stored is not None and stored["password_hash"] != weak
    assert stored["password_hash"].startswith("$argon2id$") and "m=8192" not in stored["password_hash"]
    assert identity.sign_in(user).status_code == 200


def test_rotating_the_signing_key_logs_nobody_out(identity: Identity, api: TestClient, services) -> None:  # type: ignore[no-untyped-def]
    from shared_code.api.app import create_app
    from shared_code.bootstrap import Services

    user = identity.new_user()
    old_token = user.access_token
    rotated = Services(services.settings.model_copy(update={"jwt_active_key_id": "k2", "jwt_previous_key_ids": ["k1"]}))
    retired = Services(services.settings.model_copy(update={"jwt_active_key_id": "k2", "jwt_previous_key_ids": []}))
    try:
        with TestClient(create_app(rotated), base_url="https://testserver") as after_rotation:
            assert after_rotation.get("/api/v1/me", headers=user.headers).status_code == 200
            after_rotation.cookies.update(api.cookies)
            refreshed = after_rotation.post("/api/v1/auth/refresh", headers={"X-CSRF-Token": user.csrf_token or ""})
            assert refreshed.status_code == 200, refreshed.text
            new_token = refreshed.json()["access_token"]
        import jwt

        assert jwt.get_unverified_header(new_token)["kid"] == "k2"
        with TestClient(create_app(retired), base_url="https://testserver") as later:
            assert later.get("/api/v1/me", headers={"Authorization": f"Bearer {new_token}"}).status_code == 200
            assert later.get("/api/v1/me", headers={"Authorization": f"Bearer {old_token}"}).status_code == 401
    finally:
        rotated.close()
        retired.close()
