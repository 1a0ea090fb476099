"""Finding the durable orchestrators and activities in an indexed function app."""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from azure.functions.decorators.function_app import Function

logger = logging.getLogger(__name__)

ORCHESTRATION_TRIGGER = "orchestrationTrigger"
ACTIVITY_TRIGGER = "activityTrigger"
ENTITY_TRIGGER = "entityTrigger"


# --- What the app registered -------------------------------------------------------------


@dataclass(frozen=True)
class DurableOrchestrator:
    """An orchestrator function found in the indexed app."""

    name: str
    """The name clients start it by: the trigger's `orchestration=` override, else the function name."""
    function: Callable[[Any], Any]
    """The user's (generator) function, taking the df orchestration context."""
    input_type: type | None = None
    """The `input_type=` given to `orchestration_trigger`, used by `get_input()`."""


@dataclass(frozen=True)
class DurableActivity:
    """An activity function found in the indexed app."""

    name: str
    """The name orchestrators call it by: the trigger's `activity=` override, else the function name."""
    function: Callable[..., Any]
    """The user's function (sync or async); it receives the input as keyword `input_name`."""
    input_name: str
    """The parameter the activity trigger binds the input to."""


@dataclass(frozen=True)
class DurableFunctions:
    """The orchestrators and activities of one app, by name."""

    orchestrators: Mapping[str, DurableOrchestrator]
    activities: Mapping[str, DurableActivity]


def trigger_binding(function: Function) -> dict[str, Any] | None:
    bindings = json.loads(function.get_function_json()).get("bindings", [])
    return next((b for b in bindings if b.get("type", "").endswith("Trigger")), None)


def durable_name(function: Function, binding: Mapping[str, Any]) -> str:
    override = binding.get("orchestration") or binding.get("activity")
    name = override or function.get_function_name()
    if not name:
        raise ValueError(f"durable function {function.get_user_function()!r} has no name")
    return str(name)


def _check_activity_signature(name: str, fn: Callable[..., Any], input_name: str) -> None:
    """Fail at start-up, not mid-workflow, if the activity wants more than its input."""
    for parameter in inspect.signature(fn).parameters.values():
        if parameter.name == input_name or parameter.default is not inspect.Parameter.empty:
            continue
        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        raise ValueError(
            f"activity '{name}' needs parameter '{parameter.name}'; locally an activity "
            f"receives only its input ('{input_name}')"
        )


def collect_durable_functions(indexed_functions: Iterable[Function]) -> DurableFunctions:
    """Find the orchestrators and activities among the functions `app.get_functions()` returned.

    Orchestrators registered with the df decorators are wrapped by `Orchestrator.create`; the
    user's generator function is the wrapper's `orchestrator_function`. Entity functions are
    not supported locally and are skipped with a warning; other triggers are ignored.
    Raises `ValueError` on a duplicate name.
    """
    orchestrators: dict[str, DurableOrchestrator] = {}
    activities: dict[str, DurableActivity] = {}
    for function in indexed_functions:
        binding = trigger_binding(function)
        if binding is None:
            continue
        kind = binding["type"]
        if kind == ENTITY_TRIGGER:
            logger.warning("entity function %s is not run locally", function.get_function_name())
            continue
        if kind not in (ORCHESTRATION_TRIGGER, ACTIVITY_TRIGGER):
            continue
        name = durable_name(function, binding)
        if name in orchestrators or name in activities:
            raise ValueError(f"two durable functions are named '{name}'")
        user_function = function.get_user_function()
        if kind == ORCHESTRATION_TRIGGER:
            orchestrators[name] = DurableOrchestrator(
                name=name,
                function=getattr(user_function, "orchestrator_function", user_function),
                input_type=getattr(user_function, "_df_input_type", None),
            )
        else:
            _check_activity_signature(name, user_function, binding["name"])
            activities[name] = DurableActivity(name, user_function, binding["name"])
    return DurableFunctions(orchestrators=orchestrators, activities=activities)


# --- The df context on durabletask ---------------------------------------------------------
