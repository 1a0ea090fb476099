"""An organization of a mobile-money test, its owner's API calls, and the queue run to the end."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from shared_code.platform.messaging import relay_outbox
from shared_code.platform.settings import Settings
from tests.fixtures import identity as people
from tests.fixtures.airtel_sandbox import CLIENT_ID, CLIENT_SECRET, MERCHANT, Airtel
from tests.fixtures.identity import Identity

FAST: dict[str, Any] = {
    "airtel_initial_days": 3650,
    "airtel_backoff_base_seconds": 0.0,
    "airtel_timeout_seconds": 3.0,
    "airtel_page_size": 100,
    "queue_backoff_base_seconds": 0.01,
    "queue_backoff_max_seconds": 0.01,
}
"""Settings that make a fault run take seconds: retries at once, short timeouts, small pages."""


def fast(settings: Settings) -> Settings:
    """`settings` with `FAST`."""
    return settings.model_copy(update=FAST)


@dataclass
class Org:
    id: UUID
    owner: people.TestUser
    client: TestClient
    identity: Identity

    def url(self, path: str) -> str:
        return f"/api/v1/orgs/{self.id}{path}"

    def get(self, path: str, **params: Any) -> Any:
        """GET `path`, asserting 200; the JSON."""
        response = self.client.get(self.url(path), params=params, headers=self.owner.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def send(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.client.request(method, self.url(path), json=body, headers=self.owner.headers, **kwargs)

    def ok(self, method: str, path: str, body: Any = None, status: int = 200, **kwargs: Any) -> Any:
        response = self.send(method, path, body, **kwargs)
        assert response.status_code == status, response.text
        return response.json()

    def run_queue(self, timeout: float = 60.0) -> None:
        """Relay the outbox and run every queued message (retries included) until none is left."""
        services = self.identity.services
        deadline = time.monotonic() + timeout
        while True:
            relay_outbox(services.db, services.transport)
            handled = services.queue.process_one(services.handlers.dispatch)
            if handled is not None:
                continue
            with services.db.connection() as conn:
                waiting = conn.execute(
                    "SELECT count(*) AS n FROM platform.queue_messages WHERE status = 'ready'"
                ).fetchone()
                conn.rollback()
            if not waiting or not waiting["n"]:
                return
            assert time.monotonic() < deadline, "the queue did not drain"
            time.sleep(0.02)

    def link(self, airtel: Airtel, **overrides: Any) -> dict[str, Any]:
        body = {
            "name": "Main till",
            "environment": "custom",
            "base_url": airtel.base_url,
            "msisdn": "0" + MERCHANT,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            **overrides,
        }
        wallet: dict[str, Any] = self.ok("POST", "/wallets", body, status=201)
        return wallet

    def transactions(self, **params: Any) -> list[dict[str, Any]]:
        """Every wallet transaction the list shows, page by page."""
        found: list[dict[str, Any]] = []
        cursor = None
        while True:
            page = self.get("/wallet-transactions", limit=200, **params, **({"cursor": cursor} if cursor else {}))
            assert "items" in page, page
            found += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return found


def new_org(identity: Identity, client: TestClient) -> Org:
    owner = identity.new_user()
    return Org(identity.new_organization(owner, name="Chanda Hardware Ltd"), owner, client, identity)
