"""The function app as Azure indexes it, and its catch-all HTTP function end to end."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest.mock import Mock

import azure.functions as func
import pytest

import function_app
from shared_code.api import asgi
from shared_code.api.dependencies import get_durable_client
from shared_code.bootstrap import Services, set_services
from shared_code.organizations.steps import ONBOARDING_STEPS

EXPECTED = {
    "http_api": ("httpTrigger", {"route": "{*route}", "authLevel": "ANONYMOUS"}),
    "outbox_relay": ("timerTrigger", {"schedule": "*/5 * * * * *"}),
    "outbox_purge": ("timerTrigger", {"schedule": "0 30 2 * * *"}),
    "notifications_queue": (
        "serviceBusTrigger",
        {"queueName": "notifications", "connection": "ServiceBusConnection"},
    ),
    "reports_queue": ("serviceBusTrigger", {"queueName": "reports", "connection": "ServiceBusConnection"}),
    "organization_purge": ("timerTrigger", {"schedule": "0 15 3 * * *"}),
    "zra_queue": ("serviceBusTrigger", {"queueName": "zra", "connection": "ServiceBusConnection"}),
    "zra_retry_sweep": ("timerTrigger", {"schedule": "0 * * * * *"}),
    "zra_codes_refresh": ("timerTrigger", {"schedule": "0 40 2 * * *"}),
    "mobile_money_queue": ("serviceBusTrigger", {"queueName": "mobile-money", "connection": "ServiceBusConnection"}),
    "mobile_money_sync": ("timerTrigger", {"schedule": "0 */15 * * * *"}),
    "onboarding": ("orchestrationTrigger", {"orchestration": "onboarding"}),
    "expense_approval": ("orchestrationTrigger", {"orchestration": "expense_approval"}),
    **{
        f"approval_{step}": ("activityTrigger", {"activity": f"approval_{step}"})
        for step in ("state", "remind", "escalate", "finish")
    },
    **{
        f"onboarding_{step}": ("activityTrigger", {"activity": f"onboarding_{step}"})
        for step in (*ONBOARDING_STEPS, "clean_up")
    },
}


def test_the_indexed_function_list_with_triggers_and_bindings(indexed_functions: list[Any]) -> None:
    by_name = {fn.name: fn for fn in indexed_functions}
    assert set(by_name) == set(EXPECTED)
    for name, (trigger, binding) in EXPECTED.items():
        assert by_name[name].trigger == trigger
        assert binding.items() <= by_name[name].binding.items(), (name, by_name[name].binding)
    http_bindings = {
        b["type"] for b in function_app.app._function_builders[0]._function.get_bindings_dict()["bindings"]
    }
    assert http_bindings == {"httpTrigger", "http", "durableClient"}
    methods = {m.upper() for m in by_name["http_api"].binding["methods"]}
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= methods


def test_host_json_sets_the_route_prefix_and_bundle() -> None:
    import json
    from pathlib import Path

    host = json.loads((Path(__file__).resolve().parents[2] / "host.json").read_text())
    assert host["extensions"]["http"]["routePrefix"] == ""
    assert host["extensionBundle"]["version"] == "[4.*, 5.0.0)"


def test_the_catch_all_function_serves_fastapi_and_exposes_the_durable_client(
    services: Services, indexed_functions: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(asgi, "_middleware", None)
    set_services(services)
    try:
        http_api = next(fn for fn in indexed_functions if fn.name == "http_api").function
        durable_client = Mock(name="DurableOrchestrationClient")
        seen: list[Any] = []
        app = asgi.get_fastapi_app()

        @app.get("/api/v1/test-durable-client")
        def show_client() -> dict[str, str]:
            seen.append(get_durable_client())
            return {"ok": "yes"}

        context = Mock(
            spec=[
                "invocation_id",
                "function_name",
                "function_directory",
                "trace_context",
                "retry_context",
                "thread_local_storage",
            ]
        )
        request = func.HttpRequest("GET", "http://localhost/api/v1/test-durable-client", headers={}, body=b"")
        response = asyncio.run(http_api.client_function(req=request, context=context, client=durable_client))
        assert response.status_code == 200
        assert seen == [durable_client]

        health = asyncio.run(
            http_api.client_function(
                req=func.HttpRequest("GET", "http://localhost/api/health", headers={}, body=b""),
                context=context,
                client=durable_client,
            )
        )
        assert health.status_code == 200 and b'"ok"' in health.get_body()

        missing = asyncio.run(
            http_api.client_function(
                req=func.HttpRequest("GET", "http://localhost/api/v1/none", headers={}, body=b""),
                context=context,
                client=durable_client,
            )
        )
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
    finally:
        set_services(None)
