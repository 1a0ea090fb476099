"""SQL for an organization's team: memberships, custom roles and invitations (platform schema)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Literal
from uuid import UUID

from psycopg import sql

from shared_code.identity.permissions import OWNER
from shared_code.platform.db import Row, UnitOfWork

# --- memberships -----------------------------------------------------------------------

_MEMBER_COLUMNS = sql.SQL(
    """
    m.user_id, u.email, u.full_name, m.role, m.status, m.created_at AS joined_at,
    (u.mfa_enabled_at IS NOT NULL AND u.mfa_secret IS NOT NULL) AS mfa_enabled
    """
)
MEMBER_SORT_KEYS: dict[str, sql.Composable] = {
    "name": sql.SQL("lower(u.full_name)"),
    "email": sql.SQL("u.email_normalized"),
    "joined": sql.SQL("m.created_at"),
}
"""The only SQL a sort choice can put into a query."""


def lock_team(uow: UnitOfWork, organization_id: UUID) -> None:
    """Serialise team changes of one organization until the transaction ends."""
    uow.execute(
        "SELECT 1 FROM platform.organizations WHERE id = %(org)s FOR NO KEY UPDATE",
        {"org": organization_id},
    )


def member_row(uow: UnitOfWork, organization_id: UUID, user_id: UUID) -> Row | None:
    """One membership (active or deactivated) with the person's name and e-mail."""
    return uow.fetch_one(
        sql.SQL(
            """
            SELECT {columns} FROM platform.memberships m JOIN platform.users u ON u.id = m.user_id
            WHERE m.organization_id = %(org)s AND m.user_id = %(user)s
            """
        ).format(columns=_MEMBER_COLUMNS),
        {"org": organization_id, "user": user_id},
    )


def member_rows(
    uow: UnitOfWork,
    organization_id: UUID,
    *,
    role: str | None,
    status: str | None,
    q: str | None,
    sort: Literal["name", "email", "joined"],
    descending: bool,
    after: tuple[object, UUID] | None,
    limit: int,
) -> list[Row]:
    """Memberships in keyset order (`sort`, then user id), each with its `sort_key`, after
    the position `after` (a sort key and a user id), at most `limit`."""
    key = MEMBER_SORT_KEYS[sort]
    keyset: sql.Composable = sql.SQL("")
    if after is not None:
        keyset = sql.SQL("AND ({key}, m.user_id) {op} (%(after_key)s, %(after_id)s)").format(
            key=key, op=sql.SQL("<" if descending else ">")
        )
    direction = sql.SQL("DESC" if descending else "ASC")
    statement = sql.SQL(
        """
        SELECT {columns}, {key} AS sort_key
        FROM platform.memberships m JOIN platform.users u ON u.id = m.user_id
        WHERE m.organization_id = %(org)s
          AND (%(role)s::text IS NULL OR m.role = %(role)s)
          AND (%(status)s::text IS NULL OR m.status = %(status)s)
          AND (%(q)s::text IS NULL OR u.full_name ILIKE %(q)s OR u.email ILIKE %(q)s)
          {keyset}
        ORDER BY {key} {direction}, m.user_id {direction}
        LIMIT %(limit)s
        """
    ).format(columns=_MEMBER_COLUMNS, key=key, keyset=keyset, direction=direction)
    return uow.fetch_all(
        statement,
        {
            "org": organization_id,
            "role": role,
            "status": status,
            "q": f"%{_escape_like(q)}%" if q else None,
            "after_key": after[0] if after else None,
            "after_id": after[1] if after else None,
            "limit": limit,
        },
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def other_active_owners(uow: UnitOfWork, organization_id: UUID, user_id: UUID) -> int:
    """How many active owners with active accounts the organization has besides `user_id`."""
    row = uow.fetch_one(
        """
        SELECT count(*) AS owners FROM platform.memberships m JOIN platform.users u ON u.id = m.user_id
        WHERE m.organization_id = %(org)s AND m.role = %(owner)s AND m.status = 'active'
          AND u.status = 'active' AND m.user_id <> %(user)s
        """,
        {"org": organization_id, "owner": OWNER, "user": user_id},
    )
    assert row is not None
    return int(row["owners"])


def set_member_role(uow: UnitOfWork, organization_id: UUID, user_id: UUID, role: str) -> None:
    """Give a member another role."""
    uow.execute(
        """
        UPDATE platform.memberships SET role = %(role)s, updated_at = now()
        WHERE organization_id = %(org)s AND user_id = %(user)s
        """,
        {"org": organization_id, "user": user_id, "role": role},
    )


def set_member_status(uow: UnitOfWork, organization_id: UUID, user_id: UUID, status: str) -> None:
    """Deactivate or reactivate a member (`updated_at` records when, for the audit log's bounds)."""
    uow.execute(
        """
        UPDATE platform.memberships SET status = %(status)s, updated_at = now()
        WHERE organization_id = %(org)s AND user_id = %(user)s
        """,
        {"org": organization_id, "user": user_id, "status": status},
    )


def insert_membership(uow: UnitOfWork, organization_id: UUID, user_id: UUID, role: str) -> bool:
    """Make the user a member; False if they are one already (active or not)."""
    row = uow.fetch_one(
        """
        INSERT INTO platform.memberships (organization_id, user_id, role) VALUES (%(org)s, %(user)s, %(role)s)
        ON CONFLICT (organization_id, user_id) DO NOTHING RETURNING user_id
        """,
        {"org": organization_id, "user": user_id, "role": role},
    )
    return row is not None


def is_member_by_email(uow: UnitOfWork, organization_id: UUID, email_normalized: str) -> bool:
    """True if the address belongs to a member (active or deactivated)."""
    row = uow.fetch_one(
        """
        SELECT 1 FROM platform.memberships m JOIN platform.users u ON u.id = m.user_id
        WHERE m.organization_id = %(org)s AND u.email_normalized = %(email)s
        """,
        {"org": organization_id, "email": email_normalized},
    )
    return row is not None


# --- custom roles ----------------------------------------------------------------------


def custom_role_row(
    uow: UnitOfWork, organization_id: UUID, key: str, *, lock: Literal["share", "update"]
) -> Row | None:
    """A custom role, locked until the transaction ends (share: being assigned; update: being changed)."""
    mode = sql.SQL("FOR SHARE" if lock == "share" else "FOR UPDATE")
    return uow.fetch_one(
        sql.SQL(
            """
            SELECT key, name, description, inherits, permissions FROM platform.custom_roles
            WHERE organization_id = %(org)s AND key = %(key)s {mode}
            """
        ).format(mode=mode),
        {"org": organization_id, "key": key},
    )


def insert_custom_role(uow: UnitOfWork, organization_id: UUID, role: Mapping[str, object]) -> bool:
    """Store a custom role (`key`, `name`, `description`, `permissions`, `inherits`); False if the key is taken."""
    row = uow.fetch_one(
        """
        INSERT INTO platform.custom_roles (organization_id, key, name, description, permissions, inherits)
        VALUES (%(org)s, %(key)s, %(name)s, %(description)s, %(permissions)s, %(inherits)s)
        ON CONFLICT (organization_id, key) DO NOTHING RETURNING key
        """,
        {"org": organization_id, **role},
    )
    return row is not None


def update_custom_role(uow: UnitOfWork, organization_id: UUID, role: Mapping[str, object]) -> None:
    """Replace a custom role's name, description, permissions and inherited roles."""
    uow.execute(
        """
        UPDATE platform.custom_roles
        SET name = %(name)s, description = %(description)s, permissions = %(permissions)s,
            inherits = %(inherits)s, updated_at = now()
        WHERE organization_id = %(org)s AND key = %(key)s
        """,
        {"org": organization_id, **role},
    )


def delete_custom_role(uow: UnitOfWork, organization_id: UUID, key: str) -> None:
    """Delete a custom role."""
    uow.execute(
        "DELETE FROM platform.custom_roles WHERE organization_id = %(org)s AND key = %(key)s",
        {"org": organization_id, "key": key},
    )


def role_usage(uow: UnitOfWork, organization_id: UUID, key: str) -> tuple[int, int]:
    """How many members (active or deactivated) and pending invitations have the role."""
    row = uow.fetch_one(
        """
        SELECT
          (SELECT count(*) FROM platform.memberships
           WHERE organization_id = %(org)s AND role = %(key)s) AS members,
          (SELECT count(*) FROM platform.invitations
           WHERE organization_id = %(org)s AND role = %(key)s
             AND accepted_at IS NULL AND revoked_at IS NULL) AS invitations
        """,
        {"org": organization_id, "key": key},
    )
    assert row is not None
    return int(row["members"]), int(row["invitations"])


# --- invitations -----------------------------------------------------------------------

_INVITATION = sql.SQL(
    """
    SELECT i.id, i.organization_id, o.name AS organization_name, i.email, i.role, i.invited_by,
           inviter.full_name AS invited_by_name, i.created_at, i.expires_at, i.accepted_at, i.revoked_at
    FROM platform.invitations i JOIN platform.organizations o ON o.id = i.organization_id
    JOIN platform.users inviter ON inviter.id = i.invited_by
    """
)


def invitation_row(uow: UnitOfWork, organization_id: UUID, invitation_id: UUID) -> Row | None:
    """One invitation of the organization, locked until the transaction ends."""
    return uow.fetch_one(
        sql.SQL("{select} WHERE i.organization_id = %(org)s AND i.id = %(id)s FOR UPDATE OF i").format(
            select=_INVITATION
        ),
        {"org": organization_id, "id": invitation_id},
    )


def open_invitation_row(uow: UnitOfWork, token_hash: str, now: datetime, *, lock: bool) -> Row | None:
    """The invitation of a token if it is pending, unexpired and its organization active."""
    return uow.fetch_one(
        sql.SQL(
            """
            {select}
            WHERE i.token_hash = %(hash)s AND i.accepted_at IS NULL AND i.revoked_at IS NULL
              AND i.expires_at > %(now)s AND o.status = 'active'
            {lock}
            """
        ).format(select=_INVITATION, lock=sql.SQL("FOR UPDATE OF i" if lock else "")),
        {"hash": token_hash, "now": now},
    )


def pending_invitation_rows(
    uow: UnitOfWork, organization_id: UUID, *, q: str | None, after: tuple[datetime, UUID] | None, limit: int
) -> list[Row]:
    """Invitations neither accepted nor withdrawn, newest first, after the position `after`."""
    return uow.fetch_all(
        sql.SQL(
            """
            {select}
            WHERE i.organization_id = %(org)s AND i.accepted_at IS NULL AND i.revoked_at IS NULL
              AND (%(q)s::text IS NULL OR strpos(i.email_normalized, %(q)s) > 0)
              AND (%(after_at)s::timestamptz IS NULL OR (i.created_at, i.id) < (%(after_at)s, %(after_id)s))
            ORDER BY i.created_at DESC, i.id DESC
            LIMIT %(limit)s
            """
        ).format(select=_INVITATION),
        {
            "org": organization_id,
            "q": q,
            "after_at": after[0] if after else None,
            "after_id": after[1] if after else None,
            "limit": limit,
        },
    )


def withdraw_expired_invitations(uow: UnitOfWork, organization_id: UUID, email_normalized: str, now: datetime) -> None:
    """Mark the address's expired, unanswered invitation withdrawn, so a new one can be made."""
    uow.execute(
        """
        UPDATE platform.invitations SET revoked_at = %(now)s
        WHERE organization_id = %(org)s AND email_normalized = %(email)s
          AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at <= %(now)s
        """,
        {"org": organization_id, "email": email_normalized, "now": now},
    )


def insert_invitation(uow: UnitOfWork, invitation: Mapping[str, object]) -> bool:
    """Store an invitation (`id`, `org`, `email`, `normalized`, `role`, `hash`, `actor`,
    `expires`, `now`); False if the address has an open one already."""
    row = uow.fetch_one(
        """
        INSERT INTO platform.invitations
            (id, organization_id, email, email_normalized, role, token_hash, invited_by, expires_at, created_at)
        VALUES (%(id)s, %(org)s, %(email)s, %(normalized)s, %(role)s, %(hash)s, %(actor)s, %(expires)s, %(now)s)
        ON CONFLICT (organization_id, email_normalized) WHERE accepted_at IS NULL AND revoked_at IS NULL
        DO NOTHING RETURNING id
        """,
        invitation,
    )
    return row is not None


def replace_invitation_token(uow: UnitOfWork, invitation_id: UUID, token_hash: str, expires_at: datetime) -> None:
    """Give an invitation a new token and expiry: the old link stops working."""
    uow.execute(
        "UPDATE platform.invitations SET token_hash = %(hash)s, expires_at = %(expires)s WHERE id = %(id)s",
        {"id": invitation_id, "hash": token_hash, "expires": expires_at},
    )


def revoke_invitation(uow: UnitOfWork, invitation_id: UUID, now: datetime) -> None:
    """Withdraw an invitation."""
    uow.execute(
        "UPDATE platform.invitations SET revoked_at = %(now)s WHERE id = %(id)s",
        {"id": invitation_id, "now": now},
    )


def mark_invitation_accepted(uow: UnitOfWork, invitation_id: UUID, user_id: UUID) -> None:
    """Close an invitation as accepted by `user_id`."""
    uow.execute(
        "UPDATE platform.invitations SET accepted_at = now(), accepted_by = %(user)s WHERE id = %(id)s",
        {"id": invitation_id, "user": user_id},
    )
