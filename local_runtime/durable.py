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
import logging
import uuid
from collections.abc import Callable, Iterable
from concurrent import futures
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, cast

import grpc  # type: ignore[import-untyped,unused-ignore]
from azure.durable_functions.models.DurableOrchestrationStatus import DurableOrchestrationStatus
from durabletask.client import OrchestrationState, OrchestrationStatus, TaskHubGrpcClient
from durabletask.grpc_options import GrpcChannelOptions
from durabletask.internal import orchestrator_service_pb2 as pb
from durabletask.internal import orchestrator_service_pb2_grpc as stubs
from durabletask.testing import InMemoryOrchestrationBackend
from durabletask.worker import TaskHubGrpcWorker

from local_runtime.durable_context import DfJsonDataConverter, as_durabletask_activity, as_durabletask_orchestrator
from local_runtime.durable_index import DurableFunctions

logger = logging.getLogger(__name__)

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


class DurableClientError(Exception):
    """A client operation df's client would also refuse (unknown instance or orchestrator)."""


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
            worker.add_orchestrator(as_durabletask_orchestrator(orchestrator))
        for activity in self._functions.activities.values():
            worker.add_activity(as_durabletask_activity(activity))
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
