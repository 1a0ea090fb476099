"""Settings: validated at start-up, every one documented in both example files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared_code.platform.settings import Settings, SettingsError, load_settings

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
    monkeypatch.setenv("QUEUE_BACKEND", "postgres")
    monkeypatch.setenv("INTELLIFIN_ENV", "azure")
    with pytest.raises(SettingsError, match="storage_blob_url"):
        load_settings()
    monkeypatch.setenv("STORAGE_BLOB_URL", "https://acct.blob.core.windows.net")
    with pytest.raises(SettingsError, match="smtp_host must name a real mail server"):
        load_settings()
    monkeypatch.setenv("SMTP_HOST", "smtp.sendgrid.net")
    assert load_settings().smtp_host == "smtp.sendgrid.net"
