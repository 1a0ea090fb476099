"""The one list of capabilities: every router, handler, queue, timer and resume hook a
capability declares is mounted or registered, and nothing is registered that none declares."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from importlib import import_module
from typing import Any
from uuid import uuid4

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from functions.queues import queue_function_name
from shared_code import workflows
from shared_code.api.app import create_app
from shared_code.api.capability_routes import CapabilityRoutes
from shared_code.bootstrap import Services
from shared_code.capabilities import CAPABILITIES
from shared_code.platform.messaging import Message
from shared_code.platform.settings import Settings


@pytest.fixture
def services() -> Services:
    """A composition root that connects to nothing (adapters are built on first use)."""
    return Services(Settings(intellifin_env="test", database_url="postgresql://nobody@127.0.0.1:1/unused"))


def _operations(routes: list[Any]) -> set[tuple[str, str]]:
    return {
        (context.path, method)
        for context in iter_route_contexts(routes)
        if isinstance(context.original_route, APIRoute)
        for method in context.methods or ()
    }


def test_the_capabilities_have_distinct_names_and_include_the_foundation() -> None:
    names = [capability.name for capability in CAPABILITIES]
    assert len(names) == len(set(names))
    assert {"platform", "identity", "organizations", "ledger", "notifications"} <= set(names)


def test_every_declared_router_is_mounted_and_every_mounted_route_is_declared(services: Services) -> None:
    mounted = _operations(create_app(services, mount_all_routes=True).routes)
    declared: set[tuple[str, str]] = set()
    for capability in CAPABILITIES:
        for module in capability.api_modules:
            operations = _operations(import_module(module).router.routes)
            assert operations, f"{module} declares no routes"
            assert operations <= mounted, f"{capability.name}: {sorted(operations - mounted)} not mounted"
            declared |= operations
    assert mounted == declared


def test_every_declared_message_handler_is_registered_and_dispatches_to_its_work(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    declared = {t: (c.name, w) for c in CAPABILITIES for t, w in c.message_handlers.items()}
    assert set(services.handlers.handlers) == set(declared)
    assert "email.send" in declared

    calls: list[tuple[str, Any, Message]] = []
    patched = tuple(
        dataclasses.replace(
            capability,
            message_handlers={
                message_type: (lambda ports, message, name=capability.name: calls.append((name, ports, message)))
                for message_type in capability.message_handlers
            },
        )
        for capability in CAPABILITIES
    )
    monkeypatch.setattr("shared_code.capabilities.CAPABILITIES", patched)
    fresh = Services(services.settings)
    for message_type, (owner, _) in declared.items():
        message = Message(id=uuid4(), queue="q", message_type=message_type, payload={})
        fresh.handlers.dispatch(message)
        assert calls[-1] == (owner, fresh, message)


def test_every_declared_queue_and_timer_is_an_indexed_function(indexed_functions: list[Any]) -> None:
    by_name = {function.name: function for function in indexed_functions}
    for capability in CAPABILITIES:
        for queue in capability.queues:
            trigger = by_name[queue_function_name(queue)]
            assert trigger.trigger == "serviceBusTrigger" and trigger.binding["queueName"] == queue
        for timer in capability.timers:
            assert by_name[timer.name].trigger == "timerTrigger"
            assert by_name[timer.name].binding["schedule"] == timer.schedule
    declared_names = {queue_function_name(q) for c in CAPABILITIES for q in c.queues} | {
        t.name for c in CAPABILITIES for t in c.timers
    }
    indexed = {f.name for f in indexed_functions if f.trigger in {"serviceBusTrigger", "timerTrigger"}}
    assert indexed == declared_names


def test_every_declared_resume_hook_is_called(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []

    def recorder(name: str) -> Any:
        async def hook(ports: Any, client: Any) -> list[str]:
            assert ports is services and client == "client"
            called.append(name)
            return [f"{name}-instance"]

        return hook

    with_hooks = [c.name for c in CAPABILITIES if c.resume_pending is not None]
    assert "organizations" in with_hooks
    monkeypatch.setattr(
        workflows,
        "CAPABILITIES",
        tuple(dataclasses.replace(c, resume_pending=recorder(c.name)) if c.resume_pending else c for c in CAPABILITIES),
    )
    resumed = asyncio.run(workflows.resume_pending(services, "client"))
    assert called == with_hooks
    assert resumed == [f"{name}-instance" for name in with_hooks]


def test_every_router_module_of_the_api_is_declared_by_a_capability() -> None:
    """A routes module that no capability declares would never be mounted."""
    import pkgutil

    import shared_code.api as api_package

    with_router = {
        info.name
        for info in pkgutil.walk_packages(api_package.__path__, prefix="shared_code.api.")
        if not info.ispkg and hasattr(import_module(info.name), "router")
    }
    declared = {module for capability in CAPABILITIES for module in capability.api_modules}
    assert with_router == declared


def _sample_path(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "00000000-0000-4000-8000-000000000001", path)


def test_each_capability_owns_every_path_of_its_routes(services: Services) -> None:
    """Lazy mounting sends a path to the capability of its longest matching prefix; that
    must be the capability whose router has the route, for every route."""
    routes = CapabilityRoutes(FastAPI(), CAPABILITIES)
    for capability in CAPABILITIES:
        for module in capability.api_modules:
            for path, _ in _operations(import_module(module).router.routes):
                owner = routes.owner_of(_sample_path(path))
                assert owner is not None and owner.name == capability.name, f"{path} is sent to {owner}"


def test_a_first_request_mounts_only_the_capability_it_needs(services: Services) -> None:
    app = create_app(services)
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as client:
        assert _operations(app.routes) == set()
        assert client.get("/api/health").status_code == 200
        platform_only = {path for path, _ in _operations(app.routes)}
        assert platform_only == {"/api/health", "/api/ready", "/api/v1/dev/mailbox", "/api/v1/dev/sandboxes"}
        assert client.get(f"{_sample_path('/api/v1/orgs/{org_id}')}/accounts").status_code == 401
        assert "/api/v1/orgs/{org_id}/journal-entries" in {path for path, _ in _operations(app.routes)}
        assert "/api/v1/orgs/{org_id}/profile" not in {path for path, _ in _operations(app.routes)}


def test_every_operation_answers_the_same_mounted_lazily_as_mounted_at_once(services: Services) -> None:
    eager_app = create_app(services, mount_all_routes=True)
    operations = sorted(_operations(eager_app.routes))
    assert len(operations) > 50
    with TestClient(eager_app, base_url="https://testserver", raise_server_exceptions=False) as eager:
        expected = {op: eager.request(op[1], _sample_path(op[0])).status_code for op in operations}
    for path, method in operations:
        lazy_app = create_app(services)
        with TestClient(lazy_app, base_url="https://testserver", raise_server_exceptions=False) as lazy:
            answer = lazy.request(method, _sample_path(path)).status_code
        assert answer == expected[(path, method)], f"{method} {path}: {answer}, eagerly {expected[(path, method)]}"


def test_the_openapi_document_lists_every_route_before_any_request(services: Services) -> None:
    eager = create_app(services, mount_all_routes=True).openapi()
    assert create_app(services).openapi()["paths"] == eager["paths"]
