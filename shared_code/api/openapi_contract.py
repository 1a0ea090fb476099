"""The OpenAPI document as the contract: every error answer is declared, as it is sent.

FastAPI documents only the success answer and a 422 in its own `HTTPValidationError`
shape. IntelliFin answers every error as `application/problem+json` (`problems.py`), so
this declares one `Problem` schema once and puts the statuses each operation can really
answer on it, derived from what the layers in front of every route do:

- any operation: 422 (a control character in any query parameter, or a field that breaks
  its type) and 500;
- with a body: 400 (not JSON), 413 (too large), 415 (not JSON or multipart); with a
  `cursor`: 400 (not a cursor this API handed out);
- signed-in operations (all but `auth.PUBLIC_ROUTES`) and the public sign-in routes: 401 and 403;
- with path parameters, the development routes and the public invitation routes: 404;
- every write (POST, PUT, PATCH, DELETE): 409 (the state forbids it) and 429 (abuse limits);
- routes that start durable work: 503 (the orchestration backend is not there).

`tests/integration/test_api_contract.py` runs schemathesis over the whole document and fails
on any status an operation answers that is not declared here or on the route.
"""

from __future__ import annotations

from typing import Any

from shared_code.api.auth import PUBLIC_ROUTES
from shared_code.api.problems import PROBLEM_CONTENT_TYPE

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details; clients branch on `code`, never on `title`.",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "examples": ["urn:intellifin:problem:validation_failed"]},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string", "description": "Stable machine-readable code, e.g. `validation_failed`."},
        "detail": {"type": "string"},
        "instance": {"type": "string", "description": "The path that was asked for."},
        "request_id": {"type": "string"},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldProblem"}},
    },
}

FIELD_PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "FieldProblem",
    "type": "object",
    "required": ["field", "code", "message"],
    "properties": {
        "field": {"type": "string", "description": "Dotted path: `lines.0.debit`, `query.q`, `path`."},
        "code": {"type": "string"},
        "message": {"type": "string"},
    },
}

_DESCRIPTIONS = {
    400: "The body is not valid JSON, or a header is malformed.",
    401: "Not signed in, or the session has ended.",
    403: "Signed in, but not allowed (permission, CSRF token, or a second factor the organization requires).",
    404: "Nothing at this address that the caller may see.",
    409: "The current state does not allow it.",
    413: "The body is over the size limit.",
    415: "The body is not JSON (or multipart for uploads).",
    422: "A field breaks its type or a rule; every problem is listed in `errors`.",
    429: "Too many attempts; see `Retry-After`.",
    500: "A bug, logged with the request id.",
    503: "A dependency is not available.",
}

_WRITES = {"post", "put", "patch", "delete"}
_DURABLE = {("post", "/api/v1/organizations"), ("get", "/api/v1/onboarding/{instance_id}")}


def _statuses(method: str, path: str, operation: dict[str, Any]) -> set[int]:
    statuses = {422, 500}
    if "requestBody" in operation:
        statuses |= {400, 413, 415}
    if any(parameter.get("name") == "cursor" for parameter in operation.get("parameters", [])):
        statuses.add(400)  # a cursor that is not one this API handed out
    public = (method.upper(), path) in PUBLIC_ROUTES
    if path.startswith("/api/v1/") and (not public or path.startswith("/api/v1/auth/")):
        statuses |= {401, 403}  # public sign-in routes check credentials, sessions and CSRF tokens too
    if "{" in path or path.startswith(("/api/v1/dev/", "/api/v1/invitations/")):
        statuses.add(404)  # an invitation token that names nothing is not found
    if method in _WRITES:
        statuses |= {409, 429}
    if (method, path) in _DURABLE:
        statuses.add(503)
    return statuses


def document_problems(spec: dict[str, Any]) -> dict[str, Any]:
    """Declare the `Problem` schema once and the error answers of every operation on it (in place)."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas["FieldProblem"] = FIELD_PROBLEM_SCHEMA
    problem = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(_statuses(method, path, operation)):
                existing = responses.get(str(status))
                if existing is None or _is_fastapi_validation_error(existing):
                    responses[str(status)] = {"description": _DESCRIPTIONS[status], "content": problem}
    return spec


def _is_fastapi_validation_error(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema.get("$ref", "").endswith("/HTTPValidationError"))
