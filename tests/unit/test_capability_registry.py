"""The one list of capabilities: every router, handler, queue, timer and resume hook a
capability declares is mounted or registered, and nothing is registered that none declares."""

from __future__ import annotations

import asyncio
import dataclasses
from importlib import import_module
from typing import Any
from uuid import uuid4

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from shared_code import workflows
from shared_code.api.app import create_app
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
    mounted = _operations(create_app(services).routes)
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
            trigger = by_name[f"{queue}_queue"]
            assert trigger.trigger == "serviceBusTrigger" and trigger.binding["queueName"] == queue
        for timer in capability.timers:
            assert by_name[timer.name].trigger == "timerTrigger"
            assert by_name[timer.name].binding["schedule"] == timer.schedule
    declared_names = {f"{q}_queue" for c in CAPABILITIES for q in c.queues} | {
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
