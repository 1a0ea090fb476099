"""API conventions: problem details with stable codes for every bad request, never a 500."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from local_runtime.postgres import free_port
from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.platform.settings import AZURITE_CONNECTION_STRING
from tests.fixtures.identity import Identity


class Greeting(BaseModel):
    name: str = Field(max_length=20)
    count: int


def _app_with_echo(services: Services) -> TestClient:
    app = create_app(services)
    router = APIRouter()

    @router.post("/api/v1/echo")
    def echo(body: Greeting) -> Greeting:
        return body

    @router.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret-connection-string=abc")

    app.include_router(router)
    return TestClient(app, raise_server_exceptions=False)


def _assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["type"] == f"urn:intellifin:problem:{code}"
    assert body["title"]
    assert response.headers["x-request-id"] == body["request_id"]
    return body


def test_health_answers_ok(api: TestClient) -> None:
    response = api.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_ready_names_every_dependency(api: TestClient) -> None:
    response = api.get("/api/ready")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "status": "ready",
        "checks": {
            "database": {"ok": True, "detail": None},
            "blob": {"ok": True, "detail": None},
            "secrets": {"ok": True, "detail": None},
            "app_settings": {"ok": True, "detail": None},
        },
    }


def test_ready_names_the_failing_part(services: Services) -> None:
    closed_port = free_port()
    unreachable = AZURITE_CONNECTION_STRING.replace("127.0.0.1:10000", f"127.0.0.1:{closed_port}")
    broken = Services(services.settings.model_copy(update={"storage_connection_string": unreachable}))
    try:
        with TestClient(create_app(broken), raise_server_exceptions=False) as client:
            response = client.get("/api/ready")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "not_ready"
        assert body["checks"]["database"]["ok"] is True
        assert body["checks"]["blob"]["ok"] is False
        assert "blob storage unreachable" in body["checks"]["blob"]["detail"]
    finally:
        broken.close()


def test_openapi_and_docs_are_served(api: TestClient) -> None:
    spec = api.get("/api/openapi.json")
    assert spec.status_code == 200
    assert "/api/health" in spec.json()["paths"]
    assert api.get("/api/docs").status_code == 200


def test_unknown_route_is_a_404_problem(api: TestClient) -> None:
    _assert_problem(api.get("/api/v1/nothing-here"), 404, "not_found")


def test_wrong_method_is_a_405_problem(api: TestClient) -> None:
    _assert_problem(api.post("/api/health", json={}), 405, "method_not_allowed")


def test_malformed_json_is_a_400_problem(services: Services) -> None:
    client = _app_with_echo(services)
    response = client.post(
        "/api/v1/echo", content=b'{"name": "x", "count": ', headers={"content-type": "application/json"}
    )
    _assert_problem(response, 400, "malformed_json")


def test_wrong_content_type_is_a_415_problem(services: Services) -> None:
    client = _app_with_echo(services)
    response = client.post("/api/v1/echo", content=b"name=x", headers={"content-type": "text/plain"})
    _assert_problem(response, 415, "unsupported_media_type")


def test_body_over_the_limit_is_a_413_problem(services: Services) -> None:
    client = _app_with_echo(services)
    big = b'{"name": "' + b"x" * (70 * 1024) + b'", "count": 1}'
    _assert_problem(
        client.post("/api/v1/echo", content=big, headers={"content-type": "application/json"}),
        413,
        "payload_too_large",
    )


def test_streamed_body_over_the_limit_is_a_413_problem(services: Services) -> None:
    client = _app_with_echo(services)

    def chunks():
        for _ in range(100):
            yield b"x" * 1024

    response = client.post("/api/v1/echo", content=chunks(), headers={"content-type": "application/json"})
    _assert_problem(response, 413, "payload_too_large")


def test_invalid_fields_are_listed_together(services: Services) -> None:
    client = _app_with_echo(services)
    body = _assert_problem(
        client.post("/api/v1/echo", json={"name": "x" * 21, "count": "many"}), 422, "validation_failed"
    )
    assert {(error["field"], error["code"]) for error in body["errors"]} == {
        ("name", "string_too_long"),
        ("count", "int_parsing"),
    }


def test_a_crash_is_a_500_problem_without_internals(services: Services) -> None:
    client = _app_with_echo(services)
    response = client.get("/api/v1/boom")
    body = _assert_problem(response, 500, "internal_error")
    assert "secret" not in str(body) and "RuntimeError" not in str(body)
    assert body["instance"] == "/api/v1/boom"
    _assert_security_headers(response.headers)
    assert response.headers["cache-control"] == "no-store"


def test_request_ids_are_kept_when_sane_and_replaced_when_not(api: TestClient) -> None:
    assert api.get("/api/health", headers={"x-request-id": "abc-123"}).headers["x-request-id"] == "abc-123"
    replaced = api.get("/api/health", headers={"x-request-id": "bad id with spaces"}).headers["x-request-id"]
    assert replaced != "bad id with spaces" and len(replaced) == 32


def _assert_security_headers(headers: Mapping[str, str]) -> None:
    assert headers["content-security-policy"].startswith("default-src 'none'")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["strict-transport-security"].startswith("max-age=")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in headers["permissions-policy"]


def test_security_headers_are_on_every_response(api: TestClient) -> None:
    for response in (api.get("/api/health"), api.get("/api/v1/nothing")):
        _assert_security_headers(response.headers)


def test_authenticated_api_answers_are_not_stored(identity: Identity) -> None:
    user = identity.new_user()
    response = identity.api.get("/api/v1/me", headers=user.headers)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"


def test_cors_allows_only_configured_origins(services: Services) -> None:
    configured = Services(services.settings.model_copy(update={"cors_origins": ["https://app.intellifin.zm"]}))
    try:
        client = TestClient(create_app(configured), base_url="https://testserver")
        preflight = {
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }
        allowed = client.options("/api/v1/auth/login", headers={"Origin": "https://app.intellifin.zm", **preflight})
        assert allowed.headers["access-control-allow-origin"] == "https://app.intellifin.zm"
        assert allowed.headers["access-control-allow-credentials"] == "true"
        refused = client.options("/api/v1/auth/login", headers={"Origin": "https://evil.example", **preflight})
        assert "access-control-allow-origin" not in refused.headers
        plain = client.get("/api/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in plain.headers
    finally:
        configured.close()
