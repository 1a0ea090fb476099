"""Limits that cannot lock out the innocent (issue 10, OWASP device cookies): an attacker's
failures neither keep the owner out of a browser they signed in with before, nor the people
who share the attacker's address."""

from __future__ import annotations

from shared_code.identity.rate_limits import LIMITS
from tests.fixtures.identity import PASSWORD, Identity

ATTACKER = "102.145.3.7"
"""A carrier NAT address, shared with everybody else on that network."""
OFFICE = "41.77.10.20"


def _login(identity: Identity, email: str, password: str, address: str, device: str | None = None) -> int:
    identity.api.cookies.clear()
    if device:
        identity.api.cookies.set("intellifin_device", device)
    response = identity.api.post(
        "/api/v1/auth/login", json={"email": email, "password": password}, headers={"X-Forwarded-For": address}
    )
    return response.status_code


def test_thirty_failures_lock_out_neither_the_owners_known_device_nor_the_attackers_neighbours(
    identity: Identity,
) -> None:
    owner = identity.new_user(sign_in=False)
    identity.api.cookies.clear()
    first = identity.api.post(
        "/api/v1/auth/login",
        json={"email": owner.email, "password": PASSWORD},
        headers={"X-Forwarded-For": OFFICE},
    )
    assert first.status_code == 200, first.text
    device = first.cookies["intellifin_device"]
    neighbours = [identity.new_user(sign_in=False) for _ in range(36)]

    attempts = [_login(identity, owner.email, f"guess {n}", ATTACKER) for n in range(30)]
    assert set(attempts) <= {401, 429}
    assert 429 in attempts, "the attacker is throttled on the account"
    assert _login(identity, owner.email, PASSWORD, ATTACKER) == 429, "an untrusted device stays locked out"

    assert _login(identity, owner.email, PASSWORD, OFFICE, device) == 200, "(a) the owner's known device signs in"
    signed_in = [_login(identity, neighbour.email, PASSWORD, ATTACKER) for neighbour in neighbours]
    assert signed_in == [200] * 36, "(b) everybody else behind the attacker's address signs in"


def test_a_device_token_is_for_its_own_account_only(identity: Identity) -> None:
    owner = identity.new_user(sign_in=False)
    other = identity.new_user(sign_in=False)
    identity.api.cookies.clear()
    response = identity.api.post("/api/v1/auth/login", json={"email": other.email, "password": PASSWORD})
    device = response.cookies["intellifin_device"]
    for n in range(LIMITS["login:account"].hits):
        _login(identity, owner.email, f"guess {n}", ATTACKER)
    assert _login(identity, owner.email, PASSWORD, OFFICE, device) == 429, "another account's device is untrusted"
    assert _login(identity, owner.email, PASSWORD, OFFICE, "not.a.token") == 429


def test_a_known_device_has_its_own_failure_limit(identity: Identity) -> None:
    owner = identity.new_user(sign_in=False)
    identity.api.cookies.clear()
    device = identity.api.post("/api/v1/auth/login", json={"email": owner.email, "password": PASSWORD}).cookies[
        "intellifin_device"
    ]
    limit = LIMITS["login:device"].hits
    answers = [_login(identity, owner.email, f"guess {n}", OFFICE, device) for n in range(limit + 1)]
    assert answers == [401] * limit + [429]


def test_successful_sign_ins_do_not_count_against_the_address(identity: Identity) -> None:
    user = identity.new_user(sign_in=False)
    answers = [_login(identity, user.email, PASSWORD, ATTACKER) for _ in range(LIMITS["login:account"].hits + 5)]
    assert set(answers) == {200}
