"""The permission taxonomy and the built-in roles.

A permission is `<resource>:<action>`. A role is a named set of permissions that may
inherit other roles. Built-in roles are defined here (code, not data) so every
organization has the same ones; custom roles are stored per organization and may inherit
built-in roles. `docs/security/roles-and-permissions.md` is the human-readable matrix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PERMISSIONS: dict[str, str] = {
    "organization:read": "See the organization's profile and settings",
    "organization:manage": "Edit the business profile and settings",
    "organization:export": "Export all of the organization's data",
    "organization:delete": "Delete (and restore) the organization",
    "users:read": "See the team and pending invitations",
    "users:invite": "Invite people and manage invitations",
    "users:manage": "Change members' roles, deactivate and reactivate members",
    "roles:manage": "Create and edit custom roles",
    "audit:read": "Read the security audit log",
    "security:manage": "Require two-step sign-in for every member",
    "customers:read": "See customers",
    "customers:manage": "Create and edit customers",
    "invoices:read": "See invoices and credit notes",
    "invoices:create": "Draft invoices",
    "invoices:issue": "Issue (fiscalise) invoices and credit notes",
    "invoices:void": "Void invoices",
    "payments:record": "Record customer payments",
    "zra:manage": "Configure ZRA Smart Invoice and retry submissions",
    "mobile_money:read": "See mobile-money accounts and transactions",
    "mobile_money:manage": "Link wallets, import statements, categorise and match",
    "mobile_money:request_payment": "Send payment requests to customers' phones",
    "expenses:read": "See expenses and receipts",
    "expenses:create": "Record expenses and upload receipts",
    "expenses:approve": "Approve or reject expenses",
    "expenses:post": "Post approved expenses and bills to the ledger, pay suppliers and record supplier credits",
    "approvals:manage": "Edit the approval policy and manage everyone's delegations",
    "suppliers:read": "See suppliers and their statements",
    "suppliers:manage": "Create, edit and import suppliers",
    "ledger:read": "See the chart of accounts, journal and ledger",
    "ledger:post": "Post manual journal entries and reversals",
    "accounts:manage": "Create, rename and archive accounts",
    "periods:manage": "Set the lock date and close the year",
    "ledger:export": "Export the books (beancount, hledger)",
    "reports:read": "See financial statements",
    "reports:export": "Export statements to PDF and Excel",
    "reports:share": "Schedule reports and create share links",
    "reports:manage": "Edit statement layouts",
    "reports:sign_off": "Mark a period's statements reviewed or approved",
    "analytics:read": "See dashboards, forecasts and alerts",
}
"""Every permission, with what it allows."""

OWNER = "owner"
ADMIN = "admin"
ACCOUNTANT = "accountant"
APPROVER = "approver"
STAFF = "staff"
VIEWER = "viewer"


@dataclass(frozen=True)
class Role:
    """A named set of permissions."""

    key: str
    """Stable identifier: a built-in name, or `custom:<slug>`."""
    name: str
    """Display name."""
    description: str
    """What the role is for."""
    permissions: frozenset[str]
    """Granted directly (not counting inherited roles)."""
    inherits: tuple[str, ...] = ()
    """Roles whose permissions this one also has."""
    built_in: bool = True
    """True for the six roles every organization has."""


_READ_ALL = frozenset(
    {
        "organization:read",
        "customers:read",
        "invoices:read",
        "mobile_money:read",
        "expenses:read",
        "suppliers:read",
        "ledger:read",
        "ledger:export",
        "reports:read",
        "reports:export",
        "analytics:read",
    }
)

BUILT_IN_ROLES: dict[str, Role] = {
    VIEWER: Role(VIEWER, "Viewer", "Read-only, for an external auditor or adviser.", _READ_ALL),
    STAFF: Role(
        STAFF,
        "Staff",
        "Day-to-day sales and expenses; no access to the books.",
        frozenset(
            {
                "organization:read",
                "customers:read",
                "customers:manage",
                "invoices:read",
                "invoices:create",
                "payments:record",
                "mobile_money:read",
                "mobile_money:request_payment",
                "expenses:read",
                "expenses:create",
                "suppliers:read",
                "suppliers:manage",
            }
        ),
    ),
    APPROVER: Role(
        APPROVER,
        "Approver",
        "Staff who also approve expenses.",
        frozenset({"expenses:approve"}),
        inherits=(STAFF,),
    ),
    ACCOUNTANT: Role(
        ACCOUNTANT,
        "Accountant",
        "Keeps the books: posts, issues, reconciles and reports.",
        frozenset(
            {
                "invoices:issue",
                "invoices:void",
                "zra:manage",
                "mobile_money:manage",
                "expenses:post",
                "ledger:post",
                "accounts:manage",
                "periods:manage",
                "reports:share",
                "reports:manage",
                "reports:sign_off",
            }
        ),
        inherits=(VIEWER, APPROVER),
    ),
    ADMIN: Role(
        ADMIN,
        "Admin",
        "Runs the organization's settings and team.",
        frozenset(
            {"organization:manage", "users:read", "users:invite", "users:manage", "audit:read", "approvals:manage"}
        ),
        inherits=(ACCOUNTANT,),
    ),
    OWNER: Role(
        OWNER,
        "Owner",
        "Everything, including roles, export and deletion.",
        frozenset({"roles:manage", "security:manage", "organization:export", "organization:delete"}),
        inherits=(ADMIN,),
    ),
}


class UnknownRole(KeyError):
    """A role key that is neither built in nor a custom role of the organization."""


def resolve_permissions(role_key: str, custom_roles: Mapping[str, Role] | None = None) -> frozenset[str]:
    """Every permission of `role_key`, inherited ones included (cycles are ignored)."""
    roles = {**BUILT_IN_ROLES, **(custom_roles or {})}
    granted: set[str] = set()
    seen: set[str] = set()
    pending = [role_key]
    while pending:
        key = pending.pop()
        if key in seen:
            continue
        seen.add(key)
        role = roles.get(key)
        if role is None:
            raise UnknownRole(key)
        granted |= role.permissions
        pending.extend(role.inherits)
    return frozenset(granted)


def unknown_permissions(permissions: Iterable[str]) -> list[str]:
    """The names in `permissions` that are not in the taxonomy."""
    return sorted(set(permissions) - set(PERMISSIONS))


assert resolve_permissions(OWNER) == frozenset(PERMISSIONS), "the owner must hold every permission"
