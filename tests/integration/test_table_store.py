"""TableStore against a real Azurite: append-only records, queried by partition."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from local_runtime.azurite import AzuriteProcess
from shared_code.platform.settings import Settings
from shared_code.platform.tables import TableStore, newest_first_row_key, table_store_from_settings


@pytest.fixture
def store(azurite: AzuriteProcess) -> TableStore:
    return TableStore.from_connection_string(azurite.connection_string)


@pytest.fixture
def table() -> str:
    """A table name no other test uses; the table does not exist yet."""
    return f"t{uuid4().hex}"


def test_an_appended_record_reads_back(store: TableStore, table: str) -> None:
    appended = store.append(
        table,
        "tenant_1",
        "call-0001",
        {"endpoint": "/trnsSales/saveSales", "result_code": "000", "amount": Decimal("1160.00")},
    )

    record = store.get(table, "tenant_1", "call-0001")

    assert appended is True
    assert record is not None
    assert (record.partition_key, record.row_key) == ("tenant_1", "call-0001")
    assert record.data == {
        "endpoint": "/trnsSales/saveSales",
        "result_code": "000",
        "amount": "1160.00",
    }
    assert Decimal(record.data["amount"]) == Decimal("1160.00")
    assert record.timestamp is not None


def test_appending_the_same_key_again_keeps_the_first_record(store: TableStore, table: str) -> None:
    store.append(table, "tenant_1", "n-1", {"title": "Invoice INV-1 fiscalised"})

    assert store.append(table, "tenant_1", "n-1", {"title": "something else"}) is False
    record = store.get(table, "tenant_1", "n-1")
    assert record is not None
    assert record.data["title"] == "Invoice INV-1 fiscalised"


def test_get_of_a_missing_record_or_table_is_none(store: TableStore, table: str) -> None:
    assert store.get(table, "tenant_1", "nothing") is None
    store.append(table, "tenant_1", "n-1", {"title": "x"})
    assert store.get(table, "tenant_1", "nothing") is None


def test_query_reads_one_partition_in_row_key_order_up_to_the_limit(store: TableStore, table: str) -> None:
    for row_key in ["c", "a", "b", "d"]:
        store.append(table, "user_1", row_key, {"read": row_key in {"a", "c"}})
    store.append(table, "user_2", "a", {"read": False})

    assert [r.row_key for r in store.query(table, "user_1")] == ["a", "b", "c", "d"]
    assert [r.row_key for r in store.query(table, "user_1", limit=2)] == ["a", "b"]


def test_query_binds_filter_parameters(store: TableStore, table: str) -> None:
    for row_key, status in [("1", "ok"), ("2", "failed"), ("3", "failed"), ("4", "ok")]:
        store.append(table, "tenant_1", row_key, {"status": status})

    failed_after_2 = store.query(
        table,
        "tenant_1",
        "status eq @status and RowKey ge @after",
        {"status": "failed", "after": "2"},
    )

    assert [r.row_key for r in failed_after_2] == ["2", "3"]


def test_a_quote_in_a_parameter_cannot_widen_the_query(store: TableStore, table: str) -> None:
    store.append(table, "tenant_1", "1", {"status": "ok"})

    assert store.query(table, "tenant_1", "status eq @s", {"s": "x' or 'a' eq 'a"}) == []


def test_query_of_a_table_not_created_yet_is_empty(store: TableStore, table: str) -> None:
    assert store.query(table, "tenant_1") == []


def test_newest_first_row_keys_read_back_newest_first(store: TableStore, table: str) -> None:
    start = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    for minutes in [0, 30, 5]:
        moment = start + timedelta(minutes=minutes)
        store.append(table, "user_1", newest_first_row_key(moment, uuid4().hex), {"m": minutes})

    assert [r.data["m"] for r in store.query(table, "user_1")] == [30, 5, 0]


def test_delete_partition_removes_only_that_partition(store: TableStore, table: str) -> None:
    for index in range(150):  # more than one transaction
        store.append(table, "tenant_1", f"{index:04d}", {"i": index})
    store.append(table, "tenant_2", "0000", {"i": 0})

    assert store.delete_partition(table, "tenant_1") == 150

    assert store.query(table, "tenant_1") == []
    assert len(store.query(table, "tenant_2")) == 1
    assert store.delete_partition(f"t{uuid4().hex}", "tenant_1") == 0


def test_reserved_properties_and_bad_names_are_refused(store: TableStore, table: str) -> None:
    with pytest.raises(ValueError, match="RowKey"):
        store.append(table, "tenant_1", "1", {"RowKey": "2"})
    with pytest.raises(ValueError, match="partition key"):
        store.append(table, "tenant/1", "1", {})
    with pytest.raises(ValueError, match="table name"):
        store.append("no_underscores", "tenant_1", "1", {})


def test_the_settings_factory_uses_the_connection_string(azurite: AzuriteProcess, table: str) -> None:
    settings = Settings(database_url="postgresql://unused", storage_connection_string=azurite.connection_string)

    store = table_store_from_settings(settings)

    assert store.append(table, "p", "r", {"x": 1})
    assert store.get(table, "p", "r") is not None


def test_placeholders_next_to_parentheses_are_bound(store: TableStore, table: str) -> None:
    for row_key, status in [("1", "ok"), ("2", "failed"), ("3", "retrying")]:
        store.append(table, "tenant_1", row_key, {"status": status})

    unsettled = store.query(table, "tenant_1", "(status eq @a) or (status eq @b)", {"a": "failed", "b": "retrying"})

    assert [r.row_key for r in unsettled] == ["2", "3"]


def test_a_placeholder_without_a_parameter_is_refused(store: TableStore, table: str) -> None:
    with pytest.raises(ValueError, match="status"):
        store.query(table, "tenant_1", "status eq @status")
