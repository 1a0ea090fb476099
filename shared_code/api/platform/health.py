"""Liveness and readiness."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from shared_code.api.dependencies import get_services
from shared_code.api.version import API_VERSION
from shared_code.bootstrap import Services

router = APIRouter(prefix="/api", tags=["health"])


class Health(BaseModel):
    """The process is up."""

    status: Literal["ok"]
    version: str


class Check(BaseModel):
    """One dependency's state."""

    ok: bool
    detail: str | None = None


class Readiness(BaseModel):
    """Whether every dependency answers; the failing ones are named."""

    status: Literal["ready", "not_ready"]
    checks: dict[str, Check]


@router.get("/health", response_model=Health)
def health() -> Health:
    """Liveness: answers as long as the process serves requests."""
    return Health(status="ok", version=API_VERSION)


@router.get("/ready", response_model=Readiness, responses={503: {"model": Readiness}})
def ready(services: Annotated[Services, Depends(get_services)]) -> JSONResponse:
    """Readiness: database, blob storage, secrets and app settings (503 names what is missing)."""
    from shared_code.platform.readiness import run_checks

    results = run_checks(services.settings, db=services.db, blob=services.blob, secrets=services.secrets)
    checks = {name: Check(ok=result.ok, detail=result.detail) for name, result in results.items()}
    is_ready = all(check.ok for check in checks.values())
    body = Readiness(status="ready" if is_ready else "not_ready", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if is_ready else 503)
