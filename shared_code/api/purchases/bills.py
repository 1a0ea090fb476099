"""Bills (on credit): drafts (CRUD), submit, approve or reject, post, void."""

from __future__ import annotations

from fastapi import APIRouter

from shared_code.api.purchases.lifecycle import Kind, add_lifecycle_routes
from shared_code.purchases.model import PurchaseKind

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["purchases"])

add_lifecycle_routes(router, Kind(PurchaseKind.BILL, noun="bill", article="a", listed="Bills (on credit)"))
