"""Sessions end when idle (SESSION_IDLE_HOURS) and, however busy, at their absolute lifetime
(SESSION_DAYS): refreshing then answers 401 `session_ended`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.platform.settings import Settings
from tests.fixtures.identity import Identity


@pytest.fixture
def short_sessions(settings: Settings) -> Iterator[Services]:
    built = Services(settings.model_copy(update={"session_idle_hours": 2, "session_days": 3}))
    try:
        yield built
    finally:
        built.close()


def _age_session(services: Services, user_id: Any, *, idle_hours: int = 0, age_days: int = 0) -> None:
    with services.db.unit_of_work() as uow:
        uow.execute(
            """
            UPDATE platform.sessions
            SET last_used_at = now() - make_interval(hours => %(idle)s),
                created_at = now() - make_interval(days => %(age)s),
                expires_at = now() - make_interval(days => %(age)s) + interval '3 days'
            WHERE user_id = %(user)s
            """,
            {"idle": idle_hours, "age": age_days, "user": user_id},
        )
        uow.commit()


def _refresh(api: TestClient, csrf: str | None) -> Any:
    return api.post("/api/v1/auth/refresh", headers={"X-CSRF-Token": csrf or ""})


def test_a_session_idle_past_the_setting_ends_and_a_busy_one_lives_on(short_sessions: Services) -> None:
    with TestClient(create_app(short_sessions), base_url="https://testserver") as api:
        people = Identity(api=api, services=short_sessions, maildir=short_sessions.settings.dev_mailbox_dir)
        user = people.new_user()
        _age_session(short_sessions, user.id, idle_hours=1)
        assert _refresh(api, user.csrf_token).status_code == 200, "an hour idle is within two"
        _age_session(short_sessions, user.id, idle_hours=3)
        ended = _refresh(api, user.csrf_token)
        assert (ended.status_code, ended.json()["code"]) == (401, "session_ended")


def test_a_session_ends_at_its_absolute_lifetime_however_busy(short_sessions: Services) -> None:
    with TestClient(create_app(short_sessions), base_url="https://testserver") as api:
        people = Identity(api=api, services=short_sessions, maildir=short_sessions.settings.dev_mailbox_dir)
        user = people.new_user()
        _age_session(short_sessions, user.id, age_days=2)
        assert _refresh(api, user.csrf_token).status_code == 200
        _age_session(short_sessions, user.id, age_days=4)  # used a moment ago, but begun four days ago
        ended = _refresh(api, user.csrf_token)
        assert (ended.status_code, ended.json()["code"]) == (401, "session_ended")
