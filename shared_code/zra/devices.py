"""The organization's VSDC device: its settings, and initialisation, which ZRA answers once.

The VSDC's address and the device serial are stored encrypted. Initialisation is asked with
the long timeout, and its answer is written before anything is done with it: ZRA issues an
SDC id once, and a second call answers 902 with no data (reference 4.1). A 902 with nothing
stored means another system initialised the device; the owner then records the identity ZRA
gives them (`record_identity`), as several tills sharing one VSDC do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import httpx

from shared_code.organizations.profile import get_profile
from shared_code.platform.clock import Clock
from shared_code.platform.crypto import CredentialCipher
from shared_code.platform.db import Row, Transactions, UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.messaging import enqueue
from shared_code.platform.ports import Ports
from shared_code.zra import device_repository, errors
from shared_code.zra.client import VsdcClient, VsdcUnavailable
from shared_code.zra.fiscalisation import Backoff
from shared_code.zra.integration_log import CallLog, TableCallLog
from shared_code.zra.messages import SEND_PENDING
from shared_code.zra.model import Device, DeviceSettings, settings_problems

ALREADY_INSTALLED = "902"
SDC_ID = re.compile(r"[A-Za-z0-9]{1,30}")
"""An SDC id or MRC number as ZRA issues them."""


@dataclass(frozen=True)
class VsdcAccess:
    """How IntelliFin reaches an organization's VSDC: timeouts, the call log, the clock."""

    timeout_seconds: float
    init_timeout_seconds: float
    log_for: Callable[[UUID], CallLog]
    """The integration log of an organization."""
    now: Callable[[], datetime]
    transport: httpx.BaseTransport | None = None
    """Tests only: an in-process transport."""

    def client(self, organization_id: UUID, settings: DeviceSettings) -> VsdcClient:
        """A client for the organization's device (close it when done)."""
        return VsdcClient(
            settings.vsdc_url,
            settings.tpin,
            settings.branch_id,
            timeout_seconds=self.timeout_seconds,
            init_timeout_seconds=self.init_timeout_seconds,
            log=self.log_for(organization_id),
            now=self.now,
            transport=self.transport,
        )


def _associated_data(organization_id: UUID) -> bytes:
    return f"{organization_id}/zra/connection".encode()


def _device(uow: UnitOfWork, row: Row, cipher: CredentialCipher) -> Device:
    secret = json.loads(cipher.decrypt(bytes(row["connection"]), _associated_data(uow.require_tenant())))
    return Device(
        settings=DeviceSettings(
            vsdc_url=secret["vsdc_url"],
            tpin=row["tpin"],
            branch_id=row["branch_id"],
            device_serial=secret["device_serial"],
        ),
        updated_at=row["updated_at"],
        sdc_id=row["sdc_id"],
        mrc_no=row["mrc_no"],
        initialised_at=row["initialised_at"],
        init_response=row["init_response"],
    )


def get_device(uow: UnitOfWork, *, cipher: CredentialCipher, branch_id: str | None = None) -> Device | None:
    """The device of `branch_id` (without one: the main device, the head office's if it has one),
    settings decrypted; None until they are saved."""
    row = device_repository.get_device(uow, branch_id)
    return _device(uow, row, cipher) if row else None


def list_devices(uow: UnitOfWork, *, cipher: CredentialCipher) -> list[Device]:
    """Every branch's device, by branch id."""
    return [_device(uow, row, cipher) for row in device_repository.list_devices(uow)]


def forget_device(uow: UnitOfWork, branch_id: str) -> None:
    """Drop a branch's settings saved by mistake (409 once its device is initialised: ZRA knows it)."""
    if not device_repository.delete_uninitialised(uow, branch_id):
        if device_repository.get_device(uow, branch_id) is None:
            raise errors.not_set_up()
        raise errors.settings_locked()


def save_settings(
    uow: UnitOfWork, settings: DeviceSettings, *, cipher: CredentialCipher, updated_by: UUID, clock: Clock
) -> Device:
    """Save the device settings. Once the device is initialised only the VSDC address may change."""
    organization_id = uow.require_tenant()
    profile, _ = get_profile(uow, organization_id)
    if not profile.vat_registered:
        raise errors.not_vat_registered()
    problems = settings_problems(settings)
    if profile.tpin and settings.tpin != profile.tpin and not any(p.field == "tpin" for p in problems):
        problems.append(
            FieldError("tpin", "tpin_not_the_business", "This is not the business's TPIN (see its profile).")
        )
    if problems:
        raise errors.invalid_settings(problems)
    connection = cipher.encrypt(
        json.dumps({"vsdc_url": settings.vsdc_url.rstrip("/"), "device_serial": settings.device_serial}).encode(),
        _associated_data(organization_id),
    )
    row = device_repository.get_device(uow, settings.branch_id, for_update=True)
    current = _device(uow, row, cipher) if row else None
    others = [d for d in device_repository.list_devices(uow) if d["branch_id"] != settings.branch_id]
    if any(other["tpin"] != settings.tpin for other in others):
        raise errors.other_tpin()
    now = clock.now()
    if current is not None and current.initialised:
        held = current.settings
        if (held.tpin, held.branch_id, held.device_serial) != (
            settings.tpin,
            settings.branch_id,
            settings.device_serial,
        ):
            raise errors.settings_locked()
        device_repository.update_connection(uow, held.branch_id, connection=connection, updated_by=updated_by, at=now)
    else:
        device_repository.replace_device(
            uow, branch_id=settings.branch_id, tpin=settings.tpin, connection=connection, updated_by=updated_by, at=now
        )
    saved = get_device(uow, cipher=cipher, branch_id=settings.branch_id)
    assert saved is not None
    return saved


def initialise_device(
    db: Transactions,
    organization_id: UUID,
    *,
    cipher: CredentialCipher,
    access: VsdcAccess,
    initialised_by: UUID,
    branch_id: str | None = None,
) -> Device:
    """Ask the VSDC for the device's identity once, and keep it before anything else.

    Calling it again after success returns the stored device without a call. The VSDC is
    asked outside any transaction (it may take minutes); its answer is written in its own.
    """
    with db.unit_of_work(organization_id) as uow:
        device = get_device(uow, cipher=cipher, branch_id=branch_id)
    if device is None:
        raise errors.not_set_up()
    if device.initialised:
        return device
    with access.client(organization_id, device.settings) as client:
        try:
            answer = client.initialise(device.settings.device_serial)
        except VsdcUnavailable as failure:
            raise errors.vsdc_unreachable(
                f"{failure.detail}. If the VSDC is slow to start, wait and try again: ZRA issues the identity once, "
                "and IntelliFin keeps it the moment it arrives."
            ) from None
    if answer.result_code == ALREADY_INSTALLED:
        raise errors.already_initialised_elsewhere()
    info = answer.data.get("info") if answer.succeeded and isinstance(answer.data, dict) else None
    if not isinstance(info, dict) or not info.get("sdcId"):
        raise errors.device_refused(answer.result_code, answer.message or "The answer carried no SDC id.")
    with db.unit_of_work(organization_id) as uow:
        device_repository.store_identity(
            uow,
            device.settings.branch_id,
            init_response=info,
            sdc_id=str(info["sdcId"]),
            mrc_no=str(info["mrcNo"]).strip() if info.get("mrcNo") else None,
            initialised_by=initialised_by,
            at=access.now(),
        )
        # Documents issued before the device existed may go now.
        enqueue(uow, SEND_PENDING, {"branch_id": device.settings.branch_id}, tenant_id=organization_id)
        uow.commit()
    with db.unit_of_work(organization_id) as uow:
        stored = get_device(uow, cipher=cipher, branch_id=device.settings.branch_id)
    assert stored is not None
    return stored


def record_identity(
    uow: UnitOfWork,
    *,
    sdc_id: str,
    mrc_no: str | None,
    cipher: CredentialCipher,
    recorded_by: UUID,
    clock: Clock,
    branch_id: str | None = None,
) -> Device:
    """Keep a device identity ZRA gave the owner (the device was initialised by another system)."""
    row = device_repository.get_device(uow, branch_id, for_update=True)
    if row is None:
        raise errors.not_set_up()
    current = _device(uow, row, cipher)
    if current.initialised:
        raise errors.settings_locked()
    problems = []
    if not SDC_ID.fullmatch(sdc_id):
        problems.append(FieldError("sdc_id", "invalid_sdc_id", "An SDC id is letters and digits (at most 30)."))
    if mrc_no is not None and not SDC_ID.fullmatch(mrc_no):
        problems.append(FieldError("mrc_no", "invalid_mrc_no", "An MRC number is letters and digits (at most 30)."))
    if problems:
        raise errors.invalid_settings(problems)
    device_repository.store_identity(
        uow,
        current.settings.branch_id,
        init_response={"sdcId": sdc_id, "mrcNo": mrc_no, "recordedByHand": True},
        sdc_id=sdc_id,
        mrc_no=mrc_no,
        initialised_by=recorded_by,
        at=clock.now(),
    )
    enqueue(uow, SEND_PENDING, {"branch_id": current.settings.branch_id}, tenant_id=uow.require_tenant())
    saved = get_device(uow, cipher=cipher, branch_id=current.settings.branch_id)
    assert saved is not None
    return saved


def access_of(ports: Ports) -> VsdcAccess:
    """How this process reaches VSDCs: the settings' timeouts, the Table Storage call log."""
    return VsdcAccess(
        timeout_seconds=ports.settings.zra_timeout_seconds,
        init_timeout_seconds=ports.settings.zra_init_timeout_seconds,
        log_for=lambda organization_id: TableCallLog(ports.tables, organization_id),
        now=ports.clock.now,
    )


def backoff_of(ports: Ports) -> Backoff:
    """The retry schedule the settings give."""
    return Backoff(ports.settings.zra_retry_base_seconds, ports.settings.zra_retry_max_seconds)
