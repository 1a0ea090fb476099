"""The sender of one branch and the sweep that wakes branches whose retries are due.

`send_branch` is what the `zra.send_pending` queue handler runs: it reads the organization's
device, connects to its VSDC and sends the branch's queue in order (`fiscalisation.send_pending`).
A redelivered or duplicate message is harmless: the branch's lease lets one sender in, and
every document's state is in the database. `wake_due_branches` is the timer's part: a branch
whose head waits for a retry gets a message when the wait is over.
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from shared_code.platform.clock import Clock
from shared_code.platform.crypto import CredentialCipher
from shared_code.platform.db import Database, UnitOfWork
from shared_code.platform.messaging import enqueue
from shared_code.platform.tenancy import live_tenants
from shared_code.zra import stock_repository, submission_repository
from shared_code.zra.client import VsdcUnavailable
from shared_code.zra.codes import CodeSyncFailed, bucket_rates, have_codes, sync_codes, sync_item_classes
from shared_code.zra.devices import VsdcAccess, get_device, list_devices
from shared_code.zra.fiscalisation import Backoff, BuiltRequest, FiscalDevice, SendReport, send_pending
from shared_code.zra.messages import SEND_PENDING, SEND_STOCK
from shared_code.zra.sales_documents import build_request
from shared_code.zra.sales_request import SalesOptions
from shared_code.zra.stock_sending import send_stock
from shared_code.zra.submission_repository import Submission


def send_branch(
    db: Database,
    organization_id: UUID,
    branch_id: str,
    *,
    cipher: CredentialCipher,
    access: VsdcAccess,
    clock: Clock,
    backoff: Backoff,
    options: SalesOptions | None = None,
) -> SendReport:
    """Send the branch's waiting documents; nothing happens until its device is initialised."""
    with db.unit_of_work(organization_id) as uow:
        device = get_device(uow, cipher=cipher, branch_id=branch_id)
    if device is None or device.sdc_id is None or device.settings.branch_id != branch_id:
        return SendReport(waiting=True)
    with access.client(organization_id, device.settings) as client:
        with db.unit_of_work(organization_id) as uow:
            synced = have_codes(uow)
        if not synced:
            try:
                sync_codes(db, organization_id, client, clock=clock)
                sync_item_classes(db, organization_id, client, clock=clock)
            except (VsdcUnavailable, CodeSyncFailed):
                return SendReport(waiting=True)  # the sweep tries again
        with db.unit_of_work(organization_id) as uow:
            rates = bucket_rates(uow)
        chosen = replace(options or SalesOptions(), bucket_rates=rates)

        def build(uow: UnitOfWork, submission: Submission) -> BuiltRequest:
            return build_request(uow, submission, options=chosen, now=clock.now())

        return send_pending(
            db,
            organization_id,
            device=FiscalDevice(branch_id, device.sdc_id),
            client=client,
            build=build,
            clock=clock,
            backoff=backoff,
        )


def send_branch_stock(
    db: Database,
    organization_id: UUID,
    branch_id: str,
    *,
    cipher: CredentialCipher,
    access: VsdcAccess,
    clock: Clock,
    backoff: Backoff,
) -> SendReport:
    """Send the branch's waiting stock movements; nothing happens until its device is initialised."""
    with db.unit_of_work(organization_id) as uow:
        device = get_device(uow, cipher=cipher, branch_id=branch_id)
    if device is None or device.sdc_id is None or device.settings.branch_id != branch_id:
        return SendReport(waiting=True)
    with access.client(organization_id, device.settings) as client:
        return send_stock(db, organization_id, branch_id, client=client, clock=clock, backoff=backoff)


def wake_due_branches(db: Database, clock: Clock) -> int:
    """Queue a send for every initialised branch whose next document (or stock movement) is due;
    returns how many messages were queued."""
    with db.unit_of_work() as uow:
        tenants = live_tenants(uow)
    woken = 0
    for organization_id in tenants:
        with db.unit_of_work(organization_id) as uow:
            for branch_id in submission_repository.branches_due(uow, clock.now()):
                enqueue(uow, SEND_PENDING, {"branch_id": branch_id})
                woken += 1
            for branch_id in stock_repository.branches_due(uow, clock.now()):
                enqueue(uow, SEND_STOCK, {"branch_id": branch_id})
                woken += 1
            uow.commit()
    return woken


def refresh_codes(db: Database, clock: Clock, *, cipher: CredentialCipher, access: VsdcAccess) -> int:
    """Fetch what changed in ZRA's codes and item classes for every initialised device; returns how many organizations
    were refreshed. One that cannot be reached keeps its cache and is tried at the next run."""
    with db.unit_of_work() as uow:
        tenants = live_tenants(uow)
    refreshed = 0
    for organization_id in tenants:
        with db.unit_of_work(organization_id) as uow:
            # Codes and item classes are the taxpayer's (one TPIN): any initialised branch's VSDC gives them.
            device = next((d for d in list_devices(uow, cipher=cipher) if d.initialised), None)
        if device is None:
            continue
        with access.client(organization_id, device.settings) as client:
            try:
                sync_codes(db, organization_id, client, clock=clock)
                sync_item_classes(db, organization_id, client, clock=clock)
            except (VsdcUnavailable, CodeSyncFailed):
                continue
        refreshed += 1
    return refreshed
