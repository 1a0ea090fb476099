"""The security docs stay true: the access matrix equals the code, and every file the docs
point to (where a measure is implemented, which test proves it) exists."""

from __future__ import annotations

import re
from pathlib import Path

from shared_code.identity.permissions import BUILT_IN_ROLES, PERMISSIONS, resolve_permissions

DOCS = Path(__file__).resolve().parents[2] / "docs" / "security"
ROOT = DOCS.parents[1]
MATRIX_ROLES = ("owner", "admin", "accountant", "approver", "staff", "viewer")


def expected_matrix() -> str:
    """The access matrix as `roles-and-permissions.md` should show it."""
    header = "| permission | what it allows | " + " | ".join(BUILT_IN_ROLES[r].name for r in MATRIX_ROLES) + " |"
    lines = [header, "| --- | --- |" + " :---: |" * len(MATRIX_ROLES)]
    for permission, description in PERMISSIONS.items():
        cells = " | ".join("✓" if permission in resolve_permissions(role) else " " for role in MATRIX_ROLES)
        lines.append(f"| `{permission}` | {description} | {cells} |")
    return "\n".join(lines)


def _documented_matrix() -> tuple[list[str], dict[str, tuple[str, set[str]]]]:
    text = (DOCS / "roles-and-permissions.md").read_text("utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| permission | what it allows |"))
    roles = [cell.strip().lower() for cell in header.strip("|").split("|")[2:]]
    rows: dict[str, tuple[str, set[str]]] = {}
    for line in text.splitlines():
        found = re.match(r"^\| `([a-z_]+:[a-z_]+)` \|", line)
        if not found:
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        granted = {role for role, cell in zip(roles, cells[2:], strict=True) if cell == "✓"}
        assert all(cell in {"✓", ""} for cell in cells[2:]), line
        rows[found.group(1)] = (cells[1], granted)
    return roles, rows


def test_the_documented_access_matrix_is_the_code() -> None:
    roles, rows = _documented_matrix()
    message = "docs/security/roles-and-permissions.md is stale; the matrix should read:\n\n" + expected_matrix()
    assert roles == [BUILT_IN_ROLES[r].name.lower() for r in MATRIX_ROLES], message
    assert list(rows) == list(PERMISSIONS), message
    for permission, (description, granted) in rows.items():
        assert description == PERMISSIONS[permission], message
        assert granted == {role for role in MATRIX_ROLES if permission in resolve_permissions(role)}, message


def test_every_file_the_security_docs_point_to_exists() -> None:
    mentioned = set()
    for page in DOCS.glob("*.md"):
        mentioned |= set(
            re.findall(r"`((?:shared_code|tests|infra|static_site|functions)/[\w./-]+\.\w+)`", page.read_text())
        )
    assert len(mentioned) > 10
    assert sorted(path for path in mentioned if not (ROOT / path).exists()) == []


def test_every_test_the_measures_name_exists() -> None:
    text = (DOCS / "measures.md").read_text("utf-8")
    named = set(re.findall(r"`(test_\w+)`", text))
    assert named, "measures.md names the tests that prove each measure"
    sources = "\n".join(path.read_text("utf-8") for path in (ROOT / "tests").rglob("test_*.py"))
    assert sorted(name for name in named if f"def {name}(" not in sources) == []
