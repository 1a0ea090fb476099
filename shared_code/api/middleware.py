"""ASGI middleware: request ids and access logs, body-size and content-type guards.

Pure ASGI (no BaseHTTPMiddleware) so bodies are checked while they stream in and
nothing is buffered twice.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
import uuid
from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared_code.api.problems import PROBLEM_CONTENT_TYPE, problem_bytes
from shared_code.platform.errors import FieldError
from shared_code.platform.input_types import control_character_in
from shared_code.platform.logging import request_id_var

log = logging.getLogger("intellifin.http")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_ACCEPTED_TYPES = ("application/json", "multipart/form-data")
"""Paths whose next segment is a bearer secret (an invitation token): never logged as sent."""


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _send_problem(
    send: Send,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    *,
    instance: str | None = None,
    errors: list[FieldError] | None = None,
) -> None:
    body = problem_bytes(status=status, code=code, title=title, detail=detail, instance=instance, errors=errors)
    headers = [(b"content-type", PROBLEM_CONTENT_TYPE.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RequestContextMiddleware:
    """Gives each request an id (the caller's `X-Request-ID` if sane), echoes it, logs it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = _header(scope, b"x-request-id")
        request_id = offered if offered and _REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status_holder: dict[str, int] = {}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"x-request-id", request_id.encode())],
                }
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Answered here, inside the request-id scope, so even a crash carries its id.
            log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if "status" not in status_holder:
                await _send_problem(
                    send_with_id,
                    500,
                    "internal_error",
                    "Something went wrong on our side.",
                    "The error was logged with this request's id.",
                    instance=scope["path"],
                )
        finally:
            path = scope["path"]
            log.info(
                "%s %s %s",
                scope["method"],
                path,
                status_holder.get("status", 500),
                extra={
                    "http_method": scope["method"],
                    "http_path": path,
                    "http_status": status_holder.get("status", 500),
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            request_id_var.reset(token)


class BodyGuardMiddleware:
    """Refuses bodies over the limit (413) and bodies that are not JSON or multipart (415)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        length_header = _header(scope, b"content-length")
        chunked = (_header(scope, b"transfer-encoding") or "").lower() == "chunked"
        try:
            declared = int(length_header) if length_header is not None else None
        except ValueError:
            await _send_problem(send, 400, "bad_content_length", "The Content-Length header is not a number.")
            return
        if declared is not None and declared > self.max_body_bytes:
            await self._too_large(send)
            return
        has_body = chunked or (declared or 0) > 0
        if has_body:
            content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            if not (content_type in _ACCEPTED_TYPES or content_type.endswith("+json")):
                await _send_problem(
                    send,
                    415,
                    "unsupported_media_type",
                    "The request body must be application/json.",
                    f"Content-Type {content_type or '(none)'} is not accepted.",
                )
                return

        received = 0
        response_started = False
        rejected = False

        async def counted_receive() -> Message:
            # FastAPI turns any error while reading a body into its own 400, so the 413 is
            # sent from here and whatever the app answers afterwards is dropped.
            nonlocal received, rejected
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes and not rejected:
                    rejected = True
                    if not response_started:
                        await self._too_large(send)
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if rejected:
                return
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        with contextlib.suppress(_BodyTooLarge):
            await self.app(scope, counted_receive, tracking_send)

    async def _too_large(self, send: Send) -> None:
        await _send_problem(
            send,
            413,
            "payload_too_large",
            "The request body is too large.",
            f"The limit is {self.max_body_bytes} bytes.",
        )


class _BodyTooLarge(Exception):
    pass


_CONTROL_CHARACTER = "control_character"
_CONTROL_MESSAGE = "must not contain NUL or control characters"


class ControlCharacterGuardMiddleware:
    """Refuses NUL and control characters in the path, the query string and JSON bodies (422,
    each offending field named), before any route sees them.

    PostgreSQL cannot store NUL in text, and no field of ours means a control character, so
    refusing them here holds for every route, present and future. Tab, line feed and return
    pass in bodies (multi-line notes), never in the path or query. Runs inside
    `BodyGuardMiddleware`, so the body it reads is already bounded.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        errors = _control_characters_in_address(scope)
        content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        is_json = content_type == "application/json" or content_type.endswith("+json")
        if not errors and scope["method"] in _BODY_METHODS and is_json:
            body, more = await _read_body(receive)
            errors = _control_characters_in_json(body)
            receive = _replay(body, more, receive)
        if errors:
            await _send_problem(
                send, 422, "validation_failed", "The request is not valid.", instance=scope["path"], errors=errors
            )
            return
        await self.app(scope, receive, send)


def _control_characters_in_address(scope: Scope) -> list[FieldError]:
    errors = []
    path: str = scope.get("path", "")
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in path):
        errors.append(FieldError("path", _CONTROL_CHARACTER, _CONTROL_MESSAGE))
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True, errors="replace"):
        if any(ord(character) < 0x20 or ord(character) == 0x7F for character in name + value):
            errors.append(FieldError(f"query.{name}", _CONTROL_CHARACTER, _CONTROL_MESSAGE))
    return errors


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The whole body, and whether the client is still connected after it."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), True


def _replay(body: bytes, connected: bool, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if not connected:
            return {"type": "http.disconnect"}
        return await receive()

    return replayed


def _control_characters_in_json(body: bytes) -> list[FieldError]:
    try:
        document = json.loads(body) if body else None
    except ValueError:
        return []  # malformed JSON: FastAPI answers it with its own 400
    errors: list[FieldError] = []

    def walk(value: Any, location: list[str]) -> None:
        if isinstance(value, str):
            if control_character_in(value):
                errors.append(FieldError(".".join(location) or "body", _CONTROL_CHARACTER, _CONTROL_MESSAGE))
        elif isinstance(value, dict):
            for key, item in value.items():
                if control_character_in(key):
                    errors.append(FieldError(".".join([*location, key]), _CONTROL_CHARACTER, _CONTROL_MESSAGE))
                walk(item, [*location, key])
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, [*location, str(index)])

    walk(document, [])
    return errors


def client_address(
    scope: dict[str, Any], *, trusted_hops: int = 0, trusted_ranges: Sequence[IPv4Network | IPv6Network] = ()
) -> str | None:
    """The caller's address, believing X-Forwarded-For only as far as the configured proxies wrote it.

    Each proxy appends the address it received the request from, so only the right-hand end
    of the header is theirs; everything to the left is whatever the client sent. With
    `trusted_ranges`, the header is read only from a peer in those ranges, and the client is
    the right-most hop outside them. Otherwise, with `trusted_hops` proxies, it is the
    `trusted_hops`-th hop from the right. With neither, or no header, it is the peer.
    """
    client = scope.get("client")
    peer = _bare_address(str(client[0])) if client and client[0] else None
    hops = [bare for hop in _forwarded_hops(scope) if (bare := _bare_address(hop)) is not None]
    if trusted_ranges:
        if not hops or (peer is not None and not _within(peer, trusted_ranges)):
            return peer
        outside = [hop for hop in hops if not _within(hop, trusted_ranges)]
        return outside[-1] if outside else hops[0]
    if trusted_hops == 0 or not hops:
        return peer
    # Fewer hops than proxies: the client added none, so the left-most is a proxy's.
    return hops[-trusted_hops] if len(hops) >= trusted_hops else hops[0]


def _forwarded_hops(scope: dict[str, Any]) -> list[str]:
    values = [value.decode("latin-1") for key, value in scope.get("headers", []) if key == b"x-forwarded-for"]
    return [hop.strip() for value in values for hop in value.split(",") if hop.strip()]


def _bare_address(hop: str) -> str | None:
    """`203.0.113.5`, `203.0.113.5:443`, `[2001:db8::1]:443` or `2001:db8::1` → the address; else None."""
    text = hop.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":")[0]
    try:
        return str(ip_address(text))
    except ValueError:
        return text if text and text.isprintable() and len(text) <= 100 else None


def _within(address: str, ranges: Sequence[IPv4Network | IPv6Network]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed.version == network.version and parsed in network for network in ranges)
