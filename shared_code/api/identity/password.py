"""Passwords: reset by e-mail (public) and change while signed in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, Field

from shared_code.api.auth import Caller, require_user
from shared_code.api.identity.auth import Accepted, EmailRequest
from shared_code.api.types import MetaDep, ServicesDep
from shared_code.identity import password_reset
from shared_code.identity.ports import identity_ports

router = APIRouter(prefix="/api/v1", tags=["auth"])


RESET_REQUESTED = "If the address has an account, an e-mail with a link to choose a new password is on its way."


class ResetConfirmRequest(BaseModel):
    """The token from the reset e-mail and the new password."""

    token: str = Field(min_length=10, max_length=200)
    password: str = Field(min_length=1, max_length=1024)


class ChangePasswordRequest(BaseModel):
    """The current password, and the new one."""

    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


@router.post("/auth/password-reset/request", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted)
def request_password_reset(body: EmailRequest, services: ServicesDep, meta: MetaDep) -> Accepted:
    """Ask for a reset link. The answer is the same whether or not the address has an account.

    422 for a malformed address; 429 `rate_limited`.
    """
    password_reset.request_password_reset(identity_ports(services), email=body.email, meta=meta)
    return Accepted(message=RESET_REQUESTED)


@router.post("/auth/password-reset/confirm", response_model=Accepted)
def confirm_password_reset(body: ResetConfirmRequest, services: ServicesDep, meta: MetaDep) -> Accepted:
    """Choose a new password with the token from the e-mail. Every session ends.

    400 `token_invalid` (unknown, used or expired); 422 when the password breaks a rule
    (the token stays usable); 429 `rate_limited`.
    """
    password_reset.reset_password(identity_ports(services), token=body.token, password=body.password, meta=meta)
    return Accepted(status="password_reset", message="Your password was changed. Sign in with the new one.")


@router.put("/me/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(
    body: ChangePasswordRequest,
    caller: Annotated[Caller, Depends(require_user())],
    services: ServicesDep,
    meta: MetaDep,
) -> Response:
    """Change the caller's password. This session stays signed in; every other one ends.

    400 `current_password_incorrect` (counts as a failed sign-in); 422 when the new
    password breaks a rule (field `new_password`); 429 `rate_limited`.
    """
    password_reset.change_password(
        identity_ports(services),
        user_id=caller.user_id,
        session_id=caller.session_id,
        current_password=body.current_password,
        new_password=body.new_password,
        meta=meta,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
