"""Onboarding a new organization: the durable orchestration, its failures, and bad input."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from shared_code.api.dependencies import get_durable_client as durable_client
from shared_code.organizations import onboarding
from shared_code.organizations.steps import ONBOARDING_STEPS
from shared_code.platform.db import tenant_schema_name
from tests.fixtures.identity import Identity, TestUser

pytestmark = pytest.mark.usefixtures("orchestrations")


def profile(**changes: Any) -> dict[str, Any]:
    """A valid business profile, as the wizard sends it."""
    return {
        "legal_name": "Chanda Hardware Limited",
        "trading_name": "Chanda Hardware",
        "business_type": "private_ltd_shares",
        "tpin": "1002345678",
        "pacra_number": "120130109834",
        "vat_registered": True,
        "vat_effective_date": "2024-03-01",
        "turnover_tax": False,
        "physical_address": {
            "line1": "Plot 12, Cairo Road",
            "town": "Lusaka",
            "province": "lusaka",
            "postal_code": "10101",
        },
        "phone": "0977 123456",
        "email": "accounts@chanda.co.zm",
        "fiscal_year_start_month": 1,
        **changes,
    }


def start(api: TestClient, owner: TestUser, body: dict[str, Any] | None = None) -> str:
    response = api.post("/api/v1/organizations", json=body or profile(), headers=owner.headers)
    assert response.status_code == 202, response.text
    assert response.headers["location"] == response.json()["status_url"]
    return str(response.json()["instance_id"])


def wait(api: TestClient, owner: TestUser, instance_id: str, timeout: float = 30) -> dict[str, Any]:
    """The run's progress once the orchestration itself has finished (retries included)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body: dict[str, Any] = api.get(f"/api/v1/onboarding/{instance_id}", headers=owner.headers).json()
        if body["status"] != "running":
            client = durable_client()
            asyncio.run(client.wait_for_completion(instance_id, timeout=max(deadline - time.monotonic(), 1)))
            return dict(api.get(f"/api/v1/onboarding/{instance_id}", headers=owner.headers).json())
        time.sleep(0.05)
    raise AssertionError("onboarding did not finish")


def traces(identity: Identity, instance_id: str) -> dict[str, int]:
    """How much of an organization a run left behind."""
    organization_id = UUID(instance_id.removeprefix("onboarding-"))
    with identity.services.db.unit_of_work() as uow:
        counts = uow.fetch_one(
            """
            SELECT (SELECT count(*) FROM platform.tenants WHERE id = %(id)s) AS tenants,
                   (SELECT count(*) FROM platform.organizations WHERE id = %(id)s) AS organizations,
                   (SELECT count(*) FROM platform.organization_profiles WHERE organization_id = %(id)s) AS profiles,
                   (SELECT count(*) FROM platform.memberships WHERE organization_id = %(id)s) AS memberships,
                   (SELECT count(*) FROM information_schema.schemata WHERE schema_name = %(schema)s) AS schemas,
                   (SELECT count(*) FROM platform.security_events WHERE organization_id = %(id)s) AS events
            """,
            {"id": organization_id, "schema": tenant_schema_name(organization_id)},
        )
    assert counts is not None
    return dict(counts)


def test_a_new_organization_is_onboarded_end_to_end(identity: Identity, api: TestClient) -> None:
    owner = identity.new_user()
    instance_id = start(api, owner)
    result = wait(api, owner, instance_id)
    assert result["status"] == "completed", result
    assert result["steps_done"] == list(ONBOARDING_STEPS)
    org_id = result["organization_id"]

    assert [
        (o["id"], o["name"], o["role"]) for o in api.get("/api/v1/organizations", headers=owner.headers).json()
    ] == [(org_id, "Chanda Hardware", "owner")]
    stored = api.get(f"/api/v1/orgs/{org_id}/profile", headers=owner.headers).json()
    assert stored["phone"] == "+260977123456" and stored["tpin"] == "1002345678"
    assert stored["physical_address"]["province"] == "lusaka" and stored["logo_url"] is None

    with identity.services.db.unit_of_work(UUID(org_id)) as uow:
        vat_accounts = uow.fetch_all("SELECT code, name FROM accounts WHERE name ILIKE '%%VAT%%'")
        settings = {r["key"]: r["value"] for r in uow.fetch_all("SELECT key, value FROM organization_settings")}
    assert vat_accounts, "a VAT-registered business gets VAT accounts"
    assert settings["zra.branch_id"] == "000"
    assert settings["sales.invoice_number_format"].startswith("INV-")
    [welcome] = identity.mails_to(owner.email)[:1]
    assert welcome.subject == "Welcome to IntelliFin: Chanda Hardware is ready"
    assert traces(identity, instance_id)["events"] == 1


def test_someone_elses_onboarding_run_is_not_found(identity: Identity, api: TestClient) -> None:
    owner, stranger = identity.new_user(), identity.new_user()
    instance_id = start(api, owner)
    assert (
        api.get(f"/api/v1/onboarding/{instance_id}", headers=stranger.headers).json()["code"] == "onboarding_not_found"
    )
    wait(api, owner, instance_id)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"tpin": "12345"}, "tpin", "value_error"),
        ({"tpin": "10023456AB"}, "tpin", "value_error"),
        ({"business_type": "llc"}, "business_type", "enum"),
        ({"phone": "+27 82 123 4567"}, "phone", "value_error"),
        ({"pacra_number": "123"}, "pacra_number", "value_error"),
        (
            {"physical_address": {"line1": "x", "town": "Lusaka", "province": "gauteng"}},
            "physical_address.province",
            "enum",
        ),
        ({"vat_effective_date": None}, "body", "value_error"),
    ],
)
def test_bad_profiles_are_refused_with_field_errors_and_nothing_is_created(
    identity: Identity, api: TestClient, changes: dict[str, Any], field: str, code: str
) -> None:
    owner = identity.new_user()
    response = api.post("/api/v1/organizations", json=profile(**changes), headers=owner.headers)
    assert response.status_code == 422, response.text
    assert (field, code) in {(e["field"], e["code"]) for e in response.json()["errors"]}
    with identity.services.db.unit_of_work() as uow:
        assert uow.fetch_one("SELECT count(*) AS n FROM platform.onboarding_runs") == {"n": 0}
        assert uow.fetch_one("SELECT count(*) AS n FROM platform.organizations") == {"n": 0}


@pytest.mark.parametrize("step", ONBOARDING_STEPS)
def test_a_step_that_fails_once_is_retried_and_the_organization_is_complete(
    identity: Identity, api: TestClient, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    real = onboarding.STEP_FUNCTIONS[step]
    calls: list[str] = []

    def flaky(services: Any, data: dict[str, Any]) -> None:
        calls.append(step)
        if len(calls) == 1:
            real(services, data)  # do the work, then die before reporting success
            raise ConnectionError(f"injected fault after {step}")
        real(services, data)

    monkeypatch.setitem(onboarding.STEP_FUNCTIONS, step, flaky)
    owner = identity.new_user()
    instance_id = start(api, owner)
    result = wait(api, owner, instance_id)
    assert result["status"] == "completed", result
    assert calls == [step, step]
    left = traces(identity, instance_id)
    assert left == {"tenants": 1, "organizations": 1, "profiles": 1, "memberships": 1, "schemas": 1, "events": 1}
    welcomes = [m for m in identity.mails_to(owner.email) if m.subject.startswith("Welcome")]
    assert len(welcomes) == 1, "the welcome e-mail goes out once, even when its step is retried"


COMPLETE = {"tenants": 1, "organizations": 1, "profiles": 1, "memberships": 1, "schemas": 1, "events": 1}
NOTHING = {"tenants": 0, "organizations": 0, "profiles": 0, "memberships": 0, "schemas": 0, "events": 0}


@pytest.mark.parametrize("step", ONBOARDING_STEPS)
def test_a_step_that_keeps_failing_leaves_no_trace(
    identity: Identity, api: TestClient, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    def broken(services: Any, data: dict[str, Any]) -> None:
        raise RuntimeError(f"injected permanent fault in {step}")

    monkeypatch.setitem(onboarding.STEP_FUNCTIONS, step, broken)
    owner = identity.new_user()
    instance_id = start(api, owner)
    result = wait(api, owner, instance_id)
    assert result["status"] == "failed" and result["organization_id"] is None and result["error"]
    assert traces(identity, instance_id) == NOTHING
    assert api.get("/api/v1/organizations", headers=owner.headers).json() == []
    assert not [m for m in identity.mails_to(owner.email) if m.subject.startswith("Welcome")]


@pytest.mark.parametrize("step", ONBOARDING_STEPS)
def test_a_step_whose_work_commits_but_always_reports_failure_ends_complete_or_empty(
    identity: Identity, api: TestClient, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    real = onboarding.STEP_FUNCTIONS[step]

    def lying(services: Any, data: dict[str, Any]) -> None:
        real(services, data)
        raise RuntimeError(f"injected fault after the work of {step}")

    monkeypatch.setitem(onboarding.STEP_FUNCTIONS, step, lying)
    owner = identity.new_user()
    instance_id = start(api, owner)
    result = wait(api, owner, instance_id)
    left = traces(identity, instance_id)
    if step == "welcome_email":  # its work opens the organization: from then on it is kept
        assert (result["status"], left) == ("completed", COMPLETE)
    else:
        assert (result["status"], left) == ("failed", NOTHING)


def test_two_organizations_created_at_once_by_two_users_stay_apart(identity: Identity, api: TestClient) -> None:
    alice, bob = identity.new_user(), identity.new_user()
    runs: dict[str, str] = {}

    def begin(user: TestUser, name: str) -> None:
        runs[name] = start(api, user, profile(legal_name=name, trading_name=None, tpin="100000000" + name[-1]))

    threads = [
        threading.Thread(target=begin, args=(alice, "Alice Traders 1")),
        threading.Thread(target=begin, args=(bob, "Bob Farms 2")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    alice_org = wait(api, alice, runs["Alice Traders 1"])["organization_id"]
    bob_org = wait(api, bob, runs["Bob Farms 2"])["organization_id"]
    assert [o["name"] for o in api.get("/api/v1/organizations", headers=alice.headers).json()] == ["Alice Traders 1"]
    assert [o["name"] for o in api.get("/api/v1/organizations", headers=bob.headers).json()] == ["Bob Farms 2"]
    assert api.get(f"/api/v1/orgs/{bob_org}/profile", headers=alice.headers).status_code == 404
    assert api.get(f"/api/v1/orgs/{alice_org}/profile", headers=bob.headers).status_code == 404


def test_a_run_whose_durable_state_is_lost_is_resumed_from_the_database(identity: Identity, api: TestClient) -> None:
    from shared_code.api.dependencies import get_durable_client
    from shared_code.identity.audit import RequestMeta
    from shared_code.organizations.model import BusinessProfile
    from shared_code.organizations.onboarding_runs import prepare_onboarding
    from shared_code.workflows import resume_pending

    owner = identity.new_user()
    assert owner.id is not None
    services = identity.services
    with services.db.unit_of_work() as uow:
        instance_id, data, _ = prepare_onboarding(
            uow,
            user_id=owner.id,
            profile=BusinessProfile.model_validate(profile()),
            meta=RequestMeta(),
            tpin_extra_pattern=None,
            retry_interval_ms=50,
        )
        uow.commit()
    # As if the process had died after three steps (a real SIGKILL: tests/e2e/test_runtime_crash.py).
    for step in ONBOARDING_STEPS[:3]:
        onboarding.run_step(onboarding.onboarding_ports(services), step, data)
    assert api.get(f"/api/v1/onboarding/{instance_id}", headers=owner.headers).json()["steps_done"] == list(
        ONBOARDING_STEPS[:3]
    )

    assert asyncio.run(resume_pending(services, get_durable_client())) == [instance_id]
    result = wait(api, owner, instance_id)
    assert result["status"] == "completed" and result["steps_done"] == list(ONBOARDING_STEPS)
    assert traces(identity, instance_id) == COMPLETE
    assert asyncio.run(resume_pending(services, get_durable_client())) == []


def test_a_repeated_request_with_the_same_idempotency_key_creates_one_organization(
    identity: Identity, api: TestClient
) -> None:
    owner = identity.new_user()
    headers = {**owner.headers, "Idempotency-Key": "wizard-7f3a"}
    first = api.post("/api/v1/organizations", json=profile(), headers=headers)
    again = api.post("/api/v1/organizations", json=profile(), headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.json() == again.json()
    assert wait(api, owner, first.json()["instance_id"])["status"] == "completed"
    assert len(api.get("/api/v1/organizations", headers=owner.headers).json()) == 1
    other = api.post("/api/v1/organizations", json=profile(legal_name="Other Ltd"), headers=headers)
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
