"""Settings: validated at start-up, every one documented in both example files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared_code.platform.settings import AZURE_REQUIRED_SETTINGS, Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
NAMES = {name.upper() for name in Settings.model_fields}


def _env_example_names() -> set[str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


def test_every_setting_is_listed_in_env_example() -> None:
    assert _env_example_names() == NAMES


def test_every_setting_is_listed_in_local_settings_example() -> None:
    values = json.loads((ROOT / "local.settings.example.json").read_text())["Values"]
    assert set(values) >= NAMES


def test_env_example_values_are_valid_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            if value:
                monkeypatch.setenv(name, value)
    assert load_settings().database_url.startswith("postgresql://")


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DB_POOL_MAX_SIZE", "lots", "DB_POOL_MAX_SIZE: Input should be a valid integer"),
        ("INTELLIFIN_ENV", "staging", "INTELLIFIN_ENV: Input should be 'local', 'test' or 'azure'"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL: String should match pattern"),
        ("SMTP_PORT", "70000", "SMTP_PORT: Input should be less than or equal to 65535"),
    ],
)
def test_a_malformed_setting_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://localhost/x")
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert expected in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_missing_setting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(SettingsError, match="DATABASE_URL: Field required"):
        load_settings()


def test_combinations_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://localhost/x")
    monkeypatch.setenv("QUEUE_BACKEND", "servicebus")
    with pytest.raises(SettingsError, match="service_bus_namespace is required"):
        load_settings()


AZURE = {
    "INTELLIFIN_ENV": "azure",
    "DATABASE_URL": "postgresql://id-intellifin-dev@psql.postgres.database.azure.com:5432/intellifin?sslmode=require",
    "DATABASE_ENTRA_AUTH": "true",
    "STORAGE_BLOB_URL": "https://acct.blob.core.windows.net",
    "STORAGE_TABLE_URL": "https://acct.table.core.windows.net",
    "BLOB_CONTAINER": "intellifin",
    "KEY_VAULT_URL": "https://kv.vault.azure.net/",
    "QUEUE_BACKEND": "servicebus",
    "SERVICE_BUS_NAMESPACE": "sb.servicebus.windows.net",
    "SMTP_HOST": "smtp.azurecomm.net",
    "SMTP_PORT": "587",
    "SMTP_USERNAME": "acs.app.tenant",
    "SMTP_PASSWORD": "secret",
    "SMTP_STARTTLS": "true",
    "EMAIL_FROM": "IntelliFin <DoNotReply@example.azurecomm.net>",
    "PUBLIC_BASE_URL": "https://app.example.com",
    "APPLICATIONINSIGHTS_CONNECTION_STRING": "IngestionEndpoint=https://example.in.applicationinsights.azure.com/",
}
"""A complete Azure configuration (the infrastructure test checks the Bicep writes the same names)."""


def _azure_env(monkeypatch: pytest.MonkeyPatch, **overrides: str | None) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in (AZURE | overrides).items():
        if value is not None:
            monkeypatch.setenv(name, value)


def test_a_complete_azure_configuration_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    _azure_env(monkeypatch)
    assert load_settings().smtp_host == "smtp.azurecomm.net"


@pytest.mark.parametrize("name", sorted(name.upper() for name in AZURE_REQUIRED_SETTINGS))
def test_azure_refuses_to_start_without_a_setting_whose_default_suits_one_machine(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    _azure_env(monkeypatch, **{name: None})
    with pytest.raises(SettingsError, match=rf"required in azure: {name}$"):
        load_settings()


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("SMTP_HOST", "127.0.0.1", "smtp_host must name a real mail server"),
        ("QUEUE_BACKEND", "postgres", "queue_backend must be servicebus in azure"),
        ("PUBLIC_BASE_URL", "http://app.example.com", "public_base_url must be an https:// URL"),
    ],
)
def test_azure_refuses_local_values(monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str) -> None:
    _azure_env(monkeypatch, **{name: value})
    with pytest.raises(SettingsError, match=expected):
        load_settings()
