"""Security headers on every response: CSP, HSTS, nosniff, framing, referrer, permissions, caching.

The middleware is the outermost layer, so a crash answered by the request-context layer
(a 500) carries the same headers as any other answer.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
"""JSON answers: nothing may load, nothing may frame them."""

APP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
"""The web app: only its own origin (the dev mailbox shows e-mail HTML in a sandboxed srcdoc frame; a document's
PDF is previewed in a frame from a blob URL the app fetched with the session)."""

DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
"""The interactive API docs: Swagger UI from this site's `/api-docs/` (no CDN), started by an inline script."""

_COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"geolocation=(), microphone=(), payment=(), usb=(), camera=(self)"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def policy_for(path: str) -> str:
    """The CSP of a response, by path: never by content type, because a 304 has none and a
    service worker script is bound by its own response's policy."""
    if path.startswith("/api/docs"):
        return DOCS_CSP
    if _is_api(path):
        return API_CSP
    return APP_CSP


class SecurityHeadersMiddleware:
    """Adds the headers unless a response set its own.

    API answers default to `Cache-Control: no-store`: most of them carry a tenant's books or a
    person's data, and a shared or browser cache must keep none of it. A route that is safe to
    cache sets its own header.
    """

    def __init__(self, app: ASGIApp, *, hsts: bool = True) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                csp = policy_for(path)
                extra = [*_COMMON, (b"content-security-policy", csp.encode())]
                if self.hsts:
                    extra.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
                if _is_api(path):
                    extra.append((b"cache-control", b"no-store"))
                headers += [(name, value) for name, value in extra if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
