"""ZRA Smart Invoice as IntelliFin keeps it: the device settings, the device ZRA issued, and a
document's fiscal status. Pure: no I/O.

Uncertain facts (reference marks) are settings, not constants: the VSDC's address is the
taxpayer's own (their server, or a container per branch), so it is whatever they type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from shared_code.platform.errors import FieldError

TPIN = re.compile(r"[0-9]{10}")
BRANCH = re.compile(r"[0-9]{3}")
SERIAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,99}")
"""A device serial as ZRA issues them (letters, digits and `.-_/`, at most 100)."""
HEAD_OFFICE = "000"


@dataclass(frozen=True)
class DeviceSettings:
    """Where the organization's VSDC is and which device it is, as the owner types them."""

    vsdc_url: str
    """Base URL of the VSDC web application, e.g. `http://10.0.0.5:8080/zrasandboxvsdc`."""
    tpin: str
    """The taxpayer's TPIN (10 digits)."""
    branch_id: str
    """ZRA's branch id (`bhfId`, 3 digits; `000` is the head office)."""
    device_serial: str
    """The device serial number ZRA issued for this branch (`dvcSrlNo`)."""


def settings_problems(settings: DeviceSettings) -> list[FieldError]:
    """Every reason these settings cannot be used (empty if none)."""
    problems: list[FieldError] = []
    parts = urlsplit(settings.vsdc_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(FieldError("vsdc_url", "invalid_url", "The VSDC address must be an http:// or https:// URL."))
    elif parts.query or parts.fragment or parts.username or parts.password:
        problems.append(
            FieldError("vsdc_url", "invalid_url", "The VSDC address must not carry a query, fragment or password.")
        )
    if not TPIN.fullmatch(settings.tpin):
        problems.append(FieldError("tpin", "invalid_tpin", "A TPIN is 10 digits."))
    if not BRANCH.fullmatch(settings.branch_id):
        problems.append(
            FieldError("branch_id", "invalid_branch_id", "A branch id is 3 digits (000 for the head office).")
        )
    if not SERIAL.fullmatch(settings.device_serial):
        problems.append(
            FieldError(
                "device_serial",
                "invalid_device_serial",
                "A device serial is letters, digits and . - _ / (at most 100 characters).",
            )
        )
    return problems


@dataclass(frozen=True)
class Device:
    """The organization's VSDC device: its settings and what initialisation issued."""

    settings: DeviceSettings
    updated_at: datetime
    sdc_id: str | None
    """The SDC id ZRA issued at initialisation (None until then)."""
    mrc_no: str | None
    """The device's MRC number."""
    initialised_at: datetime | None
    init_response: dict[str, Any] | None
    """The whole `info` of the initialisation answer, kept as received."""

    @property
    def initialised(self) -> bool:
        """True once ZRA issued the device's identity."""
        return self.sdc_id is not None


@dataclass(frozen=True)
class FiscalStatus:
    """Where one document stands with ZRA, as the invoice screen and the PDF show it."""

    status: str
    """`not_issued` (a draft), `not_required` (not VAT-registered), `pending`, `retrying`,
    `fiscalised` or `rejected`."""
    receipt_number: int | None = None
    sdc_id: str | None = None
    fiscal_at: str | None = None
    """`vsdcRcptPbctDate` as the VSDC gave it (`yyyyMMddHHmmss`, Lusaka time)."""
    internal_data: str | None = None
    signature: str | None = None
    qr_url: str | None = None
    mrc_no: str | None = None
    attempts: int = 0
    last_result_code: str | None = None
    last_error: str | None = None
    """ZRA's words when it refused the document, or why the last attempt got no answer."""


def fiscal_status(
    *,
    status: str,
    attempts: int,
    last_result_code: str | None,
    last_error: str | None,
    receipt: dict[str, Any] | None,
) -> FiscalStatus:
    """The fiscal status of a stored submission: `retrying` once an attempt got no receipt."""
    shown = "retrying" if status == "pending" and attempts > 0 else status
    data = receipt or {}
    number = data.get("rcptNo")
    return FiscalStatus(
        status=shown,
        receipt_number=int(number) if number is not None else None,
        sdc_id=data.get("sdcId"),
        fiscal_at=data.get("vsdcRcptPbctDate"),
        internal_data=data.get("intrlData"),
        signature=data.get("rcptSign"),
        qr_url=data.get("qrCodeUrl"),
        mrc_no=data.get("mrcNo"),
        attempts=attempts,
        last_result_code=last_result_code,
        last_error=None if status == "fiscalised" else last_error,
    )
