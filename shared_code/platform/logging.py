"""Structured JSON logs with the request id, ready for OpenTelemetry.

Azure Monitor (through `azure-monitor-opentelemetry`) is switched on only when
APPLICATIONINSIGHTS_CONNECTION_STRING is set, and imported only then: it is heavy. In
Azure the component refuses unauthenticated telemetry (local auth is disabled), so the
exporter signs in as the app's managed identity.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
"""The id of the request being served, added to every log record it causes."""

_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | bool | None) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


_configured = False


def configure_logging(
    level: str = "INFO",
    appinsights_connection_string: str | None = None,
    *,
    use_managed_identity: bool = False,
) -> None:
    """Send JSON logs to stderr (once per process); add Azure Monitor when configured.

    With `use_managed_identity` telemetry is sent with an Entra token of the identity named
    by AZURE_CLIENT_ID (the user-assigned identity the Bicep gives the app).
    """
    global _configured
    if _configured:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("azure.core.pipeline.policies.http_logging_policy", "azure.identity", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if appinsights_connection_string:
        from azure.monitor.opentelemetry import configure_azure_monitor

        if use_managed_identity:
            from azure.identity import ManagedIdentityCredential

            credential = ManagedIdentityCredential(client_id=os.environ.get("AZURE_CLIENT_ID"))
            configure_azure_monitor(connection_string=appinsights_connection_string, credential=credential)
        else:
            configure_azure_monitor(connection_string=appinsights_connection_string)
    _configured = True
