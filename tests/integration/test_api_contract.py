"""The OpenAPI document is the contract (issue 10): schemathesis, bounded, over every operation
the app has, as a signed-in owner of a real organization with books. No server error, no
answer that breaks its declared schema or content type, no status the operation does not
declare; valid and invalid inputs both."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from tests.fixtures.identity import Identity, TestUser

EXAMPLES_PER_OPERATION = 20
"""Per operation and mode: about 75 operations x 2 modes x 20 stays within a few minutes."""

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]

LAST = (
    "/api/v1/auth/logout",
    "/api/v1/auth/logout-all",
    "/api/v1/auth/refresh",  # a replayed refresh token revokes its whole family
    "/api/v1/me/sessions/{session_id}",
)
"""Operations that can end the signed-in session run after all the others."""


def _order(operation: Any) -> tuple[bool, str, str]:
    return (operation.path in LAST, operation.path, operation.method)


def _run(
    operation: Any,
    mode: GenerationMode,
    org_id: str,
    owner: TestUser,
    failures: list[str],
    statuses: dict[str, set[int]],
) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        if "org_id" in (case.path_parameters or {}):
            case.path_parameters["org_id"] = org_id
        headers = {**owner.headers, "X-CSRF-Token": owner.csrf_token or ""}
        response = case.call(headers=headers, cookies=owner.cookies)
        statuses.setdefault(f"{operation.method.upper()} {operation.path}", set()).add(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:  # collected, so one run reports every operation's failures
            for failure in group.exceptions:
                failures.append(
                    f"{operation.method.upper()} {operation.path} ({mode.value}): {failure.title}: "
                    + " ".join(str(failure.message).split())[:300]
                )

    try:
        check()
    except Unsatisfiable:
        # Only an operation without inputs has no invalid input to make.
        assert mode is GenerationMode.NEGATIVE, operation.path


@pytest.mark.timeout(600)  # a sweep of every operation: 98 s alone on the 2-core machine, growing with the API
def test_every_operation_keeps_its_contract(identity: Identity) -> None:
    owner = identity.new_user()
    org = identity.new_organization(owner)  # VAT-registered: onboarding seeds the chart
    app = identity.api.app
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = sorted((result.ok() for result in schema.get_all_operations()), key=_order)

    declared = {(method.upper(), path) for path, ops in app.openapi()["paths"].items() for method in ops}
    assert {(op.method.upper(), op.path) for op in operations} == declared, "every operation the app has is run"
    assert len(declared) > 60

    failures: list[str] = []
    statuses: dict[str, set[int]] = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run(operation, mode, str(org), owner, failures, statuses)
    assert failures == [], "\n".join(sorted(set(failures)))
    signed_out = sorted(
        name for name, seen in statuses.items() if name.split(" ")[1].startswith("/api/v1/orgs/") and seen <= {401}
    )
    assert signed_out == [], "the owner's session held: organization routes were reached, not refused at the door"
