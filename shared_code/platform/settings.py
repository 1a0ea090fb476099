"""IntelliFin settings: one validated model, read from the environment once.

Every setting has an environment variable of the same name in upper case (see
`.env.example` and `local.settings.example.json`). A missing or malformed setting stops
the start with one line that names the setting and what is wrong with it.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, IPvAnyNetwork, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

AZURITE_CONNECTION_STRING = (
    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
    "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
    "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"
    "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;"
)
"""The well-known Azurite development account (public, documented by Microsoft)."""


class Environment(StrEnum):
    """Where IntelliFin runs; decides which adapters the composition root picks."""

    LOCAL = "local"
    TEST = "test"
    AZURE = "azure"


class QueueBackend(StrEnum):
    """Where the outbox relay delivers messages."""

    POSTGRES = "postgres"
    SERVICE_BUS = "servicebus"


AZURE_REQUIRED_SETTINGS = frozenset(
    {
        "database_entra_auth",
        "storage_blob_url",
        "storage_table_url",
        "blob_container",
        "key_vault_url",
        "queue_backend",
        "service_bus_namespace",
        "smtp_host",
        "smtp_port",
        "smtp_username",
        "smtp_password",
        "smtp_starttls",
        "email_from",
        "public_base_url",
        "applicationinsights_connection_string",
    }
)
"""Settings that must be given explicitly in azure: their defaults suit one machine only.

Fields without a default (`database_url`) are required everywhere and not listed.

The infrastructure test checks that the Bicep writes every one of them.
"""

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class Settings(BaseSettings):
    """All configuration of IntelliFin. Field names are the environment variable names."""

    model_config = SettingsConfigDict(
        env_prefix="",
        case_sensitive=False,
        extra="ignore",
        frozen=True,
        use_attribute_docstrings=True,
    )

    intellifin_env: Environment = Environment.LOCAL
    """local (one machine), test (pytest) or azure (deployed)."""

    database_url: str = Field(min_length=1)
    """PostgreSQL URL, e.g. postgresql://user:pass@host:5432/intellifin."""

    database_entra_auth: bool = False
    """Sign in to PostgreSQL with the managed identity's Entra token (Azure) instead of a password."""

    db_pool_min_size: int = Field(default=1, ge=0, le=50)
    db_pool_max_size: int = Field(default=10, ge=1, le=200)
    db_statement_timeout_ms: int = Field(default=30_000, ge=100)

    storage_connection_string: str | None = None
    """Blob/Table connection string (Azurite locally). Unset in Azure: identity is used."""
    storage_blob_url: str | None = None
    """Blob endpoint for managed-identity access, e.g. https://acct.blob.core.windows.net."""
    storage_table_url: str | None = None
    """Table endpoint for managed-identity access, e.g. https://acct.table.core.windows.net."""
    blob_container: str = Field(default="intellifin", pattern=r"^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")

    key_vault_url: str | None = None
    """Key Vault URL; when unset, secrets come from the git-ignored local secrets file."""
    local_secrets_file: Path = Path(".data/secrets.json")
    data_key_id: str = Field(default="v1", pattern=r"^[a-z0-9]{1,20}$")
    """The active key for encrypting integration credentials; older keys still decrypt."""

    queue_backend: QueueBackend = QueueBackend.POSTGRES
    service_bus_namespace: str | None = None
    """Fully qualified Service Bus namespace (xxx.servicebus.windows.net) for the relay."""
    queue_max_attempts: int = Field(default=8, ge=1, le=100)
    queue_backoff_base_seconds: float = Field(default=2.0, gt=0)
    queue_backoff_max_seconds: float = Field(default=900.0, gt=0)
    queue_lease_seconds: float = Field(default=60.0, gt=0)

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=8025, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    email_from: str = "IntelliFin <no-reply@intellifin.local>"
    dev_mailbox_dir: Path = Path(".data/mailbox")
    """Where the local SMTP server stores messages (Maildir); read by the dev mailbox API."""

    jwt_active_key_id: str = Field(default="k1", pattern=r"^[a-z0-9]{1,20}$")
    """Key that signs new access tokens (secret `jwt-signing-key-<id>`)."""
    jwt_previous_key_ids: list[str] = Field(default_factory=list)
    """Keys still accepted for verification after a rotation (JSON list)."""
    access_token_minutes: int = Field(default=15, ge=5, le=15)
    """Lifetime of an access token."""
    session_days: int = Field(default=30, ge=1, le=90)
    """Absolute session lifetime: a session (refresh-token family) ends this long after sign-in."""
    session_idle_hours: int = Field(default=12, ge=1, le=720)
    """Idle session timeout: a session not refreshed for this long ends (an open tab refreshes it)."""
    auth_cookie_secure: bool = True
    """Mark auth cookies Secure (browsers accept them on http://127.0.0.1 and localhost too)."""
    email_verification_hours: int = Field(default=48, ge=1, le=168)
    password_reset_minutes: int = Field(default=60, ge=5, le=1440)
    invitation_days: int = Field(default=7, ge=1, le=30)

    tpin_extra_pattern: str | None = None
    """An optional regular expression a TPIN must also match (ZRA publishes no check digit)."""
    organization_deletion_grace_days: int = Field(default=30, ge=1, le=365)
    """How long a deleted organization can be restored before its data is dropped."""
    logo_max_bytes: int = Field(default=1024 * 1024, ge=10 * 1024, le=10 * 1024 * 1024)
    onboarding_retry_interval_ms: int = Field(default=2000, ge=10, le=600_000)
    """Wait before retrying a failed onboarding step (doubles with each attempt)."""

    zra_sandbox_url: str | None = None
    """Base URL of the sandbox VSDC the local runtime started (listed at /api/v1/dev/sandboxes)."""
    airtel_sandbox_url: str | None = None
    """Base URL of the sandbox Airtel Open API the local runtime started (listed at /api/v1/dev/sandboxes)."""
    airtel_timeout_seconds: float = Field(default=30.0, gt=0, le=300)
    """How long one Airtel Open API call may take before it is retried (reference §7: 15-30 s in practice)."""
    airtel_max_attempts: int = Field(default=4, ge=1, le=10)
    """Tries of one Airtel call on timeouts, 408, 429 and 5xx before the sync job is retried later."""
    airtel_backoff_base_seconds: float = Field(default=1.0, ge=0, le=60)
    """Wait before the second try of an Airtel call; doubles each time (a Retry-After is honoured)."""
    airtel_page_size: int = Field(default=500, ge=1, le=500)
    """Rows per Transactions Summary page (one client caps Airtel's at 500)."""
    airtel_sync_overlap_minutes: int = Field(default=360, ge=0, le=10080)
    """How far back each sync re-reads before its cursor: late and settling rows are caught, duplicates skipped."""
    airtel_initial_days: int = Field(default=90, ge=1, le=3650)
    """How far back the first sync of a newly linked wallet reads."""
    zra_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    """How long a VSDC call may take before it counts as a connection failure (retried)."""
    zra_init_timeout_seconds: float = Field(default=120.0, gt=0, le=900)
    """How long device initialisation may take: a cold VSDC is slow, and the identity it issues
    once must not be lost to an impatient client (reference 4.1)."""
    zra_quantity_places: int = Field(default=2, ge=0, le=4)
    """Decimal places of a quantity the VSDC accepts (2 per the reference's S6 and RRA sources,
    marked uncertain; the sales engine keeps 4). A VAT-registered business's invoice or credit
    note with a finer quantity is refused at issue, before it is numbered, not by ZRA after."""
    zra_retry_base_seconds: float = Field(default=60.0, gt=0)
    """Wait before retrying a submission after its first retryable failure; doubles each time."""
    zra_retry_max_seconds: float = Field(default=1800.0, gt=0)
    """The wait between retries of a submission never grows past this."""

    public_base_url: str = "http://127.0.0.1:7071"
    static_site_dir: Path = Path("static_site/dist")
    max_request_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    cors_origins: list[str] = Field(default_factory=list)
    trusted_proxy_hops: int | None = Field(default=None, ge=0, le=10)
    """How many proxies in front of the app append to X-Forwarded-For (docs/security/client-address.md).
    Unset: 1 in Azure (the platform's front end), 0 elsewhere (the peer is the client)."""
    trusted_proxy_ranges: list[IPvAnyNetwork] = Field(default_factory=list)
    """Proxies by address range (CIDR, JSON list); when set, X-Forwarded-For is read only from a
    peer in one of them, and its hops in them are skipped from the right."""
    log_level: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)$")
    applicationinsights_connection_string: str | None = None

    @property
    def forwarded_hops(self) -> int:
        """The trusted proxy hops in effect (`trusted_proxy_hops`, or the environment's default)."""
        if self.trusted_proxy_hops is not None:
            return self.trusted_proxy_hops
        return 1 if self.intellifin_env is Environment.AZURE else 0

    @model_validator(mode="after")
    def _check_combinations(self) -> Settings:
        if self.db_pool_min_size > self.db_pool_max_size:
            raise ValueError("db_pool_min_size must not exceed db_pool_max_size")
        if self.intellifin_env is Environment.AZURE:
            self._check_azure()
        if self.queue_backend is QueueBackend.SERVICE_BUS and not self.service_bus_namespace:
            raise ValueError("service_bus_namespace is required when queue_backend is servicebus")
        return self

    def _check_azure(self) -> None:
        missing = sorted(name.upper() for name in AZURE_REQUIRED_SETTINGS - self.model_fields_set)
        if missing:
            raise ValueError(f"required in azure: {', '.join(missing)}")
        if self.smtp_host in LOOPBACK_HOSTS:
            # Without a real mail server, verification e-mails would dead-letter silently
            # and nobody could finish signing up.
            raise ValueError("smtp_host must name a real mail server in azure (set the smtpHost parameter)")
        if self.queue_backend is not QueueBackend.SERVICE_BUS:
            # Nothing drains the PostgreSQL queue in Azure: only the local runtime has a worker.
            raise ValueError("queue_backend must be servicebus in azure")
        if not self.public_base_url.startswith("https://"):
            raise ValueError("public_base_url must be an https:// URL in azure")

    @property
    def is_local(self) -> bool:
        """True on one machine (local runtime or tests): dev-only endpoints exist."""
        return self.intellifin_env is not Environment.AZURE


class SettingsError(RuntimeError):
    """A setting is missing or malformed; the message is one line naming it."""


def describe_validation_error(error: ValidationError) -> str:
    """One line per problem: `SETTING_NAME: what is wrong`."""
    lines = []
    for problem in error.errors():
        name = "_".join(str(part) for part in problem["loc"]).upper() or "SETTINGS"
        lines.append(f"{name}: {problem['msg']}")
    return "; ".join(lines)


def load_settings() -> Settings:
    """Read and validate the settings from the environment, or raise SettingsError."""
    try:
        return Settings()  # type: ignore[call-arg]  # values come from the environment
    except ValidationError as error:
        raise SettingsError(f"invalid configuration: {describe_validation_error(error)}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, validated on first use."""
    return load_settings()
