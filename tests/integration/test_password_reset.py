"""Password reset by e-mail and password change, as a user goes through them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from shared_code.platform.clock import FixedClock
from tests.fixtures.identity import Identity

NEW_PASSWORD = "a kettle of fish on the Kafue 7"


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code, body
    return body


def _reset_token(identity: Identity, api: TestClient, email: str) -> str:
    assert api.post("/api/v1/auth/password-reset/request", json={"email": email}).status_code == 202
    return identity.link_token(email, "/reset-password")


def _events(identity: Identity, user_id) -> list[str]:
    with identity.services.db.unit_of_work() as uow:
        rows = uow.fetch_all(
            "SELECT event_type FROM platform.security_events WHERE user_id = %s ORDER BY occurred_at, id", [user_id]
        )
    return [row["event_type"] for row in rows]


def test_reset_answers_the_same_for_known_and_unknown_addresses(identity: Identity, api: TestClient) -> None:
    user = identity.new_user(sign_in=False)
    known = api.post("/api/v1/auth/password-reset/request", json={"email": user.email.upper()})
    unknown = api.post("/api/v1/auth/password-reset/request", json={"email": "nobody.here@example.co.zm"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert known.headers["content-type"] == unknown.headers["content-type"]

    [mail, _verification] = identity.mails_to(user.email)
    assert mail.subject == "Reset your IntelliFin password"
    link = f"{identity.services.settings.public_base_url}/reset-password?token="
    assert link in (mail.text or "") and "expires in 60 minutes" in (mail.text or "")
    assert identity.mails_to("nobody.here@example.co.zm") == []
    _problem(
        api.post("/api/v1/auth/password-reset/request", json={"email": "not-an-address"}), 422, "validation_failed"
    )


def test_a_reset_works_once_and_ends_every_session(identity: Identity, api: TestClient) -> None:
    user = identity.new_user()
    phone = dict(user.headers)
    identity.sign_in(user)
    laptop = dict(user.headers)
    token = _reset_token(identity, api, user.email)

    confirmed = api.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "password_reset"
    _problem(
        api.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD + "!"}),
        400,
        "token_invalid",
    )

    _problem(api.get("/api/v1/me", headers=phone), 401, "unauthenticated")
    _problem(api.get("/api/v1/me", headers=laptop), 401, "unauthenticated")
    _problem(api.post("/api/v1/auth/refresh", headers={"X-CSRF-Token": user.csrf_token or ""}), 401, "session_ended")
    with identity.services.db.unit_of_work() as uow:
        reasons = uow.fetch_all("SELECT revoked_reason FROM platform.sessions WHERE user_id = %s", [user.id])
    assert [r["revoked_reason"] for r in reasons] == ["password_reset", "password_reset"]

    _problem(identity.sign_in(user), 401, "invalid_credentials")
    user.password = NEW_PASSWORD
    assert identity.sign_in(user).status_code == 200
    assert identity.mails_to(user.email)[0].subject == "Your IntelliFin password was changed"
    assert "password_reset_completed" in _events(identity, user.id)


def test_a_reset_lifts_the_sign_in_lock(identity: Identity, api: TestClient) -> None:
    user = identity.new_user(sign_in=False)
    for attempt in range(6):
        api.post("/api/v1/auth/login", json={"email": user.email, "password": f"guess {attempt}"})
    _problem(identity.sign_in(user), 429, "rate_limited")
    token = _reset_token(identity, api, user.email)
    assert (
        api.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD}).status_code
        == 200
    )
    user.password = NEW_PASSWORD
    assert identity.sign_in(user).status_code == 200


def test_an_expired_reset_link_is_refused(identity: Identity, api: TestClient) -> None:
    user = identity.new_user(sign_in=False)
    requested_at = datetime.now(UTC)
    token = _reset_token(identity, api, user.email)
    body = {"token": token, "password": NEW_PASSWORD}

    identity.services.clock = FixedClock(requested_at + timedelta(minutes=61))
    _problem(api.post("/api/v1/auth/password-reset/confirm", json=body), 400, "token_invalid")
    identity.services.clock = FixedClock(requested_at + timedelta(minutes=59))
    assert api.post("/api/v1/auth/password-reset/confirm", json=body).status_code == 200


def test_a_weak_new_password_is_refused_and_the_link_still_works(identity: Identity, api: TestClient) -> None:
    user = identity.new_user(sign_in=False, name="Mutale Phiri")
    token = _reset_token(identity, api, user.email)
    weak = _problem(
        api.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": "mutale"}),
        422,
        "validation_failed",
    )
    assert {(e["field"], e["code"]) for e in weak["errors"]} == {
        ("password", "password_too_short"),
        ("password", "password_contains_personal_info"),
    }
    common = _problem(
        api.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": "iloveyou"}),
        422,
        "validation_failed",
    )
    assert [e["code"] for e in common["errors"]] == ["password_too_common"]
    assert (
        api.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD}).status_code
        == 200
    )


def test_bad_reset_input_is_a_problem(api: TestClient) -> None:
    confirm = "/api/v1/auth/password-reset/confirm"
    _problem(api.post(confirm, json={"token": "x" * 43, "password": NEW_PASSWORD}), 400, "token_invalid")
    _problem(api.post(confirm, json={"token": "short", "password": NEW_PASSWORD}), 422, "validation_failed")
    _problem(api.post(confirm, json={"token": "x" * 201, "password": NEW_PASSWORD}), 422, "validation_failed")
    _problem(api.post(confirm, json={"token": "x" * 43}), 422, "validation_failed")
    _problem(api.post("/api/v1/auth/password-reset/request", json={"email": "a" * 300}), 422, "validation_failed")


def test_a_new_request_retires_the_previous_link(identity: Identity, api: TestClient) -> None:
    user = identity.new_user(sign_in=False)
    first = _reset_token(identity, api, user.email)
    second = _reset_token(identity, api, user.email)
    assert first != second
    _problem(
        api.post("/api/v1/auth/password-reset/confirm", json={"token": first, "password": NEW_PASSWORD}),
        400,
        "token_invalid",
    )
    assert (
        api.post("/api/v1/auth/password-reset/confirm", json={"token": second, "password": NEW_PASSWORD}).status_code
        == 200
    )


def test_reset_requests_are_throttled_alike_for_known_and_unknown_addresses(
    identity: Identity, api: TestClient
) -> None:
    user = identity.new_user(sign_in=False)
    for address in (user.email, "ghost@example.co.zm"):
        answers = [
            api.post("/api/v1/auth/password-reset/request", json={"email": address}).status_code for _ in range(4)
        ]
        assert answers == [202, 202, 202, 429]


def test_changing_the_password_keeps_this_session_and_ends_the_others(identity: Identity, api: TestClient) -> None:
    user = identity.new_user()
    phone = dict(user.headers)
    identity.sign_in(user)
    laptop = dict(user.headers)

    changed = api.put(
        "/api/v1/me/password", json={"current_password": user.password, "new_password": NEW_PASSWORD}, headers=laptop
    )
    assert changed.status_code == 204, changed.text
    assert api.get("/api/v1/me", headers=laptop).status_code == 200
    _problem(api.get("/api/v1/me", headers=phone), 401, "unauthenticated")
    refreshed = api.post("/api/v1/auth/refresh", headers={"X-CSRF-Token": user.csrf_token or ""})
    assert refreshed.status_code == 200, refreshed.text  # the laptop's refresh cookie still works

    _problem(identity.sign_in(user), 401, "invalid_credentials")
    user.password = NEW_PASSWORD
    assert identity.sign_in(user).status_code == 200
    assert identity.mails_to(user.email)[0].subject == "Your IntelliFin password was changed"
    assert "password_changed" in _events(identity, user.id)


def test_a_wrong_current_password_counts_as_a_failed_sign_in(identity: Identity, api: TestClient) -> None:
    user = identity.new_user()
    answers = [
        api.put(
            "/api/v1/me/password",
            json={"current_password": f"guess {n}", "new_password": NEW_PASSWORD},
            headers=user.headers,
        )
        for n in range(6)
    ]
    for answer in answers[:5]:
        _problem(answer, 400, "current_password_incorrect")
    _problem(answers[5], 429, "rate_limited")  # locked after five failures, like sign-in
    known_device = api.cookies.get("intellifin_device")
    api.cookies.clear()
    _problem(identity.sign_in(user), 429, "rate_limited")  # from any browser that never signed in here
    api.cookies.set("intellifin_device", known_device or "")
    assert identity.sign_in(user).status_code == 200, "the browser the user signed in with is not locked out"
    assert _events(identity, user.id).count("reauthentication_failed") == 5


def test_a_weak_new_password_is_refused_on_change(identity: Identity, api: TestClient) -> None:
    user = identity.new_user()
    body = _problem(
        api.put(
            "/api/v1/me/password",
            json={"current_password": user.password, "new_password": "password1"},
            headers=user.headers,
        ),
        422,
        "validation_failed",
    )
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("new_password", "password_too_common")]
    assert identity.sign_in(user).status_code == 200  # unchanged
