"""Telemetry to Application Insights signs in as the managed identity in Azure."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from azure.identity import ManagedIdentityCredential

from shared_code.platform import logging as platform_logging

CONNECTION_STRING = "IngestionEndpoint=https://example.in.applicationinsights.azure.com/"


@pytest.fixture
def exporter_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """`configure_azure_monitor` replaced by a recorder (no App Insights can be reached)."""
    import azure.monitor.opentelemetry

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(azure.monitor.opentelemetry, "configure_azure_monitor", lambda **kw: calls.append(kw))
    monkeypatch.setattr(platform_logging, "_configured", False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield calls
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def test_azure_telemetry_uses_the_user_assigned_identity(
    monkeypatch: pytest.MonkeyPatch, exporter_calls: list[dict[str, Any]]
) -> None:
    import azure.identity

    made: list[str | None] = []

    class RecordingCredential(ManagedIdentityCredential):
        def __init__(self, *, client_id: str | None = None) -> None:
            made.append(client_id)
            super().__init__(client_id=client_id)

    monkeypatch.setattr(azure.identity, "ManagedIdentityCredential", RecordingCredential)
    monkeypatch.setenv("AZURE_CLIENT_ID", "11111111-2222-3333-4444-555555555555")
    platform_logging.configure_logging("INFO", CONNECTION_STRING, use_managed_identity=True)
    [call] = exporter_calls
    assert call["connection_string"] == CONNECTION_STRING
    assert isinstance(call["credential"], RecordingCredential)
    assert made == ["11111111-2222-3333-4444-555555555555"]


def test_local_telemetry_sends_no_credential(exporter_calls: list[dict[str, Any]]) -> None:
    platform_logging.configure_logging("INFO", CONNECTION_STRING)
    assert exporter_calls == [{"connection_string": CONNECTION_STRING}]


def test_importing_logging_loads_neither_the_exporter_nor_azure_identity() -> None:
    code = (
        "import sys, shared_code.platform.logging; "
        "print(sorted(m for m in sys.modules if m.startswith(('azure.monitor', 'azure.identity'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
