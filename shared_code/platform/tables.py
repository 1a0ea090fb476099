"""Append-only records in Azure Table Storage: notification feeds, integration call logs.

Records need no joins and arrive in volume, so they live outside PostgreSQL. A record is
addressed by table, partition key (who it belongs to, e.g. the tenant or the user) and
row key (unique in the partition). Table Storage returns a partition's records in row-key
order; `newest_first_row_key` makes row keys that sort newest first, for feeds.

Locally the store talks to Azurite through a connection string; in Azure it uses the
table endpoint and the managed identity. The `azure.*` packages are imported on first use
so that `import function_app` stays fast.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import islice
from typing import TYPE_CHECKING, Any

from shared_code.platform.settings import AZURITE_CONNECTION_STRING, Settings, SettingsError

if TYPE_CHECKING:
    from azure.data.tables import TableClient, TableEntity, TableServiceClient

MAX_QUERY_LIMIT = 1000
"""Table Storage returns at most 1000 entities per page; a query returns at most one page."""

TRANSACTION_SIZE = 100
"""Table Storage accepts at most 100 operations in one transaction."""

RESERVED_PROPERTIES = frozenset({"PartitionKey", "RowKey", "Timestamp"})
"""System properties: given as arguments, never inside a record's data."""

_TABLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{2,62}")
_KEY_FORBIDDEN = re.compile(r"[/\\#?\x00-\x1f\x7f-\x9f]")
_PARTITION_PARAMETER = "intellifin_partition_key"
_PLACEHOLDER = re.compile(r"@(\w+)")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ROW_KEY_SPAN = 10**17
"""Microseconds since 1970 stay below this until the year 5138."""


@dataclass(frozen=True)
class TableRecord:
    """One stored record."""

    partition_key: str
    row_key: str
    timestamp: datetime | None
    """When Table Storage last wrote the record (UTC)."""
    data: dict[str, Any] = field(default_factory=dict)
    """The record's properties, without the system properties."""


class TableStore:
    """Tables of append-only records; each table is created on first use.

    Give either `connection_string` (Azurite, or an account key) or `endpoint` (the
    account's table URL, reached with `DefaultAzureCredential`). Safe to share between
    threads.
    """

    def __init__(
        self,
        *,
        connection_string: str | None = None,
        endpoint: str | None = None,
    ) -> None:
        if connection_string is not None and endpoint is None:
            self._use_identity, self._address = False, connection_string
        elif endpoint is not None and connection_string is None:
            self._use_identity, self._address = True, endpoint
        else:
            raise ValueError("give exactly one of connection_string and endpoint")
        self._service: TableServiceClient | None = None
        self._created: set[str] = set()
        self._lock = threading.Lock()

    @classmethod
    def from_connection_string(cls, connection_string: str) -> TableStore:
        """A store authenticated by a connection string (Azurite locally)."""
        return cls(connection_string=connection_string)

    @classmethod
    def from_endpoint(cls, endpoint: str) -> TableStore:
        """A store authenticated by the managed identity (`DefaultAzureCredential`)."""
        return cls(endpoint=endpoint)

    def append(self, table: str, partition_key: str, row_key: str, entity: Mapping[str, Any]) -> bool:
        """Store a new record; False (and nothing changes) if the key is already taken.

        Records are never overwritten, so a handler that retries after a failure can
        append the same record again safely. `Decimal` values are stored as strings
        (Table Storage has no decimal type); read them back with `Decimal(value)`.
        """
        from azure.core.exceptions import ResourceExistsError

        reserved = RESERVED_PROPERTIES & entity.keys()
        if reserved:
            raise ValueError(f"record data must not contain {sorted(reserved)}")
        stored: dict[str, Any] = {
            "PartitionKey": _checked_key("partition key", partition_key),
            "RowKey": _checked_key("row key", row_key),
        }
        stored.update((name, str(value) if isinstance(value, Decimal) else value) for name, value in entity.items())
        try:
            self._table(table, create=True).create_entity(stored)
        except ResourceExistsError:
            return False
        return True

    def get(self, table: str, partition_key: str, row_key: str) -> TableRecord | None:
        """The record with this key, or None."""
        from azure.core.exceptions import ResourceNotFoundError

        try:
            entity = self._table(table).get_entity(
                _checked_key("partition key", partition_key), _checked_key("row key", row_key)
            )
        except ResourceNotFoundError:
            return None
        return _record(entity)

    def query(
        self,
        table: str,
        partition_key: str,
        filter: str | None = None,
        parameters: Mapping[str, Any] | None = None,
        *,
        limit: int = 100,
    ) -> list[TableRecord]:
        """Up to `limit` records of one partition, in row-key order.

        `filter` is an OData expression over the record's properties with `@name`
        placeholders bound from `parameters` (never format values into it), e.g.
        `filter="RowKey gt @after and (status eq @status)"`; its whitespace is normalised,
        so pass values with spaces as parameters. A table that does not exist yet holds no
        records.
        """
        from azure.core.exceptions import ResourceNotFoundError

        if not 1 <= limit <= MAX_QUERY_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_QUERY_LIMIT}")
        bound = dict(parameters or {})
        if _PARTITION_PARAMETER in bound:
            raise ValueError(f"the parameter name {_PARTITION_PARAMETER!r} is reserved")
        bound[_PARTITION_PARAMETER] = _checked_key("partition key", partition_key)
        query_filter = f"PartitionKey eq @{_PARTITION_PARAMETER}"
        if filter:
            missing = set(_PLACEHOLDER.findall(filter)) - bound.keys()
            if missing:
                raise ValueError(f"filter placeholders without parameters: {sorted(missing)}")
            # The SDK binds a placeholder only if it stands between single spaces, and
            # fails on runs of spaces: pad placeholders, then collapse whitespace.
            padded = _PLACEHOLDER.sub(r" @\1 ", filter)
            query_filter += " and ( " + " ".join(padded.split()) + " )"
        entities = self._table(table).query_entities(query_filter, parameters=bound, results_per_page=limit)
        try:
            return [_record(entity) for entity in islice(entities, limit)]
        except ResourceNotFoundError:
            return []

    def delete_partition(self, table: str, partition_key: str) -> int:
        """Delete every record of one partition (e.g. a deleted tenant's); returns how many."""
        from azure.core.exceptions import ResourceNotFoundError

        client = self._table(table)
        keys = client.query_entities(
            f"PartitionKey eq @{_PARTITION_PARAMETER}",
            parameters={_PARTITION_PARAMETER: _checked_key("partition key", partition_key)},
            select=["PartitionKey", "RowKey"],
        )
        try:
            doomed = [{"PartitionKey": e["PartitionKey"], "RowKey": e["RowKey"]} for e in keys]
        except ResourceNotFoundError:
            return 0
        for start in range(0, len(doomed), TRANSACTION_SIZE):
            client.submit_transaction([("delete", entity) for entity in doomed[start : start + TRANSACTION_SIZE]])
        return len(doomed)

    def _table(self, table: str, *, create: bool = False) -> TableClient:
        if not _TABLE_NAME.fullmatch(table):
            raise ValueError(f"invalid table name {table!r}: 3 to 63 letters and digits, starting with a letter")
        service = self._service_client()
        if create and table not in self._created:
            service.create_table_if_not_exists(table)
            with self._lock:
                self._created.add(table)
        return service.get_table_client(table)

    def _service_client(self) -> TableServiceClient:
        if self._service is not None:
            return self._service
        with self._lock:
            if self._service is None:
                from azure.data.tables import TableServiceClient

                if self._use_identity:
                    from azure.identity import DefaultAzureCredential

                    self._service = TableServiceClient(self._address, credential=DefaultAzureCredential())
                else:
                    self._service = TableServiceClient.from_connection_string(self._address)
            return self._service


def newest_first_row_key(moment: datetime, unique: str) -> str:
    """A row key that sorts before those of earlier moments: feeds read newest first.

    `moment` must be timezone-aware; `unique` (e.g. a ULID or UUID) breaks ties between
    records of the same microsecond.
    """
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    micros = (moment - _EPOCH) // timedelta(microseconds=1)
    if not 0 <= micros < _ROW_KEY_SPAN:
        raise ValueError("moment is outside the range row keys can order")
    return f"{_ROW_KEY_SPAN - 1 - micros:017d}-{_checked_key('unique part', unique)}"


def table_store_from_settings(settings: Settings) -> TableStore:
    """The table store the settings describe.

    `STORAGE_CONNECTION_STRING` wins; else `STORAGE_TABLE_URL` with the managed identity;
    else, on one machine, Azurite's default endpoints.
    """
    if settings.storage_connection_string:
        return TableStore.from_connection_string(settings.storage_connection_string)
    if settings.storage_table_url:
        return TableStore.from_endpoint(settings.storage_table_url)
    if settings.is_local:
        return TableStore.from_connection_string(AZURITE_CONNECTION_STRING)
    raise SettingsError("STORAGE_TABLE_URL: required in azure (or STORAGE_CONNECTION_STRING)")


def _record(entity: TableEntity) -> TableRecord:
    timestamp = entity.metadata.get("timestamp")
    return TableRecord(
        partition_key=entity["PartitionKey"],
        row_key=entity["RowKey"],
        timestamp=timestamp if isinstance(timestamp, datetime) else None,
        data={name: value for name, value in entity.items() if name not in RESERVED_PROPERTIES},
    )


def _checked_key(what: str, key: str) -> str:
    if not key or len(key) > 512 or _KEY_FORBIDDEN.search(key):
        raise ValueError(f"invalid {what} {key!r}: 1 to 512 characters, without / \\ # ? or control characters")
    return key
