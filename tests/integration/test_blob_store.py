"""BlobStore against a real Azurite: files in, files out, a tenant's files removed."""

from __future__ import annotations

from uuid import uuid4

import pytest

from local_runtime.azurite import AzuriteProcess
from shared_code.platform.blob import BlobNotFound, BlobStore, blob_store_from_settings
from shared_code.platform.settings import Settings


@pytest.fixture
def store(azurite: AzuriteProcess) -> BlobStore:
    """A store on a container of its own, not yet created."""
    return BlobStore.from_connection_string(azurite.connection_string, f"test-{uuid4().hex[:12]}")


def test_a_receipt_put_comes_back_with_its_type_and_metadata(store: BlobStore) -> None:
    receipt = b"\xff\xd8\xff\xe0 a JPEG of a fuel receipt"

    store.put("tenant_1/receipts/exp-42.jpg", receipt, "image/jpeg", {"expense_id": "exp-42"})

    assert store.get("tenant_1/receipts/exp-42.jpg") == receipt
    info = store.info("tenant_1/receipts/exp-42.jpg")
    assert (info.size, info.content_type, info.metadata) == (
        len(receipt),
        "image/jpeg",
        {"expense_id": "exp-42"},
    )


def test_put_replaces_an_existing_blob(store: BlobStore) -> None:
    store.put("tenant_1/reports/pl.pdf", b"draft", "application/pdf")
    store.put("tenant_1/reports/pl.pdf", b"final", "application/pdf")

    assert store.get("tenant_1/reports/pl.pdf") == b"final"


def test_a_missing_blob_raises_blob_not_found(store: BlobStore) -> None:
    with pytest.raises(BlobNotFound) as raised:
        store.get("tenant_1/receipts/none.jpg")
    assert raised.value.name == "tenant_1/receipts/none.jpg"
    with pytest.raises(BlobNotFound):
        store.info("tenant_1/receipts/none.jpg")


def test_exists_and_delete(store: BlobStore) -> None:
    store.put("tenant_1/invoices/INV-1.pdf", b"%PDF-1.7", "application/pdf")

    assert store.exists("tenant_1/invoices/INV-1.pdf")
    assert store.delete("tenant_1/invoices/INV-1.pdf") is True
    assert not store.exists("tenant_1/invoices/INV-1.pdf")
    assert store.delete("tenant_1/invoices/INV-1.pdf") is False


def test_list_returns_only_the_prefix_in_name_order(store: BlobStore) -> None:
    for name in ["tenant_2/a.txt", "tenant_1/b.txt", "tenant_1/a.txt", "tenant_10/a.txt"]:
        store.put(name, name.encode(), "text/plain")

    listed = store.list("tenant_1/")

    assert [blob.name for blob in listed] == ["tenant_1/a.txt", "tenant_1/b.txt"]
    assert all(blob.content_type == "text/plain" for blob in listed)
    assert len(store.list()) == 4


def test_delete_prefix_removes_one_tenant_and_leaves_the_others(store: BlobStore) -> None:
    for index in range(300):  # more than one delete batch
        store.put(f"tenant_1/receipts/{index:03d}.jpg", b"x", "image/jpeg")
    store.put("tenant_10/receipts/000.jpg", b"kept", "image/jpeg")

    assert store.delete_prefix("tenant_1/") == 300

    assert store.list("tenant_1/") == []
    assert store.get("tenant_10/receipts/000.jpg") == b"kept"
    assert store.delete_prefix("tenant_1/") == 0


def test_delete_prefix_refuses_to_empty_the_container(store: BlobStore) -> None:
    with pytest.raises(ValueError, match="non-empty prefix"):
        store.delete_prefix("")


def test_a_store_on_a_new_container_is_empty_and_usable(store: BlobStore) -> None:
    assert store.list() == []
    assert not store.exists("anything")


def test_the_settings_factory_uses_the_connection_string(azurite: AzuriteProcess) -> None:
    settings = Settings(
        database_url="postgresql://unused",
        storage_connection_string=azurite.connection_string,
        blob_container=f"test-{uuid4().hex[:12]}",
    )

    store = blob_store_from_settings(settings)
    store.put("tenant_1/hello.txt", b"hello", "text/plain")

    assert store.container == settings.blob_container
    assert store.get("tenant_1/hello.txt") == b"hello"
