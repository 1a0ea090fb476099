"""Receipts over HTTP, kept in Azurite: a phone photo uploaded with an expense is stored
upright and without EXIF under tenant_<id>/receipts/, listed, and served only through the
API to members allowed to see expenses; the same photo twice is kept once; a file that is
not a receipt is a 422 with a stable code and nothing is written."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.platform.settings import Settings
from tests.fixtures.identity import Identity
from tests.integration.purchases_org import DAY, Org, problem


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test settings with room for a 10 MiB receipt in a request."""
    return settings.model_copy(update={"max_request_body_bytes": 11 * 1024 * 1024})


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def org(identity: Identity, client: TestClient) -> Org:
    owner = identity.new_user()
    return Org(id=identity.new_organization(owner, name="Chanda Hardware Ltd"), owner=owner, client=client)


def _photo() -> bytes:
    image = Image.new("RGB", (3000, 4000), "white")
    exif = Image.Exif()
    exif[0x0112] = 8  # turned: stored as landscape
    exif[0x8825] = {1: "S", 2: (15.0, 25.0, 0.0)}  # a GPS position that must not be kept
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def _expense(org: Org) -> str:
    category = next(c["id"] for c in org.get("/expense-categories").json()["items"] if c["code"] == "travel")
    body = {"payment_method": "cash", "document_date": DAY, "lines": [{"category_id": category, "unit_price": "80.00"}]}
    response = org.send("POST", "/expenses", body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _upload(org: Org, expense: str, data: bytes, name: str = "receipt.jpg", user: Any = None) -> Any:
    return org.client.post(
        org.url(f"/expenses/{expense}/receipts"),
        files={"file": (name, data, "application/octet-stream")},
        headers=(user or org.owner).headers,
    )


def test_a_photo_is_kept_upright_without_exif_and_served_only_through_the_api(
    org: Org, identity: Identity, services: Services
) -> None:
    expense = _expense(org)
    uploaded = _upload(org, expense, _photo(), name="IMG_0001.jpg")
    assert uploaded.status_code == 201, uploaded.text
    receipt = uploaded.json()
    assert (receipt["receipt_type"], receipt["width"], receipt["height"], receipt["duplicate"]) == (
        "jpeg",
        2000,
        1500,
        False,
    )
    assert receipt["retain_until"] >= "2032-03-02"
    stored = services.blob.list(f"tenant_{org.id}/receipts/{expense}/")
    assert sorted(info.name.rsplit("/", 1)[1] for info in stored) == sorted(
        [f"{receipt['id']}.jpg", f"{receipt['id']}_thumb.jpg"]
    )
    again = _upload(org, expense, _photo(), name="copy.jpg")
    assert again.status_code == 201 and again.json()["id"] == receipt["id"] and again.json()["duplicate"] is True

    viewer = identity.add_member(org.id, "viewer")
    served = org.get(f"/expenses/{expense}/receipts/{receipt['id']}/file", user=viewer)
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(served.content))
    assert image.size == (2000, 1500) and image.getexif() == {}
    thumbnail = org.get(f"/expenses/{expense}/receipts/{receipt['id']}/thumbnail")
    assert thumbnail.status_code == 200 and max(Image.open(io.BytesIO(thumbnail.content)).size) == 320
    assert [r["id"] for r in org.get(f"/expenses/{expense}/receipts").json()["items"]] == [receipt["id"]]
    without = _expense(org)
    assert [e["id"] for e in org.get("/expenses", has_receipt="true").json()["items"]] == [expense]
    assert [e["id"] for e in org.get("/expenses", has_receipt="false").json()["items"]] == [without]
    # Another organization's member sees nothing, not even that the expense exists.
    stranger = identity.new_user()
    other = identity.new_organization(stranger, name="Other Ltd")
    url = f"/api/v1/orgs/{other}/expenses/{expense}/receipts/{receipt['id']}/file"
    assert problem(org.client.get(url, headers=stranger.headers), 404)["code"] == "receipt_not_found"


def test_a_file_that_is_not_a_receipt_is_refused_and_nothing_is_kept(org: Org, services: Services) -> None:
    expense = _expense(org)
    assert problem(_upload(org, expense, b"MZ\x90\x00program", name="receipt.jpg"), 422)["code"] == (
        "receipt_type_unsupported"
    )
    assert problem(_upload(org, expense, b"", name="empty.jpg"), 422)["code"] == "receipt_empty"
    assert problem(_upload(org, expense, b"%PDF-" + b"0" * (10 * 1024 * 1024)), 422)["code"] == "receipt_too_large"
    assert org.get(f"/expenses/{expense}/receipts").json()["items"] == []
    assert services.blob.list(f"tenant_{org.id}/receipts/") == []
    missing = "00000000-0000-4000-8000-000000000000"
    assert problem(_upload(org, missing, _photo()), 404)["code"] == "expense_not_found"
