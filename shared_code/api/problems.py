"""RFC 9457 problem details: every error the API returns, with a stable `code`."""

from __future__ import annotations

import json
from typing import Any

from shared_code.platform.errors import FieldError
from shared_code.platform.logging import request_id_var

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_body(
    *,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    instance: str | None = None,
    errors: list[FieldError] | None = None,
) -> dict[str, Any]:
    """The JSON body of a problem response."""
    body: dict[str, Any] = {
        "type": f"urn:intellifin:problem:{code}",
        "title": title,
        "status": status,
        "code": code,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    request_id = request_id_var.get()
    if request_id:
        body["request_id"] = request_id
    if errors:
        body["errors"] = [{"field": e.field, "code": e.code, "message": e.message} for e in errors]
    return body


def problem_bytes(**kwargs: Any) -> bytes:
    """A problem body encoded for raw ASGI responses."""
    return json.dumps(problem_body(**kwargs)).encode()
