"""The bridge from the Azure catch-all HTTP function to the FastAPI app."""

from __future__ import annotations

import threading
from typing import Any

import azure.functions as func
from fastapi import FastAPI

from shared_code.api.dependencies import durable_client_var

_lock = threading.Lock()
_middleware: func.AsgiMiddleware | None = None


def get_fastapi_app() -> FastAPI:
    """The process's FastAPI app, built on first use from the process's services."""
    return _get_middleware()._app  # type: ignore[no-any-return]


def _get_middleware() -> func.AsgiMiddleware:
    global _middleware
    with _lock:
        if _middleware is None:
            from shared_code.api.app import create_app
            from shared_code.bootstrap import get_services

            _middleware = func.AsgiMiddleware(create_app(get_services()))
        return _middleware


async def handle_http(req: func.HttpRequest, context: func.Context, client: Any) -> func.HttpResponse:
    """Serve one Functions HTTP invocation with the FastAPI app, exposing the durable client."""
    token = durable_client_var.set(client)
    try:
        response: func.HttpResponse = await _get_middleware().handle_async(req, context)
        return response
    finally:
        durable_client_var.reset(token)
