"""The pure parts of fiscalisation: device settings checks, the fiscal status a submission shows,
the saveItem request and its fingerprint, and the retry schedule."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from shared_code.zra.fiscalisation import Backoff
from shared_code.zra.item_registration import ItemRegistration, fingerprint, item_request
from shared_code.zra.model import DeviceSettings, fiscal_status, settings_problems

GOOD = DeviceSettings("https://vsdc.chanda.co.zm:8443/zrasandboxvsdc", "1002345678", "000", "SN-2024/001")


def test_good_settings_have_no_problem() -> None:
    assert settings_problems(GOOD) == []


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("vsdc_url", "ftp://vsdc.local", "invalid_url"),
        ("vsdc_url", "vsdc.local:8080", "invalid_url"),
        ("vsdc_url", "http://user:secret@vsdc.local", "invalid_url"),
        ("vsdc_url", "http://vsdc.local/?x=1", "invalid_url"),
        ("tpin", "100234567", "invalid_tpin"),
        ("tpin", "10023456789", "invalid_tpin"),
        ("branch_id", "00", "invalid_branch_id"),
        ("branch_id", "A01", "invalid_branch_id"),
        ("device_serial", "", "invalid_device_serial"),
        ("device_serial", "SN 1", "invalid_device_serial"),
        ("device_serial", "S" * 101, "invalid_device_serial"),
    ],
)
def test_each_bad_setting_is_named_with_its_code(field: str, value: str, code: str) -> None:
    bad = DeviceSettings(**{**GOOD.__dict__, field: value})
    assert [(p.field, p.code) for p in settings_problems(bad)] == [(field, code)]


def test_a_pending_submission_tried_before_shows_as_retrying_and_a_receipt_is_read_field_by_field() -> None:
    assert fiscal_status(status="pending", attempts=0, last_result_code=None, last_error=None, receipt=None).status == (
        "pending"
    )
    retrying = fiscal_status(status="pending", attempts=2, last_result_code="838", last_error="offline", receipt=None)
    assert (retrying.status, retrying.last_error) == ("retrying", "offline")
    receipt = {
        "rcptNo": 7,
        "sdcId": "SDC5678000001",
        "intrlData": "ABC",
        "rcptSign": "SIGN",
        "vsdcRcptPbctDate": "20261203101500",
        "qrCodeUrl": "https://sandboxportal.zra.org.zm/indexInvoiceData?Data=1",
        "mrcNo": "WIS00000001",
    }
    done = fiscal_status(status="fiscalised", attempts=3, last_result_code="924", last_error="x", receipt=receipt)
    assert (done.status, done.receipt_number, done.sdc_id, done.signature, done.last_error) == (
        "fiscalised",
        7,
        "SDC5678000001",
        "SIGN",
        None,
    )


def _item(**fields: object) -> ItemRegistration:
    base: dict[str, object] = {
        "item_id": UUID(int=1),
        "code": "ROOM",
        "classification_code": "90111500",
        "name": "Room night",
        "is_goods": False,
        "unit_code": "U",
        "packaging_code": "NT",
        "vat_category": "A",
        "levy": "TL",
        "default_price": Decimal("850.00"),
        "rrp": None,
    }
    return ItemRegistration(**{**base, **fields})  # type: ignore[arg-type]


def test_an_item_request_names_its_type_levy_and_rrp_as_zra_expects() -> None:
    room = item_request(_item(), user_id="u-1", user_name="Mwila Banda")
    assert (room["itemTyCd"], room["vatCatCd"], room["tlCatCd"], room["iplCatCd"], room["rrp"]) == (
        "3",
        "A",
        "TL",
        None,
        None,
    )
    beer = item_request(
        _item(code="BEER", is_goods=True, vat_category="B", levy=None, rrp=Decimal("25")), user_id="u", user_name="U"
    )
    assert (beer["itemTyCd"], beer["vatCatCd"], beer["tlCatCd"], beer["rrp"]) == ("2", "B", None, Decimal("25"))
    insurance = item_request(_item(levy="IPL1"), user_id="u", user_name="U")
    assert (insurance["iplCatCd"], insurance["tlCatCd"]) == ("IPL1", None)


def test_the_fingerprint_changes_with_what_zra_holds_and_not_with_who_registers() -> None:
    assert fingerprint(_item()) == fingerprint(_item())
    assert fingerprint(_item()) != fingerprint(_item(classification_code="90111501"))
    assert fingerprint(_item()) != fingerprint(_item(default_price=Decimal("900")))
    assert item_request(_item(), user_id="a", user_name="A") != item_request(_item(), user_id="b", user_name="B")


def test_the_retry_wait_doubles_from_the_base_and_stops_at_the_cap() -> None:
    backoff = Backoff(base_seconds=60, max_seconds=1800)
    assert [backoff.after(n) for n in (1, 2, 3, 5, 6, 100)] == [
        timedelta(seconds=60),
        timedelta(seconds=120),
        timedelta(seconds=240),
        timedelta(seconds=960),
        timedelta(seconds=1800),
        timedelta(seconds=1800),
    ]
