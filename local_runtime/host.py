"""Host the indexed function app on one machine, as the Functions host does in Azure.

It imports `function_app`, indexes its functions and serves them: the FastAPI app and the
built web app over HTTP, timer functions on their NCRONTAB schedules, Service Bus queue
functions fed from the PostgreSQL queue, and orchestrations on durabletask's in-process
backend.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from azure.functions.servicebus import ServiceBusMessage
from azure.functions.timer import TimerRequest
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from local_runtime.ncrontab import parse as parse_schedule
from shared_code.api.security_headers import SecurityHeadersMiddleware
from shared_code.bootstrap import Services
from shared_code.platform.messaging import Message, PermanentMessageError
from shared_code.platform.queue import QueueWorker
from shared_code.workflows import resume_pending

log = logging.getLogger("intellifin.local")


@dataclass(frozen=True)
class IndexedFunction:
    """One function of the app, as the host sees it."""

    name: str
    trigger: str
    binding: dict[str, Any]
    function: Callable[..., Any]
    raw: Any
    """The decorator library's Function object (the durable runtime reads it)."""


def index_function_app(app: Any) -> list[IndexedFunction]:
    """Index `app` once (`get_functions` may be called only once per app) into plain records."""
    indexed = []
    for function in app.get_functions():
        bindings = json.loads(function.get_function_json())["bindings"]
        trigger = next(b for b in bindings if b["type"].endswith("Trigger"))
        indexed.append(
            IndexedFunction(
                name=function.get_function_name(),
                trigger=trigger["type"],
                binding=trigger,
                function=function.get_user_function(),
                raw=function,
            )
        )
    return indexed


class TimerRunner:
    """Runs each timer function on its NCRONTAB schedule, one thread per timer."""

    def __init__(self, timers: list[IndexedFunction]) -> None:
        self.timers = timers
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        """Start a thread per timer."""
        for timer in self.timers:
            schedule = parse_schedule(timer.binding["schedule"])
            thread = threading.Thread(
                target=self._loop, args=(timer, schedule), name=f"timer:{timer.name}", daemon=True
            )
            thread.start()
            self.threads.append(thread)

    def _loop(self, timer: IndexedFunction, schedule: Any) -> None:
        while not self.stopping.is_set():
            due = schedule.next_after(datetime.now(UTC))
            if self.stopping.wait(max((due - datetime.now(UTC)).total_seconds(), 0)):
                return
            past_due = (datetime.now(UTC) - due).total_seconds() > 1
            try:
                timer.function(TimerRequest(past_due=past_due))
            except Exception:
                log.exception("timer %s failed", timer.name)

    def stop(self) -> None:
        """Stop every timer thread after its current run."""
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=10)


def queue_deliverer(queue_functions: list[IndexedFunction]) -> Callable[[Message], None]:
    """Deliver a queue message by calling the Service Bus function bound to its queue."""
    by_queue = {fn.binding["queueName"]: fn for fn in queue_functions}

    def deliver(message: Message) -> None:
        target = by_queue.get(message.queue)
        if target is None:
            raise PermanentMessageError(f"no function listens on queue {message.queue!r}")
        target.function(
            ServiceBusMessage(
                body=message.to_json().encode(),
                message_id=str(message.id),
                delivery_count=message.attempts,
                content_type="application/json",
                subject=message.message_type,
                application_properties={"message_type": message.message_type},
                user_properties={},
                enqueued_time_utc=datetime.now(UTC),
            )
        )

    return deliver


class SinglePageApp(StaticFiles):
    """The built web app: files as they are, index.html for client-side routes."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        """Serve `path`; fall back to index.html for routes that are not files."""
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or "." in Path(path).name:
                return PlainTextResponse(str(error.detail), status_code=error.status_code)
            response = FileResponse(Path(str(self.directory)) / "index.html")
        if path.startswith("assets/"):
            response.headers["cache-control"] = "public, max-age=31536000, immutable"
        elif path in {"", ".", "index.html", "sw.js"} or response.media_type == "text/html":
            response.headers["cache-control"] = "no-cache"
        return response


class LocalSite:
    """One origin for the browser: `/api/...` to the API, everything else to the web app."""

    def __init__(self, api: ASGIApp, static_dir: Path) -> None:
        self.api = api
        self.site: ASGIApp | None = (
            SecurityHeadersMiddleware(GZipMiddleware(SinglePageApp(directory=static_dir, html=True), minimum_size=500))
            if (static_dir / "index.html").exists()
            else None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.api(scope, receive, send)
            return
        path = scope.get("path", "")
        if path == "/api" or path.startswith("/api/") or self.site is None:
            await self.api(scope, receive, send)
        else:
            await self.site(scope, receive, send)


@dataclass
class FunctionHost:
    """Everything the function app needs besides HTTP: timers, queue worker, durable runtime."""

    services: Services
    functions: list[IndexedFunction]
    durable: Any = None
    timers: TimerRunner | None = None
    worker: QueueWorker | None = None
    worker_thread: threading.Thread | None = None
    started: list[str] = field(default_factory=list)

    def of_trigger(self, trigger: str) -> list[IndexedFunction]:
        """The indexed functions with this trigger type."""
        return [fn for fn in self.functions if fn.trigger == trigger]

    def start(self, *, run_timers: bool = True) -> None:
        """Start the durable runtime, the queue worker and (unless told not to) the timers."""
        from local_runtime.durable import LocalDurableRuntime
        from local_runtime.durable_index import collect_durable_functions
        from shared_code.api.dependencies import set_default_durable_client

        self.durable = LocalDurableRuntime(collect_durable_functions(fn.raw for fn in self.functions))
        client = self.durable.start()
        set_default_durable_client(client)
        self.started.append("durable")
        resumed = asyncio.run(resume_pending(self.services, client))
        if resumed:
            log.info("resumed %d unfinished workflow(s): %s", len(resumed), ", ".join(resumed))

        self.worker = QueueWorker(
            self.services.queue,
            self.services.transport,
            queue_deliverer(self.of_trigger("serviceBusTrigger")),
        )
        self.worker_thread = threading.Thread(target=self.worker.run, name="queue-worker", daemon=True)
        self.worker_thread.start()
        self.started.append("queue-worker")

        if run_timers:
            self.timers = TimerRunner(self.of_trigger("timerTrigger"))
            self.timers.start()
            self.started.append("timers")

    def stop(self) -> None:
        """Stop everything `start` started, newest first."""
        if self.timers is not None:
            self.timers.stop()
        if self.worker is not None:
            self.worker.stop()
        if self.worker_thread is not None:
            self.worker_thread.join(timeout=15)
        if self.durable is not None:
            from shared_code.api.dependencies import set_default_durable_client

            set_default_durable_client(None)
            self.durable.stop()
