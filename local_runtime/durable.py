"""Durable orchestrations on one machine: our Durable Functions 1.x code on durabletask.

In Azure the Durable Functions extension runs the orchestrators and activities registered
with `df.Blueprint` decorators. Here there is no Functions host, so this module takes the
functions that `app.get_functions()` indexed and runs them on `durabletask`'s in-process
backend (`durabletask.testing.InMemoryOrchestrationBackend`, a gRPC server on 127.0.0.1):

- `collect_durable_functions` finds the orchestrators and activities and their df names;
- `DurableOrchestrationContextAdapter` gives an unchanged df orchestrator the context API it
  expects (`call_activity(name, input_)`, `task_any`, `get_input()`, ...), built on
  durabletask's `OrchestrationContext`;
- `LocalDurableRuntime` starts backend, worker and client; `LocalDurableClient` is what HTTP
  handlers get instead of df's `DurableOrchestrationClient`.

Payloads go through df's own JSON codec (`df_dumps`/`df_loads`), so inputs, outputs, events
and custom status round-trip exactly as they do in Azure. State lives in memory only: a
restart forgets every instance, which is why domain state is kept in PostgreSQL.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import uuid
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from concurrent import futures
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import GeneratorType, TracebackType
from typing import Any, cast

import grpc  # type: ignore[import-untyped,unused-ignore]
from azure.durable_functions.models.DurableOrchestrationStatus import DurableOrchestrationStatus
from azure.functions._durable_functions import df_dumps, df_loads
from azure.functions.decorators.function_app import Function, FunctionBuilder
from durabletask import task as dt
from durabletask.client import OrchestrationState, OrchestrationStatus, TaskHubGrpcClient
from durabletask.grpc_options import GrpcChannelOptions
from durabletask.internal import orchestrator_service_pb2 as pb
from durabletask.internal import orchestrator_service_pb2_grpc as stubs
from durabletask.serialization import DataConverter
from durabletask.testing import InMemoryOrchestrationBackend
from durabletask.worker import TaskHubGrpcWorker

logger = logging.getLogger(__name__)

_ORCHESTRATION_TRIGGER = "orchestrationTrigger"
_ACTIVITY_TRIGGER = "activityTrigger"
_ENTITY_TRIGGER = "entityTrigger"

_LOOPBACK = "127.0.0.1"
# Never route loopback gRPC through an HTTP proxy taken from the environment.
_CHANNEL_OPTIONS = GrpcChannelOptions(raw_options=[("grpc.enable_http_proxy", 0)])
_TERMINAL = frozenset({OrchestrationStatus.COMPLETED, OrchestrationStatus.FAILED, OrchestrationStatus.TERMINATED})
# df's OrchestrationRuntimeStatus values, by durabletask status.
_DF_RUNTIME_STATUS = {
    OrchestrationStatus.PENDING: "Pending",
    OrchestrationStatus.RUNNING: "Running",
    OrchestrationStatus.COMPLETED: "Completed",
    OrchestrationStatus.CONTINUED_AS_NEW: "ContinuedAsNew",
    OrchestrationStatus.FAILED: "Failed",
    OrchestrationStatus.TERMINATED: "Terminated",
    OrchestrationStatus.SUSPENDED: "Suspended",
}


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


class DurableClientError(Exception):
    """A client operation df's client would also refuse (unknown instance or orchestrator)."""


def _trigger_binding(function: Function) -> dict[str, Any] | None:
    bindings = json.loads(function.get_function_json()).get("bindings", [])
    return next((b for b in bindings if b.get("type", "").endswith("Trigger")), None)


def _durable_name(function: Function, binding: Mapping[str, Any]) -> str:
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
        binding = _trigger_binding(function)
        if binding is None:
            continue
        kind = binding["type"]
        if kind == _ENTITY_TRIGGER:
            logger.warning("entity function %s is not run locally", function.get_function_name())
            continue
        if kind not in (_ORCHESTRATION_TRIGGER, _ACTIVITY_TRIGGER):
            continue
        name = _durable_name(function, binding)
        if name in orchestrators or name in activities:
            raise ValueError(f"two durable functions are named '{name}'")
        user_function = function.get_user_function()
        if kind == _ORCHESTRATION_TRIGGER:
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
    binding = _trigger_binding(function)
    if binding is None or binding["type"] != trigger:
        raise ValueError(f"{function.get_function_name()} has no {trigger}")
    return _durable_name(function, binding)


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
        return DfTask(self._context.call_activity(_function_name(name, _ACTIVITY_TRIGGER), input=input_))

    def call_activity_with_retry(self, name: str | FunctionBuilder, retry_options: Any, input_: Any = None) -> DfTask:
        """Schedule an activity, retried per df `RetryOptions` (durable timers between tries)."""
        return DfTask(
            self._context.call_activity(
                _function_name(name, _ACTIVITY_TRIGGER),
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
                _function_name(name, _ORCHESTRATION_TRIGGER), input=input_, instance_id=instance_id
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
                _function_name(name, _ORCHESTRATION_TRIGGER),
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


def _as_durabletask_orchestrator(orchestrator: DurableOrchestrator) -> dt.Orchestrator[Any, Any]:
    def run(context: dt.OrchestrationContext, input_: Any) -> Any:
        df_context = DurableOrchestrationContextAdapter(context, input_, orchestrator.input_type)
        output = orchestrator.function(df_context)
        if isinstance(output, GeneratorType):
            return _drive(output)
        return output

    run.__name__ = orchestrator.name
    return run


def _as_durabletask_activity(activity: DurableActivity) -> dt.Activity[Any, Any]:
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


class _LoopbackBackend(InMemoryOrchestrationBackend):
    """The in-memory backend, listening on 127.0.0.1 (the base binds every interface)."""

    def start(self) -> str:
        """Start the gRPC server; port 0 picks a free port. Returns `host:port`."""
        self._shutdown_event.clear()
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
        add_servicer = cast(
            Callable[[InMemoryOrchestrationBackend, grpc.Server], None],
            stubs.add_TaskHubSidecarServiceServicer_to_server,
        )
        add_servicer(self, server)
        port = server.add_insecure_port(f"{_LOOPBACK}:{self._port}")
        if port == 0:
            raise OSError(f"cannot listen on {_LOOPBACK}:{self._port}")
        self._port = port
        self._server = server
        server.start()
        return f"{_LOOPBACK}:{port}"

    def StartInstance(  # noqa: N802 - the gRPC method name
        self, request: pb.CreateInstanceRequest, context: grpc.ServicerContext
    ) -> pb.CreateInstanceResponse:
        """Start an instance; replacing a finished one first cuts off that one's timers.

        The base backend's timer threads find their instance by id when they fire, so a
        timer left over from a finished instance would fire into its replacement (an
        approval would time out early). Renaming the finished instance makes them miss.
        """
        with self._lock:
            existing = self._instances.get(request.instanceId)
            replaceable = request.orchestrationIdReusePolicy.replaceableStatus
            if existing is not None and existing.status in replaceable:
                existing.instance_id = f"{existing.instance_id}#replaced-{uuid.uuid4().hex}"
            return super().StartInstance(request, context)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _status_from_state(state: OrchestrationState, show_input: bool) -> DurableOrchestrationStatus:
    """df's own status type, so handler code is the same in Azure and here."""
    if state.runtime_status is OrchestrationStatus.FAILED and state.failure_details is not None:
        output: Any = state.failure_details.message
    else:
        output = state.get_output()
    return DurableOrchestrationStatus(
        name=state.name,
        instanceId=state.instance_id,
        createdTime=_aware(state.created_at).isoformat(),
        lastUpdatedTime=_aware(state.last_updated_at).isoformat(),
        input=state.get_input() if show_input else None,
        output=output,
        runtimeStatus=_DF_RUNTIME_STATUS[state.runtime_status],
        customStatus=state.get_custom_status(),
    )


class LocalDurableClient:
    """Stands in for df's `DurableOrchestrationClient` on one machine.

    Same async method names and parameters as df's for what we use; `get_status` returns
    df's `DurableOrchestrationStatus` (`.runtime_status` is df's `OrchestrationRuntimeStatus`;
    the status of an unknown instance is falsy, as in df).
    """

    def __init__(self, client: TaskHubGrpcClient, orchestrator_names: Iterable[str]) -> None:
        self._client = client
        self._orchestrator_names = frozenset(orchestrator_names)

    async def start_new(
        self,
        orchestration_function_name: str,
        instance_id: str | None = None,
        client_input: Any = None,
    ) -> str:
        """Start an orchestration; returns its instance id (a new hex GUID if none given).

        An instance id may be reused once its instance completed, failed or was terminated;
        reusing the id of one still running raises.
        """
        if orchestration_function_name not in self._orchestrator_names:
            raise DurableClientError(
                f"The function '{orchestration_function_name}' doesn't exist, is disabled, "
                "or is not an orchestrator function."
            )
        reuse = pb.OrchestrationIdReusePolicy(replaceableStatus=[s.value for s in _TERMINAL])
        try:
            return await asyncio.to_thread(
                self._client.schedule_new_orchestration,
                orchestration_function_name,
                input=client_input,
                instance_id=instance_id,
                reuse_id_policy=reuse,
            )
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
            raise DurableClientError(f"An instance with ID '{instance_id}' is already running.") from error

    async def raise_event(self, instance_id: str, event_name: str, event_data: Any = None) -> None:
        """Send an event to a running instance; raises if it is unknown or already finished."""
        if event_name == "":
            raise ValueError("event_name must be a non-empty string.")
        state = await self._state(instance_id, fetch_payloads=False)
        if state.runtime_status in _TERMINAL:
            raise DurableClientError(f"Instance with ID {instance_id} is gone: either completed or failed")
        await asyncio.to_thread(self._client.raise_orchestration_event, instance_id, event_name, data=event_data)

    async def get_status(self, instance_id: str, show_input: bool = False) -> DurableOrchestrationStatus:
        """The instance's status; falsy (no `created_time`) when there is no such instance."""
        state = await asyncio.to_thread(self._client.get_orchestration_state, instance_id)
        if state is None:
            return DurableOrchestrationStatus(message=f"No instance with ID {instance_id} found.")
        return _status_from_state(state, show_input)

    async def terminate(self, instance_id: str, reason: str) -> None:
        """Terminate an instance (its output becomes `reason`); a finished one is left alone."""
        state = await self._state(instance_id, fetch_payloads=False)
        if state.runtime_status not in _TERMINAL:
            await asyncio.to_thread(self._client.terminate_orchestration, instance_id, output=reason, recursive=False)

    async def wait_for_completion(self, instance_id: str, timeout: float = 10.0) -> DurableOrchestrationStatus:
        """Wait until the instance completes, fails or is terminated (tests, CLI tools).

        Raises `TimeoutError` after `timeout` seconds.
        """
        state = await asyncio.to_thread(self._client.wait_for_orchestration_completion, instance_id, timeout=timeout)
        if state is None:
            raise DurableClientError(f"No instance with ID {instance_id} found.")
        return _status_from_state(state, show_input=False)

    async def _state(self, instance_id: str, fetch_payloads: bool) -> OrchestrationState:
        state = await asyncio.to_thread(
            self._client.get_orchestration_state, instance_id, fetch_payloads=fetch_payloads
        )
        if state is None:
            raise DurableClientError(f"No instance with ID '{instance_id}' found.")
        return state


def _drop_stream_cancelled_warning(record: logging.LogRecord) -> bool:
    """On stop the worker warns about the work-item stream it cancels itself; that is no news."""
    return not record.getMessage().startswith("Error in work item stream")


class LocalDurableRuntime:
    """The in-process durable backend, a worker running our functions, and a client.

    Use as a context manager, or call `start()` and `stop()`::

        with LocalDurableRuntime(collect_durable_functions(app.get_functions())) as durable:
            instance_id = await durable.client.start_new("expense_approval", None, payload)
    """

    def __init__(self, functions: DurableFunctions, port: int = 0) -> None:
        """Prepare (not start) a runtime on 127.0.0.1:`port`; 0 picks a free port."""
        self._functions = functions
        self._backend = _LoopbackBackend(port=port)
        self._worker: TaskHubGrpcWorker | None = None
        self._grpc_client: TaskHubGrpcClient | None = None
        self._client: LocalDurableClient | None = None
        self._address: str | None = None

    @property
    def address(self) -> str:
        """`127.0.0.1:<port>` of the running backend."""
        if self._address is None:
            raise RuntimeError("the durable runtime is not started")
        return self._address

    @property
    def client(self) -> LocalDurableClient:
        """The client to hand to HTTP handlers."""
        if self._client is None:
            raise RuntimeError("the durable runtime is not started")
        return self._client

    def start(self) -> LocalDurableClient:
        """Start backend, worker and client; returns the client."""
        if self._client is not None:
            return self._client
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> LocalDurableClient:
        self._address = self._backend.start()
        worker = TaskHubGrpcWorker(
            host_address=self._address,
            channel_options=_CHANNEL_OPTIONS,
            data_converter=DfJsonDataConverter(),
            logger=logging.getLogger(f"{__name__}.worker"),
        )
        for orchestrator in self._functions.orchestrators.values():
            worker.add_orchestrator(_as_durabletask_orchestrator(orchestrator))
        for activity in self._functions.activities.values():
            worker.add_activity(_as_durabletask_activity(activity))
        worker.start()  # type: ignore[no-untyped-call]
        self._worker = worker
        self._grpc_client = TaskHubGrpcClient(
            host_address=self._address,
            channel_options=_CHANNEL_OPTIONS,
            data_converter=DfJsonDataConverter(),
            logger=logging.getLogger(f"{__name__}.client"),
        )
        self._client = LocalDurableClient(self._grpc_client, self._functions.orchestrators)
        logger.info(
            "durable runtime on %s: %d orchestrators, %d activities",
            self._address,
            len(self._functions.orchestrators),
            len(self._functions.activities),
        )
        return self._client

    def stop(self) -> None:
        """Stop worker, client and backend; in-flight instances are dropped."""
        if self._worker is not None:
            worker_logger = logging.getLogger(f"{__name__}.worker")
            worker_logger.addFilter(_drop_stream_cancelled_warning)
            try:
                self._worker.stop()  # type: ignore[no-untyped-call]
            finally:
                worker_logger.removeFilter(_drop_stream_cancelled_warning)
            self._worker = None
        if self._grpc_client is not None:
            self._grpc_client.close()
            self._grpc_client = None
        self._client = None
        if self._address is not None:
            self._backend.stop(grace=1.0)
            self._backend.reset()  # type: ignore[no-untyped-call]
            self._address = None

    def __enter__(self) -> LocalDurableRuntime:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
