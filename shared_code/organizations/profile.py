"""The business profile and the logo of an organization."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import ValidationError

from shared_code.identity.audit import RequestMeta, record_event
from shared_code.ledger.service import has_postings
from shared_code.organizations import repository
from shared_code.organizations.model import BusinessProfile, tpin_policy_problems
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import (
    Conflict,
    DomainError,
    FieldError,
    NotFound,
    ValidationFailed,
    field_errors_from_pydantic,
)
from shared_code.platform.ports import FileStore


def get_profile(uow: UnitOfWork, organization_id: UUID) -> tuple[BusinessProfile, str | None]:
    """The business profile and the logo's blob name."""
    found = repository.profile_of(uow, organization_id)
    if found is None:
        raise NotFound("business profile", code="profile_not_found")
    return found


def tpin_locked(uow: UnitOfWork) -> bool:
    """Whether the TPIN can no longer change: documents were made under it.

    `uow` is scoped to the organization; the same rule `update_profile` enforces, asked first
    so that a screen can show the TPIN as fixed instead of offering an edit that is refused.
    """
    return has_postings(uow)


def update_profile(
    uow: UnitOfWork,
    *,
    organization_id: UUID,
    changes: dict[str, Any],
    actor_id: UUID,
    meta: RequestMeta,
    tpin_extra_pattern: str | None,
) -> BusinessProfile:
    """Apply `changes` to the profile. A TPIN change is refused once documents exist.

    `uow` is scoped to the organization (the ledger is asked whether anything was posted);
    the caller commits.
    """
    current, _ = get_profile(uow, organization_id)
    merged = {**current.model_dump(mode="json"), **changes}
    try:
        updated = BusinessProfile.model_validate(merged)
    except ValidationError as error:
        raise ValidationFailed(field_errors_from_pydantic(error.errors())) from None
    if updated.tpin != current.tpin:
        problems = tpin_policy_problems(updated.tpin, tpin_extra_pattern)
        if problems:
            raise ValidationFailed(problems)
        if tpin_locked(uow):
            raise Conflict(
                "tpin_locked",
                "The TPIN cannot change once documents exist.",
                "Invoices and journal entries carry the TPIN they were made under. Contact support "
                "if the TPIN on record is wrong.",
            )
    before, after = current.model_dump(mode="json"), updated.model_dump(mode="json")
    changed = {key: {"from": before[key], "to": after[key]} for key in after if before[key] != after[key]}
    if not changed:
        return current
    repository.upsert_profile(uow, organization_id, updated)
    record_event(
        uow,
        "organization_profile_changed",
        meta=meta,
        user_id=actor_id,
        actor_id=actor_id,
        organization_id=organization_id,
        details={"changes": changed},
    )
    return updated


_IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def image_type(data: bytes) -> str | None:
    """The content type of a PNG, JPEG or WebP image judged by its first bytes, else None."""
    for signature, content_type in _IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def set_logo(
    uow: UnitOfWork,
    files: FileStore,
    *,
    organization_id: UUID,
    data: bytes,
    max_bytes: int,
    actor_id: UUID,
    meta: RequestMeta,
) -> str:
    """Store the organization's logo (PNG, JPEG or WebP, checked by content); returns its type.

    The file is written before the caller commits the record of it: a crash in between
    leaves an unreferenced file that the next upload overwrites, never a dangling record.
    """
    if len(data) > max_bytes:
        raise DomainError(
            code="logo_too_large",
            status=413,
            title="The logo is too large.",
            detail=f"At most {max_bytes // 1024} KB.",
        )
    content_type = image_type(data)
    if content_type is None:
        raise ValidationFailed([FieldError("logo", "logo_not_an_image", "Upload a PNG, JPEG or WebP image.")])
    get_profile(uow, organization_id)
    blob_name = f"orgs/{organization_id}/profile/logo"
    files.put(blob_name, data, content_type)
    repository.set_logo(uow, organization_id, blob_name)
    record_event(
        uow,
        "organization_logo_changed",
        meta=meta,
        user_id=actor_id,
        actor_id=actor_id,
        organization_id=organization_id,
        details={"content_type": content_type, "bytes": len(data)},
    )
    return content_type


def get_logo(uow: UnitOfWork, files: FileStore, organization_id: UUID) -> tuple[bytes, str]:
    """The logo's bytes and content type."""
    _, blob_name = get_profile(uow, organization_id)
    if blob_name is None:
        raise NotFound("logo", code="logo_not_found")
    info = files.info(blob_name)
    return files.get(blob_name), info.content_type or "application/octet-stream"
