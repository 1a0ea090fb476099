"""Document failures, each with the stable code its problem response carries."""

from __future__ import annotations

from shared_code.platform.errors import Conflict, DomainError, FieldError


def rejected(errors: list[FieldError], title: str) -> DomainError:
    """A 422 listing every problem; its code is the first problem's; nothing was written or queued."""
    if not errors:
        raise ValueError("a rejection needs at least one problem")
    return DomainError(code=errors[0].code, title=title, status=422, errors=list(errors))


def logo_not_printable(reason: str) -> DomainError:
    """The organization's logo cannot be printed (too many pixels, or not an image)."""
    return DomainError(
        code="logo_not_printable",
        status=422,
        title="The organization's logo cannot be printed.",
        detail=f"Upload a smaller PNG, JPEG or WebP logo ({reason}).",
    )


def document_not_issued(what: str) -> Conflict:
    """A draft or void document has no number and is not printed or sent."""
    return Conflict(f"{what}_not_issued", f"Only an issued {what.replace('_', ' ')} can be printed or sent.")
