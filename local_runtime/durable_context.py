"""The Durable Functions 1.x orchestration context, on top of durabletask's.

Orchestrators written for azure-functions-durable 1.x run unchanged: this adapter gives them
df's context API and task objects over durabletask's in-process engine.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Generator, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from types import GeneratorType
from typing import Any

from azure.functions._durable_functions import df_dumps, df_loads
from azure.functions.decorators.function_app import FunctionBuilder
from durabletask import task as dt
from durabletask.serialization import DataConverter

from local_runtime.durable_index import (
    ACTIVITY_TRIGGER,
    ORCHESTRATION_TRIGGER,
    DurableActivity,
    DurableOrchestrator,
    durable_name,
    trigger_binding,
)


class DfJsonDataConverter(DataConverter):
    """durabletask payload codec that is df's: `df_dumps`/`df_loads`, custom objects included."""

    def serialize(self, value: Any) -> str | None:
        """Encode a payload as df does; `None` stays absent."""
        return None if value is None else df_dumps(value)

    def deserialize(self, data: str | None, target_type: type | None = None) -> Any:
        """Decode a payload as df does."""
        if not data:
            return None
        return df_loads(data) if target_type is None else df_loads(data, target_type)

    def coerce(self, value: Any, target_type: type | None = None) -> Any:
        """Values are already in df's decoded form; nothing to coerce."""
        return value


class DfTask:
    """A df-style handle on a durabletask task: `.result`, `.is_completed`, `.cancel()`.

    Orchestrators yield these; the adapter hands the wrapped durabletask task to durabletask
    and translates what comes back, so `task_any` returns the very handle that was passed in
    (`if winner == approval_event:` works as in df).
    """

    def __init__(self, inner: dt.Task[Any]) -> None:
        self._inner = inner

    @property
    def is_completed(self) -> bool:
        """Whether the task finished (succeeded, failed or was cancelled)."""
        return self._inner.is_complete

    @property
    def is_faulted(self) -> bool:
        """Whether the task failed."""
        return self._inner.is_failed

    @property
    def is_cancelled(self) -> bool:
        """Whether the task (a timer or event wait) was cancelled."""
        return isinstance(self._inner, dt.CancellableTask) and self._inner.is_cancelled

    @property
    def result(self) -> Any:
        """The value once succeeded, the error once failed, `None` before (as in df)."""
        if not self._inner.is_complete or self.is_cancelled:
            return None
        if self._inner.is_failed:
            return self._inner.get_exception()
        return self._translate(self._inner.get_result())

    def cancel(self) -> None:
        """Cancel a pending timer or event wait; a no-op once it completed or for other tasks.

        df raises when cancelling a completed timer; the approval idiom only cancels the
        losing timer, so being lenient here changes no correct orchestrator.
        """
        if isinstance(self._inner, dt.CancellableTask) and not self._inner.is_complete:
            self._inner.cancel()

    def _translate(self, raw: Any) -> Any:
        return raw


class _AnyTask(DfTask):
    def __init__(self, children: Sequence[DfTask]) -> None:
        super().__init__(dt.when_any([child._inner for child in children]))
        self._children = tuple(children)

    def _translate(self, raw: Any) -> Any:
        return next(child for child in self._children if child._inner is raw)


class _AllTask(DfTask):
    def __init__(self, children: Sequence[DfTask]) -> None:
        super().__init__(dt.when_all([child._inner for child in children]))
        self._children = tuple(children)

    def _translate(self, raw: Any) -> Any:
        return [child._translate(value) for child, value in zip(self._children, raw, strict=True)]


def _as_tasks(tasks: Iterable[Any]) -> list[DfTask]:
    handles = list(tasks)
    for handle in handles:
        if not isinstance(handle, DfTask):
            raise TypeError(f"expected tasks from the orchestration context, got {handle!r}")
    return handles


def _function_name(name: str | FunctionBuilder, trigger: str) -> str:
    """A df v2 orchestrator may name its callee by the decorated function itself."""
    if isinstance(name, str):
        return name
    function = name._function
    binding = trigger_binding(function)
    if binding is None or binding["type"] != trigger:
        raise ValueError(f"{function.get_function_name()} has no {trigger}")
    return durable_name(function, binding)


def _retry_policy(retry_options: Any) -> dt.RetryPolicy:
    """df `RetryOptions(first_retry_interval_in_milliseconds, max_number_of_attempts)`."""
    return dt.RetryPolicy(
        first_retry_interval=timedelta(milliseconds=retry_options.first_retry_interval_in_milliseconds),
        max_number_of_attempts=retry_options.max_number_of_attempts,
    )


class DurableOrchestrationContextAdapter:
    """What our orchestrators see: df's `DurableOrchestrationContext`, for the parts we use.

    Differences from df worth knowing: a failed task raises durabletask's `TaskFailedError`
    (an `Exception`) into the orchestrator; `task_all` reports a failure only after every
    task finished; entities and `call_http` are not available.
    """

    def __init__(self, context: dt.OrchestrationContext, input_: Any, input_type: type | None = None) -> None:
        self._context = context
        self._input = input_
        self._input_type = input_type

    @property
    def instance_id(self) -> str:
        """The orchestration instance id."""
        return self._context.instance_id

    @property
    def parent_instance_id(self) -> str | None:
        """The parent's instance id for a sub-orchestration, else `None`."""
        return self._context.parent_instance_id

    @property
    def is_replaying(self) -> bool:
        """Whether the orchestrator is replaying history (skip side effects like logging)."""
        return self._context.is_replaying

    @property
    def current_utc_datetime(self) -> datetime:
        """The replay-safe current time, timezone-aware UTC as in df."""
        return self._context.current_utc_datetime.replace(tzinfo=UTC)

    def get_input(self, expected_type: type | None = None) -> Any:
        """The orchestration input, decoded by df's codec (to `expected_type` if given)."""
        wanted = expected_type or self._input_type
        if self._input is None or wanted is None:
            return self._input
        return df_loads(df_dumps(self._input), wanted)

    def new_uuid(self) -> str:
        """A replay-safe UUID (same algorithm as df)."""
        return self._context.new_uuid()

    def set_custom_status(self, status: Any) -> None:
        """Publish a JSON-serialisable status that clients read with `get_status`."""
        self._context.set_custom_status(status)

    def call_activity(self, name: str | FunctionBuilder, input_: Any = None) -> DfTask:
        """Schedule an activity."""
        return DfTask(self._context.call_activity(_function_name(name, ACTIVITY_TRIGGER), input=input_))

    def call_activity_with_retry(self, name: str | FunctionBuilder, retry_options: Any, input_: Any = None) -> DfTask:
        """Schedule an activity, retried per df `RetryOptions` (durable timers between tries)."""
        return DfTask(
            self._context.call_activity(
                _function_name(name, ACTIVITY_TRIGGER),
                input=input_,
                retry_policy=_retry_policy(retry_options),
            )
        )

    def call_sub_orchestrator(
        self, name: str | FunctionBuilder, input_: Any = None, instance_id: str | None = None
    ) -> DfTask:
        """Start a sub-orchestration and wait for its output."""
        return DfTask(
            self._context.call_sub_orchestrator(
                _function_name(name, ORCHESTRATION_TRIGGER), input=input_, instance_id=instance_id
            )
        )

    def call_sub_orchestrator_with_retry(
        self,
        name: str | FunctionBuilder,
        retry_options: Any,
        input_: Any = None,
        instance_id: str | None = None,
    ) -> DfTask:
        """Start a sub-orchestration, retried per df `RetryOptions`."""
        return DfTask(
            self._context.call_sub_orchestrator(
                _function_name(name, ORCHESTRATION_TRIGGER),
                input=input_,
                instance_id=instance_id,
                retry_policy=_retry_policy(retry_options),
            )
        )

    def wait_for_external_event(self, name: str) -> DfTask:
        """Wait for an event raised by a client (names are case-insensitive)."""
        return DfTask(self._context.wait_for_external_event(name))

    def create_timer(self, fire_at: datetime) -> DfTask:
        """A durable timer; fires at `fire_at` on the wall clock (UTC if naive)."""
        return DfTask(self._context.create_timer(fire_at))

    def task_any(self, tasks: Iterable[DfTask]) -> DfTask:
        """Completes with the first of `tasks` to finish (the handle itself, as in df)."""
        return _AnyTask(_as_tasks(tasks))

    def task_all(self, tasks: Iterable[DfTask]) -> DfTask:
        """Completes with the list of all results, in order."""
        return _AllTask(_as_tasks(tasks))

    def continue_as_new(self, input_: Any) -> None:
        """Restart this instance with fresh history and `input_`; return right after."""
        self._context.continue_as_new(input_)


def _drive(user_generator: Generator[Any, Any, Any]) -> Generator[dt.Task[Any], Any, Any]:
    """Run a df orchestrator generator as a durabletask one, translating each yielded task."""
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            yielded = user_generator.send(value) if error is None else user_generator.throw(error)
        except StopIteration as stopped:
            return stopped.value
        error = None
        if not isinstance(yielded, DfTask):
            raise TypeError(f"orchestrator yielded {yielded!r}, not a task from its context")
        try:
            raw = yield yielded._inner
        except Exception as failure:  # a failed task is thrown back into the user's code
            value, error = None, failure
        else:
            value = yielded._translate(raw)


def as_durabletask_orchestrator(orchestrator: DurableOrchestrator) -> dt.Orchestrator[Any, Any]:
    def run(context: dt.OrchestrationContext, input_: Any) -> Any:
        df_context = DurableOrchestrationContextAdapter(context, input_, orchestrator.input_type)
        output = orchestrator.function(df_context)
        if isinstance(output, GeneratorType):
            return _drive(output)
        return output

    run.__name__ = orchestrator.name
    return run


def as_durabletask_activity(activity: DurableActivity) -> dt.Activity[Any, Any]:
    def run(_context: dt.ActivityContext, input_: Any) -> Any:
        result = activity.function(**{activity.input_name: input_})
        if inspect.isawaitable(result):
            # Activities run on durabletask's thread pool, where no event loop is running.
            return asyncio.run(_await(result))
        return result

    run.__name__ = activity.name
    return run


async def _await(awaitable: Any) -> Any:
    return await awaitable


# --- Backend, worker and client ------------------------------------------------------------
