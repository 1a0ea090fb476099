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


def _check_database(services: Services) -> Check:
    try:
        with services.db.connection(timeout=3.0) as conn:
            conn.execute("SELECT 1")
            conn.rollback()
        return Check(ok=True)
    except Exception as error:
        return Check(ok=False, detail=f"database unreachable ({type(error).__name__})")


def _check_blob(services: Services) -> Check:
    try:
        services.blob.probe(timeout_seconds=3.0)
        return Check(ok=True)
    except Exception as error:
        return Check(ok=False, detail=f"blob storage unreachable ({type(error).__name__})")


@router.get("/ready", response_model=Readiness, responses={503: {"model": Readiness}})
def ready(services: Annotated[Services, Depends(get_services)]) -> JSONResponse:
    """Readiness: the database and blob storage both answer (503 names the one that does not)."""
    checks = {"database": _check_database(services), "blob": _check_blob(services)}
    is_ready = all(check.ok for check in checks.values())
    body = Readiness(status="ready" if is_ready else "not_ready", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if is_ready else 503)
