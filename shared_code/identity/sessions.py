"""A user's sessions: listed, ended one by one or everywhere."""

from __future__ import annotations

from uuid import UUID

from shared_code.identity import repository
from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.model import Session
from shared_code.identity.ports import IdentityPorts
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import DomainError


def logout_everywhere(ports: IdentityPorts, *, user_id: UUID, meta: RequestMeta) -> int:
    """End every session of the user, this one included; returns how many."""
    with ports.db.unit_of_work() as uow:
        count = repository.revoke_sessions(uow, user_id=user_id, reason="logout_everywhere")
        record_event(uow, "logout_everywhere", meta=meta, user_id=user_id, details={"sessions": count})
        uow.commit()
    return count


def list_sessions(ports: IdentityPorts, *, user_id: UUID) -> list[Session]:
    """The user's active sessions."""
    with ports.db.unit_of_work() as uow:
        return repository.active_sessions(uow, user_id, ports.clock.now())


def revoke_session(ports: IdentityPorts, *, user_id: UUID, session_id: UUID, meta: RequestMeta) -> None:
    """End one of the user's own sessions; 404 if it is not theirs or not active."""
    with ports.db.unit_of_work() as uow:
        if not repository.revoke_sessions(uow, user_id=user_id, session_id=session_id, reason="revoked_by_user"):
            raise DomainError(code="session_not_found", status=404, title="No such active session.")
        record_event(uow, "session_revoked", meta=meta, user_id=user_id, details={"session_id": str(session_id)})
        uow.commit()


def open_session_mfa(uow: UnitOfWork, *, session_id: UUID, user_id: UUID) -> bool | None:
    """For the request's access token: whether its session (of an active user) is still open
    and MFA-verified; None once the session has ended."""
    return repository.open_session_mfa(uow, session_id, user_id)
