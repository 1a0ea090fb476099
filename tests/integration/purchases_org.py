"""An organization to test purchases over HTTP: its owner, its client, its trial balance."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from tests.fixtures import identity as people

DAY = "2026-03-02"


@dataclass
class Org:
    id: UUID
    owner: people.TestUser
    client: TestClient

    def url(self, path: str) -> str:
        return f"/api/v1/orgs/{self.id}{path}"

    def get(self, path: str, user: people.TestUser | None = None, **params: Any) -> Any:
        return self.client.get(self.url(path), params=params, headers=(user or self.owner).headers)

    def send(
        self, method: str, path: str, body: Any = None, user: people.TestUser | None = None, **headers: str
    ) -> Any:
        return self.client.request(
            method, self.url(path), json=body, headers={**(user or self.owner).headers, **headers}
        )

    def balance(self, code: str, as_of: str = DAY) -> Decimal:
        """The debit balance of the account with `code` (negative for a credit balance)."""
        rows = self.get("/reports/trial-balance", as_of=as_of).json()["rows"]
        return next((Decimal(row["balance"]) for row in rows if row["code"] == code), Decimal(0))

    def account_id(self, code: str) -> str:
        items = self.get("/accounts", search=code).json()["items"]
        return str(next(a["id"] for a in items if a["code"] == code))


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def fields(response: Any) -> set[tuple[str, str]]:
    return {(error["field"], error["code"]) for error in problem(response, 422)["errors"]}
