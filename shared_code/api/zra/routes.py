"""ZRA Smart Invoice: the device settings, initialisation, submissions and the integration log."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import Cursor, RequestBody, ServicesDep
from shared_code.identity.memberships import user_names
from shared_code.platform.paging import cursor_part, decode_cursor, encode_cursor
from shared_code.zra import (
    codes,
    device_repository,
    devices,
    errors,
    fiscalisation,
    stock,
    stock_repository,
    submission_repository,
)
from shared_code.zra.client import VsdcUnavailable
from shared_code.zra.devices import access_of
from shared_code.zra.integration_log import recent_calls
from shared_code.zra.model import Device, DeviceSettings, FiscalStatus

router = APIRouter(prefix="/api/v1/orgs/{org_id}/zra", tags=["zra"])

Manage = Annotated[OrgContext, Depends(require_permission("zra:manage"))]
Read = Annotated[OrgContext, Depends(require_permission("invoices:read"))]


class SettingsIn(RequestBody):
    """Where the VSDC runs and which device this branch is (ZRA issues the serial)."""

    vsdc_url: str = Field(min_length=1, max_length=500, examples=["http://10.0.0.5:8080/zrasandboxvsdc"])
    tpin: str = Field(min_length=1, max_length=20)
    branch_id: str = Field(default="000", min_length=1, max_length=10)
    device_serial: str = Field(min_length=1, max_length=100)


class DeviceOut(BaseModel):
    """The device settings and what initialisation issued (`configured` false before any are saved)."""

    configured: bool
    vsdc_url: str | None = None
    tpin: str | None = None
    branch_id: str | None = None
    device_serial: str | None = None
    initialised: bool = False
    sdc_id: str | None = None
    mrc_no: str | None = None
    initialised_at: datetime | None = None
    updated_at: datetime | None = None
    taxpayer_name: str | None = None
    """The name ZRA holds for the TPIN (from the initialisation answer)."""
    branch_name: str | None = None


def _device_out(device: Device | None) -> DeviceOut:
    if device is None:
        return DeviceOut(configured=False)
    info: dict[str, Any] = device.init_response or {}
    return DeviceOut(
        configured=True,
        vsdc_url=device.settings.vsdc_url,
        tpin=device.settings.tpin,
        branch_id=device.settings.branch_id,
        device_serial=device.settings.device_serial,
        initialised=device.initialised,
        sdc_id=device.sdc_id,
        mrc_no=device.mrc_no,
        initialised_at=device.initialised_at,
        updated_at=device.updated_at,
        taxpayer_name=info.get("taxprNm"),
        branch_name=info.get("bhfNm"),
    )


BranchQuery = Annotated[
    str | None,
    Query(
        max_length=3,
        pattern="^[0-9]{3}$",
        description="The branch (`bhfId`); without it, the main device (the head office's if it has one).",
    ),
]


@router.get("/settings", response_model=DeviceOut)
def get_settings(ctx: Manage, services: ServicesDep, branch_id: BranchQuery = None) -> DeviceOut:
    """A branch's device settings (the VSDC address and serial are stored encrypted)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _device_out(devices.get_device(uow, cipher=services.cipher, branch_id=branch_id))


class DeviceList(BaseModel):
    """Every branch's device, by branch id."""

    items: list[DeviceOut]


@router.get("/devices", response_model=DeviceList)
def list_devices(ctx: Manage, services: ServicesDep) -> DeviceList:
    """The device of each branch (one VSDC device per branch: its own address, serial and SDC id)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return DeviceList(items=[_device_out(d) for d in devices.list_devices(uow, cipher=services.cipher)])


class BranchOut(BaseModel):
    """A branch documents can be issued from: no settings, only who it is."""

    branch_id: str
    """ZRA's `bhfId` (`000` is the head office)."""
    name: str | None
    """The branch's name in ZRA's records, once its device is initialised."""
    initialised: bool
    """Whether its device can fiscalise yet."""
    main: bool
    """The branch a document without `branch_id` is issued from."""


class BranchList(BaseModel):
    """The organization's branches, by branch id."""

    items: list[BranchOut]


@router.get("/branches", response_model=BranchList)
def list_branches(ctx: Read, services: ServicesDep) -> BranchList:
    """The branches an invoice can be issued from, for whoever reads invoices (no device settings)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        found = devices.list_devices(uow, cipher=services.cipher)
    ids = [device.settings.branch_id for device in found]
    main = "000" if "000" in ids else (ids[0] if ids else None)
    return BranchList(
        items=[
            BranchOut(
                branch_id=device.settings.branch_id,
                name=(device.init_response or {}).get("bhfNm"),
                initialised=device.initialised,
                main=device.settings.branch_id == main,
            )
            for device in found
        ]
    )


@router.delete("/devices/{branch_id}", status_code=204)
def forget_device(branch_id: str, ctx: Manage, services: ServicesDep) -> None:
    """Drop a branch's settings saved by mistake (409 `zra_device_initialised` once ZRA issued its
    identity; 409 `zra_not_set_up` if the branch has none)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        devices.forget_device(uow, branch_id)
        uow.commit()


@router.put("/settings", response_model=DeviceOut)
def save_settings(body: SettingsIn, ctx: Manage, services: ServicesDep) -> DeviceOut:
    """Save a branch's VSDC address, TPIN, branch and device serial (each branch has its own device;
    other branches keep theirs); once initialised only the address changes."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        device = devices.save_settings(
            uow,
            DeviceSettings(
                body.vsdc_url.strip(), body.tpin.strip(), body.branch_id.strip(), body.device_serial.strip()
            ),
            cipher=services.cipher,
            updated_by=ctx.user_id,
            clock=services.clock,
        )
        uow.commit()
    return _device_out(device)


@router.post("/initialise", response_model=DeviceOut)
def initialise(ctx: Manage, services: ServicesDep, branch_id: BranchQuery = None) -> DeviceOut:
    """Ask the VSDC for the device's identity (once; repeating it returns what is stored).

    503 `zra_vsdc_unreachable` when the VSDC does not answer; 409 `zra_already_initialised`
    when ZRA says another system initialised the device (record its identity by hand then).
    """
    device = devices.initialise_device(
        services.db,
        ctx.organization_id,
        cipher=services.cipher,
        access=access_of(services),
        initialised_by=ctx.user_id,
        branch_id=branch_id,
    )
    return _device_out(device)


class IdentityIn(RequestBody):
    """The identity ZRA gave for a device another system initialised."""

    sdc_id: str = Field(min_length=1, max_length=30)
    mrc_no: str | None = Field(default=None, min_length=1, max_length=30)


@router.post("/identity", response_model=DeviceOut)
def record_identity(body: IdentityIn, ctx: Manage, services: ServicesDep, branch_id: BranchQuery = None) -> DeviceOut:
    """Record the SDC id (and MRC number) ZRA gave for this device, when initialisation answers 902."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        device = devices.record_identity(
            uow,
            sdc_id=body.sdc_id.strip(),
            mrc_no=body.mrc_no.strip() if body.mrc_no else None,
            cipher=services.cipher,
            recorded_by=ctx.user_id,
            clock=services.clock,
            branch_id=branch_id,
        )
        uow.commit()
    return _device_out(device)


class CodesOut(BaseModel):
    """ZRA's standard codes as IntelliFin holds them."""

    synced_at: datetime | None
    """When they were last fetched (None: never; the first sale fetches them)."""
    code_count: int
    rates: dict[str, Decimal]
    """Each tax type's and levy's rate in percent, by code, as the codes publish it."""
    item_classes_synced_at: datetime | None = None
    """When ZRA's item classifications were last fetched (their own bookmark)."""
    item_class_count: int = 0


def _codes_out(services: ServicesDep, organization_id: UUID) -> CodesOut:
    with services.db.unit_of_work(organization_id) as uow:
        return CodesOut(
            synced_at=codes.last_sync(uow),
            code_count=codes.code_count(uow),
            rates=codes.bucket_rates(uow),
            item_classes_synced_at=codes.last_sync(uow, codes.ITEM_CLASSES),
            item_class_count=codes.item_class_count(uow),
        )


@router.get("/codes", response_model=CodesOut)
def get_codes(ctx: Manage, services: ServicesDep) -> CodesOut:
    """When ZRA's codes were last fetched, and the tax rates they give."""
    return _codes_out(services, ctx.organization_id)


@router.post("/codes/sync", response_model=CodesOut)
def sync_codes(ctx: Manage, services: ServicesDep) -> CodesOut:
    """Fetch what changed in ZRA's codes and item classifications since the last fetch (409 `zra_not_set_up`
    before initialisation, 503 `zra_vsdc_unreachable` when the VSDC does not answer; the cache is kept either way)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        # Codes are the taxpayer's (one TPIN): any initialised branch's VSDC gives them.
        device = next((d for d in devices.list_devices(uow, cipher=services.cipher) if d.initialised), None)
    if device is None:
        raise errors.not_set_up()
    with access_of(services).client(ctx.organization_id, device.settings) as client:
        try:
            codes.sync_codes(services.db, ctx.organization_id, client, clock=services.clock)
            codes.sync_item_classes(services.db, ctx.organization_id, client, clock=services.clock)
        except VsdcUnavailable as failure:
            raise errors.vsdc_unreachable(failure.detail) from None
        except codes.CodeSyncFailed as failure:
            raise errors.device_refused(failure.code, failure.message) from None
    return _codes_out(services, ctx.organization_id)


class ItemClassOut(BaseModel):
    """One of ZRA's item classifications (UNSPSC-based)."""

    code: str
    name: str | None
    level: int | None
    tax_type: str | None
    """The VAT category ZRA suggests for it (`taxTyCd`)."""


class ItemClassList(BaseModel):
    """Cached classifications matching a search, by code."""

    items: list[ItemClassOut]


@router.get("/item-classes", response_model=ItemClassList)
def list_item_classes(
    ctx: Read,
    services: ServicesDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ItemClassList:
    """ZRA's item classifications as cached (`q`: a code prefix or part of the name), for choosing an item's."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        rows = device_repository.search_item_classes(uow, q.strip() if q and q.strip() else None, limit)
    return ItemClassList(
        items=[
            ItemClassOut(
                code=row["code"],
                name=row["body"].get("itemClsNm"),
                level=int(row["body"]["itemClsLvl"]) if str(row["body"].get("itemClsLvl") or "").isdigit() else None,
                tax_type=row["body"].get("taxTyCd"),
            )
            for row in rows
        ]
    )


class SubmissionOut(BaseModel):
    """One document on its way to (or through) ZRA."""

    id: UUID
    document_type: Literal["invoice", "credit_note", "debit_note"]
    document_id: UUID
    document_number: str
    branch_id: str
    queued_at_position: int
    next_attempt_at: datetime
    fiscalised_at: datetime | None
    fiscal: FiscalStatus


class SubmissionList(BaseModel):
    """A page of submissions, newest first."""

    items: list[SubmissionOut]
    next_cursor: str | None


@router.get("/submissions", response_model=SubmissionList)
def list_submissions(
    ctx: Read,
    services: ServicesDep,
    status: Annotated[Literal["pending", "fiscalised", "rejected"] | None, Query()] = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> SubmissionList:
    """Every document sent (or to send) to ZRA, newest first; `status=rejected` lists what needs attention."""
    before = cursor_part(int, decode_cursor("zra-submissions", cursor, 1)[0]) if cursor else None
    with services.db.unit_of_work(ctx.organization_id) as uow:
        rows = submission_repository.list_submissions(uow, status=status, before=before, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return SubmissionList(
        items=[
            SubmissionOut(
                id=row.id,
                document_type=row.document_type,  # type: ignore[arg-type]
                document_id=row.document_id,
                document_number=row.document_number,
                branch_id=row.branch_id,
                queued_at_position=row.position,
                next_attempt_at=row.next_attempt_at,
                fiscalised_at=row.fiscalised_at,
                fiscal=fiscalisation.status_of_submission(row),
            )
            for row in rows
        ],
        next_cursor=encode_cursor("zra-submissions", str(rows[-1].position)) if more and rows else None,
    )


class CallOut(BaseModel):
    """One VSDC call as the integration log keeps it (secrets redacted)."""

    id: str
    at: str
    endpoint: str
    url: str
    document: str | None
    outcome: str
    http_status: int | None
    result_code: str | None
    result_message: str
    duration_ms: int
    request: str
    response: str


class CallList(BaseModel):
    """A page of calls, newest first."""

    items: list[CallOut]
    next_cursor: str | None


@router.get("/log", response_model=CallList)
def integration_log(
    ctx: Manage,
    services: ServicesDep,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CallList:
    """Every request IntelliFin sent to the VSDC and what came back, newest first."""
    calls = recent_calls(services.tables, ctx.organization_id, after=cursor, limit=limit + 1)
    more = len(calls) > limit
    calls = calls[:limit]
    return CallList(
        items=[
            CallOut(
                id=logged.id,
                at=str(logged.call.at),
                endpoint=logged.call.endpoint,
                url=logged.call.url,
                document=logged.call.document,
                outcome=logged.call.outcome,
                http_status=logged.call.http_status,
                result_code=logged.call.result_code,
                result_message=logged.call.result_message,
                duration_ms=logged.call.duration_ms,
                request=logged.call.request,
                response=logged.call.response,
            )
            for logged in calls
        ],
        next_cursor=calls[-1].id if more and calls else None,
    )


class StockItemOut(BaseModel):
    """A stock-tracked item and the quantity on hand ZRA is told."""

    item_id: UUID
    code: str
    name: str
    quantity_on_hand: Decimal


class StockMovementOut(BaseModel):
    """One stock movement on its way to (or through) ZRA: `saveStockItems`, then `saveStockMaster`."""

    id: UUID
    sar_no: int
    branch_id: str
    sar_type: str
    """ZRA's stock in/out type: 11 sale, 03 customer return, 06/16 count adjustment in/out."""
    submission_id: UUID | None
    status: Literal["pending", "movement_sent", "done", "rejected"]
    attempts: int
    last_result_code: str | None
    last_error: str | None
    created_at: datetime
    done_at: datetime | None


class StockOut(BaseModel):
    """Stock as IntelliFin tells ZRA: each stock-tracked item, and the latest movements."""

    items: list[StockItemOut]
    movements: list[StockMovementOut]


def _stock_out(services: ServicesDep, organization_id: UUID) -> StockOut:
    with services.db.unit_of_work(organization_id) as uow:
        items = stock_repository.stock_items(uow)
        movements = stock_repository.list_movements(uow, limit=50)
    return StockOut(
        items=[
            StockItemOut(
                item_id=row["id"], code=row["code"], name=row["name"], quantity_on_hand=row["quantity_on_hand"]
            )
            for row in items
        ],
        movements=[
            StockMovementOut(
                id=m.id,
                sar_no=m.position,
                branch_id=m.branch_id,
                sar_type=m.sar_type,
                submission_id=m.submission_id,
                status=m.status,  # type: ignore[arg-type]
                attempts=m.attempts,
                last_result_code=m.last_result_code,
                last_error=m.last_error,
                created_at=m.created_at,
                done_at=m.done_at,
            )
            for m in movements
        ],
    )


@router.get("/stock", response_model=StockOut)
def get_stock(ctx: Read, services: ServicesDep) -> StockOut:
    """The quantity on hand of each stock-tracked item, and the latest 50 stock movements sent to ZRA."""
    return _stock_out(services, ctx.organization_id)


class StockCountIn(RequestBody):
    """What was counted."""

    quantity_on_hand: Decimal = Field(examples=["120"])


@router.put("/stock/{item_id}", response_model=StockOut)
def count_stock(item_id: UUID, body: StockCountIn, ctx: Manage, services: ServicesDep) -> StockOut:
    """Set a stock-tracked item's quantity on hand to what was counted; the difference goes to ZRA as
    an adjustment (once the item is registered there), followed by the new quantity (422
    `item_not_stock_tracked` or `invalid_quantity`; 404 `item_not_found`)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        names = user_names(uow, [ctx.user_id])
        stock.record_count(
            uow,
            item_id,
            body.quantity_on_hand,
            user=(str(ctx.user_id), names.get(ctx.user_id, "IntelliFin")),
            today=services.clock.now().date(),
        )
        uow.commit()
    return _stock_out(services, ctx.organization_id)


@router.post("/stock/movements/{movement_id}/retry", response_model=StockOut)
def retry_stock_movement(movement_id: UUID, ctx: Manage, services: ServicesDep) -> StockOut:
    """Send a stock movement ZRA refused again, with the same texts, once its cause is fixed
    (409 `zra_not_rejected` unless it was refused)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        stock.retry_refused(uow, movement_id, now=services.clock.now())
        uow.commit()
    return _stock_out(services, ctx.organization_id)
