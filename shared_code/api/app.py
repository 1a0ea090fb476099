"""The FastAPI application: routers, middleware and the problem-details error handlers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared_code.api.capability_routes import CapabilityRoutes, MountOnFirstRequest
from shared_code.api.middleware import BodyGuardMiddleware, ControlCharacterGuardMiddleware, RequestContextMiddleware
from shared_code.api.openapi_contract import document_problems
from shared_code.api.problems import PROBLEM_CONTENT_TYPE, problem_body
from shared_code.api.security_headers import SecurityHeadersMiddleware
from shared_code.api.version import API_VERSION
from shared_code.bootstrap import Services
from shared_code.capabilities import CAPABILITIES
from shared_code.platform.errors import DomainError, FieldError, field_errors_from_pydantic

_HTTP_CODES = {
    400: ("bad_request", "The request is not valid."),
    401: ("unauthenticated", "Authentication is required."),
    403: ("forbidden", "You are not allowed to do this."),
    404: ("not_found", "Nothing exists at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    406: ("not_acceptable", "No acceptable representation."),
    409: ("conflict", "The request conflicts with the current state."),
    413: ("payload_too_large", "The request body is too large."),
    415: ("unsupported_media_type", "The request body must be application/json."),
    429: ("rate_limited", "Too many requests; try again later."),
}


def _problem(
    request: Request,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    errors: list[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        problem_body(status=status, code=code, title=title, detail=detail, instance=request.url.path, errors=errors),
        status_code=status,
        media_type=PROBLEM_CONTENT_TYPE,
        headers=headers,
    )


API_DOCS_ASSETS = "/api-docs"
"""Where the web app serves Swagger UI's files (copied from the npm package at build): no CDN."""


def _add_docs_page(app: FastAPI) -> None:
    """`/api/docs`: Swagger UI over `/api/openapi.json`, its files from this site, not a CDN.

    Plain routes, as FastAPI's own docs routes are: framework pages, not API operations.
    """
    redirect = "/api/docs/oauth2-redirect"

    async def docs(_request: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title=f"{app.title} - docs",
            swagger_js_url=f"{API_DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{API_DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url="/favicon.svg",
            oauth2_redirect_url=redirect,
        )

    async def docs_oauth2_redirect(_request: Request) -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    app.add_route("/api/docs", docs, include_in_schema=False)
    app.add_route(redirect, docs_oauth2_redirect, include_in_schema=False)


async def _on_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = list(error.errors())
    if any(problem.get("type") == "json_invalid" for problem in problems):
        return _problem(request, 400, "malformed_json", "The request body is not valid JSON.")
    field_errors = field_errors_from_pydantic(problems, strip_prefix="body")
    return _problem(request, 422, "validation_failed", "The request is not valid.", errors=field_errors)


async def _on_domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return _problem(request, error.status, error.code, error.title, error.detail, error.errors, error.headers)


async def _on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code, title = _HTTP_CODES.get(error.status_code, ("http_error", "The request failed."))
    detail = error.detail if isinstance(error.detail, str) and error.detail not in {title, "Not Found"} else None
    return _problem(request, error.status_code, code, title, detail, headers=error.headers)


def create_app(services: Services, *, mount_all_routes: bool = False) -> FastAPI:
    """The IntelliFin API, wired to `services`.

    Each capability's routes are mounted on the first request under its paths (see
    `capability_routes`); `mount_all_routes` mounts them all now, for code that walks the
    route table.
    """
    app = FastAPI(
        title="IntelliFin API",
        version=API_VERSION,
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    _add_docs_page(app)
    app.state.services = services
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    routes = CapabilityRoutes(app, CAPABILITIES)
    app.state.capability_routes = routes
    app.add_middleware(MountOnFirstRequest, routes=routes)  # innermost: mounting runs inside the error handling
    app.add_middleware(ControlCharacterGuardMiddleware)
    app.add_middleware(BodyGuardMiddleware, max_body_bytes=services.settings.max_request_body_bytes)
    if services.settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=services.settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "X-CSRF-Token",
                "Idempotency-Key",
                "X-Request-ID",
            ],
            expose_headers=["X-Request-ID", "Retry-After"],
            max_age=600,
        )
    app.add_middleware(RequestContextMiddleware)
    # Outermost, so the 500 that the request-context layer answers carries the headers too.
    app.add_middleware(SecurityHeadersMiddleware)
    build_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        routes.mount_all()
        return document_problems(build_openapi())

    app.openapi = openapi  # type: ignore[method-assign]
    if mount_all_routes:
        routes.mount_all()
    return app
