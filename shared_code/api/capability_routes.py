"""Each capability's routes mounted on the first request that needs them.

Importing a capability's route modules imports its whole stack (its schemas, use cases,
repositories and their libraries). A cold start should pay for the capability the first
request asks for, not for all of them, so the app starts with none mounted and mounts a
capability's routers when a request arrives under one of its `api_prefixes` (longest
prefix wins; `*` is one path segment). A request no prefix claims (the OpenAPI document,
the docs page, an unknown path) mounts everything first, so its answer is the full app's.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib import import_module

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from shared_code.platform.registry import Capability


def _segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


class CapabilityRoutes:
    """Which capability serves a path, and the mounting of its routers (once each)."""

    def __init__(self, app: FastAPI, capabilities: Sequence[Capability]) -> None:
        self._app = app
        self._capabilities = tuple(capabilities)
        self._prefixes = [
            (_segments(prefix), capability) for capability in capabilities for prefix in capability.api_prefixes
        ]
        self._mounted: set[str] = set()
        self._lock = threading.Lock()

    @property
    def complete(self) -> bool:
        """True once every capability's routes are mounted."""
        return len(self._mounted) == len(self._capabilities)

    def owner_of(self, path: str) -> Capability | None:
        """The capability whose longest prefix matches `path`, or None."""
        parts = _segments(path)
        best: tuple[int, Capability] | None = None
        for prefix, capability in self._prefixes:
            fits = len(prefix) <= len(parts)
            matches = fits and all(p in {"*", part} for p, part in zip(prefix, parts, strict=False))
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), capability)
        return best[1] if best else None

    def mount_for(self, path: str) -> None:
        """Mount what a request to `path` needs: its owner, or everything if none claims it."""
        owner = self.owner_of(path)
        if owner is None:
            self.mount_all()
        else:
            self._mount(owner)

    def mount_all(self) -> None:
        """Mount every capability's routes (the route table is then the whole app's)."""
        for capability in self._capabilities:
            self._mount(capability)

    def _mount(self, capability: Capability) -> None:
        if capability.name in self._mounted:
            return
        with self._lock:
            if capability.name in self._mounted:
                return
            for module in capability.api_modules:
                self._app.include_router(import_module(module).router)
            self._mounted.add(capability.name)


class MountOnFirstRequest:
    """ASGI middleware: before routing, mount the routes the request's path needs."""

    def __init__(self, app: ASGIApp, routes: CapabilityRoutes) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Mount on the way in, then hand the request on."""
        if scope["type"] == "http" and not self.routes.complete:
            self.routes.mount_for(scope["path"])
        await self.app(scope, receive, send)
