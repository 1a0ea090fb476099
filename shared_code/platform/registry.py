"""How a capability declares what it plugs in, in one place of its own.

Each capability package has a `capability.py` with one `Capability`: the modules of its API
routes, the message types it handles and the queues they travel on, its timers' work, and
the hook that resumes its pending workflows. `shared_code.capabilities.CAPABILITIES` lists
them; the API, the queue triggers, the timers and the local runtime walk that list, so
adding a capability touches nothing central.

Declarations stay cheap to import (the Functions host imports them at cold start): they
name route modules by string and wrap their work in functions that import on first call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shared_code.platform.messaging import Message
    from shared_code.platform.ports import Ports

MessageWork = Callable[["Ports", "Message"], None]
"""Handles one queue message; raising makes the queue retry it."""

TimerWork = Callable[["Ports"], None]
"""Runs once per timer tick."""

ResumeHook = Callable[["Ports", Any], Awaitable[list[str]]]
"""Restarts a capability's unfinished workflows with a durable client; returns instance ids."""


@dataclass(frozen=True)
class MessageType:
    """A kind of message and the queue it travels on.

    Declare each one as a module-level constant of its capability (e.g.
    `notifications/messages.py`); the infrastructure test finds them wherever they are to
    check that Azure has every queue the code sends to.
    """

    name: str
    """What it asks for, e.g. `email.send`; selects the handler."""
    queue: str
    """The queue it travels on, e.g. `notifications`; a Service Bus queue in Azure."""


@dataclass(frozen=True)
class Timer:
    """Work a capability runs on a schedule."""

    name: str
    """The Azure Functions function name, unique across the app."""
    schedule: str
    """NCRONTAB with seconds: `second minute hour day month day-of-week`."""
    run: TimerWork
    """What one tick does."""
    use_monitor: bool = True
    """False for sub-minute schedules, whose missed ticks need not be caught up."""


@dataclass(frozen=True)
class Capability:
    """What one business capability plugs into the app."""

    name: str
    """Short name, e.g. `ledger`."""
    api_modules: tuple[str, ...] = ()
    """Modules (under `shared_code.api`) each with a FastAPI `router`, mounted in this order."""
    api_prefixes: tuple[str, ...] = ()
    """The paths its routes live under, `*` standing for one segment: the app imports the
    capability's route modules on the first request whose longest matching prefix is one of
    these, so a cold start pays only for the capability asked for."""
    queues: tuple[str, ...] = ()
    """Queues whose messages this capability's handlers consume (one trigger each)."""
    message_handlers: Mapping[str, MessageWork] = field(default_factory=lambda: MappingProxyType({}))
    """Message type → its handler."""
    timers: tuple[Timer, ...] = ()
    """Scheduled work."""
    resume_pending: ResumeHook | None = None
    """Restarts unfinished workflows after a restart of an in-memory durable backend."""
