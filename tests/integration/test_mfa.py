"""Two-step sign-in: enrolment with a real authenticator code, sign-in with codes and
recovery codes, regenerating and disabling, and an organization that requires it.

The services run on a FixedClock pinned to the start of a TOTP step a few minutes back,
so each code is computed for a known step and no test depends on when a real step ends.
(A clock in the past keeps the access tokens it dates valid: they live 15 minutes.)
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pyotp
import pytest
from fastapi.testclient import TestClient

from shared_code.bootstrap import Services
from shared_code.identity.totp import PERIOD_SECONDS
from shared_code.platform.clock import FixedClock
from shared_code.platform.settings import Settings
from tests.fixtures.identity import Identity, TestUser


@pytest.fixture
def clock() -> FixedClock:
    """One second into a TOTP step that began at least four minutes ago."""
    step = (int(time.time()) - 240) // PERIOD_SECONDS
    return FixedClock(datetime.fromtimestamp(step * PERIOD_SECONDS + 1, UTC))


@pytest.fixture
def services(settings: Settings, clock: FixedClock) -> Iterator[Services]:
    """The composition root on the pinned clock."""
    built = Services(settings, clock=clock)
    try:
        yield built
    finally:
        built.close()


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code, body
    return body


def _code(secret: str, clock: FixedClock) -> str:
    return pyotp.TOTP(secret).at(clock.now())


def _wrong_code(secret: str, clock: FixedClock) -> str:
    valid = {pyotp.TOTP(secret).at(clock.now() + timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def _enrolled(identity: Identity, api: TestClient, clock: FixedClock, user: TestUser | None = None):
    """A signed-in user with MFA on: (user, secret, recovery codes)."""
    user = user or identity.new_user()
    enrolment = api.post("/api/v1/me/mfa/enrol", json={"password": user.password}, headers=user.headers)
    assert enrolment.status_code == 200, enrolment.text
    secret = enrolment.json()["secret"]
    confirmed = api.post("/api/v1/me/mfa/confirm", json={"totp_code": _code(secret, clock)}, headers=user.headers)
    assert confirmed.status_code == 200, confirmed.text
    return user, secret, confirmed.json()["recovery_codes"]


def _events(identity: Identity, user_id: UUID | None) -> list[str]:
    with identity.services.db.unit_of_work() as uow:
        rows = uow.fetch_all(
            "SELECT event_type FROM platform.security_events WHERE user_id = %s ORDER BY occurred_at, id", [user_id]
        )
    return [row["event_type"] for row in rows]


def test_enrolment_gives_a_secret_a_qr_code_and_ten_recovery_codes(
    identity: Identity, api: TestClient, clock: FixedClock
) -> None:
    user = identity.new_user()
    status = api.get("/api/v1/me/mfa", headers=user.headers).json()
    assert status == {"enabled": False, "enabled_at": None, "enrolment_pending": False, "recovery_codes_remaining": 0}
    _problem(
        api.post("/api/v1/me/mfa/enrol", json={"password": "not my password"}, headers=user.headers),
        400,
        "current_password_incorrect",
    )
    _problem(
        api.post("/api/v1/me/mfa/confirm", json={"totp_code": "123456"}, headers=user.headers),
        409,
        "mfa_enrolment_not_started",
    )

    enrolment = api.post("/api/v1/me/mfa/enrol", json={"password": user.password}, headers=user.headers)
    assert enrolment.status_code == 200 and enrolment.headers["cache-control"] == "no-store"
    body = enrolment.json()
    assert re.fullmatch(r"[A-Z2-7]{32}", body["secret"])
    assert body["otpauth_uri"].startswith("otpauth://totp/IntelliFin:")
    assert f"secret={body['secret']}" in body["otpauth_uri"] and "issuer=IntelliFin" in body["otpauth_uri"]
    assert body["qr_svg_data_uri"].startswith("data:image/svg+xml")
    assert api.get("/api/v1/me/mfa", headers=user.headers).json()["enrolment_pending"] is True
    with identity.services.db.unit_of_work() as uow:
        stored = uow.fetch_one("SELECT mfa_pending_secret FROM platform.users WHERE id = %s", [user.id])
    assert stored is not None and body["secret"] not in stored["mfa_pending_secret"]

    secret = body["secret"]
    _problem(
        api.post("/api/v1/me/mfa/confirm", json={"totp_code": _wrong_code(secret, clock)}, headers=user.headers),
        400,
        "mfa_invalid",
    )
    confirmed = api.post("/api/v1/me/mfa/confirm", json={"totp_code": _code(secret, clock)}, headers=user.headers)
    assert confirmed.status_code == 200 and confirmed.headers["cache-control"] == "no-store"
    codes = confirmed.json()["recovery_codes"]
    assert len(set(codes)) == 10
    assert all(re.fullmatch(r"[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}", c) for c in codes)
    status = api.get("/api/v1/me/mfa", headers=user.headers).json()
    assert status["enabled"] is True and status["recovery_codes_remaining"] == 10
    assert status["enrolment_pending"] is False
    _problem(
        api.post("/api/v1/me/mfa/enrol", json={"password": user.password}, headers=user.headers),
        409,
        "mfa_already_enabled",
    )
    assert identity.mails_to(user.email)[0].subject == "Two-step sign-in is now on for your IntelliFin account"
    assert _events(identity, user.id)[-3:] == ["reauthentication_failed", "mfa_enrolment_started", "mfa_enabled"]


def test_sign_in_then_needs_a_fresh_code(identity: Identity, api: TestClient, clock: FixedClock) -> None:
    user, secret, _ = _enrolled(identity, api, clock)
    _problem(identity.sign_in(user), 401, "mfa_required")
    _problem(identity.sign_in(user, totp_code=_code(secret, clock)), 401, "mfa_invalid")  # spent on confirming

    clock.advance(timedelta(seconds=PERIOD_SECONDS))
    code = _code(secret, clock)
    signed_in = identity.sign_in(user, totp_code=code)
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["user"]["mfa_enabled"] is True
    assert api.get("/api/v1/me", headers=user.headers).json()["session_mfa"] is True

    _problem(identity.sign_in(user, totp_code=code), 401, "mfa_invalid")  # replayed within its step
    _problem(identity.sign_in(user, totp_code=_wrong_code(secret, clock)), 401, "mfa_invalid")
    _problem(identity.sign_in(user, totp_code=_code(secret, clock), password="wrong"), 401, "invalid_credentials")


def test_a_recovery_code_works_once(identity: Identity, api: TestClient, clock: FixedClock) -> None:
    user, _, codes = _enrolled(identity, api, clock)
    assert identity.sign_in(user, recovery_code=codes[0]).status_code == 200
    assert api.get("/api/v1/me", headers=user.headers).json()["session_mfa"] is True
    _problem(identity.sign_in(user, recovery_code=codes[0]), 401, "mfa_invalid")
    typed = codes[1].replace("-", "").upper()
    assert identity.sign_in(user, recovery_code=typed).status_code == 200
    assert api.get("/api/v1/me/mfa", headers=user.headers).json()["recovery_codes_remaining"] == 8


def test_regenerating_recovery_codes_retires_the_old_ones(
    identity: Identity, api: TestClient, clock: FixedClock
) -> None:
    user, secret, old_codes = _enrolled(identity, api, clock)
    clock.advance(timedelta(seconds=PERIOD_SECONDS))
    _problem(
        api.post(
            "/api/v1/me/mfa/recovery-codes",
            json={"password": "not my password", "totp_code": _code(secret, clock)},
            headers=user.headers,
        ),
        400,
        "current_password_incorrect",
    )
    regenerated = api.post(
        "/api/v1/me/mfa/recovery-codes",
        json={"password": user.password, "totp_code": _code(secret, clock)},
        headers=user.headers,
    )
    assert regenerated.status_code == 200, regenerated.text
    new_codes = regenerated.json()["recovery_codes"]
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    _problem(
        api.post(
            "/api/v1/me/mfa/recovery-codes",
            json={"password": user.password, "totp_code": _code(secret, clock)},
            headers=user.headers,
        ),
        400,
        "mfa_invalid",  # that code was just used
    )
    _problem(identity.sign_in(user, recovery_code=old_codes[0]), 401, "mfa_invalid")
    assert identity.sign_in(user, recovery_code=new_codes[0]).status_code == 200
    assert "recovery_codes_regenerated" in _events(identity, user.id)


def test_disable_needs_the_password_and_a_code_and_ends_mfa_at_once(
    identity: Identity, api: TestClient, clock: FixedClock
) -> None:
    user, secret, codes = _enrolled(identity, api, clock)
    clock.advance(timedelta(seconds=PERIOD_SECONDS))
    assert identity.sign_in(user, totp_code=_code(secret, clock)).status_code == 200
    assert api.get("/api/v1/me", headers=user.headers).json()["session_mfa"] is True

    body = _problem(
        api.post("/api/v1/me/mfa/disable", json={"password": user.password}, headers=user.headers),
        422,
        "validation_failed",
    )
    assert body["errors"][0]["field"] == "totp_code"
    _problem(
        api.post("/api/v1/me/mfa/disable", json={"password": "wrong", "recovery_code": codes[0]}, headers=user.headers),
        400,
        "current_password_incorrect",
    )
    _problem(
        api.post(
            "/api/v1/me/mfa/disable",
            json={"password": user.password, "totp_code": _wrong_code(secret, clock)},
            headers=user.headers,
        ),
        400,
        "mfa_invalid",
    )
    disabled = api.post(
        "/api/v1/me/mfa/disable", json={"password": user.password, "recovery_code": codes[0]}, headers=user.headers
    )
    assert disabled.status_code == 204, disabled.text
    assert api.get("/api/v1/me", headers=user.headers).json()["session_mfa"] is False  # same access token
    status = api.get("/api/v1/me/mfa", headers=user.headers).json()
    assert status["enabled"] is False and status["recovery_codes_remaining"] == 0
    assert identity.sign_in(user).status_code == 200  # the password alone again
    _problem(
        api.post(
            "/api/v1/me/mfa/disable", json={"password": user.password, "totp_code": "123456"}, headers=user.headers
        ),
        409,
        "mfa_not_enabled",
    )
    assert identity.mails_to(user.email)[0].subject == "Two-step sign-in was turned off for your IntelliFin account"
    events = _events(identity, user.id)
    assert events.count("mfa_failed") == 1 and events[-2:] == ["mfa_disabled", "login_succeeded"]


def test_confirming_makes_this_session_mfa_verified_from_its_next_refresh(
    identity: Identity, api: TestClient, clock: FixedClock
) -> None:
    user, _, _ = _enrolled(identity, api, clock)
    assert api.get("/api/v1/me", headers=user.headers).json()["session_mfa"] is False  # token says password only
    refreshed = api.post("/api/v1/auth/refresh", headers={"X-CSRF-Token": user.csrf_token or ""})
    assert refreshed.status_code == 200, refreshed.text
    headers = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
    assert api.get("/api/v1/me", headers=headers).json()["session_mfa"] is True


def test_guessing_codes_is_throttled(identity: Identity, api: TestClient, clock: FixedClock) -> None:
    user = identity.new_user()
    secret = api.post("/api/v1/me/mfa/enrol", json={"password": user.password}, headers=user.headers).json()["secret"]
    wrong = _wrong_code(secret, clock)
    answers = [
        api.post("/api/v1/me/mfa/confirm", json={"totp_code": wrong}, headers=user.headers).status_code
        for _ in range(11)
    ]
    assert answers[:9] == [400] * 9 and answers[9:] == [429, 429]


def test_an_organization_can_require_mfa_of_every_member(
    identity: Identity, api: TestClient, clock: FixedClock
) -> None:
    owner = identity.new_user(name="Chanda Mwansa")
    org = identity.new_organization(owner)
    security = f"/api/v1/orgs/{org}/security"
    assert api.get(security, headers=owner.headers).json() == {"require_mfa": False}
    _problem(api.put(security, json={"require_mfa": True}, headers=owner.headers), 409, "mfa_session_required")

    _, secret, _ = _enrolled(identity, api, clock, owner)
    clock.advance(timedelta(seconds=PERIOD_SECONDS))
    assert identity.sign_in(owner, totp_code=_code(secret, clock)).status_code == 200
    member = identity.add_member(org, "admin")
    _problem(api.put(security, json={"require_mfa": True}, headers=member.headers), 403, "permission_denied")
    _problem(api.put(security, json={"require_mfa": "yes please"}, headers=owner.headers), 422, "validation_failed")

    turned_on = api.put(security, json={"require_mfa": True}, headers=owner.headers)
    assert turned_on.status_code == 200 and turned_on.json() == {"require_mfa": True}
    assert api.get(f"/api/v1/orgs/{org}", headers=owner.headers).status_code == 200

    _problem(api.get(f"/api/v1/orgs/{org}", headers=member.headers), 403, "mfa_required_by_organization")
    _problem(api.get(security, headers=member.headers), 403, "mfa_required_by_organization")
    me = api.get("/api/v1/me", headers=member.headers)
    assert me.status_code == 200 and me.json()["organizations"][0]["require_mfa"] is True
    assert api.get("/api/v1/me/mfa", headers=member.headers).status_code == 200
    _, member_secret, _ = _enrolled(identity, api, clock, member)
    clock.advance(timedelta(seconds=PERIOD_SECONDS))
    assert identity.sign_in(member, totp_code=_code(member_secret, clock)).status_code == 200
    assert api.get(f"/api/v1/orgs/{org}", headers=member.headers).status_code == 200

    assert api.put(security, json={"require_mfa": False}, headers=owner.headers).json() == {"require_mfa": False}
    assert api.put(security, json={"require_mfa": False}, headers=owner.headers).status_code == 200
    with identity.services.db.unit_of_work() as uow:
        changes = uow.fetch_all(
            """
            SELECT actor_id, details->>'require_mfa' AS require_mfa FROM platform.security_events
            WHERE organization_id = %s AND event_type = 'organization_mfa_required_changed' ORDER BY occurred_at
            """,
            [org],
        )
    assert [(r["actor_id"], r["require_mfa"]) for r in changes] == [(owner.id, "true"), (owner.id, "false")]

    assert api.put(security, json={"require_mfa": True}, headers=owner.headers).status_code == 200
    clock.advance(timedelta(seconds=PERIOD_SECONDS))
    disabled = api.post(
        "/api/v1/me/mfa/disable",
        json={"password": owner.password, "totp_code": _code(secret, clock)},
        headers=owner.headers,
    )
    assert disabled.status_code == 204, disabled.text
    _problem(api.get(f"/api/v1/orgs/{org}", headers=owner.headers), 403, "mfa_required_by_organization")
    assert api.get("/api/v1/me/mfa", headers=owner.headers).status_code == 200
