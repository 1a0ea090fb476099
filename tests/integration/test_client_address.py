"""The client address cannot be forged (issue 10): a client's own X-Forwarded-For hops are not
believed, so credential stuffing with a new forged address on every try is still throttled,
and the audit log records the address the front end saw."""

from __future__ import annotations

from shared_code.identity.rate_limits import LIMITS
from tests.fixtures.identity import Identity

REAL_ADDRESS = "41.77.10.99"


def test_credential_stuffing_with_a_forged_address_on_every_try_is_throttled(identity: Identity) -> None:
    limit = LIMITS["login:ip"].hits
    statuses = []
    for attempt in range(limit + 20):
        forged = f"10.{attempt // 250}.{attempt % 250}.1"
        response = identity.api.post(
            "/api/v1/auth/login",
            json={"email": f"victim{attempt}@example.co.zm", "password": "Winter2026!"},
            # The attacker writes the first hop; the front end appends the address it saw.
            headers={"X-Forwarded-For": f"{forged}, {REAL_ADDRESS}"},
        )
        statuses.append(response.status_code)
    assert set(statuses[:limit]) == {401}
    assert set(statuses[limit:]) == {429}, "every try past the per-address limit is refused"


def test_the_audit_log_records_the_address_the_front_end_saw(identity: Identity) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)
    member = identity.add_member(org, "accountant")
    response = identity.api.post(
        "/api/v1/auth/login",
        json={"email": member.email, "password": member.password},
        headers={"X-Forwarded-For": f"6.6.6.6, {REAL_ADDRESS}"},
    )
    assert response.status_code == 200, response.text
    events = identity.api.get(
        f"/api/v1/orgs/{org}/audit-log",
        params={"event_type": "login_succeeded", "user_id": str(member.id)},
        headers=owner.headers,
    ).json()["items"]
    assert [event["ip_address"] for event in events][:1] == [REAL_ADDRESS]
